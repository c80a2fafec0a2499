// The hub's graph viewer: fetches a dataset's Arrow tables and draws them with sigma.js.
// Sets `document.body.dataset.state` to "loading", then "drawn" once the first frame with the
// graph is on screen, or "error" with a message in the role="alert" element (docs/contracts.md);
// then `data-layout` is "running" while ForceAtlas2 moves the nodes and "done" once it stopped
// (at once for a large graph drawn without a GPU, which keeps its seeded positions).
// Performance marks "gj:fetched", "gj:built", "gj:renderer", "gj:rendered" (sigma issued the
// first frame's drawing), "gj:drawn" (that frame is on screen), "gj:layout-done" time the stages
// (for benchmarks). Once laid out, the viewer answers its framing notebook's snapshot request
// (snapshot.ts). A page in "needs grant" mode first obtains a view grant
// (grantflow.ts, docs/single-sign-in.md) or shows the hub's sign-in message (state "signin").
// A dataset whose upload did not complete is an error naming the missing table, never drawn.
import { DEFAULT_CAMERA_STATE } from "sigma";
import type { Settings } from "sigma/settings";
import type { CameraState } from "sigma/types";

import { snapshotFrame } from "../protocol/frames";
import type { ViewerRenderer } from "./appearance";
import { STRAIGHT_DRAWING, edgeDrawing } from "./drawing";
import { isDarkColor } from "./colors";
import { readConfig } from "./config";
import { fetchMeta, fetchTable, grantOpens, redeemGrant } from "./data";
import { preparePage, type ViewerPage } from "./dom";
import { ViewerError, asViewerError, incompleteError } from "./errors";
import { runGrantFlow, takeGrantFromAddress, type GrantFlow } from "./grantflow";
import {
  DRAW_LIMITS,
  NOT_LAID_OUT_NOTICE,
  SOFTWARE_DRAW_LIMITS,
  buildGraph,
  countAllNodes,
  isLargeGraph,
  markPointsOfInterest,
  isSoftwareRenderer,
  sampledNotice,
  type BuiltGraph,
} from "./graph";
import { attachFeatures } from "./features";
import { attachMarkLayer } from "./mark_layer";
import { applyCommand, commandForKey } from "./keyboard";
import { linkTrust, openParentChannel, type ParentChannel } from "./parent_channel";
import { emulateInstancing } from "./instancing";
import { framePresented } from "./present";
import { drawsStraightEdges, showGraph, startRenderer, straightBeforeBuild } from "./renderer";
import { runSeededLayout, seedPositions } from "./seeded_layout";
import { takeSnapshot } from "./snapshot";
import { clearWaiting, showSignIn, showWaiting, takeSignIn } from "./signin";
import { injectStyles } from "./style";
import { arrowColumns } from "./table";
import { currentTheme } from "./theme";
import type { ViewerConfig } from "./types";
import { unshownItems, unshownNotice } from "./unshown";
import { readViewParams } from "./view_params";

type Renderer = ViewerRenderer;

/**
 * Throws a clear error when this browser has no WebGL 2 (sigma's renderer needs it); returns
 * whether it draws in software (no GPU: SwiftShader, llvmpipe), where every frame of a large
 * graph takes seconds, so a smaller sample is drawn (graph.ts).
 */
function requireWebGL(doc: Document): boolean {
  const canvas = doc.createElement("canvas");
  const gl = canvas.getContext("webgl2");
  if (gl === null) {
    throw new ViewerError(
      "This browser cannot draw the graph: WebGL 2 is not available. Enable hardware acceleration or use a current browser.",
    );
  }
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const name = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  gl.getExtension("WEBGL_lose_context")?.loseContext(); // free the probe context now
  return isSoftwareRenderer(name);
}

/** Renderer settings that keep big graphs responsive: fewer labels, no edges while moving. */
export function rendererSettings(nodes: number, edges: number): Partial<Settings> {
  const big = isLargeGraph(nodes, edges);
  return {
    // Node sizes are pixels on screen (sigma 4 defaults to graph units).
    itemSizesReference: "screen",
    enableCameraRotation: false,
    labelRenderedSizeThreshold: big ? 12 : nodes > 500 ? 8 : 4,
    labelDensity: big ? 0.2 : 1,
    hideEdgesOnMove: big,
    hideLabelsOnMove: big,
    zoomDuration: 200,
  };
}

function bindKeyboard(container: HTMLElement, renderer: Renderer): void {
  const camera = renderer.getCamera();
  // Where the running key animation is heading: a second key press during the animation builds
  // on it, instead of on the half-way state (which would swallow the first press).
  let target: CameraState | null = null;
  container.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const command = commandForKey(event.key);
    if (command === null) return;
    event.preventDefault();
    const base = target !== null && camera.isAnimating() ? target : camera.getState();
    const next: CameraState =
      command.kind === "reset" ? { ...DEFAULT_CAMERA_STATE } : { ...base, ...applyCommand(base, command) };
    target = next;
    void camera.animate(next, { duration: 150 });
  });
}

