"""Escaping analyst text for each place it lands: HTML text, attributes, URLs and <script> JSON."""

from __future__ import annotations

import html
import json
import re
from typing import Any

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore ASCII tab/newline anywhere in a URL and strip leading C0 controls and spaces,
# so "java\tscript:" is still javascript: and must be judged after removing them.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Control characters HTML does not allow in text (all but tab, line feed, form feed and carriage
# return): analyst text carrying one would reach <title> and the page as is.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def text(value: object) -> str:
    """Escape for HTML text and for double- or single-quoted attribute values; a control
    character becomes U+FFFD (one for one, so offsets into a text still count the same)."""
    return html.escape(_CONTROLS.sub("\ufffd", str(value)), quote=True)


def safe_url(url: str) -> str | None:
    """The URL if following it cannot run script: http(s), mailto or a relative reference."""
    candidate = _IGNORED_IN_URL.sub("", html.unescape(url))
    if not candidate:
        return None
    scheme = _SCHEME.match(candidate)
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    if not scheme and ":" in candidate.split("/", 1)[0]:
        return None  # "x:y" in the first segment would parse as a scheme in some browsers
    return url


def script_json(data: Any) -> str:
    """JSON safe inside <script>: no '</script>', '<!--' or entity can end or bend the element."""
    encoded = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    encoded = (encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
               .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)  # JSON has escaped C0; C1 too


def one_line(value: str, limit: int | None = None) -> str:
    """Collapse white space (for titles and descriptions); cut at a word boundary with '…'."""
    collapsed = " ".join(value.split())
    if limit is None or len(collapsed) <= limit:
        return collapsed
    cut = collapsed[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"
