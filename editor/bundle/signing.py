"""Signed manifests: who made a bundle, and whether its manifest is as they signed it.

The export writes `manifest.sig` beside `manifest.json`: the signer's name, Ed25519 public
key and a signature over the exact manifest bytes (bound to the name, see FORMAT.md). The
manifest holds every other file's SHA-256, so a valid signature covers the whole bundle.
Trust is on first use: KnownKeys remembers the fingerprint first seen for each name, and a
different key under a known name is reported loudly. Pure but for KnownKeys' file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from editor.bundle.keys import KeyFileError, KnownKeys, default_signer, load_or_create_key
from editor.bundle.reader import BundleSource, UnsafeBundleError
from editor.export.manifest import MANIFEST_PATH

SIGNATURE_PATH = "manifest.sig"
SIGNATURE_FORMAT = "noticeboard-signature"
SIGNATURE_VERSION = 1
ALGORITHM = "ed25519"
# Signed: this prefix, the signer's name (UTF-8), a NUL, then the manifest bytes. The
# prefix keeps the signature from meaning anything elsewhere; the name is in the signed
# bytes so it cannot be swapped for another one under the same signature.
_DOMAIN = b"noticeboard-signature-v1\0"
_MAX_SIGNATURE_BYTES = 64 * 1024
MAX_SIGNER_LENGTH = 200


class SignatureStatus(StrEnum):
    VALID = "valid"  # a known signer, the key remembered for them, the bytes as signed
    FIRST_USE = "first_use"  # valid, by a name not seen before: now remembered
    INVALID = "invalid"  # the manifest (or the signature file) changed after signing
    KEY_CHANGED = "key_changed"  # valid, but not with the key remembered for that name
    UNSIGNED = "unsigned"  # no manifest.sig
    MALFORMED = "malformed"  # a manifest.sig that cannot be read


@dataclass(frozen=True)
class SignatureCheck:
    """What check_signature found, with a sentence to show the reviewer."""

    status: SignatureStatus
    signer: str | None
    fingerprint: str | None
    message: str
    known_fingerprint: str | None = None  # for KEY_CHANGED: the one remembered before

    @property
    def trusted(self) -> bool:
        """Valid and by the key this name is known by (or a first use, now remembered)."""
        return self.status in (SignatureStatus.VALID, SignatureStatus.FIRST_USE)

    @property
    def alarming(self) -> bool:
        """To be shown as a warning, not as information."""
        return self.status in (
            SignatureStatus.INVALID,
            SignatureStatus.KEY_CHANGED,
            SignatureStatus.MALFORMED,
        )


@dataclass(frozen=True)
class Signature:
    """The parsed contents of manifest.sig."""

    signer: str
    public_key: bytes  # 32 raw bytes
    signature: bytes  # 64 bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


class SignatureFormatError(ValueError):
    """manifest.sig is not as FORMAT.md describes; the message says what is wrong."""


def public_key_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key: bytes) -> str:
    """A key's fingerprint as people compare it: 'SHA256:' and 8 groups of 4 hex digits."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return "SHA256:" + " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def clean_signer(name: str) -> str:
    """The signer's name as it is signed and shown: NFC, one line, no control characters."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if unicodedata.category(c).startswith(("C", "Z")) else c for c in text)
    text = " ".join(text.split())
    if not text:
        raise ValueError("a signature needs the signer's name")
    if len(text) > MAX_SIGNER_LENGTH:
        raise ValueError(f"the signer's name is longer than {MAX_SIGNER_LENGTH} characters")
    return text


def _signed_bytes(signer: str, manifest: bytes) -> bytes:
    return _DOMAIN + signer.encode("utf-8") + b"\0" + manifest


def sign_manifest(manifest: bytes, key: Ed25519PrivateKey, signer: str) -> bytes:
    """The bytes of manifest.sig for `manifest` (the exact bytes of manifest.json)."""
    name = clean_signer(signer)
    signature = Signature(name, public_key_bytes(key), key.sign(_signed_bytes(name, manifest)))
    return _encode(signature)


def sign_as_this_editor(manifest: bytes, signer: str | None = None) -> tuple[bytes, str, str]:
    """(manifest.sig, signer, fingerprint) signed with this editor's own key, made on first
    use; `signer` defaults to the preferences' author, else the login name.

    Raises KeyFileError when the key cannot be read or made, ValueError for a bad name.
    """
    name = clean_signer(signer if signer is not None else default_signer())
    key = load_or_create_key()  # after the name: a bad name makes no key
    return sign_manifest(manifest, key, name), name, fingerprint(public_key_bytes(key))


def _encode(signature: Signature) -> bytes:
    """manifest.sig's bytes: the one way they are written, so no byte can change unseen."""
    record = {
        "format": SIGNATURE_FORMAT,
        "format_version": SIGNATURE_VERSION,
        "algorithm": ALGORITHM,
        "signed_file": MANIFEST_PATH,
        "signer": signature.signer,
        "public_key": base64.b64encode(signature.public_key).decode("ascii"),
        "fingerprint": signature.fingerprint,
        "signature": base64.b64encode(signature.signature).decode("ascii"),
    }
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _base64(record: dict[str, Any], field: str, size: int) -> bytes:
    value = record.get(field)
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size:
        raise SignatureFormatError(f"`{field}` must be {size} bytes in base64")
    return raw


