"""The backup password: a key derived with scrypt, files sealed with AES-GCM in chunks.

A sealed file is ``MDBK1`` + an 8-byte random prefix, then chunks of at most ``CHUNK`` bytes,
each ``length (4 bytes) + AES-GCM(ciphertext + tag)``. A chunk's nonce is the prefix and its
index; its associated data says its index and whether it is the last, so chunks cannot be
dropped, reordered or the file cut short without the check failing.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..errors import DeskError

MAGIC = b"MDBK1"
CHUNK = 4 * 1024 * 1024
_KEY_CHECK = b"mediation-desk backup key"


class WrongPassword(DeskError):
    """The password does not open this backup."""

    def __init__(self) -> None:
        super().__init__("备份密码不正确，无法打开这份备份。请输入设置备份时使用的密码。")


class BackupDamaged(DeskError):
    """A backup's file was changed or is incomplete."""


@dataclass(frozen=True, slots=True)
class KdfParams:
    salt: bytes
    n: int = 2**15
    r: int = 8
    p: int = 1

    def as_json(self) -> dict[str, object]:
        return {"salt": self.salt.hex(), "n": self.n, "r": self.r, "p": self.p}

    @staticmethod
    def from_json(data: dict[str, object]) -> KdfParams:
        return KdfParams(
            bytes.fromhex(str(data["salt"])),
            int(str(data["n"])),
            int(str(data["r"])),
            int(str(data["p"])),
        )


class Sealer:
    """Seals and opens files with the key derived from the backup password."""

    def __init__(self, password: str, params: KdfParams) -> None:
        if not password:
            raise DeskError("备份密码不能为空。")
        self.params = params
        key = Scrypt(salt=params.salt, length=32, n=params.n, r=params.r, p=params.p).derive(
            password.encode("utf-8")
        )
        self._aead = AESGCM(key)
        #: Names the object store of this key (another password: another store).
        self.store_id = hmac.new(key, b"object store", hashlib.sha256).hexdigest()[:16]

    def key_check(self) -> str:
        nonce = os.urandom(12)
        return (nonce + self._aead.encrypt(nonce, _KEY_CHECK, b"key-check")).hex()

    def verify_key(self, token: str) -> None:
        raw = bytes.fromhex(token)
        try:
            ok = self._aead.decrypt(raw[:12], raw[12:], b"key-check") == _KEY_CHECK
        except InvalidTag:
            ok = False
        if not ok:
            raise WrongPassword()

    def seal_bytes(self, data: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, aad)

    def open_bytes(self, data: bytes, aad: bytes, *, what: str) -> bytes:
        try:
            return self._aead.decrypt(data[:12], data[12:], aad)
        except InvalidTag:
            raise BackupDamaged(f"备份中的{what}已被改动或损坏，无法通过校验。") from None

    def seal_stream(self, source: BinaryIO, target: BinaryIO) -> None:
        prefix = os.urandom(8)
        target.write(MAGIC + prefix)
        index = 0
        chunk = source.read(CHUNK)
        while True:
            following = source.read(CHUNK) if chunk else b""
            last = not following
            sealed = self._aead.encrypt(_nonce(prefix, index), chunk, _aad(index, last))
            target.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                return
            chunk, index = following, index + 1

    def open_stream(self, source: BinaryIO, *, what: str) -> Iterator[bytes]:
        """The plain chunks of a sealed file; ``BackupDamaged`` if any was changed."""
        head = source.read(len(MAGIC) + 8)
        if head[: len(MAGIC)] != MAGIC or len(head) != len(MAGIC) + 8:
            raise BackupDamaged(f"备份中的{what}不是有效的加密文件。")
        prefix = head[len(MAGIC) :]
        index = 0
        while True:
            size_raw = source.read(4)
            if len(size_raw) != 4:
                raise BackupDamaged(f"备份中的{what}不完整。")
            sealed = source.read(struct.unpack(">I", size_raw)[0])
            after = source.read(1)
            last = not after
            try:
                yield self._aead.decrypt(_nonce(prefix, index), sealed, _aad(index, last))
            except InvalidTag:
                raise BackupDamaged(f"备份中的{what}已被改动或损坏，无法通过校验。") from None
            if last:
                return
            source.seek(-1, os.SEEK_CUR)
            index += 1


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">I?", index, last)
