"""Small HTML building blocks shared by the pages: verdict badges, stance labels, claim tables.

Everything from a claim or a source passes through ``escaping.text``; icons are Material's own
SVG files (shipped with the theme, so no request leaves the site).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import material

from ...model import Claim
from ...verdicts import Verdict
from ..plan.links import Links
from .escaping import text

_ICONS = Path(material.__file__).parent / "templates" / ".icons" / "material"

# A distinct shape per verdict, so the badge reads without its colour.
_VERDICT_ICONS = {
    "supported": "check-circle", "mostly-supported": "check-circle-outline",
    "disputed": "scale-balance", "unsupported": "minus-circle", "contradicted": "close-circle",
    "unverifiable": "help-circle-outline",
}
_RATING_ICONS = {5: "check-circle", 4: "check-circle-outline", 3: "scale-balance",
                 2: "minus-circle", 1: "close-circle", None: "help-circle-outline"}

STANCES = ("supports", "refutes", "context")
STANCE_LABELS = {"supports": "Supports", "refutes": "Refutes", "context": "Context"}
STANCE_ICONS = {"supports": "check-bold", "refutes": "close-thick", "context": "information-outline"}


ICON_REFERENCE = re.compile(r'href="#fc-icon-([a-z0-9-]+)"')


def icon(name: str) -> str:
    """A reference to the icon; ``icon_sprite`` defines it once per page (a table of a thousand
    claims would otherwise repeat the same paths thousands of times)."""
    return (f'<svg class="fc-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
            f'<use href="#fc-icon-{name}"></use></svg>')


@cache
def _symbol(name: str) -> str:
    svg = (_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
    view_box = re.search(r'viewBox="([^"]+)"', svg)
    inner = svg[svg.index(">") + 1: svg.rindex("</svg>")]
    return f'<symbol id="fc-icon-{name}" viewBox="{view_box.group(1) if view_box else "0 0 24 24"}">{inner}</symbol>'


def icon_sprite(*html: str) -> str:
    """The symbols the icons in ``html`` (one page, given whole or in parts) refer to, in one
    hidden SVG ('' when there are none)."""
    names = sorted({name for part in html for name in ICON_REFERENCE.findall(part)})
    if not names:
        return ""
    return ('<svg xmlns="http://www.w3.org/2000/svg" class="fc-sprite" aria-hidden="true" focusable="false">'
            + "".join(_symbol(n) for n in names) + "</svg>")


def verdict_icon(verdict: Verdict) -> str:
    return icon(_VERDICT_ICONS.get(verdict.id) or _RATING_ICONS.get(verdict.rating, "circle-outline"))


def verdict_badge(verdict: Verdict, large: bool = False) -> str:
    size = " fc-badge--large" if large else ""
    return (f'<span class="fc-badge{size}" data-verdict="{text(verdict.id)}" '
            f'style="--fc-verdict:{text(verdict.color)}">{verdict_icon(verdict)}'
            f'<span class="fc-badge__label">{text(verdict.label)}</span></span>')


def stance_label(stance: str) -> str:
    return (f'<span class="fc-stance fc-stance--{text(stance)}">{icon(STANCE_ICONS.get(stance, "circle-outline"))}'
            f'{text(STANCE_LABELS.get(stance, stance))}</span>')


def draft_label(claim: Claim) -> str:
    return '<span class="fc-draft">Draft</span>' if not claim.is_published else ""


def table_wrap(table: str, extra: str = "") -> str:
    """A wide table in its own scroll box: on a narrow screen the table scrolls, never the page.
    The site's script makes the box focusable and shows the cue when it does scroll."""
    return ('<p class="fc-scroll-cue" aria-hidden="true">Scroll the table sideways to see all of it →</p>'
            f'<div class="fc-table-wrap"{extra}>{table}</div>')


def claims_table(claims: Sequence[Claim], verdicts: dict[str, Verdict], links: Links, table_id: str,
                 caption: str, filterable: bool = True, filter_label: str = "Filter") -> str:
    """Claims with verdict, claimant, publication date (when any has one) and number of sources;
    sortable and filterable by the site's script (within the claims given), and a plain readable
    table without it."""
    dated = any(c.published for c in claims)
    rows = []
    for claim in claims:
        verdict = verdicts[claim.verdict]
        rating = -1 if verdict.rating is None else verdict.rating
        when = (f'<td class="fc-date" data-sort="{text(claim.published or "")}">{date(claim.published, short=True)}</td>'
                if dated else "")
        rows.append(
            f'<tr data-verdict="{text(verdict.id)}">'
            f'<td data-sort="{rating}">{verdict_badge(verdict)}</td>'
            f'<td><a href="{text(links.claim(claim.id))}">{text(claim.claim)}</a>{draft_label(claim)}</td>'
            f'<td>{text(claim.claimant)}</td>{when}'
            f'<td class="fc-num" data-sort="{len(claim.sources)}">{len(claim.sources)}</td></tr>')
    controls = ""
    if filterable and claims:
        options = "".join(f'<option value="{text(v.id)}">{text(v.label)}</option>'
                          for v in verdicts.values())
        controls = (
            f'<div class="fc-table-controls" data-fc-controls="{text(table_id)}" hidden>'
            f'<label>{text(filter_label)} <input type="search" data-fc-filter placeholder="words in claim or claimant"></label>'
            f'<label>Verdict <select data-fc-verdict><option value="">All verdicts</option>{options}</select></label>'
            f'<span class="fc-table-count" data-fc-count aria-live="polite"></span></div>')
    if not claims:
        return '<p class="fc-muted">No claim has been published yet.</p>'
    head_date = '<th scope="col">Published</th>' if dated else ""
    # On a phone the same claims read as a list (the table, with its five columns, would need
    # scrolling for every row).
    narrow = f'<div class="fc-claims-narrow">{claim_list(claims, verdicts, links)}</div>'
    return narrow + controls + table_wrap(
        f'<table id="{text(table_id)}" class="fc-claims fc-sortable">'
        f'<caption>{text(caption)}</caption><thead><tr>'
        '<th scope="col" data-sort-type="number">Verdict</th><th scope="col">Claim</th>'
        f'<th scope="col">Claimant</th>{head_date}'
        '<th scope="col" data-sort-type="number">Sources</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>')


def claim_list(claims: Sequence[Claim], verdicts: dict[str, Verdict], links: Links) -> str:
    items = "".join(
        f'<li>{verdict_badge(verdicts[c.verdict])} <a href="{text(links.claim(c.id))}">{text(c.claim)}</a>'
        f'{draft_label(c)} <span class="fc-muted">— {text(c.claimant)}'
        f'{", " + date(c.claim_date) if c.claim_date else ""}</span></li>'
        for c in claims)
    return f'<ul class="fc-claim-list">{items}</ul>'


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def date(iso: str | None, short: bool = False) -> str:
    """``2025-01-04`` as ``<time datetime="2025-01-04">4 January 2025</time>`` (or ``4 Jan 2025``)."""
    if not iso:
        return ""
    try:
        year, month, day = (int(part) for part in iso.split("-"))
        name = _MONTHS[month - 1]
    except (ValueError, IndexError):
        return f"<time>{text(iso)}</time>"  # not a calendar date: show it as written
    return f'<time datetime="{text(iso)}">{day} {name[:3] if short else name} {year}</time>'
