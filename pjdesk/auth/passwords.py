"""Passwords kept as a salted, memory-hard hash (hashlib.scrypt), never in clear; compared in constant
time. The parameters are stored with each hash, so stronger ones later still verify old passwords."""

from __future__ import annotations

import hashlib
import hmac
import os

from ..errors import ValidationError

# n=2**14, r=8, p=1: 16 MB and about 50 ms per hash (OWASP's minimum for scrypt)
N, R, P = 2 ** 14, 8, 1
KEY_BYTES = 32
PASSWORD_MIN = 4       # an office PC: short, but not empty (the demo's password is “demo”)
PASSWORD_MAX = 128


def params_text(n: int = N, r: int = R, p: int = P) -> str:
    return f"scrypt:n={n},r={r},p={p}"


def _params(text: str) -> tuple[int, int, int]:
    kind, _, rest = text.partition(":")
    if kind != "scrypt":
        raise ValueError(text)
    values = dict(part.split("=") for part in rest.split(","))
    return int(values["n"]), int(values["r"]), int(values["p"])


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=KEY_BYTES)


def hash_password(password: str) -> tuple[bytes, bytes, str]:
    """(hash, salt, params) of a new password; a fresh 16-byte salt each time."""
    salt = os.urandom(16)
    return _derive(password, salt, N, R, P), salt, params_text()


def verify(password: str, digest: bytes, salt: bytes, params: str) -> bool:
    """Whether ``password`` matches; the comparison takes the same time wherever they differ."""
    if not isinstance(password, str) or len(password) > PASSWORD_MAX:
        return False
    return hmac.compare_digest(_derive(password, bytes(salt), *_params(params)), bytes(digest))


def password_errors(password, field: str = "password") -> list[ValidationError]:
    """What is wrong with a new password (for a dialog's inline message and the service)."""
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        return [ValidationError(field, f"密码至少{PASSWORD_MIN}个字符")]
    if len(password) > PASSWORD_MAX:
        return [ValidationError(field, f"密码最多{PASSWORD_MAX}个字符")]
    if password != password.strip():
        return [ValidationError(field, "密码开头和结尾不能是空格")]
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        return [ValidationError(field, "密码不能含控制字符")]
    return []


def confirm_errors(password, again, field: str = "password_again") -> list[ValidationError]:
    """The second typing of a new password must equal the first."""
    return [] if password == again else [ValidationError(field, "两次输入的密码不一致")]
