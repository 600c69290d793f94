"""The verdict distribution as an inline SVG bar chart, drawn at build time (no JavaScript, no
external asset). Each bar carries its label and count as text, so colour is never the only cue."""

from __future__ import annotations

from collections.abc import Sequence

from ...verdicts import Verdict
from .escaping import text

ROW = 34
BAR = 22
LABEL_WIDTH = 150
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 50


def verdict_chart(counts: Sequence[tuple[Verdict, int]], chart_id: str = "fc-verdict-chart") -> str:
    """A horizontal bar per verdict, in scale order, with its count; bars scale to the largest."""
    total = sum(n for _, n in counts)
    largest = max((n for _, n in counts), default=0)
    height = ROW * len(counts) + 8
    title = f"Verdicts of the {total} claim{'s' if total != 1 else ''} checked"
    description = "; ".join(f"{v.label}: {n}" for v, n in counts)
    rows = []
    for index, (verdict, n) in enumerate(counts):
        y = 4 + index * ROW
        width = round(BAR_WIDTH * n / largest, 1) if largest else 0
        if n and width < 3:
            width = 3  # a claim is never drawn as nothing
        rows.append(
            f'<g class="fc-chart__row" data-verdict="{text(verdict.id)}">'
            f'<text x="{LABEL_WIDTH - 10}" y="{y + BAR / 2}" text-anchor="end" dominant-baseline="central" '
            f'class="fc-chart__label">{text(verdict.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR}" rx="3" class="fc-chart__track"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}" rx="3" fill="{text(verdict.color)}"/>'
            f'<text x="{LABEL_WIDTH + width + 8}" y="{y + BAR / 2}" dominant-baseline="central" '
            f'class="fc-chart__count">{n}</text></g>')
    return (
        f'<svg class="fc-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{text(title)}</title>'
        f'<desc id="{chart_id}-desc">{text(description)}</desc>{"".join(rows)}</svg>')
