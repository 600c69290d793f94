"""Which engine builds the site: MkDocs, or ProperDocs, its maintained drop-in fork.

MkDocs 1.6 is unmaintained; ProperDocs continues it under the package name ``properdocs`` and
offers ``properdocs.replacement``, which makes every ``mkdocs.*`` import load ``properdocs.*``.
The site modules are written against ``mkdocs.*`` and import this module first, so that where
only ProperDocs is installed (or where it is chosen) those imports reach ProperDocs.

The choice is made once, when this module is first imported:

1. an engine already running us wins (``mkdocs build`` or ``properdocs build`` loading the
   plugin): mixing the two in one process would hand one engine the other's plugin classes;
2. else ``FACTCHECK_ENGINE=mkdocs|properdocs``;
3. else MkDocs where it is importable, ProperDocs otherwise.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from collections.abc import Mapping

from ..diagnostics import ConfigurationError

ENV = "FACTCHECK_ENGINE"
MKDOCS, PROPERDOCS = "mkdocs", "properdocs"
ENGINES = (MKDOCS, PROPERDOCS)
_INSTALL = {MKDOCS: "pip install 'mkdocs>=1.6,<2'",
            PROPERDOCS: "pip install 'properdocs>=1.6.5,<2'"}


def _installed(name: str) -> bool:
    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a broken or blocked package: not usable
        return False


def _running() -> str | None:
    """The engine already loaded in this process, if any."""
    loaded = sys.modules.get(MKDOCS)
    if loaded is None:
        return None
    if loaded is sys.modules.get(PROPERDOCS):  # properdocs.replacement has aliased it
        return PROPERDOCS
    return MKDOCS


def choose(environ: Mapping[str, str] = os.environ) -> str:
    """The engine to use in this process (see the module's docstring)."""
    wanted = environ.get(ENV, "").strip().lower()
    if wanted and wanted not in ENGINES:
        raise ConfigurationError(f"{ENV}={environ[ENV]!r}: write {ENV}=mkdocs or {ENV}=properdocs")
    running = _running()
    if running is not None:
        return running
    if wanted:
        if not _installed(wanted):
            raise ConfigurationError(f"{ENV}={wanted}, but {wanted} is not installed: {_INSTALL[wanted]}")
        return wanted
    for name in ENGINES:
        if _installed(name):
            return name
    raise ConfigurationError("the site needs MkDocs or ProperDocs, and neither is installed: "
                             f"{_INSTALL[PROPERDOCS]}")


NAME = choose()
if NAME == PROPERDOCS and _running() is None:
    import properdocs.replacement  # noqa: F401  (from here on, mkdocs.* imports load properdocs.*)

    # As `properdocs` itself does: plugins (ours and Material's) log under "mkdocs.*"; their
    # warnings must reach ProperDocs' logger, which counts them for strict mode.
    _legacy = logging.getLogger(MKDOCS)
    _legacy.parent = logging.getLogger(PROPERDOCS)
    _legacy.setLevel(logging.NOTSET)
    _legacy.propagate = True

# The logger every message of the build reaches ("mkdocs.*" propagates to it under ProperDocs).
LOGGER = NAME
