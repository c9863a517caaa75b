"""Monthly capacity of a product and its revisions."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from app.schemas.base import Schema
from app.schemas.types import DecimalOut, Month, NonNegativeQuantity, Unit


class CapacitySet(Schema):
    quantity: NonNegativeQuantity = Field(description="what the product can supply that month")
    unit: Unit | None = Field(default=None, description="defaults to the product's unit")


class CapacityMonthSet(CapacitySet):
    month: Month


class CapacityBulkSet(Schema):
    items: Annotated[list[CapacityMonthSet], Field(min_length=1, max_length=120)]

    @model_validator(mode="after")
    def _months_unique(self) -> "CapacityBulkSet":
        months = [item.month for item in self.items]
        if len(set(months)) != len(months):
            raise ValueError("items name the same month more than once")
        return self


class CapacityRead(BaseModel):
    product_id: int
    month: Month
    quantity: DecimalOut
    unit: str
    quantity_kg: DecimalOut | None = Field(
        description="null when the unit is counted and the product's unit weight is unknown"
    )
    revision: int
    updated_at: datetime
    updated_by: str


class CapacityRevisionRead(BaseModel):
    product_id: int
    month: Month
    revision: int
    quantity: DecimalOut
    unit: str
    quantity_kg: DecimalOut | None
    recorded_at: datetime
    recorded_by: str
    audit_event_id: int | None = Field(description="the audit event of this change")
    current: bool
