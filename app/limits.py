"""Refuse request bodies over the configured size with 413, before anything reads them."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem


class BodySizeLimit:
    """ASGI middleware: checks Content-Length up front; a body without one (chunked) is read
    here first, counting its bytes, and refused as soon as it passes the limit.

    Counting while the route reads would not do: FastAPI turns any error raised while it reads
    the body into a 400 "error parsing the body". A body within the limit is at most
    ``max_bytes`` in memory, and is handed on unchanged.
    """

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, uploads: tuple[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # (path, limit): spreadsheet uploads are larger than any JSON body
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.max_bytes
        if self.uploads is not None and scope["path"] == self.uploads[0]:
            max_bytes = self.uploads[1]
        headers = scope["headers"]
        length = next((value for name, value in headers if name == b"content-length"), None)
        if length is not None:
            if not length.isdigit() or int(length) > max_bytes:
                await self._refuse(scope, receive, send, max_bytes)
                return
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # the client went away: let the app see it
            received += len(message.get("body", b""))
            if received > max_bytes:
                await self._refuse(scope, receive, send, max_bytes)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        response = problem(
            413,
            "content-too-large",
            "Content too large",
            f"the request body is larger than {max_bytes} bytes",
        )
        await response(scope, receive, send)
