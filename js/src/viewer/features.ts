// What a person does with a drawn graph beyond pan and zoom: attributes on hover and click, a
// legend, search, neighbours of a selected node, zoom/reset/full-screen buttons, the notebook's
// theme, and (inside compare()) a view linked with the other panes. main.ts calls
// attachFeatures once the renderer exists; everything here is built from the renderer, the page
// and the tables the graph came from.
import type { CameraView, Theme } from "../protocol/frames";
import { applyRendererTheme, type ViewerRenderer } from "./appearance";
import { edgeTitleColumn } from "./bindings";
import { createControls } from "./controls";
import type { DatasetMeta } from "./types";
import type { ViewerPage } from "./dom";
import { isLargeGraph } from "./graph";
import { legendSections, renderLegend } from "./legend";
import { createLinker, graphKey } from "./linking";
import { currentParentChannel } from "./parent_channel";
import { createSearchBox } from "./search_box";
import { layoutDigest } from "./seeded_layout";
import { createSelection } from "./selection";
import type { Columns } from "./table";
import { currentTheme, watchTheme } from "./theme";
import { attributeSource, renderAttributeTable, tooltipPosition, type AttributeTable } from "./tooltip";

/** Frames narrower than this get the compact chrome: legend closed, one-line header and help. */
export const COMPACT_WIDTH_PX = 500;

export interface FeatureInputs {
  readonly renderer: ViewerRenderer;
  readonly page: ViewerPage;
  readonly meta: DatasetMeta;
  readonly edges: Columns;
  readonly nodes: Columns | null;
  /** The labels' theme when the URL's `bg` fixes the graph's background (view_params.ts), else null. */
  readonly labelTheme?: Theme | null;
}

export interface Features {
  /** The layout has stopped: record its digest (`data-layout-digest`, equal for equal layouts). */
  layoutDone(): void;
}

/** `data-camera` on <body>: the camera as text, so tests can compare linked panes. */
export function cameraText(state: CameraView): string {
  return [state.x, state.y, state.ratio].map((n) => n.toFixed(5)).join(",") + `,${state.angle.toFixed(3)}`;
}

function div(doc: Document, className: string): HTMLDivElement {
  const element = doc.createElement("div");
  element.className = className;
  return element;
}

