// Views without a kernel behind them (a notebook reopened from saved widget state, a kernel shut
// down while the page stays open): they show what was saved, say so, and offer nothing to click.
import { afterEach, describe, expect, it, vi } from "vitest";
import { LOGIN_DEFAULTS } from "../../src/widgets/defaults";
import { DISCONNECTED_CLASS, NO_KERNEL_TEXT, PING_DEADLINE_MS, watchKernel } from "../../src/widgets/kernel";
import { render as renderLogin } from "../../src/widgets/login";
import { render as renderPlot } from "../../src/widgets/plot";
import { render as renderSwitcher } from "../../src/widgets/switcher";
import { render as renderCompare } from "../../src/widgets/compare";
import type { CompareModel, LoginModel, PlotModel, SwitcherModel } from "../../src/widgets/types";
import { FakeModel, button, byLabel, isShown, queryButton, visible } from "./fake_model";
import { useMountPoint } from "./mount";
import { VIEW_URL, plotTraits } from "./plot_helpers";

const mount = useMountPoint();

afterEach(() => {
  vi.useRealTimers();
});

/** A Lumino signal as Lab's kernel connection has them. */
class Signal {
  private slots = new Set<(...args: unknown[]) => void>();
  connect(slot: (...args: unknown[]) => void): void {
    this.slots.add(slot);
  }
  disconnect(slot: (...args: unknown[]) => void): void {
    this.slots.delete(slot);
  }
  emit(): void {
    for (const slot of [...this.slots]) slot();
  }
}

function withKernel<T extends Record<string, unknown>>(model: FakeModel<T>, kernel: unknown): FakeModel<T> {
  Object.assign(model.widget_manager, { kernel });
  return model;
}

const loggedIn: Partial<LoginModel> = {
  status: "logged_in",
  server: "127.0.0.1:8000",
  username: "alice",
  label: "prod",
  expires_at: Date.now() / 1000 + 23 * 3600,
};

function loginModel(overrides: Partial<LoginModel> = {}): FakeModel<LoginModel> {
  return new FakeModel<LoginModel>({ ...LOGIN_DEFAULTS, ...overrides });
}

/** The mount point as ipywidgets renders a model restored from saved state: no comm. */
function disconnected(): HTMLElement {
  mount.el.classList.add(DISCONNECTED_CLASS);
  return mount.el;
}

function noticeShown(root: HTMLElement): boolean {
  return visible(root, ".gj-no-kernel").some((el) => el.textContent === NO_KERNEL_TEXT);
}

describe("watchKernel in ipywidgets' hosts", () => {
  it("follows the class ipywidgets gives a view whose model has no live comm", async () => {
    const model = loginModel();
    const link = watchKernel(mount.el, model);
    const changes: boolean[] = [];
    link.onChange(() => changes.push(link.live));
    expect(link.live).toBe(true);

    mount.el.classList.add(DISCONNECTED_CLASS);
    await Promise.resolve(); // mutation observers run as microtasks
    expect(link.live).toBe(false);
    mount.el.classList.remove(DISCONNECTED_CLASS);
    await Promise.resolve();
    expect(changes).toEqual([false, true]);
    expect(model.sent).toEqual([]);
    link.dispose();
  });

  it("sees a kernel that stops while the page stays open (no class then)", () => {
    const statusChanged = new Signal();
    const kernel = { status: "idle", isDisposed: false, statusChanged, disposed: new Signal() };
    const link = watchKernel(mount.el, withKernel(loginModel(), kernel));
    expect(link.live).toBe(true);

    kernel.status = "dead";
    statusChanged.emit();
    expect(link.live).toBe(false);
    link.dispose();
  });

  it("sees a kernel connection that gave up, not one that retries", () => {
    const connectionStatusChanged = new Signal();
    const kernel = { status: "idle", connectionStatus: "connected", connectionStatusChanged };
    const link = watchKernel(mount.el, withKernel(loginModel(), kernel));

    kernel.connectionStatus = "connecting";
    connectionStatusChanged.emit();
    expect(link.live).toBe(true);
    kernel.connectionStatus = "disconnected";
    connectionStatusChanged.emit();
    expect(link.live).toBe(false);
    link.dispose();
  });

  it("has no kernel when the widget manager says it has none", () => {
    const link = watchKernel(mount.el, withKernel(loginModel(), null));
    expect(link.live).toBe(false);
    link.dispose();
  });
});

describe("watchKernel elsewhere: a ping with a deadline", () => {
  const plain = (): HTMLElement => document.body.appendChild(document.createElement("div"));

  it("has no kernel when no pong comes in time, and one again when it comes late", () => {
    vi.useFakeTimers();
    const model = loginModel();
    const el = plain();
    const link = watchKernel(el, model);
    expect(model.sent).toEqual([{ type: "ping" }]);
    expect(el.dataset["gjKernel"]).toBe("asking");

    vi.advanceTimersByTime(PING_DEADLINE_MS - 1);
    expect(link.live).toBe(true);
    vi.advanceTimersByTime(1);
    expect(link.live).toBe(false);
    expect(el.dataset["gjKernel"]).toBe("none");

    model.receive({ type: "pong" });
    expect(link.live).toBe(true);
    expect(el.dataset["gjKernel"]).toBe("live");
    link.dispose();
  });

  it("stays live when the pong comes in time", () => {
    vi.useFakeTimers();
    const model = loginModel();
    const link = watchKernel(plain(), model);
    model.receive({ type: "pong" });
    vi.advanceTimersByTime(PING_DEADLINE_MS * 2);
    expect(link.live).toBe(true);
    link.dispose();
    expect(model.listenerCount()).toBe(0);
  });
});

