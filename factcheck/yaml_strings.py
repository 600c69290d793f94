"""Text written into YAML for an analyst to paste: double-quoted, on one line, exact."""

from __future__ import annotations

import json

# YAML "printable" characters (YAML 1.2, 5.1) minus the ones libyaml reads as line breaks
# (NEL, LS, PS): anything else in a double-quoted scalar must be written as an escape, or the
# loaded quote would differ from the source text.
_BREAKS_OR_BOM = {"\x85", "\u2028", "\u2029", "\ufeff"}


def _printable(ch: str) -> bool:
    code = ord(ch)
    if ch in _BREAKS_OR_BOM:
        return False
    return (code in (0x09, 0x0A, 0x0D) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line that loads back to exactly ``text``.

    JSON string syntax is a subset of YAML's double-quoted style; the remaining gap is the
    characters YAML does not allow raw (or reads as line breaks), which are escaped here.
    """
    out = []
    for ch in json.dumps(text, ensure_ascii=False):
        if _printable(ch) or ch == "\n":
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)
