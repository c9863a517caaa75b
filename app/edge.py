"""ASGI middleware at the edge of the app: HEAD on GET routes, a 500 that keeps the
connection open, and CORS refusals as problem details.

``HeadAsGet`` serves ``HEAD`` like ``GET`` without the body (RFC 9110, 9.3.2): FastAPI routes
declare GET only, so HEAD would otherwise be 405. The headers, Content-Length included, are
those GET would send.

``ServerErrorAsProblem`` turns an exception no handler took into a 500 problem detail and logs
its traceback once. Starlette's own ``ServerErrorMiddleware`` answers too but then raises the
exception again, so uvicorn logs the traceback a second time and closes the connection.

``CorsMiddleware`` is Starlette's, with a refused preflight (an origin, method or header that
is not allowed) answered as a 400 problem detail rather than plain text.
"""

import logging

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem

__all__ = ["CorsMiddleware", "HeadAsGet", "ServerErrorAsProblem"]

logger = logging.getLogger("app.errors")
# What the router and FastAPI leave in the scope, for the access log's route template.
ROUTE_KEYS = ("route", "endpoint", "path_params", "fastapi")


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        inner = {**scope, "method": "GET"}

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(inner, receive, send_without_body)
        finally:
            for key in ROUTE_KEYS:
                if key in inner:
                    scope.setdefault(key, inner[key])


class ServerErrorAsProblem:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if started:
                return  # the response is half sent: the server ends it and the connection
            response = problem(
                500,
                "internal-error",
                "Internal server error",
                "the service failed on this request; nothing it was asked to write was kept",
            )
            await response(scope, receive, send)


class CorsMiddleware(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        refused = problem(
            400,
            "cors-preflight-refused",
            "CORS preflight refused",
            bytes(response.body).decode().replace("Disallowed CORS", "not allowed by CORS:"),
        )
        refused.headers["Vary"] = "Origin"
        return refused
