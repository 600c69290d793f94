"""What the pages tell the search indexer (Pagefind): which part of a page is indexed, which
parts are left out, and what a result shows beside the page's title. Every value here is an
attribute *name* the page's own escaped attributes hold, so analyst text never becomes part of
Pagefind's own syntax (which splits ``key:value`` lists at commas)."""

from __future__ import annotations

from ..html.escaping import text

SEARCH_BODY = "data-pagefind-body"  # on the content of every page search should find
IGNORE = "data-pagefind-ignore"  # on what a page repeats from elsewhere (legends, link texts)


def meta(**values: str) -> str:
    """Attributes that make each ``key=value`` a field of the page's search result:
    ``data-pagefind-meta="key[data-fc-key]"`` with the value, escaped, in ``data-fc-key``."""
    names = {key: "data-fc-" + key.replace("_", "-") for key in values}
    listed = ", ".join(f"{key}[{attribute}]" for key, attribute in names.items())
    return f' data-pagefind-meta="{listed}"' + "".join(
        f' {names[key]}="{text(value)}"' for key, value in values.items())
