"""Base classes of the request and response models, and the one page of a list."""

from collections.abc import Sequence
from typing import ClassVar, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReadSchema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UpdateSchema(Schema):
    """All fields optional; a field the table needs may be left out but not set to null."""

    not_nullable: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> "UpdateSchema":
        for name in self.not_nullable:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} may be left out but not set to null")
        return self


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list. Make it with ``Page[XRead].of(rows, ...)``."""

    model_config = ConfigDict(from_attributes=True)

    items: list[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(
        cls,
        items: Sequence[object],
        *,
        total: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Self:
        """The page holding `items` (ORM rows or models) of `total` rows from `offset`;
        without `total` and `limit`, the whole list in one page."""
        count = len(items)
        return cls.model_validate(
            {
                "items": items,
                "total": count if total is None else total,
                "limit": count if limit is None else limit,
                "offset": offset,
            },
            from_attributes=True,
        )
