"""Layout measures a person would notice, taken in the page: inputs squeezed too narrow to type
in, and words or tokens ("127.0.0.1:37203", "alice", "expires in 23 h") broken across lines.

Each returns what is wrong (an empty list when all is well), so a failing assertion names it.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Frame, Page

# Narrower than this and an input shows a few characters of a server name or a key id.
MIN_INPUT_WIDTH_PX = 160

# The controls a person types or picks in (check boxes have their own fixed size).
_INPUTS = "input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea"

# Every shown input or select under `selector` narrower than `min`: "<its label>: <width> px".
_NARROW_INPUTS_JS = """
([selector, inputs, min]) => {
  const narrow = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const el of root.querySelectorAll(inputs)) {
      if (el.getClientRects().length === 0) continue;
      const width = el.getBoundingClientRect().width;
      if (width >= min) continue;
      const label = (el.labels && el.labels[0] ? el.labels[0].textContent : el.id).trim();
      narrow.push(`${label}: ${width.toFixed(1)} px`);
    }
  }
  return narrow;
}
"""

# Each shown element matching `selector`, with its text and how many lines that text takes. Text
# boxes that overlap vertically share a line (a dot, a label and a smaller mark aligned on one
# baseline); text inside an element not displayed takes none.
_TEXT_LINES_JS = """
(selector) => Array.from(document.querySelectorAll(selector))
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => {
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const shown = getComputedStyle(node.parentElement).display !== "none";
      if (node.textContent.trim() === "" || !shown) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) rects.push(rect);
    }
    rects.sort((a, b) => a.top - b.top);
    let lines = 0;
    let bottom = -Infinity;
    for (const rect of rects) {
      if (rect.top >= bottom - 1) lines++;
      bottom = Math.max(bottom, rect.bottom);
    }
    return [el.textContent.trim(), lines];
  })
"""

# Text broken inside a word under `selector`: two neighbouring non-space characters on different
# lines ("alic|e"), whatever element holds them.
_BROKEN_WORDS_JS = """
(selector) => {
  const broken = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const range = document.createRange();
      let lastTop = null;
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const inWord = i > 0 && /\\S/.test(text[i]) && /\\S/.test(text[i - 1]);
        if (lastTop !== null && rect.top > lastTop + 2 && inWord) {
          broken.push(`${text.slice(Math.max(0, i - 12), i)}|${text.slice(i, i + 12)}`);
        }
        lastTop = rect.top;
      }
    }
  }
  return broken;
}
"""


def narrow_inputs(
    where: Page | Frame, selector: str, *, min_px: float = MIN_INPUT_WIDTH_PX
) -> list[str]:
    """Shown inputs and selects under ``selector`` narrower than ``min_px``, with their labels."""
    narrow: list[str] = where.evaluate(_NARROW_INPUTS_JS, [selector, _INPUTS, min_px])
    return narrow


def count_inputs(where: Page | Frame, selector: str) -> int:
    """How many inputs and selects under ``selector`` are shown (so a check of none is no pass)."""
    count: int = where.evaluate(
        "([selector, inputs]) => Array.from(document.querySelectorAll(selector))"
        ".flatMap((root) => Array.from(root.querySelectorAll(inputs)))"
        ".filter((el) => el.getClientRects().length > 0).length",
        [selector, _INPUTS],
    )
    return count


def text_lines(where: Page | Frame, selector: str) -> list[tuple[str, int]]:
    """Each shown element matching ``selector``: its text, and how many lines that text takes."""
    found: list[list[Any]] = where.evaluate(_TEXT_LINES_JS, selector)
    return [(str(text), int(lines)) for text, lines in found]


def split_tokens(where: Page | Frame, selector: str) -> list[str]:
    """Shown elements matching ``selector`` (each one token: a fact, a badge, a label) whose text
    takes more than one line."""
    return [
        f'"{text}" on {lines} lines' for text, lines in text_lines(where, selector) if lines > 1
    ]


def broken_words(where: Page | Frame, selector: str) -> list[str]:
    """Words broken across lines anywhere under ``selector``, as "before|after"."""
    broken: list[str] = where.evaluate(_BROKEN_WORDS_JS, selector)
    return broken


# Each shown root under `selector` that something around it cuts off or scrolls sideways: an
# ancestor that clips its overflow and holds content wider than itself.
_SCROLLED_AWAY_JS = """
(selector) => {
  const hidden = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.getClientRects().length === 0) continue;
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const clips = getComputedStyle(box).overflowX !== "visible";
      if (clips && box.scrollWidth > box.clientWidth + 1) {
        hidden.push(`${el.className} in ${box.className} ${box.scrollWidth} > ${box.clientWidth}`);
        break;
      }
    }
  }
  return hidden;
}
"""


def scrolled_away(where: Page | Frame, selector: str) -> list[str]:
    """Shown elements matching ``selector`` that a clipping ancestor too narrow for its content
    cuts off or scrolls sideways (a row of widgets that does not wrap), as "element in box"."""
    hidden: list[str] = where.evaluate(_SCROLLED_AWAY_JS, selector)
    return hidden
