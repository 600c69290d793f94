"""Building the site: MkDocs runs in-process into a fresh directory beside site/, which replaces
site/ only once the whole build has succeeded. A failed build leaves the previous site/ as it was."""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import secrets
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import engine  # (first: it decides what the mkdocs imports load)
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..checker import CheckResult, Project
from ..diagnostics import ConfigurationError
from ..files import CONFIG_LIMIT, ProjectFiles, Unreadable

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "factcheck"


class SiteBuildError(Exception):
    """The site could not be built; the message says why (MkDocs' own errors and warnings)."""


class SiteConfigurationError(SiteBuildError, ConfigurationError):
    """mkdocs.yml is missing, unreadable, invalid or without the plugin: a configuration error
    (exit status 2), and still a failed build to whoever only knows SiteBuildError."""


class _Collect(logging.Handler):
    def __init__(self, thread: int | None) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self._thread = thread

    def emit(self, record: logging.LogRecord) -> None:
        if self._thread is None or record.thread == self._thread:
            self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def mkdocs_messages(this_thread: bool = False) -> Iterator[_Collect]:
    """Collect the engine's warnings and errors for the report instead of letting them print;
    ``this_thread``: only those of the calling thread (the preview renders a page for a browser
    while it makes the next site)."""
    logger = logging.getLogger(engine.LOGGER)
    handler = _Collect(threading.get_ident() if this_thread else None)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def build_failure(root: Path, what: str, messages: list[str], exc: BaseException | None = None,
                  kind: type[SiteBuildError] = SiteBuildError) -> SiteBuildError:
    """The error that says why the site could not be made: ``what``, the exception's reason and
    the engine's messages, with the machine's paths named from the project root."""
    detail = "\n".join(f"  {m}" for m in dict.fromkeys(messages))
    reason = (str(exc).strip() or type(exc).__name__) if exc is not None else ""
    if isinstance(exc, RecursionError):
        reason = "it is nested too deeply"
    # MkDocs names files by their absolute paths; a report names them from the project root.
    return kind(ProjectFiles(root).scrub(what + (f": {reason}" if reason else "") + (f"\n{detail}" if detail else "")))


def load_site_config(project: Project, result: CheckResult, drafts: bool,
                     **overrides: object) -> MkDocsConfig:
    """The project's mkdocs.yml, strict, with the factcheck plugin handed this check result."""
    config_file = project.root / CONFIG_FILE
    try:
        present = project.files.read_if_present(config_file, CONFIG_LIMIT, CONFIG_FILE)
    except Unreadable as exc:
        raise SiteConfigurationError(f"cannot read {CONFIG_FILE}: {exc.reason}") from exc
    if present is None:
        raise SiteConfigurationError(f"{CONFIG_FILE} not found in the project folder")
    options = {"strict": True, **overrides}
    with mkdocs_messages() as log:
        try:
            config = load_config(str(config_file), **options)
        except (MkDocsException, OSError, ValueError, RecursionError) as exc:
            raise build_failure(project.root, f"{CONFIG_FILE} is not valid", log.messages, exc,
                                SiteConfigurationError) from exc
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SiteConfigurationError(f"{CONFIG_FILE} must list the '{PLUGIN}' plugin under plugins:")
    plugin.use(project, result, drafts)  # type: ignore[attr-defined]
    return config


def run_mkdocs(config: MkDocsConfig, serve_url: str | None = None) -> None:
    """One MkDocs build of ``config`` into its site_dir; raises SiteBuildError with the reasons."""
    with mkdocs_messages() as log:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config, serve_url=serve_url)
        except Exception as exc:  # MkDocs and its plugins raise many kinds; all mean "no site"
            raise build_failure(Path(config.config_file_path).parent, "MkDocs could not build the site",
                                log.messages, exc) from exc
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
        old = target.with_name(f".site-old-{process_tag()}-{time.monotonic_ns()}")
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# What a build leaves beside site/ while it runs: .site-new-<tag>-* (the site being built, then
# the old one being removed) and, where two renames replace the exchange, .site-old-<tag>-*.
# The tag is the process id and, where the system says, when that process started ("<pid>t<start>"):
# a process id alone is reused, and in a container every build may well be process 1 or 7, so a
# killed build's leftovers would look like a running build's forever.
_LEFTOVER = re.compile(r"\.site-(new|old)-([0-9]+)(?:t([0-9]+))?-")


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, Linux), or None if unknown or gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
        return data[data.rindex(b")") + 2:].split()[19].decode("ascii")  # field 22, starttime
    except (OSError, ValueError, IndexError):
        return None


