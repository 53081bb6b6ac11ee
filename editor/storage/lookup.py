"""Finding items by id, id prefix or slug, with clear errors when a reference is ambiguous."""

from __future__ import annotations

from typing import Protocol, TypeVar
from uuid import UUID

from editor.domain.items import Kind
from editor.storage.workspace_errors import AmbiguousIdError, AmbiguousSlugError


class Findable(Protocol):
    @property
    def id(self) -> object: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def language(self) -> str: ...
    @property
    def slug(self) -> str: ...


F = TypeVar("F", bound=Findable)


def describe_candidates(items: list[F]) -> list[str]:
    ordered = sorted(items, key=lambda i: str(i.id))
    return [f"{i.id} ({i.kind}, {i.language}, {i.slug})" for i in ordered]


def find_in(pool: list[F], ref: str) -> F | None:
    """The one entry of `pool` that `ref` names (id, slug, 8+ character id prefix), or None."""
    ref = ref.strip()
    key = index_key(ref)
    if key is not None:
        for item in pool:
            if str(item.id) == key:
                return item
    # Slugs are lowercase, so 'One' names the item whose slug is 'one'.
    by_slug = [item for item in pool if item.slug == ref.lower()]
    if len(by_slug) == 1:
        return by_slug[0]
    if len(by_slug) > 1:
        raise AmbiguousSlugError(ref, describe_candidates(by_slug))
    if len(ref) >= 8:
        by_prefix = [item for item in pool if str(item.id).startswith(ref.lower())]
        if len(by_prefix) == 1:
            return by_prefix[0]
        if len(by_prefix) > 1:
            raise AmbiguousIdError(ref, describe_candidates(by_prefix))
    return None


def index_key(value: UUID | str) -> str | None:
    """The index key of an id given as a UUID or as text in any case; None if not an id."""
    if isinstance(value, UUID):
        return str(value)
    try:
        return str(UUID(value))
    except ValueError:
        return None
