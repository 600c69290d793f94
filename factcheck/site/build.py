"""Building the site: MkDocs runs in-process into a fresh directory beside site/, which replaces
site/ only once the whole build has succeeded. A failed build leaves the previous site/ as it was."""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..checker import CheckResult, Project

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "factcheck"


class SiteBuildError(Exception):
    """The site could not be built; the message says why (MkDocs' own errors and warnings)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def _mkdocs_messages() -> Iterator[_Collect]:
    """Collect MkDocs' warnings and errors for the report instead of letting them print."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _failure(what: str, exc: BaseException, messages: list[str]) -> SiteBuildError:
    detail = "\n".join(f"  {m}" for m in dict.fromkeys(messages))
    reason = str(exc).strip() or type(exc).__name__
    return SiteBuildError(f"{what}: {reason}" + (f"\n{detail}" if detail else ""))


def load_site_config(project: Project, result: CheckResult, drafts: bool,
                     **overrides: object) -> MkDocsConfig:
    """The project's mkdocs.yml, strict, with the factcheck plugin handed this check result."""
    config_file = project.root / CONFIG_FILE
    if not config_file.is_file():
        raise SiteBuildError(f"{CONFIG_FILE} not found in {project.root}")
    options = {"strict": True, **overrides}
    with _mkdocs_messages() as log:
        try:
            config = load_config(str(config_file), **options)
        except (MkDocsException, OSError, ValueError) as exc:
            raise _failure(f"{CONFIG_FILE} is not valid", exc, log.messages) from exc
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SiteBuildError(f"{CONFIG_FILE} must list the '{PLUGIN}' plugin under plugins:")
    plugin.use(project, result, drafts)  # type: ignore[attr-defined]
    return config


def run_mkdocs(config: MkDocsConfig, serve_url: str | None = None) -> None:
    """One MkDocs build of ``config`` into its site_dir; raises SiteBuildError with the reasons."""
    with _mkdocs_messages() as log:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config, serve_url=serve_url)
        except Exception as exc:  # MkDocs and its plugins raise many kinds; all mean "no site"
            raise _failure("MkDocs could not build the site", exc, log.messages) from exc
        finally:
            config.plugins.on_shutdown()


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE). False where the system
    or the file system cannot; the caller then falls back to two renames."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no renameat2 in this C library
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_into(new: Path, target: Path) -> None:
    """Put the directory ``new`` in place of ``target`` so that a reader (or a server), or a
    build killed at any moment, finds either the whole old site or the whole new one: one atomic
    exchange where Linux offers it, else two renames (between which site/ briefly does not exist
    and, after a kill there, the old site is left in .site-old-*)."""
    if target.is_dir() and not target.is_symlink() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old site
        return
    old: Path | None = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".site-old-{os.getpid()}-{time.monotonic_ns()}")
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_into(project: Project, result: CheckResult, target: Path | None = None, drafts: bool = False,
               serve_url: str | None = None, **overrides: object) -> Path:
    """Build into a fresh directory beside ``target`` (default: mkdocs.yml's site_dir), then
    swap it in; on failure, remove it and leave ``target`` as it was. Returns ``target``."""
    config = load_site_config(project, result, drafts, **overrides)
    target = Path(config.site_dir) if target is None else target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    except OSError as exc:  # a read-only, full or missing output directory: say so, no traceback
        raise SiteBuildError(f"cannot write the new site beside {target}: "
                             f"{exc.strerror or exc} ({exc.filename or target.parent})") from exc
    try:
        config.site_dir = str(staging)
        run_mkdocs(config, serve_url=serve_url)
        swap_into(staging, target)
    except OSError as exc:  # from swap_into: the renames that put the new site in place
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteBuildError(f"cannot put the new site in place of {target}: {exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def build_site(project: Project, result: CheckResult, drafts: bool = False) -> str:
    """Build the site of a project whose check passed into its site/ directory.

    Returns a one-line report; raises SiteBuildError (with site/ untouched) on failure.
    """
    started = time.monotonic()
    target = build_into(project, result, drafts=drafts)
    published = [c for c in result.checked.values() if drafts or c.published]
    try:
        shown = target.relative_to(project.root).as_posix()
    except ValueError:
        shown = str(target)
    return (f"built {shown}/ : {len(published)} claim{'s' if len(published) != 1 else ''}, "
            f"{len(project.library.ids)} source{'s' if len(project.library.ids) != 1 else ''} "
            f"in {time.monotonic() - started:.1f} s")
