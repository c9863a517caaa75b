"""Request and response models (pydantic v2), one module per resource; the constrained
types that refuse bad input at the edge are in `types`, the base classes and `Page` in
`base`. Every public name is re-exported here: `from app import schemas; schemas.X`."""

from app.schemas.accounts import (
    AccountCreate as AccountCreate,
)
from app.schemas.accounts import (
    AccountCreated as AccountCreated,
)
from app.schemas.accounts import (
    AccountRead as AccountRead,
)
from app.schemas.accounts import (
    AccountRole as AccountRole,
)
from app.schemas.accounts import (
    ApiKeyCreate as ApiKeyCreate,
)
from app.schemas.accounts import (
    ApiKeyCreated as ApiKeyCreated,
)
from app.schemas.accounts import (
    ApiKeyRead as ApiKeyRead,
)
from app.schemas.accounts import (
    AuditEventRead as AuditEventRead,
)
from app.schemas.base import (
    Page as Page,
)
from app.schemas.base import (
    ReadSchema as ReadSchema,
)
from app.schemas.base import (
    Schema as Schema,
)
from app.schemas.base import (
    UpdateSchema as UpdateSchema,
)
from app.schemas.buyers import (
    BuyerCreate as BuyerCreate,
)
from app.schemas.buyers import (
    BuyerRead as BuyerRead,
)
from app.schemas.buyers import (
    BuyerRequestCreate as BuyerRequestCreate,
)
from app.schemas.buyers import (
    BuyerRequestRead as BuyerRequestRead,
)
from app.schemas.buyers import (
    BuyerRequestUpdate as BuyerRequestUpdate,
)
from app.schemas.buyers import (
    BuyerUpdate as BuyerUpdate,
)
from app.schemas.buyers import (
    DemandFields as DemandFields,
)
from app.schemas.capacity import (
    CapacityBulkSet as CapacityBulkSet,
)
from app.schemas.capacity import (
    CapacityMonthSet as CapacityMonthSet,
)
from app.schemas.capacity import (
    CapacityRead as CapacityRead,
)
from app.schemas.capacity import (
    CapacityRevisionRead as CapacityRevisionRead,
)
from app.schemas.capacity import (
    CapacitySet as CapacitySet,
)
from app.schemas.certificates import (
    CertificateCreate as CertificateCreate,
)
from app.schemas.certificates import (
    CertificateRead as CertificateRead,
)
from app.schemas.certificates import (
    CertificateUpdate as CertificateUpdate,
)
from app.schemas.consortia import (
    ConsortiumAllocation as ConsortiumAllocation,
)
from app.schemas.consortia import (
    ConsortiumList as ConsortiumList,
)
from app.schemas.consortia import (
    ConsortiumMemberRead as ConsortiumMemberRead,
)
from app.schemas.consortia import (
    ConsortiumMonth as ConsortiumMonth,
)
from app.schemas.consortia import (
    ConsortiumRead as ConsortiumRead,
)
from app.schemas.matching import (
    DemandRead as DemandRead,
)
from app.schemas.matching import (
    MatchComponentsRead as MatchComponentsRead,
)
from app.schemas.matching import (
    MatchDemand as MatchDemand,
)
from app.schemas.matching import (
    MatchFlagRead as MatchFlagRead,
)
from app.schemas.matching import (
    MatchList as MatchList,
)
from app.schemas.matching import (
    MatchRead as MatchRead,
)
from app.schemas.matching import (
    MonthSupplyRead as MonthSupplyRead,
)
from app.schemas.matching import (
    OpportunityList as OpportunityList,
)
from app.schemas.matching import (
    OpportunityRead as OpportunityRead,
)
from app.schemas.products import (
    ProductCreate as ProductCreate,
)
from app.schemas.products import (
    ProductRead as ProductRead,
)
from app.schemas.products import (
    ProductUpdate as ProductUpdate,
)
from app.schemas.reports import (
    PlanItem as PlanItem,
)
from app.schemas.reports import (
    ReadinessRead as ReadinessRead,
)
from app.schemas.reports import (
    SupplyGapGroup as SupplyGapGroup,
)
from app.schemas.reports import (
    SupplyGapMonth as SupplyGapMonth,
)
from app.schemas.reports import (
    SupplyGapReport as SupplyGapReport,
)
from app.schemas.types import (
    Certifications as Certifications,
)
from app.schemas.types import (
    CertificationType as CertificationType,
)
from app.schemas.types import (
    CountryCode as CountryCode,
)
from app.schemas.types import (
    CurrencyCode as CurrencyCode,
)
from app.schemas.types import (
    Day as Day,
)
from app.schemas.types import (
    DecimalLimits as DecimalLimits,
)
from app.schemas.types import (
    DecimalOut as DecimalOut,
)
from app.schemas.types import (
    HsCode as HsCode,
)
from app.schemas.types import (
    Id as Id,
)
from app.schemas.types import (
    Incoterm as Incoterm,
)
from app.schemas.types import (
    JsonDecimal as JsonDecimal,
)
from app.schemas.types import (
    JsonNumber as JsonNumber,
)
from app.schemas.types import (
    Language as Language,
)
from app.schemas.types import (
    LongText as LongText,
)
from app.schemas.types import (
    Month as Month,
)
from app.schemas.types import (
    Name as Name,
)
from app.schemas.types import (
    Nib as Nib,
)
from app.schemas.types import (
    NonNegativeQuantity as NonNegativeQuantity,
)
from app.schemas.types import (
    Phone as Phone,
)
from app.schemas.types import (
    Price as Price,
)
from app.schemas.types import (
    ProvinceCode as ProvinceCode,
)
from app.schemas.types import (
    Quantity as Quantity,
)
from app.schemas.types import (
    RegencyCode as RegencyCode,
)
from app.schemas.types import (
    RequestStatus as RequestStatus,
)
from app.schemas.types import (
    ShortText as ShortText,
)
from app.schemas.types import (
    Unit as Unit,
)
from app.schemas.types import (
    UnitWeight as UnitWeight,
)
from app.schemas.types import (
    month_label as month_label,
)
from app.schemas.types import (
    parse_month as parse_month,
)
from app.schemas.umkm import (
    UmkmCreate as UmkmCreate,
)
from app.schemas.umkm import (
    UmkmPublicRead as UmkmPublicRead,
)
from app.schemas.umkm import (
    UmkmRead as UmkmRead,
)
from app.schemas.umkm import (
    UmkmUpdate as UmkmUpdate,
)
