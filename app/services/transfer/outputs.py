"""Files the transfer services write: checked before any work, complete or absent.

A file is written under no name at all where the system allows it (Linux's O_TMPFILE) and
linked in place only when complete, so even a process killed midway leaves nothing behind;
elsewhere it goes to a hidden temporary name in the same folder, removed on any failure, and
renamed over the target atomically.
"""

from __future__ import annotations

import errno
import glob
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from app.errors import KnownError
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)


class OutputFileError(KnownError):
    """An output file cannot be written where asked; the message names it and says why."""


def cannot_write(path: Path, exc: OSError) -> OutputFileError:
    """The one line for a failed write: permission, a full disk, a folder, or the system's words."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputFileError(Text(QT_TRANSLATE_NOOP(
            "Services", "{file}: cannot be written (permission denied, a read-only place, or the file is open "
                        "in another program)"), file=str(path)))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: cannot be written: the disk is full"),
                                    file=str(path)))
    if exc.errno == errno.EISDIR:
        return OutputFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: is a folder; give a file name"),
                                    file=str(path)))
    return OutputFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: cannot be written ({reason})"),
                                file=str(path), reason=exc.strerror or str(exc)))


def check_output(path: str | Path, *, not_same_as: str | Path | None = None) -> Path:
    """The target as a Path once it is known that a file can be written there; OutputFileError otherwise.

    Checked before any work starts, so nothing is imported or computed for a file that cannot be saved."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise OutputFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: is a folder; give a file name"),
                                   file=str(path)))
    if not path.parent.is_dir():
        raise OutputFileError(Text(QT_TRANSLATE_NOOP("Services", "{folder}: the folder does not exist"),
                                   folder=str(path.parent)))
    if not_same_as is not None and _same_file(path, Path(not_same_as)):
        raise OutputFileError(Text(QT_TRANSLATE_NOOP(
            "Services", "{file}: is the file being imported; choose another name"), file=str(path)))
    if path.exists() and not os.access(path, os.W_OK):
        raise cannot_write(path, PermissionError(errno.EACCES, "permission denied"))
    try:
        with _temporary(path) as (handle, _name):
            handle.write(b"")
    except OSError as exc:
        raise cannot_write(path, exc) from None
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


@contextmanager
def atomic_output(path: str | Path, *, text: bool = False, encoding: str = "utf-8", newline: str = "") -> Iterator[IO[Any]]:
    """A handle whose content appears at `path` only when the block ends without an exception.

    The old file (if any) stays intact until then; OSError becomes OutputFileError."""
    path = Path(path)
    try:
        with _temporary(path) as (raw, publish):
            if text:
                with open(raw.fileno(), "w", encoding=encoding, newline=newline, closefd=False) as handle:
                    yield handle
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
            publish()
    except OSError as exc:
        raise cannot_write(path, exc) from None


@contextmanager
def _temporary(path: Path) -> Iterator[tuple[IO[bytes], Any]]:
    """(binary handle, publish()) for a file nobody sees until publish() puts it at `path`."""
    folder = path.parent
    _sweep(path)
    anonymous = _anonymous(folder)
    if anonymous is not None:
        handle = os.fdopen(anonymous, "w+b")
        with handle:
            yield handle, lambda: _link(handle, path)
        return
    name = folder / f".{path.name}.{os.getpid()}.partial"
    fd = os.open(name, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o666)
    published = False

    def publish() -> None:
        nonlocal published
        os.replace(name, path)
        published = True

    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle, publish
    finally:
        if not published:
            with suppress(OSError):
                name.unlink()


def _sweep(path: Path) -> None:
    """Remove the partial files a killed process left for this target (POSIX: their process is gone)."""
    if os.name != "posix":
        return
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.partial"):
        pid = leftover.name[len(path.name) + 2:-len(".partial")]
        if pid.isdigit() and not _running(int(pid)):
            with suppress(OSError):
                leftover.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _anonymous(folder: Path) -> int | None:
    """A file without a name in `folder` (Linux), or None where the system or file system has none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # a file system without O_TMPFILE (or an old kernel): use a named temporary file
        raise


def _link(handle: IO[bytes], path: Path) -> None:
    """Give the anonymous file its name: link it beside the target, then rename over the target atomically."""
    handle.flush()
    name = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with suppress(FileNotFoundError):
        name.unlink()
    try:
        os.link(f"/proc/self/fd/{handle.fileno()}", name, follow_symlinks=True)
    except OSError:  # no /proc: copy the content out under the temporary name instead
        handle.seek(0)
        with open(name, "xb") as copy:
            while block := handle.read(1 << 20):
                copy.write(block)
            copy.flush()
            os.fsync(copy.fileno())
    try:
        os.replace(name, path)
    except BaseException:
        with suppress(OSError):
            name.unlink()
        raise
