// The selected node and its neighbourhood: a click, a search result or a linked pane selects a
// node; it and its neighbours stay as they are (neighbours labelled), everything else fades.
import type { ViewerRenderer } from "./appearance";

/** What a selection needs of the graph: neighbours and incident edges. */
export interface NeighbourGraph {
  hasNode(node: string): boolean;
  neighbors(node: string): string[];
  edges(node: string): string[];
}

/** The nodes and edges that stay lit when `node` is selected (itself, its neighbours, its edges). */
export function neighbourhood(graph: NeighbourGraph, node: string): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>([node]);
  for (const neighbour of graph.neighbors(node)) nodes.add(neighbour);
  return { nodes, edges: new Set(graph.edges(node)) };
}

export interface Selection {
  /** The selected node, or null. */
  readonly node: string | null;
  /** Selects `node` (null: clears); an unknown node clears too. `quiet`: do not call listeners. */
  select(node: string | null, quiet?: boolean): void;
  /** Called after every change that is not quiet. */
  onChange(listener: (node: string | null) => void): void;
}

export function createSelection(renderer: ViewerRenderer): Selection {
  const graph = renderer.getGraph();
  const listeners: Array<(node: string | null) => void> = [];
  let current: string | null = null;
  let lit: { nodes: Set<string>; edges: Set<string> } | null = null;

  const clear = (): void => {
    if (lit === null) return;
    renderer.setNodesState(graph.nodes(), { dimmed: false, selected: false, isHighlighted: false });
    renderer.setEdgesState(graph.edges(), { dimmed: false, isHighlighted: false });
    lit = null;
  };

  return {
    get node() {
      return current;
    },
    select(node, quiet = false) {
      const next = node !== null && graph.hasNode(node) ? node : null;
      if (next === current) return;
      clear();
      current = next;
      if (next !== null) {
        lit = neighbourhood(graph, next);
        const { nodes, edges } = lit;
        renderer.setNodesState(graph.filterNodes((key) => !nodes.has(key)), { dimmed: true });
        renderer.setNodesState([...nodes], { dimmed: false, isHighlighted: true });
        renderer.setNodeState(next, { selected: true });
        renderer.setEdgesState(graph.filterEdges((key) => !edges.has(key)), { dimmed: true });
        renderer.setEdgesState([...edges], { isHighlighted: true });
      }
      if (!quiet) for (const listener of listeners) listener(current);
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
