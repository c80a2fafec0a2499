// A small stand-in for an anywidget model: it keeps traits, fires change events like
// ipywidgets (Backbone), and records everything the view sends, sets and saves.
import type { AnyModel } from "@anywidget/types";

// The library's own handler type (its last `on` overload): Backbone passes handlers varied arguments.
type Callback = Parameters<AnyModel["on"]>[1];

export class FakeModel<T extends Record<string, unknown>> implements AnyModel<T> {
  private state: T;
  private readonly listeners = new Map<string, Set<Callback>>();
  /** Every model.set(key, value) call of the view, in order. */
  readonly sets: Array<[string, unknown]> = [];
  /** The whole state at each save_changes() call (what would reach the kernel and notebook). */
  readonly saves: T[] = [];
  /** Every custom message the view sent. */
  readonly sent: unknown[] = [];
  /** The buffers of each custom message the view sent, in the same order as `sent`. */
  readonly sentBuffers: unknown[][] = [];
  readonly widget_manager: AnyModel<T>["widget_manager"];

  constructor(initial: T, others: Record<string, FakeModel<Record<string, unknown>>> = {}) {
    this.state = { ...initial };
    this.widget_manager = {
      get_model: <U extends Record<string, unknown>>(id: string): Promise<AnyModel<U>> => {
        const found = others[id];
        return found
          ? Promise.resolve(found as unknown as AnyModel<U>)
          : Promise.reject(new Error(`no model ${id}`));
      },
    };
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.state[key];
  }

  set<K extends keyof T>(key: K, value: T[K]): void {
    this.sets.push([String(key), value]);
    this.state = { ...this.state, [key]: value };
    this.emit(`change:${String(key)}`);
  }

  save_changes(): void {
    this.saves.push({ ...this.state });
  }

  send(content: unknown, _callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): void {
    this.sent.push(content);
    this.sentBuffers.push([...(buffers ?? [])]);
  }

  on(eventName: string, callback: Callback): void {
    let callbacks = this.listeners.get(eventName);
    if (!callbacks) {
      callbacks = new Set();
      this.listeners.set(eventName, callbacks);
    }
    callbacks.add(callback);
  }

  off(eventName?: string | null, callback?: Callback | null): void {
    for (const [name, callbacks] of this.listeners) {
      if (eventName && name !== eventName) continue;
      if (callback) callbacks.delete(callback);
      else callbacks.clear();
    }
  }

  /** The kernel changes traits: like ipywidgets, one change:<trait> event per changed trait. */
  update(changes: Partial<T>): void {
    const before = this.state;
    this.state = { ...this.state, ...changes };
    for (const key of Object.keys(changes)) {
      if (before[key] !== this.state[key]) this.emit(`change:${key}`);
    }
  }

  /** Python sends a custom message to the view (``widget.send(content)``). */
  receive(content: unknown): void {
    this.emit("msg:custom", content, []);
  }

  /** How many listeners the views still hold on this model. */
  listenerCount(): number {
    let count = 0;
    for (const callbacks of this.listeners.values()) count += callbacks.size;
    return count;
  }

  private emit(eventName: string, ...args: unknown[]): void {
    // Backbone passes the model to change handlers, and the message itself to msg:custom ones.
    const passed = args.length ? args : [this];
    for (const callback of [...(this.listeners.get(eventName) ?? [])]) callback(...passed);
  }
}

/** The element whose `<label>` text is exactly `text`, searched inside `root`. */
export function byLabel<E extends HTMLElement = HTMLInputElement>(root: HTMLElement, text: string): E {
  const labels = [...root.querySelectorAll("label")].filter((label) => label.textContent === text);
  if (labels.length !== 1) throw new Error(`expected one label "${text}", found ${labels.length}`);
  const target = labels[0]?.control;
  if (!target) throw new Error(`label "${text}" labels nothing`);
  return target as E;
}

/** The visible button whose text is exactly `text`. */
export function button(root: HTMLElement, text: string): HTMLButtonElement {
  const found = visible(root, "button").filter((b) => b.textContent === text);
  if (found.length !== 1) throw new Error(`expected one visible button "${text}", found ${found.length}`);
  return found[0] as HTMLButtonElement;
}

export function queryButton(root: HTMLElement, text: string): HTMLButtonElement | undefined {
  return visible(root, "button").find((b) => b.textContent === text) as HTMLButtonElement | undefined;
}

/** Elements of `selector` that are not inside a hidden element (jsdom has no layout). */
export function visible(root: HTMLElement, selector: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(selector)].filter((el) => isShown(el));
}

export function isShown(el: HTMLElement): boolean {
  for (let node: HTMLElement | null = el; node; node = node.parentElement) {
    if (node.hidden) return false;
  }
  return true;
}

/** The text of the visible role="alert" elements. */
export function alertText(root: HTMLElement): string {
  return visible(root, '[role="alert"]')
    .map((el) => el.textContent ?? "")
    .join(" ")
    .trim();
}

export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

export function pressEnter(target: HTMLElement): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

export function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}
