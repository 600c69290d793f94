"""The one way the desk reads its input files and writes the files it changes.

A pull request is untrusted input: a claim or a source may be a symbolic link to a secret of the
build machine (``/proc/self/environ``, ``.git/config`` with the checkout's token), a named pipe
that never ends, a device that never stops, or simply too large. Every input file of the project
(claims, sources, schema and policy files, ``mkdocs.yml``) is therefore read here, by one rule:

- only a **regular file** is read, never a symbolic link (even one to a file of the repository:
  what a link publishes is not what reviewers see in the pull request), a folder, a pipe, a
  device or a socket; the file is opened without following a link and without blocking, and its
  type is checked on the open file, so nothing can be swapped in between;
- every folder on its way has its real path **inside the repository**; ``claims/``, ``seeds/``
  and ``schema/`` themselves are folders, not links;
- it is read with a **bounded** read: at most ``limit`` bytes (1 MiB a claim or a configuration
  file, 10 MiB a source), whatever size the file claims to have.

Anything else is an ``Unreadable`` with a reason a fact-checker can act on. Paths are shown
relative to the project root; a path outside it is shown as the user gave it, never as an
absolute path of the machine.

Writes go through ``write_atomically``: the new content in a temporary file beside the target,
flushed to disk, then renamed over it, so a reader (or a crash) sees the old file or the new one,
never half of one, and no temporary file is ever left behind.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

KIB, MIB = 1024, 1024 * 1024
CLAIM_LIMIT = 1 * MIB
SOURCE_LIMIT = 10 * MIB
CONFIG_LIMIT = 1 * MIB

_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))


class Unreadable(Exception):
    """A file the desk will not or cannot read; ``reason`` says why, for the analyst."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WriteFailed(Exception):
    """A file could not be written; ``reason`` says why. The target is as it was."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def printable(text: str) -> str:
    """``text`` without lone surrogates: a file name that is not UTF-8 shows its bad bytes as
    ``\\xNN``, so every report is valid UTF-8 whatever a file is called."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def size_text(n: int) -> str:
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    if n >= KIB:
        return f"{n / KIB:.0f} KiB"
    return f"{n} bytes"


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISLNK(mode):
        return "it is a symbolic link: only regular files inside the repository are read"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a regular file"
    return "it is not a regular file"


def _os_reason(exc: OSError, path: str) -> str:
    if exc.errno == errno.ELOOP:
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return "it is a symbolic link: only regular files inside the repository are read"
        except OSError:
            pass
        return "a folder on its path is a symbolic link that loops"
    if exc.errno == errno.ENOENT:
        return "it does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "it is a folder, not a file"
    if exc.errno == errno.ENOTDIR:
        return "a part of its path is a file, not a folder"
    if exc.errno == errno.ENAMETOOLONG:
        return "its name is too long"
    return exc.strerror or type(exc).__name__


