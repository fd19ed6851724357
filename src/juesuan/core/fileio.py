"""Files users hand us and files we hand back: text decoding and atomic writes.

Nothing a user has is ever half-overwritten: every output is written to a temporary file beside
its destination and renamed over it only when complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or GB18030 text, as Chinese offices save; None when neither decodes."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def write_atomically(path: Path | str, write: Callable[[str], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path`.

    On any error the temporary file is removed and `path` is left as it was.  The file gets the
    usual permissions (0666 minus the umask), not mkstemp's 0600.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path | str, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_atomically(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