function rendererError(error: unknown): ViewerError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ViewerError(`This browser could not start the graph renderer: ${detail}`);
}

/** Resolves after sigma has rendered a frame (the pending one, or one it is asked for now). */
function nextRender(renderer: Renderer): Promise<void> {
  return new Promise((resolve) => {
    renderer.once("afterRender", () => resolve());
    renderer.scheduleRender(); // no-op when a render is already pending
  });
}

/** Fetches and draws the graph; `grant` (null: the browser session) authorizes every request. */
async function load(page: ViewerPage, config: ViewerConfig, grant: string | null, channel: ParentChannel): Promise<void> {
  const meta = await fetchMeta(config, grant);
  page.showMeta(meta);
  // Linking starts only with a parent that proved it plotted this graph (parent_channel.ts).
  if (linkTrust(meta.privacy, grant !== null) === "trusted") channel.trust();
  else channel.proveWith((candidate) => grantOpens(config, candidate));
  if (!meta.complete) throw incompleteError(meta.missing);
  // The page config says whether a node table exists; the meta row count confirms it.
  const wantNodes = config.nodes !== null && meta.nodeRows !== 0;
  const [edges, nodes] = await Promise.all([
    fetchTable(config.edges, "edges", config, grant),
    wantNodes && config.nodes !== null ? fetchTable(config.nodes, "nodes", config, grant) : Promise.resolve(null),
  ]);
  performance.mark("gj:fetched");
  const edgeColumns = arrowColumns(edges);
  const nodeColumns = nodes === null ? null : arrowColumns(nodes);
  const software = requireWebGL(document);
  // Software WebGL draws each instance of an instanced draw on its own (instancing.ts).
  if (software) emulateInstancing();
  const limits = software ? SOFTWARE_DRAW_LIMITS : DRAW_LIMITS;
  const view = readViewParams(window.location.search);
  const theme = currentTheme(document);
  // A graph sure to be drawn with straight edges gets sigma first: the GPU prepares its programs
  // while the graph is built (renderer.ts).
  let renderer: Renderer | null = null;
  if (straightBeforeBuild(edgeColumns, nodeColumns, meta, limits) && !view.showArrows && view.labelsMax === null) {
    try {
      renderer = startRenderer(page.container, theme, true);
    } catch (error) {
      throw rendererError(error);
    }
  }
  let built: BuiltGraph;
  try {
    built = buildGraph(edgeColumns, nodeColumns, meta, limits, view);
  } catch (error) {
    renderer?.kill(); // nothing to draw: the error takes the graph's place
    throw error;
  }
  const { graph } = built;
  // Same dataset, same picture: positions seeded from the node ids (seeded_layout.ts).
  if (!built.positioned) seedPositions(graph);
  performance.mark("gj:built");
  // A sampled graph's header counts the whole graph (its nodes once drawn: countAllNodes).
  if (built.sampled === null) page.showStats(graph.order, graph.size);
  else page.showStats(null, built.sampled.totalEdges);
  const large = isLargeGraph(graph.order, graph.size);
  // Without a GPU the CPU draws every frame, and moving the nodes when the layout ends means
  // processing and drawing them all again, a freeze long after the page looked ready (2-3 s at
  // 25k nodes when this was measured): such a graph keeps its seeded positions. `play=0` asks
  // for the positions as they are.
  const laidOut = !built.positioned && !(software && large) && view.play !== 0;
  const notices: string[] = [];
  if (built.sampled !== null) notices.push(sampledNotice(built.sampled));
  if (!laidOut && !built.positioned && view.play !== 0) notices.push(NOT_LAID_OUT_NOTICE);
  const unshown = unshownNotice(unshownItems(meta, window.location.search, built.marks));
  if (unshown !== null) notices.push(unshown);
  if (notices.length > 0) page.showNotice(notices.join(" "));
  const drawing = edgeDrawing(graph, large, view);
  if (view.labelsMax !== null) markPointsOfInterest(graph, view.labelsMax);
  // `bg`: the graph's background, with labels readable on it.
  const darkBackground = view.background === null ? null : isDarkColor(view.background);
  const labelTheme = darkBackground === null ? null : darkBackground ? "dark" : "light";
  if (view.background !== null) page.container.style.setProperty("background", view.background);
  if (renderer !== null && drawing !== STRAIGHT_DRAWING) {
    renderer.kill(); // started for straight edges only: this graph needs other programs
    renderer = null;
  }

  let firstRender: Promise<void>;
  try {
    // A graph with self-loops is drawn with sigma's loop path, unless it is large (renderer.ts).
    renderer ??= startRenderer(page.container, labelTheme ?? theme, drawsStraightEdges(graph, large), drawing);
    firstRender = showGraph(renderer, graph, rendererSettings(graph.order, graph.size), large);
  } catch (error) {
    throw rendererError(error);
  }
  performance.mark("gj:renderer");
  bindKeyboard(page.container, renderer);
  attachMarkLayer(renderer);
  const features = attachFeatures({ renderer, page, meta, edges: edgeColumns, nodes: nodeColumns, labelTheme });
  await firstRender;
  performance.mark("gj:rendered");
  await framePresented(window);
  performance.mark("gj:drawn");
  page.setState("drawn");
  // A sampled graph's nodes are counted over every row in a task of its own once the first frame
  // is on screen (a pass over a million edges, ~0.3 s, would hold up that frame).
  const sampled = built.sampled;
  if (sampled !== null) {
    setTimeout(() => page.showStats(countAllNodes(edgeColumns, nodeColumns, meta), sampled.totalEdges), 0);
  }

  // `data-layout` tells tests and benchmarks when the picture has settled.
  document.body.dataset["layout"] = "running";
  const layout = runSeededLayout(graph, !laidOut, !large);
  window.addEventListener("pagehide", () => layout.stop(), { once: true });
  await layout.done;
  if (laidOut) await nextRender(renderer); // nodes that did not move need no frame
  performance.mark("gj:layout-done");
  features.layoutDone();
  document.body.dataset["layout"] = "done";
  // Only now: while the layout runs, encoding would wait seconds for the busy main thread, and
  // the picture would not be the one that stays on screen.
  channel.onSnapshotRequest(config.dataset, async () => {
    const png = await takeSnapshot(renderer, document);
    return png === null ? null : snapshotFrame(config.dataset, png);
  });
}