class ProjectFiles:
    """The files of one repository, read and shown by the rule in this module's docstring."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self._root_text = str(self.root)
        self._root_prefix = self._root_text.rstrip(os.sep) + os.sep

    # -- where a path is, and how it is shown -------------------------------------------------

    def _is_inside(self, real: str) -> bool:
        return real == self._root_text or real.startswith(self._root_prefix)

    def inside(self, path: Path | str) -> bool:
        """Whether ``path``'s folder, with every link resolved, is inside the repository."""
        absolute = os.path.abspath(path)
        return self._is_inside(os.path.realpath(os.path.dirname(absolute)))

    def relative(self, path: Path | str) -> str | None:
        """``path`` relative to the root with '/', or None when it is not inside it."""
        absolute = os.path.abspath(path)
        if not self._is_inside(absolute):
            real = os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))
            if not self._is_inside(real):
                return None
            absolute = real
        if absolute == self._root_text:
            return "."
        return Path(absolute[len(self._root_prefix):]).as_posix()

    def shown(self, path: Path | str) -> str:
        """How a path appears in any message: relative to the root; outside it, as given."""
        relative = self.relative(path)
        if relative is not None:
            return printable(relative)
        given = os.fspath(path)
        return printable(given) if not os.path.isabs(given) else "a path outside the repository"

    def scrub(self, text: str) -> str:
        """A third party's message (MkDocs, the system) with the root's absolute path taken out."""
        return printable(text.replace(self._root_prefix, "").replace(self._root_text, "."))

    # -- folders ------------------------------------------------------------------------------

    def folder(self, name: str) -> Path | None:
        """The project's folder ``name`` (claims, seeds, schema), or None when it does not exist.

        Raises Unreadable when it exists but is not a plain folder of the repository.
        """
        path = self.root / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise Unreadable(_os_reason(exc, str(path))) from exc
        if stat.S_ISLNK(mode):
            raise Unreadable("it is a symbolic link; it must be a folder inside the repository")
        if not stat.S_ISDIR(mode):
            raise Unreadable("it is not a folder")
        return path

    # -- reading -------------------------------------------------------------------------------

    def read(self, path: Path | str, limit: int, what: str = "a file", *,
             listed: bool = False) -> bytes:
        """The bytes of ``path``, a regular file of the repository of at most ``limit`` bytes.

        ``listed``: the path comes from listing a folder already checked with ``folder()``, so
        only the file itself is left to check (saves resolving the folder once per file).
        """
        name = os.fspath(path)
        if not listed and not self.inside(name):
            raise Unreadable("it is outside the repository: only files inside it are read")
        try:
            fd = os.open(name, _READ_FLAGS)
        except OSError as exc:
            raise Unreadable(_os_reason(exc, name)) from exc
        try:
            info = os.fstat(fd)
            kind = _kind(info.st_mode)
            if kind is not None:
                raise Unreadable(kind)
            if info.st_size > limit:
                raise Unreadable(f"it is {size_text(info.st_size)}; {what} may be at most {size_text(limit)}")
            chunks: list[bytes] = []
            left = limit + 1  # one byte more than allowed tells a file that grew past the limit
            while left > 0:
                chunk = os.read(fd, min(left, 1 * MIB))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            if left <= 0:
                raise Unreadable(f"it is larger than {size_text(limit)}, the most {what} may be")
            return b"".join(chunks)
        except OSError as exc:
            raise Unreadable(_os_reason(exc, name)) from exc
        finally:
            os.close(fd)

    def refusal(self, path: Path | str) -> str | None:
        """Why the file at ``path`` would not be read (a link, not a regular file, outside the
        repository), or None: the same rule as ``read``, for files another program reads (the
        pages MkDocs reads from docs/)."""
        name = os.fspath(path)
        if not self.inside(name):
            return "it is outside the repository: only files inside it are read"
        try:
            return _kind(os.lstat(name).st_mode)
        except OSError as exc:
            return _os_reason(exc, name)

    def read_if_present(self, path: Path | str, limit: int, what: str = "a file") -> bytes | None:
        """``read``, or None when the file does not exist at all (an optional file)."""
        try:
            os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError:
            pass  # read() says why
        return self.read(path, limit, what)


def write_atomically(path: Path, data: bytes, *, overwrite: bool = True, mode: int | None = None) -> None:
    """Replace (or, with ``overwrite=False``, create) ``path`` with ``data`` in one step.

    Readers see the old file or the new one, never half; on any failure (a read-only folder, a
    full disk, a folder where the file should be) the target is as it was, the temporary file is
    removed, and WriteFailed says why. The new file keeps the old one's permissions, else
    ``mode`` (default 0644, less the umask).
    """
    directory = path.parent
    if overwrite:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise WriteFailed(_os_reason(exc, str(path))) from exc
        if info is not None:
            kind = _kind(info.st_mode)
            if kind is not None:
                raise WriteFailed(kind)
            mode = stat.S_IMODE(info.st_mode)
    if mode is None:
        umask = _umask()
        mode = 0o644 & ~umask if umask is not None else 0o644
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the target appeared meanwhile: never overwrites
        _fsync_directory(directory)
    except FileExistsError as exc:
        raise WriteFailed("it already exists; not overwriting it") from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            reason = "no space left on the disk"
        elif exc.errno == errno.EROFS:
            reason = "the folder is on a read-only file system"
        elif exc.errno in (errno.EACCES, errno.EPERM):
            reason = "permission denied (is the folder read-only?)"
        else:
            reason = _os_reason(exc, str(path))
        raise WriteFailed(reason) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass  # renamed into place, or never made


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (a crash right after keeps the new file)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


def _umask() -> int | None:
    """This process's umask, read without changing it (os.umask would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return None
