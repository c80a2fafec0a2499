"""One line per figure: the measured ratio, what it divides, the goal, and whether it is met."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    """One figure of the table."""

    figure: str
    value: float | None
    unit: str
    goal: float | None = None
    higher_is_better: bool = False
    detail: str = ""
    percent: bool = False

    @property
    def met(self) -> bool | None:
        if self.value is None or self.goal is None:
            return None
        return self.value >= self.goal if self.higher_is_better else self.value <= self.goal

    def formatted(self, value: float | None) -> str:
        if value is None:
            return "n/a"
        if self.percent:
            return f"{value * 100:+.1f}%"
        if value >= 100 or value == int(value):
            return f"{value:.0f}"
        return f"{value:.2f}"


def size_label(rows: int) -> str:
    if rows >= 1_000_000 and rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows >= 1_000 and rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def print_table(rows: list[Row]) -> None:
    """The figures as a plain-text table, then each figure's detail."""
    width = max(len(r.figure) for r in rows)
    print()
    print(f"{'figure':<{width}}  {'measured':>9}  {'goal':>7}  met  what")
    for r in rows:
        op = "≥" if r.higher_is_better else "≤"
        goal = f"{op}{r.formatted(r.goal)}" if r.goal is not None else ""
        met = {True: "yes", False: "NO", None: "-"}[r.met]
        print(f"{r.figure:<{width}}  {r.formatted(r.value):>9}  {goal:>7}  {met:<3}  {r.unit}")
    print()
    for r in rows:
        if r.detail:
            print(f"- {r.figure}: {r.detail}")