function fail(page: ViewerPage, error: unknown): void {
  console.error("graphistry-jupyter viewer:", error);
  page.showError(asViewerError(error));
}

/** The viewer without a browser session: grant from the fragment, or from the framing notebook. */
function startWithGrant(config: ViewerConfig, fragmentGrant: string | null, channel: ParentChannel): void {
  const framed = channel.framed;
  const signin = takeSignIn(document);
  let page: ViewerPage | null = null;
  let flow: GrantFlow | null = null;
  // Listening before the flow posts "viewer-ready" (a message is delivered in a later task); the
  // channel passes on only its parent's answers about this dataset.
  channel.onGrant((message) => flow?.receive(message));
  flow = runGrantFlow(config.dataset, framed, fragmentGrant, {
    // Carries no secret: any parent origin may read it (the notebook's origin is unknown here).
    post: (message) => window.parent.postMessage(message, "*"),
    startTimer: (ms, fire) => {
      const timer = setTimeout(fire, ms);
      return () => clearTimeout(timer);
    },
    redeem: (grant) => redeemGrant(config, grant),
    load: async (grant) => {
      clearWaiting(document);
      page ??= preparePage(document);
      page.setState("loading");
      await load(page, config, grant, channel);
    },
    showWaiting: () => {
      if (page === null) showWaiting(document);
      else page.setState("loading");
    },
    showSignIn: (reason) => {
      page = null;
      showSignIn(document, signin, config.login, reason);
    },
    showError: (error) => fail((page ??= preparePage(document)), error),
  });
}

function start(): void {
  // First of all, before any request: a grant must not stay in the address bar or history.
  const fragmentGrant = takeGrantFromAddress(window.location, window.history);
  injectStyles(document);
  let config: ViewerConfig;
  try {
    config = readConfig(document, window.location.pathname, window.location.search);
  } catch (error) {
    openParentChannel(window, new URLSearchParams(window.location.search).get("dataset") ?? "", true);
    fail(preparePage(document), error);
    return;
  }
  // Theme and linked views from the framing notebook, in every state (parent_channel.ts). A page
  // that will ask its parent for a grant says "viewer-ready" instead of "viewer-loaded".
  const channel = openParentChannel(window, config.dataset, !(config.needsGrant && fragmentGrant === null));
  if (config.needsGrant) {
    startWithGrant(config, fragmentGrant, channel);
    return;
  }
  // A page that draws with this browser's session still spends an address's grant, which the
  // browser's history keeps (docs/single-sign-in.md §5).
  if (fragmentGrant !== null) redeemGrant(config, fragmentGrant).catch(() => undefined);
  const page = preparePage(document);
  page.setState("loading");
  load(page, config, null, channel).catch((error: unknown) => fail(page, error));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
