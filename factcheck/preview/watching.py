"""What changed in the project, and when to look.

*What* changed comes from the files themselves: a snapshot holds a stamp (modification time,
size, inode, type) of every entry of claims/, seeds/, schema/ and docs/ and of mkdocs.yml, and
two snapshots compare entry by entry. Events never say what changed, only that something may
have, so a missed, merged or repeated event cannot make the preview skip or repeat work, and a
directory deleted and made again is seen as its entries disappearing and coming back.

*When* to look comes from the operating system's file events (inotify on Linux, through
watchdog's native observer): the project root is watched without recursion (it sees mkdocs.yml
and claims/, seeds/, docs/, schema/ being created, deleted or moved) and each of those directories
recursively; a watch is armed again whenever its directory reappears. Events of reading a file
(opened, closed without writing) are ignored: the checker reads every claim. A snapshot is also
taken every few seconds whatever the events say (every half second where native events are not
available), so a lost event delays a change but never hides it.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

log = logging.getLogger("factcheck.preview")

CLAIMS, SEEDS, SCHEMA, DOCS, CONFIG = "claims", "seeds", "schema", "docs", "mkdocs.yml"
WATCHED_DIRECTORIES = (CLAIMS, SEEDS, SCHEMA, DOCS)
WATCHED = (*WATCHED_DIRECTORIES, CONFIG)
# Events that say a file's content, or a directory's entries, may have changed.
CHANGE_EVENTS = frozenset({"created", "deleted", "modified", "moved", "closed", "attrib"})


class Stamp(NamedTuple):
    """What changes when a file is written, replaced or turned into something else."""

    mtime_ns: int
    size: int
    inode: int
    mode: int  # the file type bits: a regular file, a named pipe, a directory...

    @property
    def is_regular(self) -> bool:
        return stat.S_ISREG(self.mode)


def stamp_of(path: str) -> Stamp | None:
    """The stamp of the file ``path`` names (following symbolic links, as reading it does); None
    when it cannot be examined (a broken link, a loop): reading it will say why."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return Stamp(st.st_mtime_ns, st.st_size, st.st_ino, stat.S_IFMT(st.st_mode))


def _entries(directory: Path) -> dict[str, Stamp | None] | None:
    """Stamps of the entries of ``directory`` by name; None when it is not a directory."""
    try:
        with os.scandir(directory) as listing:
            return {entry.name: stamp_of(entry.path) for entry in listing}
    except (NotADirectoryError, FileNotFoundError):
        return None
    except OSError:
        return None


def _tree(directory: Path) -> dict[str, Stamp | None] | None:
    """Stamps of every file under ``directory`` by its path relative to it (for docs/, schema/)."""
    if not directory.is_dir():
        return None
    found: dict[str, Stamp | None] = {}
    for parent, subdirectories, names in os.walk(directory):
        subdirectories.sort()
        for name in names:
            path = os.path.join(parent, name)
            found[os.path.relpath(path, directory).replace(os.sep, "/")] = stamp_of(path)
    return found


@dataclass(frozen=True)
class Snapshot:
    """Every watched entry of one project, stamped. None: the directory (or file) is missing."""

    claims: dict[str, Stamp | None] | None
    seeds: dict[str, Stamp | None] | None
    schema: dict[str, Stamp | None] | None
    docs: dict[str, Stamp | None] | None
    config: Stamp | None

    @classmethod
    def take(cls, root: Path) -> Snapshot:
        return cls(_entries(root / CLAIMS), _entries(root / SEEDS), _tree(root / SCHEMA),
                   _tree(root / DOCS), stamp_of(str(root / CONFIG)))

    def updated(self, root: Path, paths: Iterable[str]) -> Snapshot:
        """This snapshot with the entries that file events named (``paths``, absolute) stamped
        again, the rest kept: what ``take`` gives when the events name every change, in a small
        part of its time at 10,000 claims. (A snapshot taken every few seconds whatever the events
        say makes up for one that is lost.)"""
        names: dict[str, set[str]] = {CLAIMS: set(), SEEDS: set()}
        again: set[str] = set()  # parts read afresh: docs/ and schema/ (small), a directory itself
        config = self.config
        for path in paths:
            parts = os.path.relpath(os.fsdecode(path), root).split(os.sep)
            if parts[0] in names and len(parts) > 1:
                names[parts[0]].add(parts[1])
            elif parts[0] in WATCHED_DIRECTORIES:
                again.add(parts[0])
            elif parts[0] == CONFIG:
                config = stamp_of(str(root / CONFIG))

        def entries(name: str, old: dict[str, Stamp | None] | None) -> dict[str, Stamp | None] | None:
            if old is None or name in again:
                return _entries(root / name)
            if not names[name]:
                return old
            new = dict(old)
            for entry in names[name]:
                path = os.path.join(root, name, entry)
                if os.path.lexists(path):
                    new[entry] = stamp_of(path)
                else:
                    new.pop(entry, None)
            return new

        return Snapshot(entries(CLAIMS, self.claims), entries(SEEDS, self.seeds),
                        _tree(root / SCHEMA) if SCHEMA in again else self.schema,
                        _tree(root / DOCS) if DOCS in again else self.docs, config)


