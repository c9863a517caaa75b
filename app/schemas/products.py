"""Products of an UMKM."""

from datetime import datetime

from pydantic import Field, StrictInt

from app.schemas.base import ReadSchema, Schema, UpdateSchema
from app.schemas.types import DecimalOut, HsCode, LongText, Name, Unit, UnitWeight


class ProductCreate(Schema):
    name: Name
    description: LongText | None = None
    hs_code: HsCode | None = None
    unit: Unit = "kg"
    unit_weight_kg: UnitWeight | None = Field(
        default=None, description="net weight of one unit in kg, for pcs, pack, box, carton"
    )
    shelf_life_days: StrictInt | None = Field(default=None, ge=1, le=3650)


class ProductUpdate(UpdateSchema):
    not_nullable = ("name", "unit")

    name: Name | None = None
    description: LongText | None = None
    hs_code: HsCode | None = None
    unit: Unit | None = None
    unit_weight_kg: UnitWeight | None = None
    shelf_life_days: StrictInt | None = Field(default=None, ge=1, le=3650)


class ProductRead(ReadSchema):
    id: int
    umkm_id: int
    name: str
    description: str | None
    hs_code: str | None
    unit: str
    unit_weight_kg: DecimalOut | None
    shelf_life_days: int | None
    created_at: datetime
    updated_at: datetime
