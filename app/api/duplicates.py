"""Merging duplicate UMKM records and deleting records (soft delete, kept in the audit)."""

from fastapi import APIRouter, Response, status

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath
from app.db import SessionDep
from app.schemas.base import Schema
from app.schemas.types import Id
from app.security import CurrentPrincipal, Role, require
from app.services import duplicates as service
from app.services import umkm as umkm_service

router = APIRouter(responses=PROBLEM_RESPONSES)
STAFF = require(Role.STAFF)


class UmkmMerge(Schema):
    duplicate_id: Id


@router.post(
    "/umkm/{umkm_id}/merge",
    tags=["umkm"],
    response_model=schemas.UmkmRead,
    dependencies=[STAFF],
    summary="Merge a duplicate into this UMKM: its products, capacity, certificates and "
    "accounts move here; the duplicate is deleted",
)
def merge_umkm(
    session: SessionDep, principal: CurrentPrincipal, umkm_id: IdPath, body: UmkmMerge
) -> object:
    kept = service.merge_umkm(
        session=session, keep_id=umkm_id, duplicate_id=body.duplicate_id, principal=principal
    )
    return umkm_service.umkm_view(principal, kept)


@router.delete(
    "/umkm/{umkm_id}",
    tags=["umkm"],
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[STAFF],
    summary="Delete an UMKM that has no products and no deals (kept in the audit trail)",
)
def delete_umkm(session: SessionDep, principal: CurrentPrincipal, umkm_id: IdPath) -> Response:
    service.delete_umkm(session=session, umkm_id=umkm_id, principal=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/buyer-requests/{request_id}",
    tags=["buyer requests"],
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[STAFF],
    summary="Delete a buyer request that has no deals (kept in the audit trail)",
)
def delete_request(
    session: SessionDep, principal: CurrentPrincipal, request_id: IdPath
) -> Response:
    service.delete_request(session=session, request_id=request_id, principal=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/products/{product_id}",
    tags=["products"],
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[STAFF],
    summary="Delete a product that no deal names (kept in the audit trail; leaves matching)",
)
def delete_product(
    session: SessionDep, principal: CurrentPrincipal, product_id: IdPath
) -> Response:
    service.delete_product(session=session, product_id=product_id, principal=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