def _changed_names(old: dict[str, Stamp | None] | None, new: dict[str, Stamp | None] | None) -> set[str]:
    if old == new:
        return set()
    old, new = old or {}, new or {}
    return {name for name in old.keys() | new.keys() if old.get(name, False) != new.get(name, False)}


@dataclass
class Changes:
    """What differs between two snapshots: names of entries in claims/ and seeds/, and whether
    anything in schema/, docs/ or mkdocs.yml did. ``everything``: there is no earlier snapshot."""

    claims: set[str] = field(default_factory=set)
    seeds: set[str] = field(default_factory=set)
    schema: bool = False
    docs: bool = False
    config: bool = False
    everything: bool = False

    @classmethod
    def between(cls, old: Snapshot | None, new: Snapshot) -> Changes:
        if old is None:
            return cls(everything=True)
        return cls(claims=_changed_names(old.claims, new.claims), seeds=_changed_names(old.seeds, new.seeds),
                   schema=old.schema != new.schema, docs=old.docs != new.docs, config=old.config != new.config)

    def __bool__(self) -> bool:
        return bool(self.everything or self.claims or self.seeds or self.schema or self.docs or self.config)

    @property
    def shape_of_site(self) -> bool:
        """Whether the change may alter more than the claims' and sources' content: the
        configuration, the hand-written pages, the schema (and with it the verdict scale)."""
        return self.everything or self.schema or self.docs or self.config

    def describe(self) -> str:
        if self.everything:
            return "the whole project"
        parts = [f"{CLAIMS}/{name}" for name in sorted(self.claims)[:3]]
        parts += [f"{SEEDS}/{name}" for name in sorted(self.seeds)[:3]]
        parts += [name for name, changed in ((SCHEMA + "/", self.schema), (DOCS + "/", self.docs),
                                             (CONFIG, self.config)) if changed]
        more = len(self.claims) + len(self.seeds) - min(3, len(self.claims)) - min(3, len(self.seeds))
        return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


class Watcher:
    """Calls ``wake`` whenever a file event under the watched parts of the project arrives, with
    the paths it names (None: look at everything, e.g. a watched directory came or went)."""

    def __init__(self, root: Path, wake: Callable[[set[str] | None], None]) -> None:
        self.root = root
        self.wake = wake
        self._observer: Any = None
        self._watches: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.native = False

    def start(self) -> bool:
        """Start watching; False where the system offers no file events (then only the timer
        of the caller sees changes)."""
        try:
            from watchdog.observers import Observer

            observer = Observer()
            observer.schedule(_Handler(self._root_event), str(self.root), recursive=False)
            observer.start()
        except Exception as exc:  # noqa: BLE001 - no events (no inotify, too many watches): poll
            log.info("factcheck: no file events here (%s); looking for changes every half second", exc)
            return False
        self._observer = observer
        self.native = True
        for name in WATCHED_DIRECTORIES:
            self._arm(name)
        return True

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None

    def _arm(self, name: str) -> None:
        """Watch the directory ``name`` afresh (it was made, replaced or moved in), or stop
        watching it when it is gone."""
        with self._lock:
            if self._observer is None:
                return
            old = self._watches.pop(name, None)
            if old is not None:
                try:
                    self._observer.unschedule(old)
                except (KeyError, ValueError, OSError):
                    pass
            path = self.root / name
            if path.is_dir() and not path.is_symlink():
                try:
                    self._watches[name] = self._observer.schedule(_Handler(self._event), str(path), recursive=True)
                except OSError as exc:  # e.g. the system's limit of watches: the timer still looks
                    log.warning("factcheck: cannot watch %s/ (%s); looking for its changes every few seconds",
                                name, exc)

    def _root_event(self, event: Any) -> None:
        for path in (event.src_path, getattr(event, "dest_path", "") or ""):
            name = os.path.basename(os.fsdecode(path))
            if name in WATCHED:
                if name in WATCHED_DIRECTORIES and event.event_type in ("created", "deleted", "moved"):
                    self._arm(name)
                self.wake(None)

    def _event(self, event: Any) -> None:
        if not (event.is_directory and event.event_type == "modified"):  # its entries' events say more
            self.wake({os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p})


class _Handler:
    """A watchdog event handler that passes on the events that can mean a change."""

    def __init__(self, receive: Callable[[Any], None]) -> None:
        self.receive = receive

    def dispatch(self, event: Any) -> None:
        if event.event_type in CHANGE_EVENTS:
            self.receive(event)
