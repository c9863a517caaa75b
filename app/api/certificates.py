"""Certificates of an UMKM or of one of its products."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath, Limit, Offset
from app.conditional import IfMatch, check_if_match, guarded_write, row_etag, set_etag
from app.db import SessionDep
from app.security import CurrentPrincipal, check_umkm_access
from app.services import certificates as certificate_service

router = APIRouter(responses=PROBLEM_RESPONSES)


@router.post(
    "/umkm/{umkm_id}/certificates",
    tags=["certificates"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.CertificateRead,
)
def create_certificate(
    session: SessionDep,
    principal: CurrentPrincipal,
    umkm_id: IdPath,
    body: schemas.CertificateCreate,
) -> object:
    check_umkm_access(principal, umkm_id, write=True)
    return certificate_service.create_certificate(
        session=session, umkm_id=umkm_id, data=body, principal=principal
    )


@router.get(
    "/umkm/{umkm_id}/certificates",
    tags=["certificates"],
    response_model=schemas.Page[schemas.CertificateRead],
)
def list_certificates(
    session: SessionDep,
    principal: CurrentPrincipal,
    umkm_id: IdPath,
    limit: Limit = 50,
    offset: Offset = 0,
    product_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    type: schemas.CertificationType | None = None,
) -> object:
    check_umkm_access(principal, umkm_id, write=False)
    found = certificate_service.list_certificates(
        session=session,
        umkm_id=umkm_id,
        limit=limit,
        offset=offset,
        product_id=product_id,
        type=type,
    )
    found.items = [certificate_service.shown_to(principal, c) for c in found.items]
    return found


@router.get(
    "/certificates/{certificate_id}", tags=["certificates"], response_model=schemas.CertificateRead
)
def get_certificate(
    session: SessionDep, principal: CurrentPrincipal, response: Response, certificate_id: IdPath
) -> object:
    certificate = certificate_service.certificate_for(
        session=session, principal=principal, certificate_id=certificate_id, write=False
    )
    set_etag(response, row_etag("certificate", certificate))
    return certificate_service.shown_to(principal, certificate)


@router.patch(
    "/certificates/{certificate_id}", tags=["certificates"], response_model=schemas.CertificateRead
)
def update_certificate(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    certificate_id: IdPath,
    body: schemas.CertificateUpdate,
    if_match: IfMatch = None,
) -> object:
    return guarded_write(
        response,
        if_match,
        "certificate",
        lambda: certificate_service.certificate_for(
            session=session,
            principal=principal,
            certificate_id=certificate_id,
            write=True,
            for_update=True,
        ),
        lambda: certificate_service.update_certificate(
            session=session, certificate_id=certificate_id, data=body, principal=principal
        ),
    )


@router.delete(
    "/certificates/{certificate_id}", tags=["certificates"], status_code=status.HTTP_204_NO_CONTENT
)
def delete_certificate(
    session: SessionDep,
    principal: CurrentPrincipal,
    certificate_id: IdPath,
    if_match: IfMatch = None,
) -> None:
    certificate = certificate_service.certificate_for(
        session=session,
        principal=principal,
        certificate_id=certificate_id,
        write=True,
        for_update=True,
    )
    check_if_match(if_match, row_etag("certificate", certificate))
    certificate_service.delete_certificate(
        session=session, certificate_id=certificate_id, principal=principal
    )
