"""Analyst text is shown, never run: HTML, attributes, URLs, Markdown and <script> JSON."""

from __future__ import annotations

import json
import re

import pytest

from factcheck.site.html import analyst_markdown
from factcheck.site.html.escaping import one_line, safe_url, script_json, text
from factcheck.site.plan.pages import GeneratedPage, heading_text

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>",
           "</script>", "<!-- factcheck:claims-table -->"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_leaves_no_markup_and_no_way_out_of_an_attribute(value: str) -> None:
    escaped = text(value)
    assert not set("<>\"'") & set(escaped)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java&#115;cript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/passwd",
])
def test_script_urls_are_refused(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://x.y", "mailto:a@b.c", "../claims/x/",
                                 "#cite-a-1", "claims.json"])
def test_ordinary_urls_are_kept(url: str) -> None:
    assert safe_url(url) == url


def test_script_json_cannot_end_its_script_element_and_still_decodes() -> None:
    data = {"claimReviewed": "</script><script>alert(1)</script> <!-- & \u2028"}
    encoded = script_json(data)
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == data


@pytest.mark.parametrize("source", HOSTILE + ["{{ config }}", "{% raw %}"])
def test_summary_markdown_shows_raw_html_literally(source: str) -> None:
    rendered = analyst_markdown.render(source)
    assert re.sub(r"</?p>", "", rendered) == text(source).replace("&#x27;", "'").replace("&quot;", '"')


def test_summary_markdown_keeps_formatting_and_safe_links() -> None:
    rendered = analyst_markdown.render("**bold** and [a link](https://example.org/x)")
    assert "<strong>bold</strong>" in rendered
    assert '<a href="https://example.org/x" rel="nofollow noopener">a link</a>' in rendered


@pytest.mark.parametrize("source", ["[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))",
                                    "[x][r]\n\n[r]: javascript:alert(1)", "[x](data:text/html,hi)"])
def test_summary_links_that_would_run_script_lose_their_target(source: str) -> None:
    rendered = analyst_markdown.render(source)
    assert "href" not in rendered and ">x<" in rendered


def test_summary_images_become_their_alt_text_so_no_other_host_is_fetched() -> None:
    rendered = analyst_markdown.render("see ![a tracking pixel](https://tracker.invalid/p.png)")
    assert "<img" not in rendered and "tracker.invalid" not in rendered
    assert "a tracking pixel" in rendered


def test_page_title_and_description_reach_front_matter_escaped() -> None:
    """Material prints page.meta.title and description raw, so they are escaped before."""
    from mkdocs.utils.meta import get_data

    page = GeneratedPage("claims/x.md", title='<script>alert(1)</script> "q"',
                         description="<b>d</b> " + "word " * 100, body="text")
    body, meta = get_data(page.markdown())
    assert meta["title"] == "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot;"
    assert meta["description"].startswith("&lt;b&gt;d&lt;/b&gt; word")
    assert len(meta["description"]) < 200
    assert body.strip() == "text"


def test_heading_text_cannot_add_attributes_or_markup() -> None:
    assert heading_text("Label {: onclick=x } *em* <b>") == r"Label \{: onclick=x \} \*em\* &lt;b&gt;"


def test_one_line_cuts_at_a_word() -> None:
    assert one_line("alpha  beta\ngamma delta", 13) == "alpha beta…"
    assert one_line("short", 10) == "short"
