"""Files: checked names, atomic writes, and writes to file objects.

A path is written to a temporary sibling and renamed over the target, so a
failure never leaves half of a file behind. A file object (``io.BytesIO``,
``sys.stdout.buffer``, an open file) is the caller's own: it is written to,
never closed.

A symbolic link is written through, as editors do: the file it points to is
replaced and the link stays. The temporary sibling is a hidden file,
``.NAME.XXXXXXXX.journeykit-tmp``, locked by its writer while it lives; a
write killed half-way (SIGKILL, a power cut) leaves it behind, and the next
write of the same file removes it, since no writer holds its lock any more.
(Where there is no ``fcntl``, on Windows, such a leftover stays.)
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from journeykit.errors import FormatError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["checked_path", "is_file_object", "write_atomic", "write_file", "write_to"]


def _shown(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def checked_path(value: Any, argument: str = "path") -> Path:
    """``value`` (a ``str`` or ``os.PathLike``) as a Path that a file could have.

    Raises
    ------
    FormatError
        ``value`` is not a path, or no file can have that name (a NUL
        character, or characters the file system's encoding cannot write).
    """
    try:
        name = os.fspath(value)
    except TypeError:
        raise FormatError(
            f"{argument} must be a path (a str or os.PathLike), not {type(value).__name__}"
        ) from None
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError as exc:
        raise FormatError(
            f"{argument} {_shown(name)}: no file can have this name: "
            f"{exc.object[exc.start : exc.end]!r} cannot be written in the file "
            f"system's encoding ({exc.encoding})"
        ) from None
    if b"\0" in raw:
        raise FormatError(
            f"{argument} {_shown(name)}: no file can have this name: it holds a NUL character"
        )
    return Path(os.fsdecode(raw))


def is_file_object(value: object) -> bool:
    """Whether ``value`` can be written to: it has a ``write`` method."""
    return callable(getattr(value, "write", None))


def _new_file_mode() -> int:
    # The umask can only be read by setting it; set it straight back.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


_TEMP_SUFFIX = ".journeykit-tmp"
_TEMP_MIDDLE = re.compile(r"[a-z0-9_]{8}")  # what tempfile puts between prefix and suffix
_MAX_LINKS = 40  # as Linux's limit on symbolic links in a row


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary sibling of ``path``, then rename it over ``path``.

    Through a symbolic link to the file it points to; see the module's notes.
    """
    path = checked_path(path)
    try:
        target = _through_links(path)
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = _new_file_mode()
        _remove_stale_temporaries(target)
        fd, tmp = _locked_temporary(target)
    except OSError as exc:
        raise FormatError(
            f"cannot write the file: {exc.strerror or exc}", source=str(path)
        ) from None
    # The file stays open, and so locked, until it has taken the target's place.
    with os.fdopen(fd, "wb") as out:
        try:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise FormatError(
                    f"cannot write the file: {exc.strerror or exc}", source=str(path)
                ) from None
            raise


def _through_links(path: Path) -> Path:
    """The file that writing ``path`` replaces: where its symbolic links lead."""
    for _ in range(_MAX_LINKS):
        if not path.is_symlink():
            return path
        link = Path(os.readlink(path))
        path = link if link.is_absolute() else path.parent / link
    raise OSError(errno.ELOOP, "too many levels of symbolic links (a loop?)")


def _locked_temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target``, open and locked: (its descriptor, its path)."""
    while True:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=_TEMP_SUFFIX
        )
        if fcntl is None:
            return fd, tmp
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: write unlocked, as without fcntl
            return fd, tmp
        # Another write's sweep may have taken it between its making and its locking.
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(fd), os.lstat(tmp)):
                return fd, tmp
        os.close(fd)


def _remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files of earlier writes of ``target`` that no writer holds."""
    if fcntl is None:
        return
    prefix = f".{target.name}."
    try:
        entries = [
            entry.path
            for entry in os.scandir(target.parent)
            if entry.name.startswith(prefix)
            and entry.name.endswith(_TEMP_SUFFIX)
            and _TEMP_MIDDLE.fullmatch(entry.name[len(prefix) : -len(_TEMP_SUFFIX)])
        ]
    except OSError:
        return
    for name in entries:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its writer lives
            if os.path.samestat(os.fstat(fd), os.lstat(name)):
                os.unlink(name)
        except OSError:
            pass
        finally:
            os.close(fd)


def _takes_text(file: Any) -> bool | None:
    """Whether ``file`` takes ``str`` (True), ``bytes`` (False), or cannot be told (None)."""
    if isinstance(file, io.TextIOBase):
        return True
    if isinstance(file, io.BufferedIOBase | io.RawIOBase):
        return False
    mode = getattr(file, "mode", None)
    if isinstance(mode, str) and mode:
        return "b" not in mode
    return None


def _name_of(file: Any) -> str:
    name = getattr(file, "name", None)
    return name if isinstance(name, str) else f"the {type(file).__name__}"


def write_to(file: Any, content: str | bytes, *, what: str = "the output") -> None:
    """Write ``content`` to the file object ``file``, which stays open.

    Text (``str``) goes to a text file as it is and to a binary one as
    UTF-8; ``bytes`` only to a binary file. ``what`` names the content in
    the message when a binary content meets a text file ("the PNG").

    Raises
    ------
    FormatError
        ``file`` is a text file and ``content`` bytes, or writing failed
        (a closed file, one opened for reading, a full disk).
    """
    text = _takes_text(file)
    if text and isinstance(content, bytes):
        raise FormatError(
            f"{what} is binary but {_name_of(file)} is a text file; "
            "open it in binary mode ('wb') or pass an io.BytesIO"
        )
    try:
        if text is None:
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                file.write(data)
            except TypeError:
                if isinstance(content, bytes):
                    raise
                file.write(content)  # a text-only writer after all
        elif text:
            file.write(content)
        else:
            file.write(content.encode("utf-8") if isinstance(content, str) else content)
    except (OSError, ValueError, TypeError) as exc:
        # io.UnsupportedOperation (opened for reading) is both an OSError and a ValueError.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FormatError(f"cannot write to {_name_of(file)}: {reason}") from None


def write_file(
    target: Any, content: str | bytes, *, argument: str = "file", what: str = "the output"
) -> None:
    """Write ``content`` to a path (atomically, text as UTF-8) or to a file object.

    Raises
    ------
    FormatError
        ``target`` is neither, or writing failed; see :func:`write_to`.
    """
    if is_file_object(target):
        write_to(target, content, what=what)
        return
    if not isinstance(target, str | os.PathLike):
        raise FormatError(
            f"{argument} must be a path or a file object opened for writing, "
            f"not {type(target).__name__}"
        )
    data = content.encode("utf-8") if isinstance(content, str) else content
    write_atomic(checked_path(target, argument), data)
