"""Accessibility, in Debian's chromium: axe-core finds no serious or critical violation on any
page type; every verdict can be read without colour (its label is visible text, also in forced
colours); every citation on a claim page is reachable and followable with the keyboard alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from site_gates import Site, verdict_scale

SERIOUS = ("serious", "critical")


def page_types(site: Site) -> dict[str, str]:
    """One page of each type the site has, by site path."""
    claims = site.claims
    busiest = max(claims, key=lambda c: (len(c["evidence"]), c["id"]))
    return {
        "home": "",
        "claim": f"claims/{busiest['id']}/",
        "source": f"sources/{busiest['evidence'][0]['source']}/",
        "listing-verdicts": "verdicts/",
        "listing-tags": "tags/",
        "listing-tag": f"tags/{next(t for c in claims for t in c.get('tags', []))}/",
        "listing-sources": "sources/",
        "listing-archive": "claims/",
        "evidence-map": "evidence-map/",
        "hand-written": "methodology/",
        "not-found": "404.html",
    }


PAGE_TYPES = ["home", "claim", "source", "listing-verdicts", "listing-tags", "listing-tag", "listing-sources",
              "listing-archive", "evidence-map", "hand-written", "not-found"]


@pytest.fixture(scope="module")
def site_url(built_site: Site, local_server: Callable[[Any], str]) -> str:
    return local_server(built_site.site)


def serious_violations(page: Any, options: dict[str, Any] | None = None, context: str | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page as loaded (or in ``context``, a
    selector), one line per node."""
    results = Axe().run(page, context=context, options={"resultTypes": ["violations"], **(options or {})})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            found.append(f"{violation['id']} ({violation['impact']}): {node['target']} "
                         f"{node['html'][:100]!r}")
    return found


# Every page type on a desktop screen; those with the most layout on a phone too (Material
# swaps in its drawer, and wide tables scroll).
AXE_CASES = [(kind, "desktop") for kind in PAGE_TYPES] + [
    (kind, "phone") for kind in ("home", "claim", "source", "evidence-map")]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}


@pytest.mark.parametrize(("kind", "screen"), AXE_CASES)
def test_no_serious_or_critical_axe_violation(
        kind: str, screen: str, built_site: Site, site_url: str,
        watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    watched.page.set_viewport_size(VIEWPORTS[screen])
    response = watched.page.goto(site_url + page_types(built_site)[kind], wait_until="load")
    assert response is not None and response.status in (200, 404)
    assert serious_violations(watched.page) == []
    assert watched.problems() == []


# Links of each kind a page has, in its content and around it: each is hovered, then focused, and
# the page checked in that state (a hovered link takes the accent colour; a focused one its ring).
STATE_LINKS = ["article p a", "article li a", "article td a", "article th a", "nav.fc-pages a",
               ".md-tabs__link", ".md-header__button", ".md-footer a", ".md-nav__link"]
STATE_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block",
                                                      "scrollable-region-focusable", "focus-order-semantics"]}}


