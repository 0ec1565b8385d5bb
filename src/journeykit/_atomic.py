"""Files: checked names, atomic writes, and writes to file objects.

A path is written to a temporary sibling and renamed over the target, so a
failure never leaves half of a file behind. A file object (``io.BytesIO``,
``sys.stdout.buffer``, an open file) is the caller's own: it is written to,
never closed.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from journeykit.errors import FormatError

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


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary sibling of ``path``, then rename it over ``path``."""
    path = checked_path(path)
    directory = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _new_file_mode()
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise FormatError(
            f"cannot write the file: {exc.strerror or exc}", source=str(path)
        ) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise FormatError(
                f"cannot write the file: {exc.strerror or exc}", source=str(path)
            ) from None
        raise


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
