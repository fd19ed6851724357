"""Passwords (argon2), CSRF tokens, login rate limiting and upload checks."""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from juesuan.core.zipguard import MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_RATIO  # noqa: F401 - shared guard

_hasher = PasswordHasher()

# A hash to verify against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("juesuan-dummy-password")

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
MAX_REPORT_BYTES = 30 * 1024 * 1024
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """A Chinese reason why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少需要 {MIN_PASSWORD} 位"
    if password.isdigit() or password.isalpha():
        return "密码需同时包含字母和数字（或符号）"
    return None


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


class LoginLimiter:
    """Growing delays after failed sign-ins, never a lock-out.

    A key (a client address, or an account name) may fail `free` times; each failure after that
    makes it wait `first` seconds, doubling with every further failure up to `cap`, before its next
    try.  A try during the wait is refused without checking the password and does not count.
    A key's failures are forgotten `forget` seconds after its last one, or when it signs in.
    `clock` is injectable so that tests need not wait.
    """

    MAX_KEYS = 100_000  # beyond this, keys idle the longest are dropped (a flood of made-up names)

    def __init__(self, free: int = 5, first: float = 2.0, cap: float = 900.0, forget: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.first, self.cap, self.forget, self.clock = free, first, cap, forget, clock
        self._keys: dict[str, tuple[int, float, float]] = {}  # key -> (failures, last failure, may try at)
        self._lock = threading.Lock()

    def _get(self, key: str, now: float) -> tuple[int, float, float]:
        rec = self._keys.get(key)
        if rec is not None and now - rec[1] > self.forget:
            del self._keys[key]
            return (0, now, now)
        return rec or (0, now, now)

    def wait(self, *keys: str) -> int:
        """Whole seconds until every key may try again (0: now)."""
        now = self.clock()
        with self._lock:
            until = max((self._get(k, now)[2] for k in keys), default=now)
        return math.ceil(until - now) if until > now else 0

    def delay(self, failures: int) -> float:
        """The wait after the `failures`-th failure in a row."""
        if failures <= self.free:
            return 0.0
        return min(self.cap, self.first * 2 ** min(failures - self.free - 1, 32))

    def failed(self, key: str) -> int:
        """Count a failure of `key`; return its failures in a row."""
        now = self.clock()
        with self._lock:
            n = self._get(key, now)[0] + 1
            self._keys[key] = (n, now, now + self.delay(n))
            if len(self._keys) > self.MAX_KEYS:
                for old in sorted(self._keys, key=lambda k: self._keys[k][1])[: len(self._keys) - self.MAX_KEYS]:
                    del self._keys[old]
        return n

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._keys.pop(k, None)


@dataclass
class UploadError(Exception):
    message: str

    def __str__(self) -> str:
        return self.message


WORKBOOK_TYPES = (".xlsx", ".yaml", ".yml", ".json")
REPORT_TYPES = (".pdf", ".docx", ".txt")


def check_upload(filename: str, data: bytes, allowed: tuple[str, ...], max_bytes: int) -> str:
    """Check an upload's size, type and (for zip containers) its unpacked size; return the suffix.

    The type is decided by the content, not only the name: an .xlsx / .docx must be a zip
    container holding [Content_Types].xml, a .pdf must start with %PDF, text must be UTF-8.
    A zip whose entries would unpack to more than MAX_UNZIPPED_BYTES, has too many entries or
    a suspicious compression ratio (a zip bomb) is refused.  zipfile never reads more than an
    entry's declared size, so checking the declared sizes is enough.
    """
    name = filename or "（未命名文件）"
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in allowed:
        raise UploadError(f"文件“{name}”的类型不受支持：请上传 {'、'.join(allowed)} 文件")
    if not data:
        raise UploadError(f"文件“{name}”是空的")
    if len(data) > max_bytes:
        raise UploadError(f"文件“{name}”太大（{len(data) / 1048576:.1f} MB），上限为 {max_bytes // 1048576} MB")
    if suffix in (".xlsx", ".docx"):
        _check_zip(name, data)
    elif suffix == ".pdf":
        if not data.startswith(b"%PDF-"):
            raise UploadError(f"文件“{name}”不是有效的 PDF 文件")
    else:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadError(f"文件“{name}”不是 UTF-8 编码的文本文件") from None
    return suffix


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an encrypted .xlsx/.docx, or .xls/.doc


def _check_zip(name: str, data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        kind = "工作簿" if name.lower().endswith(".xlsx") else "Word 文档"
        if "EncryptedPackage".encode("utf-16-le") in data[:4 << 20]:
            raise UploadError(f"文件“{name}”设置了打开密码（已加密），无法读取：请去掉密码后另存为 "
                              f"{'.xlsx' if kind == '工作簿' else '.docx'} 再上传")
        raise UploadError(f"文件“{name}”是旧版 Office 格式（.xls 或 .doc），不是{kind}的新格式："
                          f"请在 Office 中“另存为” {'.xlsx' if kind == '工作簿' else '.docx'} 后再上传")
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError(f"文件“{name}”不是有效的 Office 文件（应为 Excel .xlsx 或 Word .docx）")
    from juesuan.core.zipguard import ZipRefused, check_zip  # the guard the CLI's readers use too

    try:
        infos = check_zip(data, name)
    except ZipRefused as exc:
        raise UploadError(str(exc)) from None
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise UploadError(f"文件“{name}”不是有效的 Office 文件")
