"""Files users hand us and files we hand back: text decoding and atomic writes.

Nothing a user has is ever half-overwritten: every output is written to a temporary file beside
its destination and renamed over it only when complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def decode_first(data: bytes, encodings: tuple[str, ...]) -> str | None:
    """The text in the first of `encodings` that decodes the bytes; None when none does."""
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or GB18030 text, as Chinese offices save; None when neither decodes."""
    return decode_first(data, ("utf-8-sig", "gb18030"))


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


def overwrite_problem(target: Path, inputs: list[Path], ours: Callable[[Path], bool], force: bool = False,
                      option: str | None = "--force") -> str | None:
    """Why writing `target` would lose data (a Chinese message), or None when it may be written.

    Never over an input (not even with --force); never over a folder; over an existing file only
    when juesuan wrote it (`ours`) or with `force`.
    """
    if target.exists() and any(_same(target, p) for p in inputs):
        return f"不能把输出写到输入文件 {target} 上（原文件保持不变），请另起一个文件名"
    if target.is_dir():
        return f"{target} 是一个文件夹，不能作为输出文件，请写出文件名"
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"输出文件 {target} 所在的 {parent} 是一个文件，不是文件夹"
            break
    if target.exists() and not force and not ours(target):
        return (f"文件 {target} 已存在，且不是 juesuan 生成的文件；为免覆盖，未写出任何文件。"
                + (f"请另起一个文件名、先移走它，或加 {option} 覆盖" if option else "请另起一个文件名或先移走它"))
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


_OS_ERRORS = {
    "EACCES": "没有权限读写", "EPERM": "没有权限读写", "EROFS": "所在的磁盘或文件夹是只读的，无法写入",
    "ENOSPC": "磁盘空间不足，无法写入", "EDQUOT": "磁盘配额已满，无法写入", "ENAMETOOLONG": "文件名太长",
    "ENOTDIR": "路径中有一段是文件而不是文件夹", "EISDIR": "这是一个文件夹，不是文件",
    "ENOENT": "文件或文件夹不存在", "EEXIST": "已存在同名的文件", "EIO": "读写出错（磁盘或网络盘故障）",
}


def os_error_message(exc: OSError, path: Path | str | None = None) -> str:
    """A Chinese sentence for a file-system error, naming `path` (else the error's own file name)."""
    import errno

    where = path if path is not None else exc.filename
    code = errno.errorcode.get(exc.errno or 0, "")
    what = _OS_ERRORS.get(code) or f"无法读写（{exc.strerror or type(exc).__name__}）"
    return f"{where}：{what}" if where is not None else what
