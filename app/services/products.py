"""Products of an UMKM."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import schemas
from app.errors import Forbidden, NotFound, Unprocessable
from app.models import Capacity, Product, Umkm
from app.months import month_label
from app.principal import Principal, check_umkm_access, sees_private_fields
from app.services import audit, product_filter
from app.services.common import get_or_404, page
from app.services.umkm import get_umkm
from app.units import GramOverflow, UnitError, is_counted, largest_unit_weight, to_grams


def _check_unit_weight(unit: str, unit_weight_kg: object) -> None:
    if unit_weight_kg is not None and not is_counted(unit):
        raise Unprocessable(
            "unit_weight_kg", f"applies only to counted units (pcs, pack, box, carton), not {unit}"
        )


def create_product(
    *, session: Session, umkm_id: int, data: schemas.ProductCreate, principal: Principal
) -> Product:
    get_umkm(session=session, umkm_id=umkm_id)
    _check_unit_weight(data.unit, data.unit_weight_kg)
    product = Product(umkm_id=umkm_id, **data.model_dump())
    session.add(product)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="product",
        resource_id=product.id,
        changes=audit.created(product, ("umkm_id", *type(data).model_fields)),
    )
    return product


def get_product(*, session: Session, product_id: int, for_update: bool = False) -> Product:
    return get_or_404(session, Product, product_id, "product", for_update=for_update)


def product_for(
    *,
    session: Session,
    principal: Principal,
    product_id: int,
    write: bool,
    private: bool = False,
    for_update: bool = False,
) -> Product:
    """The product, if `principal` may see it (404 if not, as if it did not exist), and its
    capacity figures when `private` (403 if not)."""
    product = get_product(session=session, product_id=product_id, for_update=for_update)
    check_umkm_access(
        principal, product.umkm_id, write=write, hidden_as=NotFound("product", product_id)
    )
    if private and not sees_private_fields(principal, product.umkm_id):
        raise Forbidden("capacity figures are for dinas staff and the UMKM itself")
    return product


def update_product(
    *, session: Session, product_id: int, data: schemas.ProductUpdate, principal: Principal
) -> Product:
    product = get_product(session=session, product_id=product_id, for_update=True)

    def then(changed: audit.Changes) -> None:
        _check_unit_weight(product.unit, product.unit_weight_kg)
        if changed:
            product.supply_changed_at = datetime.now(UTC)
        if "unit_weight_kg" in changed:
            _recompute_counted_capacity(session, product)

    audit.update(
        session,
        principal=principal,
        row=product,
        resource="product",
        resource_id=product.id,
        changes=data.model_dump(exclude_unset=True),
        then=then,
    )
    return product


def _recompute_counted_capacity(session: Session, product: Product) -> None:
    """Counted capacity figures are stored in kg through the unit weight: recompute them."""
    for capacity in session.scalars(select(Capacity).where(Capacity.product_id == product.id)):
        if is_counted(capacity.unit):
            try:
                capacity.quantity_g = to_grams(
                    capacity.quantity, capacity.unit, product.unit_weight_kg
                )
            except GramOverflow:
                raise Unprocessable(
                    "unit_weight_kg",
                    f"makes the capacity figure of {capacity.quantity} {capacity.unit} "
                    f"({month_label(capacity.month)}) too heavy to store; the largest accepted "
                    f"unit weight is {largest_unit_weight(capacity.quantity)} kg",
                ) from None
            except UnitError:
                capacity.quantity_g = None


def list_products(
    *,
    session: Session,
    limit: int,
    offset: int,
    umkm_id: int | None = None,
    hs_code: str | None = None,
    product: str | None = None,
    province: str | None = None,
) -> schemas.Page[schemas.ProductRead]:
    """A page of products and how many match; with `umkm_id`, that UMKM's (404 if none)."""
    statement = select(Product).order_by(Product.id)
    if umkm_id is not None:
        get_umkm(session=session, umkm_id=umkm_id)
        statement = statement.where(Product.umkm_id == umkm_id)
    if hs_code:
        statement = statement.where(Product.hs_code.startswith(hs_code))
    if province:
        statement = statement.join(Umkm).where(Umkm.province_code == province)
    if not product:
        return page(session, statement, schemas.ProductRead, limit=limit, offset=offset)
    # what matching finds (product_filter): the database narrows, Python judges
    candidates = session.execute(
        statement.with_only_columns(Product.id, Product.name, Product.hs_code).where(
            product_filter.name_condition(
                product, Product.name, Product.hs_code, dialect=session.get_bind().dialect.name
            )
        )
    ).all()
    ids = [int(row[0]) for row in product_filter.passing(product, candidates)]
    shown = ids[offset : offset + limit]
    rows = {row.id: row for row in session.scalars(select(Product).where(Product.id.in_(shown)))}
    return schemas.Page[schemas.ProductRead].of(
        [schemas.ProductRead.model_validate(rows[i]) for i in shown if i in rows],
        total=len(ids),
        limit=limit,
        offset=offset,
    )
