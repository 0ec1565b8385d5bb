"""Writing files so that a failure never leaves half of one behind."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from journeykit.errors import FormatError


def _new_file_mode() -> int:
    # The umask can only be read by setting it; set it straight back.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary sibling of ``path``, then rename it over ``path``."""
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
