"""Passwords (argon2), CSRF tokens, login rate limiting and upload checks."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
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
    """At most `limit` failed logins per key (client address, and user name) in `window` seconds."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def retry_after(self, *keys: str) -> int:
        """Seconds until a key may try again (0 when not blocked)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for k in keys:
                q = self._recent(k, now)
                if len(q) >= self.limit:
                    wait = max(wait, self.window - (now - q[0]))
        return int(wait) + (1 if wait else 0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)


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


def _check_zip(name: str, data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError(f"文件“{name}”不是有效的 Office 文件（应为 Excel .xlsx 或 Word .docx）")
    from juesuan.core.zipguard import ZipRefused, check_zip  # the guard the CLI's readers use too

    try:
        infos = check_zip(data, name)
    except ZipRefused as exc:
        raise UploadError(str(exc)) from None
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise UploadError(f"文件“{name}”不是有效的 Office 文件")
