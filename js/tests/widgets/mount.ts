// A fresh element in the document for each test to render a view into, and the views' cleanups,
// run after the test (or earlier, with releaseAll) so no listener or timer outlives it.
import { afterEach, beforeEach } from "vitest";

export interface MountPoint {
  /** This test's element (a new one per test). */
  readonly el: HTMLElement;
  /** Runs `cleanup` after the test, unless releaseAll() ran it first. */
  track(cleanup: () => void): void;
  /** Runs every tracked cleanup now. */
  releaseAll(): void;
}

export function useMountPoint(): MountPoint {
  let current: HTMLElement | undefined;
  let cleanups: Array<() => void> = [];
  const mount: MountPoint = {
    get el(): HTMLElement {
      if (!current) throw new Error("the mount point exists only inside a test");
      return current;
    },
    track(cleanup) {
      cleanups.push(cleanup);
    },
    releaseAll() {
      const pending = cleanups;
      cleanups = [];
      for (const cleanup of pending) cleanup();
    },
  };
  beforeEach(() => {
    current = document.createElement("div");
    // A view node as ipywidgets makes it (a Lumino widget): its class says whether a kernel is
    // behind the view (kernel.ts), so the views send no ping.
    current.classList.add("lm-Widget");
    document.body.append(current);
  });
  afterEach(() => {
    mount.releaseAll();
    current?.remove();
    current = undefined;
  });
  return mount;
}