@pytest.mark.parametrize("state", ["hover", "focus"])
@pytest.mark.parametrize("kind", ["home", "claim", "source", "listing-archive", "hand-written"])
def test_no_serious_axe_violation_while_a_link_is_hovered_or_focused(
        kind: str, state: str, built_site: Site, site_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    page.goto(site_url + page_types(built_site)[kind], wait_until="load")
    # Material fades its tabs out as the page scrolls: judge each state settled, not mid-fade.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    found, tried = [], 0
    for selector in STATE_LINKS:
        links = [link for link in page.locator(selector).all()[:8] if link.is_visible()]
        if not links:
            continue
        link = links[0]
        tried += 1
        if state == "hover":
            link.hover(force=True)
        else:
            link.focus()
        # The link and what its state can restyle around it (a hovered row, its paragraph).
        link.evaluate("el => (el.closest('tr, li, p, nav, header, footer') || el).setAttribute('data-fc-probe', '')")
        found += [f"{selector} ({state}): {v}" for v in serious_violations(page, STATE_RULES, "[data-fc-probe]")]
        page.evaluate("document.querySelectorAll('[data-fc-probe]').forEach(el => el.removeAttribute('data-fc-probe'))")
        page.mouse.move(0, 0)
    assert tried >= 3, "too few kinds of link on the page to judge"
    assert found == []
    assert watched.problems() == []


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_search_dialog_and_its_results_pass_axe(
        screen: str, built_site: Site, site_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    page.set_viewport_size(VIEWPORTS[screen])
    page.goto(site_url, wait_until="load")
    page.click("[data-fc-search-open]")
    page.keyboard.type("Kursk")
    page.wait_for_selector(".fc-search__results a", timeout=15000)
    assert serious_violations(page) == []
    page.locator(".fc-search__results a").first.hover()
    assert serious_violations(page, STATE_RULES) == []
    page.keyboard.press("ArrowDown")
    assert serious_violations(page, STATE_RULES) == []
    assert watched.problems() == []


def test_the_axe_gate_catches_injected_faults(
        built_site: Site, site_url: str, watched_page: Callable[[], Any]) -> None:
    page = watched_page().page
    page.goto(site_url + page_types(built_site)["claim"])
    page.evaluate("""() => {
        const article = document.querySelector('article');
        article.insertAdjacentHTML('afterbegin',
          '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">' +
          '<button id="no-name"></button>' +
          '<p style="color:#bbb;background:#fff" id="faint">Hard to read</p>');
    }""")
    found = "\n".join(serious_violations(page))
    assert "image-alt (critical)" in found and "#no-alt" in found
    assert "button-name (critical)" in found
    assert "color-contrast (serious)" in found and "#faint" in found


# --- verdicts without colour ----------------------------------------------------------------------

# For each rendered element that carries a verdict, the text a sighted reader can see in it:
# text nodes whose rendered boxes are big enough to read (a visually-hidden label, clipped to a
# 1px box, does not count; nor does text in display:none or visibility:hidden).
VISIBLE_VERDICT_TEXT = """() => {
  // The part of a box left visible by the ancestors that clip their content.
  function visiblePart(rect, el) {
    let r = {left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom};
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.clip !== 'auto' && style.position === 'absolute') return null;
      if (style.clipPath !== 'none') return null;
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        const b = a.getBoundingClientRect();
        r = {left: Math.max(r.left, b.left), top: Math.max(r.top, b.top),
             right: Math.min(r.right, b.right), bottom: Math.min(r.bottom, b.bottom)};
      }
    }
    return r;
  }
  const out = [];
  for (const el of document.querySelectorAll('[data-verdict]')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not rendered (e.g. a filtered row)
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const style = getComputedStyle(parent);
      if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const readable = [...range.getClientRects()].some(rect => {
        const r = visiblePart(rect, parent);
        return r && r.right - r.left >= 2 && r.bottom - r.top >= 6;
      });
      if (readable) parts.push(node.textContent);
    }
    out.push({verdict: el.getAttribute('data-verdict'), tag: el.tagName,
               text: parts.join(' ').replace(/\\s+/g, ' ').trim()});
  }
  return out;
}"""

VERDICT_PAGES = ["home", "claim", "listing-verdicts", "listing-tag", "listing-archive", "evidence-map"]


def unreadable_verdicts(page: Any) -> tuple[int, list[str]]:
    scale = verdict_scale()
    shown = page.evaluate(VISIBLE_VERDICT_TEXT)
    problems = [f"<{s['tag'].lower()} data-verdict={s['verdict']!r}> shows {s['text']!r}, "
                f"not the label {scale[s['verdict']]['label']!r}"
                for s in shown if s["verdict"] not in scale
                or scale[s["verdict"]]["label"].lower() not in s["text"].lower()]
    return len(shown), problems


@pytest.mark.parametrize("forced_colors", ["none", "active"])
@pytest.mark.parametrize("kind", VERDICT_PAGES)
def test_every_verdict_is_readable_without_colour(
        kind: str, forced_colors: str, built_site: Site, site_url: str,
        watched_page: Callable[[], Any]) -> None:
    labels = [v["label"].lower() for v in verdict_scale().values()]
    assert len(set(labels)) == len(labels)  # labels, not colours, tell verdicts apart
    page = watched_page().page
    page.emulate_media(forced_colors=forced_colors)
    page.goto(site_url + page_types(built_site)[kind])
    count, problems = unreadable_verdicts(page)
    assert count > 0, "no element on this page carries a verdict"
    assert problems == []


def test_the_colour_gate_catches_a_verdict_shown_by_colour_alone(
        built_site: Site, site_url: str, watched_page: Callable[[], Any]) -> None:
    page = watched_page().page
    page.goto(site_url + page_types(built_site)["listing-verdicts"])
    # Labels hidden visually (the usual screen-reader-only pattern) or not displayed at all.
    page.add_style_tag(content="""
      [data-verdict] span { position:absolute; width:1px; height:1px; overflow:hidden;
                            clip:rect(0 0 0 0); white-space:nowrap; }
      [data-verdict] text { display:none; }""")
    count, problems = unreadable_verdicts(page)
    assert count > 0 and len(problems) == count


# --- citations by keyboard ----------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const indicated = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                    || style.boxShadow !== 'none' || style.textDecorationLine.includes('underline');
  return {cite: el.getAttribute('data-cite'), cls: el.className, href: el.getAttribute('href'),
          indicated};
}"""


def tab_through(page: Any, limit: int = 400) -> list[dict[str, Any]]:
    """Press Tab until focus comes back round (or ``limit``); what got focus, in order."""
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if seen and focused == seen[0] and len(seen) > 3:
            break
        seen.append(focused)
    return seen


def unreachable_citations(page: Any) -> list[str]:
    cites = page.eval_on_selector_all("a.fc-cite-link", "els => els.map(e => e.getAttribute('data-cite'))")
    reached = tab_through(page)
    by_keyboard = {f["cite"] for f in reached if "fc-cite-link" in (f["cls"] or "")}
    no_focus_ring = sorted({f["cite"] for f in reached
                            if "fc-cite-link" in (f["cls"] or "") and not f["indicated"]})
    return ([f"citation {c} cannot be reached with Tab" for c in cites if c not in by_keyboard]
            + [f"citation {c} shows no focus indicator" for c in no_focus_ring])


def test_citations_are_reachable_and_followable_by_keyboard(
        built_site: Site, site_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    claim = max(built_site.claims, key=lambda c: (len(c["evidence"]), c["id"]))
    page.goto(site_url + f"claims/{claim['id']}/")
    assert page.locator("a.fc-cite-link").count() == len(claim["evidence"])
    assert unreachable_citations(page) == []

    # Follow the last citation with the keyboard alone: Enter on it lands on the passage.
    last = claim["evidence"][-1]
    key = f"{claim['id']}-{last['n']}"
    page.goto(site_url + f"claims/{claim['id']}/")
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('data-cite')") == key:
            break
    else:
        pytest.fail(f"Tab never reached citation {key}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/sources/{last['source']}/#cite-{key}")
    mark = page.locator(f'mark[data-cites~="{key}"]').first
    box, viewport = mark.bounding_box(), page.viewport_size
    assert box is not None and viewport is not None and 0 <= box["y"] <= viewport["height"]
    # From the passage, the next Tab goes to the link back to the claim that cites it.
    for _ in range(5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused["cite"] == key:
            break
    else:
        pytest.fail(f"no link back to the claim follows passage {key} in the tab order")
    assert f"claims/{claim['id']}/" in (focused["href"] or "")
    assert watched.problems() == []


def test_the_keyboard_gate_catches_an_unfocusable_citation(
        built_site: Site, site_url: str, watched_page: Callable[[], Any]) -> None:
    page = watched_page().page
    claim = max(built_site.claims, key=lambda c: (len(c["evidence"]), c["id"]))
    page.goto(site_url + f"claims/{claim['id']}/")
    page.evaluate("() => document.querySelector('a.fc-cite-link').setAttribute('tabindex', '-1')")
    page.add_style_tag(content="a.fc-cite-link:focus, a.fc-cite-link:focus-visible "
                               "{ outline: none !important; box-shadow: none !important; "
                               "text-decoration: none !important; }")
    problems = unreachable_citations(page)
    assert f"citation {claim['id']}-1 cannot be reached with Tab" in problems
    assert any("shows no focus indicator" in p for p in problems), json.dumps(problems)
