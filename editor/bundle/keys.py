"""The editor's Ed25519 signing key and the known signers' fingerprints, on disk.

Both live in the user data folder (`keys/` beside the default workspace, never inside a
workspace, which is shared and backed up); NOTICEBOARD_KEYS_DIR overrides it. The key is
created once, readable by its owner only (mode 0600), and never overwritten.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from editor.paths import data_dir

# cryptography loads when a key is used: the editor's start needs only signer names.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEYS_ENV = "NOTICEBOARD_KEYS_DIR"
KEY_FILE = "signing-key.pem"
KNOWN_KEYS_FILE = "known-keys.json"
_MAX_KNOWN_KEYS_BYTES = 4 * 1024 * 1024


class KeyFileError(OSError):
    """The key or the known-keys file cannot be read or written; the message says why."""


def keys_dir() -> Path:
    """Where the signing key and the known keys are kept; NOTICEBOARD_KEYS_DIR overrides."""
    override = os.environ.get(KEYS_ENV)
    return Path(override).expanduser() if override else data_dir() / "keys"


def load_or_create_key(directory: Path | None = None) -> Ed25519PrivateKey:
    """This editor's signing key, made on first use. An existing file is never replaced."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    folder = directory or keys_dir()
    path = folder / KEY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: if two exports race, one makes the key and the other reads it.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError as error:
        raise KeyFileError(f"cannot make a signing key in {folder} ({error.strerror})") from None
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        path.unlink(missing_ok=True)  # our own half-written file, not a key anyone holds
        raise KeyFileError(f"cannot write the signing key {path} ({error.strerror})") from None
    return key


def _read_key(path: Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        pem = path.read_bytes()
    except OSError as error:
        raise KeyFileError(f"cannot read the signing key {path} ({error.strerror})") from None
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise KeyFileError(
            f"the signing key {path} cannot be read ({error}); it is left as it is"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"the signing key {path} is not an Ed25519 key; it is left as it is")
    return key


_O_BINARY = getattr(os, "O_BINARY", 0)


def signer_key(name: str) -> str:
    """How signer names are compared: NFC, case-folded, spaces collapsed ('Ana' is 'ana ')."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class KnownKeys:
    """Signer name -> key fingerprint, trusted on first use.

    With a path, the mapping is read from that JSON file and every `remember` rewrites it
    atomically; with None it lives in memory only (tests, a one-off check).
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._keys: dict[str, tuple[str, str]] = {}  # signer_key -> (name as given, fingerprint)
        if path is not None:
            self._load(path)

    @classmethod
    def default(cls) -> KnownKeys:
        return cls(keys_dir() / KNOWN_KEYS_FILE)

    def _load(self, path: Path) -> None:
        try:
            if path.stat().st_size > _MAX_KNOWN_KEYS_BYTES:
                raise KeyFileError(f"the known-keys file {path} is too large")
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return
        except OSError as error:
            raise KeyFileError(f"cannot read {path} ({error.strerror})") from None
        except ValueError as error:
            raise KeyFileError(f"the known-keys file {path} is not JSON ({error})") from None
        signers = data.get("signers") if isinstance(data, dict) else None
        if not isinstance(signers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in signers.items()
        ):
            raise KeyFileError(f"the known-keys file {path} does not map names to fingerprints")
        for name, fingerprint in signers.items():
            self._keys[signer_key(name)] = (name, fingerprint)

    def get(self, name: str) -> str | None:
        """The fingerprint remembered for `name`, or None for a signer not seen before."""
        known = self._keys.get(signer_key(name))
        return known[1] if known else None

    def names(self) -> dict[str, str]:
        """Every known signer (as first seen) and its fingerprint."""
        return {name: fingerprint for name, fingerprint in self._keys.values()}

    def remember(self, name: str, fingerprint: str) -> None:
        """Trust `fingerprint` for `name` from now on (a first use, or the user accepting a
        new key); written to disk at once when the mapping has a file."""
        self._keys[signer_key(name)] = (name, fingerprint)
        if self._path is not None:
            self._save(self._path)

    def _save(self, path: Path) -> None:
        body = json.dumps({"signers": self.names()}, ensure_ascii=False, indent=2, sort_keys=True)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".known-keys-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(body + "\n")
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise KeyFileError(f"cannot write {path} ({error.strerror})") from None


def default_signer() -> str:
    """The name exports are signed with: the author in the preferences, else the login."""
    from editor.preferences import load_preferences

    author = load_preferences().author.strip()
    if author:
        return author
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (a container, say)
        return "Noticeboard editor"
