"""TinyDB tables keyed by our own string ids, and the documents that go in them."""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table


class IdTable(Table):
    """A TinyDB table keyed by our own string ids (UUIDs), never by counters."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> Any:
        raise TypeError("Noticeboard documents always carry their own id")


class Database(TinyDB):
    table_class = IdTable


def doc(data: dict[str, Any], doc_id: str) -> Document:
    return Document(data, doc_id=doc_id)  # type: ignore[arg-type]  # string ids, see IdTable