def parse_signature(raw: bytes) -> Signature:
    """manifest.sig read; SignatureFormatError if it is not one."""
    if len(raw) > _MAX_SIGNATURE_BYTES:
        raise SignatureFormatError(f"larger than {_MAX_SIGNATURE_BYTES} bytes")
    try:
        record = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise SignatureFormatError(f"not JSON ({error})") from None
    if not isinstance(record, dict) or record.get("format") != SIGNATURE_FORMAT:
        raise SignatureFormatError("not a Noticeboard signature")
    if record.get("format_version") != SIGNATURE_VERSION or record.get("algorithm") != ALGORITHM:
        raise SignatureFormatError(
            f"signature version {record.get('format_version')!r} with "
            f"{record.get('algorithm')!r} is not supported (this Noticeboard reads "
            f"version {SIGNATURE_VERSION}, {ALGORITHM})"
        )
    signer = record.get("signer")
    if not isinstance(signer, str):
        raise SignatureFormatError("`signer` must be a name")
    try:
        if clean_signer(signer) != signer:
            raise SignatureFormatError("`signer` has control characters or extra spaces")
    except ValueError as error:
        raise SignatureFormatError(str(error)) from None
    if record.get("signed_file") != MANIFEST_PATH:
        raise SignatureFormatError(f"`signed_file` must be {MANIFEST_PATH}")
    signature = Signature(
        signer, _base64(record, "public_key", 32), _base64(record, "signature", 64)
    )
    if record.get("fingerprint") != signature.fingerprint:
        raise SignatureFormatError("`fingerprint` is not the public key's")
    if _encode(signature) != raw:
        raise SignatureFormatError("not byte for byte as Noticeboard writes it")
    return signature


def signature_valid(signature: Signature, manifest: bytes) -> bool:
    """Whether `signature` was made over exactly `manifest` with its own public key."""
    try:
        public = Ed25519PublicKey.from_public_bytes(signature.public_key)
        public.verify(signature.signature, _signed_bytes(signature.signer, manifest))
    except (InvalidSignature, ValueError):
        return False
    return True


def judge(signature: Signature, manifest: bytes, known_keys: KnownKeys) -> SignatureCheck:
    """The verdict on a parsed signature; a valid one by a new name is remembered."""
    name, print_ = signature.signer, signature.fingerprint
    if not signature_valid(signature, manifest):
        return SignatureCheck(
            SignatureStatus.INVALID,
            name,
            print_,
            f"The signature does not match: manifest.json was changed after {name} "
            f"({print_}) signed it, or the signature was not made by that key. "
            "Do not trust this bundle.",
        )
    known = known_keys.get(name)
    if known is None:
        try:
            known_keys.remember(name, print_)
            kept = "the key is remembered from now on"
        except KeyFileError as error:  # a full disk: the check holds, the memory does not
            kept = f"the key could not be remembered ({error})"
        return SignatureCheck(
            SignatureStatus.FIRST_USE,
            name,
            print_,
            f"Signed by {name} ({print_}), valid. This is the first bundle from {name}: "
            f"{kept}. If you can, compare the fingerprint with them.",
        )
    if known != print_:
        return SignatureCheck(
            SignatureStatus.KEY_CHANGED,
            name,
            print_,
            f"WARNING: KEY CHANGED. This bundle is signed as {name} with the key {print_}, "
            f"but {name} signed earlier bundles with {known}. Someone else may be using "
            f"the name; ask {name} before trusting it.",
            known_fingerprint=known,
        )
    return SignatureCheck(
        SignatureStatus.VALID, name, print_, f"Signed by {name} ({print_}), valid."
    )


def check_signature(source: BundleSource, known_keys: KnownKeys) -> SignatureCheck:
    """Who signed the bundle in `source` and whether the signature holds.

    Never raises for a hostile bundle: an unreadable signature is MALFORMED. Only the
    manifest is checked here; that the other files match it is verify_bundle's part.
    """
    names = set(source.names())
    if SIGNATURE_PATH not in names:
        return SignatureCheck(
            SignatureStatus.UNSIGNED,
            None,
            None,
            "Not signed: nothing says who made this bundle.",
        )
    try:
        signature = parse_signature(source.read(SIGNATURE_PATH))
        manifest = source.read(MANIFEST_PATH) if MANIFEST_PATH in names else None
    except SignatureFormatError as error:
        return _malformed(f"{SIGNATURE_PATH} cannot be read: {error}.")
    except (UnsafeBundleError, OSError) as error:
        return _malformed(f"the signature cannot be checked: {error}.")
    if manifest is None:
        return SignatureCheck(
            SignatureStatus.INVALID,
            signature.signer,
            signature.fingerprint,
            f"Signed by {signature.signer} ({signature.fingerprint}), but there is no "
            f"{MANIFEST_PATH} to check it against.",
        )
    return judge(signature, manifest, known_keys)


def _malformed(reason: str) -> SignatureCheck:
    return SignatureCheck(SignatureStatus.MALFORMED, None, None, f"Signature unusable: {reason}")