def process_tag() -> str:
    """This process's part of a build directory's name: ``<pid>t<start>``, or ``<pid>``."""
    pid = os.getpid()
    started = _process_start(pid)
    return f"{pid}t{started}" if started is not None else str(pid)


def _make_staging(parent: Path) -> Path:
    """A new, empty, uniquely named build directory in ``parent``. Made with mkdir's mode 0777,
    which the umask narrows as it does for every folder MkDocs makes: under the usual umask 022
    the published site/ is 0755, readable by a web server running as another user (mkdtemp's
    0700 was not)."""
    tag = process_tag()
    while True:
        path = parent / f".site-new-{tag}-{secrets.token_hex(4)}"
        try:
            os.mkdir(path, 0o777)
        except FileExistsError:
            continue
        return path


def _lock(directory: Path) -> int | None:
    """An exclusive lock on ``directory``, held until the returned descriptor is closed or the
    process ends, however it ends; None where the system or the file system has no such locks.
    Raises BlockingIOError when another process holds it."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        return None
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise
    except OSError:
        os.close(fd)
        return None
    return fd


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: no signal, only the check that the process exists
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process, or no process id we can ask about
        return True
    return True


def remove_stale_leftovers(parent: Path, kinds: tuple[str, ...] = ("new", "old")) -> list[str]:
    """Remove what builds killed midway left in ``parent``. A leftover goes only when the build
    that made it is gone: no process holds its lock and no process has the id in its name (a
    reused id keeps it, which errs on the safe side); never one of this process. Never raises;
    returns the names removed."""
    if os.name != "posix":
        return []  # no way to tell a finished build's leftovers from a running build's here
    removed: list[str] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        try:
            if match is None or match.group(1) not in kinds or not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            continue
        pid, started = int(match.group(2)), match.group(3)
        if pid == os.getpid() and (started is None or started == _process_start(pid)):
            continue  # this process's own
        path = Path(entry.path)
        try:
            lock = _lock(path)  # held while removing: a build cleaning up at once leaves it be
        except BlockingIOError:
            continue  # its build is still running
        try:
            # With its start time in the name, the build is alive only if the process with that
            # id started then; without it, any process with the id keeps it (the safe side).
            if (_process_start(pid) == started) if started is not None else _process_exists(pid):
                continue
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(entry.name)
        finally:
            if lock is not None:
                os.close(lock)
    return removed


def build_into(project: Project, result: CheckResult, target: Path | None = None, drafts: bool = False,
               serve_url: str | None = None, **overrides: object) -> Path:
    """Build into a fresh directory beside ``target`` (default: mkdocs.yml's site_dir), then
    swap it in; on failure, remove it and leave ``target`` as it was. Returns ``target``.

    The fresh directory is named with this process's id and start time (``process_tag``) and
    locked while the build runs, so a later build can tell a killed build's leftovers from a
    running build's and remove them, even when the killed build's process id is in use again."""
    config = load_site_config(project, result, drafts, **overrides)
    target = Path(config.site_dir) if target is None else target
    remove_stale_leftovers(target.parent, kinds=("new",))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = _make_staging(target.parent)
    except OSError as exc:  # a read-only, full or missing output directory: say so, no traceback
        raise SiteBuildError(f"cannot write the new site beside {project.files.shown(target)}: "
                             f"{exc.strerror or exc}") from exc
    try:
        lock = _lock(staging)
    except BlockingIOError:  # not possible for a directory just made; no lock then
        lock = None
    try:
        config.site_dir = str(staging)
        run_mkdocs(config, serve_url=serve_url)
        swap_into(staging, target)
    except OSError as exc:  # from swap_into: the renames that put the new site in place
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteBuildError(f"cannot put the new site in place of {project.files.shown(target)}: "
                             f"{exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)
    # With the new site in place, an old site a killed build left (.site-old-*) is no one's.
    remove_stale_leftovers(target.parent, kinds=("old",))
    return target


def build_site(project: Project, result: CheckResult, drafts: bool = False) -> str:
    """Build the site of a project whose check passed into its site/ directory.

    Returns a one-line report; raises SiteBuildError (with site/ untouched) on failure.
    """
    started = time.monotonic()
    target = build_into(project, result, drafts=drafts)
    published = [c for c in result.checked.values() if drafts or c.is_published]
    shown = project.files.shown(target)
    return (f"built {shown}/ : {len(published)} claim{'s' if len(published) != 1 else ''}, "
            f"{len(project.library.ids)} source{'s' if len(project.library.ids) != 1 else ''} "
            f"in {time.monotonic() - started:.1f} s")
