// When a drawn frame is on screen. sigma's render only queues the GPU's work; the page shows the
// frame once the compositor has committed it, which waits for the GPU to finish the canvas
// (seconds for a large graph in software WebGL, where the commit reads the canvas back).

/** How long "drawn" waits for the page's next frames: a hidden frame (an iframe scrolled away) has none. */
const PRESENT_WAIT_MS = 1000;

/**
 * Resolves once the frame drawn so far is on screen: at the start of the second animation frame
 * from now, the first one's commit is done.
 */
export function framePresented(view: Pick<Window, "requestAnimationFrame" | "setTimeout">): Promise<void> {
  return new Promise((resolve) => {
    view.setTimeout(resolve, PRESENT_WAIT_MS);
    view.requestAnimationFrame(() => view.requestAnimationFrame(() => resolve()));
  });
}
