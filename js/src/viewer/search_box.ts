// The search box: a combobox over search.ts. Typing lists matches; arrow keys move through them;
// Enter (or a click) picks one, which centres the view on it and selects it.
import { buildSearchIndex, resultText, searchNodes, type SearchEntry, type SearchIndex } from "./search";

let boxes = 0;

export function createSearchBox(
  doc: Document,
  entries: () => Iterable<SearchEntry>,
  pick: (node: string) => void,
): HTMLElement {
  boxes += 1;
  const listId = `gj-search-results-${boxes}`;
  const form = doc.createElement("div");
  form.className = "gj-search";
  form.setAttribute("role", "search");
  const input = doc.createElement("input");
  input.type = "search";
  input.className = "gj-search-input";
  input.placeholder = "Find a node";
  input.setAttribute("aria-label", "Find a node by label or id");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.autocomplete = "off";
  input.spellcheck = false;
  const list = doc.createElement("ul");
  list.id = listId;
  list.className = "gj-search-results gj-panel";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching nodes");
  list.hidden = true;
  const status = doc.createElement("p");
  status.className = "gj-visually-hidden";
  status.setAttribute("role", "status");
  form.append(input, list, status);

  let index: SearchIndex | null = null;
  let matches: SearchEntry[] = [];
  let active = -1;

  const show = (): void => {
    list.replaceChildren(
      ...matches.map((match, i) => {
        const item = doc.createElement("li");
        item.id = `${listId}-${i}`;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", i === active ? "true" : "false");
        item.textContent = resultText(match);
        item.addEventListener("mousedown", (event) => {
          event.preventDefault(); // keep the focus in the input
          choose(i);
        });
        return item;
      }),
    );
    list.hidden = matches.length === 0;
    input.setAttribute("aria-expanded", matches.length === 0 ? "false" : "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${listId}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };

  const choose = (i: number): void => {
    const match = matches[i];
    if (match === undefined) return;
    input.value = match.label;
    matches = [];
    active = -1;
    show();
    status.textContent = `Showing ${resultText(match)}`;
    pick(match.node);
  };

  input.addEventListener("input", () => {
    index ??= buildSearchIndex(entries());
    matches = searchNodes(index, input.value);
    active = matches.length > 0 ? 0 : -1;
    status.textContent = input.value.trim() === "" ? "" : `${matches.length === 0 ? "No" : matches.length} matching node${matches.length === 1 ? "" : "s"}`;
    show();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (matches.length === 0) return;
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      show();
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active < 0 ? 0 : active);
    } else if (event.key === "Escape") {
      matches = [];
      active = -1;
      show();
    }
  });
  input.addEventListener("blur", () => {
    matches = [];
    active = -1;
    show();
  });
  return form;
}
