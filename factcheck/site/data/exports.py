"""Writing the machine-readable exports (claims.json, annotations.jsonld) straight to their files,
one claim or annotation at a time, so that no build holds a whole export in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

INDENT = 2


def write_json(out: TextIO, value: Any) -> None:
    """Write ``json.dumps(value, ensure_ascii=False, indent=2)`` to ``out``, byte for byte, where
    any list inside a mapping may be given as an iterator: its items are made and written one by
    one. (A JSON string never holds a raw line break, so indenting a value's lines is safe.)"""
    _write(out, value, 0)


def _dumps(value: Any, level: int) -> str:
    encoded = json.dumps(value, ensure_ascii=False, indent=INDENT)
    return encoded.replace("\n", "\n" + " " * (INDENT * level)) if level else encoded


def _write(out: TextIO, value: Any, level: int) -> None:
    inner = "\n" + " " * (INDENT * (level + 1))
    if isinstance(value, dict) and any(isinstance(v, (dict, Iterator)) for v in value.values()):
        if not value:
            out.write("{}")
            return
        separator = "{"
        for key, item in value.items():
            out.write(f"{separator}{inner}{json.dumps(key, ensure_ascii=False)}: ")
            _write(out, item, level + 1)
            separator = ","
        out.write("\n" + " " * (INDENT * level) + "}")
    elif isinstance(value, Iterator):
        separator = "["
        for item in value:
            out.write(separator + inner + _dumps(item, level + 1))
            separator = ","
        out.write("[]" if separator == "[" else "\n" + " " * (INDENT * level) + "]")
    else:
        out.write(_dumps(value, level))