describe("a login view without a kernel", () => {
  it("shows the saved login with no session time, every action disabled, and says to run the cell", () => {
    const model = loginModel(loggedIn);
    mount.track(renderLogin({ model, el: disconnected() }));
    const root = mount.el;

    expect(noticeShown(root)).toBe(true);
    expect(root.textContent).toContain("alice");
    expect(root.textContent).not.toMatch(/expires in/);
    const logout = button(root, "Log out");
    expect(logout.disabled).toBe(true);
    logout.click();
    expect(model.sent).toEqual([]);
  });

  it("shows a login that was under way when saved as the (disabled) form, not a spinner", () => {
    const model = loginModel({ status: "logging_in", username: "alice" });
    mount.track(renderLogin({ model, el: disconnected() }));
    const root = mount.el;

    expect(isShown(root.querySelector(".gj-progress") as HTMLElement)).toBe(false);
    expect(byLabel(root, "Username").disabled).toBe(true);
    expect(button(root, "Log in").disabled).toBe(true);
    expect(noticeShown(root)).toBe(true);
  });

  it("takes input again when the kernel comes back", async () => {
    const model = loginModel();
    mount.track(renderLogin({ model, el: disconnected() }));
    const root = mount.el;
    expect(byLabel(root, "Username").disabled).toBe(true);

    root.classList.remove(DISCONNECTED_CLASS);
    await Promise.resolve();
    expect(byLabel(root, "Username").disabled).toBe(false);
    expect(button(root, "Log in").disabled).toBe(false);
    expect(noticeShown(root)).toBe(false);
  });

  it("says nothing of a kernel while it has one", () => {
    const model = loginModel(loggedIn);
    mount.track(renderLogin({ model, el: mount.el }));
    expect(noticeShown(mount.el)).toBe(false);
    expect(mount.el.textContent).toMatch(/expires in/);
    expect(button(mount.el, "Log out").disabled).toBe(false);
  });
});

describe("a plot view without a kernel", () => {
  const ready = { status: "ready" as const, url: VIEW_URL, privacy: "private" as const };

  it("loads no frame (it could only ask to sign in), offers no re-plot, and links the plain URL", () => {
    const model = new FakeModel<PlotModel>(plotTraits(ready));
    mount.track(renderPlot({ model, el: disconnected() }));
    const root = mount.el;

    expect(root.querySelector("iframe")).toBeNull();
    expect(noticeShown(root)).toBe(true);
    expect(root.textContent).toContain("alice@127.0.0.1:8000");
    expect(queryButton(root, "Re-plot")).toBeUndefined();
    const link = [...root.querySelectorAll("a")].find((a) => a.textContent === "Open in new tab");
    expect(link?.href).toBe(VIEW_URL);
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    link?.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(false); // no grant to ask for: the browser follows the link
    expect(model.sent).toEqual([]);
  });

  it("shows no upload progress saved mid-upload", () => {
    const model = new FakeModel<PlotModel>(plotTraits({ status: "uploading", bytes_sent: 5, bytes_total: 10 }));
    mount.track(renderPlot({ model, el: disconnected() }));
    expect(isShown(mount.el.querySelector(".gj-plot-status") as HTMLElement)).toBe(false);
    expect(noticeShown(mount.el)).toBe(true);
  });

  it("keeps a frame loaded before the kernel stopped", async () => {
    const model = new FakeModel<PlotModel>(plotTraits(ready));
    mount.track(renderPlot({ model, el: mount.el }));
    expect(mount.el.querySelector("iframe")).not.toBeNull();

    mount.el.classList.add(DISCONNECTED_CLASS);
    await Promise.resolve();
    expect(isShown(mount.el.querySelector("iframe") as HTMLElement)).toBe(true);
    expect(noticeShown(mount.el)).toBe(true);
    expect(queryButton(mount.el, "Re-plot")).toBeUndefined();
  });
});

describe("a switcher or compare() without a kernel", () => {
  it("the switcher's account select is disabled and the notice shows once", () => {
    const model = new FakeModel<SwitcherModel>({
      ...plotTraits({ status: "ready", url: VIEW_URL }),
      options: [
        { id: "a", name: "prod (alice@127.0.0.1:8000)" },
        { id: "b", name: "staging (bob@127.0.0.1:8001)" },
      ],
      selected: "a",
    });
    mount.track(renderSwitcher({ model, el: disconnected() }));
    expect((mount.el.querySelector("select") as HTMLSelectElement).disabled).toBe(true);
    expect(visible(mount.el, ".gj-no-kernel")).toHaveLength(1);
    expect(mount.el.querySelector("iframe")).toBeNull();
  });

  it("compare() says it once for all its panes and loads no frame", async () => {
    const panes = {
      p1: new FakeModel<Record<string, unknown>>(plotTraits({ status: "ready", url: VIEW_URL })),
      p2: new FakeModel<Record<string, unknown>>(plotTraits({ status: "ready", url: `${VIEW_URL}2` })),
    };
    const model = new FakeModel<CompareModel>(
      { settle_count: 0, views: ["IPY_MODEL_p1", "IPY_MODEL_p2"], columns_min_px: 360 },
      panes,
    );
    mount.track(renderCompare({ model, el: disconnected() }));
    await vi.waitFor(() => expect(mount.el.querySelectorAll(".gj-plot")).toHaveLength(2));
    expect(visible(mount.el, ".gj-no-kernel")).toHaveLength(1);
    expect(mount.el.querySelector("iframe")).toBeNull();
    expect(byLabel(mount.el, "Link views").disabled).toBe(true);
  });
});