export function attachFeatures({ renderer, page, meta, edges, nodes, labelTheme = null }: FeatureInputs): Features {
  const doc = page.container.ownerDocument;
  const body = doc.body;
  const graph = renderer.getGraph();
  const camera = renderer.getCamera();
  const container = page.container;

  // The graph container and the panels over it share a positioned box; the panels stay outside
  // the container, whose keys pan and zoom.
  const stage = div(doc, "gj-stage");
  container.before(stage);
  stage.append(container);
  const top = div(doc, "gj-overlay gj-overlay-top");
  const bottom = div(doc, "gj-overlay gj-overlay-bottom");
  stage.prepend(top);
  stage.append(bottom);
  const compact = (doc.defaultView?.innerWidth ?? COMPACT_WIDTH_PX) < COMPACT_WIDTH_PX;

  // Theme: labels and the hover box follow the page's theme (theme.ts, parent_channel.ts). The
  // renderer started with the theme of its creation; a pass over the nodes only if it changed.
  // A background fixed by the URL keeps its label colours whatever the notebook's theme.
  const initial = labelTheme ?? currentTheme(doc);
  const first = graph.findNode(() => true);
  if (first !== undefined && renderer.getNodeState(first).dark !== (initial === "dark")) applyRendererTheme(renderer, initial);
  if (labelTheme === null) watchTheme(doc, (theme) => applyRendererTheme(renderer, theme));

  // Attributes: a tooltip on hover, a details panel on click.
  const source = attributeSource(
    graph,
    edges,
    nodes,
    meta.nodeEncodings.bindings["node"] ?? null,
    edgeTitleColumn(meta.edgeEncodings.bindings, edges.names),
  );
  const tooltip = div(doc, "gj-tooltip gj-panel");
  tooltip.setAttribute("role", "tooltip");
  tooltip.hidden = true;
  stage.append(tooltip);
  const showTooltip = (table: AttributeTable, x: number, y: number): void => {
    tooltip.replaceChildren(renderAttributeTable(doc, table));
    tooltip.hidden = false;
    const { left, top: at } = tooltipPosition(x, y, tooltip.offsetWidth, tooltip.offsetHeight, {
      width: stage.clientWidth,
      height: stage.clientHeight,
    });
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${at}px`;
  };
  const hideTooltip = (): void => {
    tooltip.hidden = true;
  };

  const details = div(doc, "gj-details gj-panel");
  details.setAttribute("role", "region");
  details.setAttribute("aria-label", "Details");
  details.setAttribute("aria-live", "polite");
  details.hidden = true;
  bottom.append(details);
  const showDetails = (table: AttributeTable | null): void => {
    if (table === null) {
      details.hidden = true;
      details.replaceChildren();
      return;
    }
    const close = doc.createElement("button");
    close.type = "button";
    close.className = "gj-control gj-close";
    close.setAttribute("aria-label", "Close details");
    close.title = "Close details";
    close.textContent = "×";
    close.addEventListener("click", () => select(null, "local"));
    details.replaceChildren(close, renderAttributeTable(doc, table));
    details.hidden = false;
  };

  // Selection: a node and its neighbours stand out; linked panes follow.
  const selection = createSelection(renderer);
  const channel = currentParentChannel();
  let announce: (node: string | null) => void = () => undefined;
  const select = (node: string | null, origin: "local" | "remote"): void => {
    selection.select(node, true);
    showDetails(selection.node === null ? null : source.node(selection.node));
    if (origin === "local") announce(selection.node);
  };
  const centreOn = (node: string): void => {
    const data = renderer.getNodeDisplayData(node);
    if (data === undefined) return;
    void camera.animate({ x: data.x, y: data.y, ratio: Math.min(camera.ratio, 0.6) }, { duration: 300 });
  };

  renderer.on("enterNode", ({ node, event }) => showTooltip(source.node(node), event.x, event.y));
  renderer.on("leaveNode", hideTooltip);
  renderer.on("clickNode", ({ node }) => {
    hideTooltip();
    select(node, "local");
  });
  renderer.on("clickStage", () => select(null, "local"));
  if (!isLargeGraph(graph.order, graph.size)) {
    // Edge picking costs a pass per pointer move: only for graphs that stay responsive with it.
    renderer.setSetting("enableEdgeEvents", true);
    renderer.on("enterEdge", ({ edge, event }) => showTooltip(source.edge(edge), event.x, event.y));
    renderer.on("leaveEdge", hideTooltip);
    renderer.on("clickEdge", ({ edge }) => {
      hideTooltip();
      select(null, "local");
      showDetails(source.edge(edge));
    });
  }
  container.addEventListener("keydown", (event) => {
    if (event.key === "Escape") select(null, "local");
  });

  // Search and the view buttons, over the top of the graph.
  const search = createSearchBox(
    doc,
    function* () {
      for (const node of graph.nodes()) yield { node, label: graph.getNodeAttribute(node, "label") };
    },
    (node) => {
      select(node, "local");
      centreOn(node);
    },
  );
  const controls = createControls(doc, {
    zoomIn: () => void camera.zoomIn({ duration: 200 }),
    zoomOut: () => void camera.zoomOut({ duration: 200 }),
    reset: () => void camera.reset({ duration: 200 }),
  });
  top.append(search, controls);

  // The legend of bound colours and sizes, closed in small frames.
  const legend = renderLegend(doc, legendSections(meta, edges, nodes), compact);
  if (legend !== null) bottom.prepend(legend);

  // A title that says what the statistics say ("3 nodes · 3 edges") need not be said twice.
  const title = page.header.querySelector("h1, .gj-title");
  if (title !== null && (title.textContent ?? "").trim() === (page.status.textContent ?? "").trim()) {
    page.status.classList.add("gj-stats-repeated");
  }

  // The help line keeps its full text for screen readers and as a tooltip when cut short.
  const help = doc.querySelector<HTMLElement>(".gj-help");
  if (help !== null) help.title = help.textContent ?? "";

  // The camera as text, for tests and for anyone reading the page's state.
  body.dataset["camera"] = cameraText(camera.getState());
  camera.on("updated", (state) => {
    body.dataset["camera"] = cameraText(state);
  });

  // compare(): linked pan, zoom and selection with the other panes.
  if (channel !== null && channel.framed) {
    const linker = createLinker(
      { getState: () => camera.getState(), setState: (state) => camera.setState(state), on: (_event, listener) => camera.on("updated", listener) },
      () => graphKey(graph),
      (message) => channel.post(message),
      (node) => {
        select(node, "remote");
      },
    );
    announce = (node) => linker.selectionChanged(node);
    body.dataset["linked"] = "false";
    channel.onLink({
      toggle: (enabled) => {
        linker.setEnabled(enabled);
        body.dataset["linked"] = String(enabled); // when a link or unlink has arrived, for tests
      },
      receive: (message) => linker.receive(message),
    });
  }

  return {
    layoutDone() {
      body.dataset["layoutDigest"] = layoutDigest(graph);
    },
  };
}
