"""The version of an item last agreed on with an import: the next import's common version."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class SyncBase(BaseModel):
    """The version of an item last agreed on with an import: the next import's common version.

    `sha256` is its content_hash. When it came from a bundle, `workspace_id` and `revision`
    say which workspace's revision it was: that workspace's later revisions of the item
    descend from it (a workspace's history of an item is a line).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    workspace_id: str = Field(default="", max_length=100)
    revision: int = Field(default=0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _from_hash(cls, data: Any) -> Any:
        # A Markdown file's front matter says only the hash.
        return {"sha256": data} if isinstance(data, str) else data
