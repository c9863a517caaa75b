"""Duplicate keys in a JSON body are refused with a 422 naming the key.

Python's JSON reader, like most, keeps the last of two values for one key; a body such as
``{"quantity": 1, "quantity": 1000}`` would then mean what one reader of it sees and not
another (a proxy or a log reader may keep the first). ``NoDuplicateKeys`` reads a JSON body
once more with a hook that sees every pair, before the route parses it. A body that is not
JSON passes untouched: the route answers it as usual (400).
"""

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem

_WRITES = frozenset({"POST", "PUT", "PATCH"})


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def duplicate_key(body: bytes) -> str | None:
    """The first key that appears twice in one object of JSON `body`, or None (also when
    `body` is not JSON at all)."""
    try:
        json.loads(body, object_pairs_hook=_refuse_duplicates)
    except DuplicateKey as exc:
        return exc.key
    except ValueError:
        return None
    return None


def _is_json(scope: Scope) -> bool:
    """Whether FastAPI reads the body as JSON: a JSON media type, or none at all."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            return bool(media == b"application/json" or media.endswith(b"+json"))
    return True


class NoDuplicateKeys:
    """ASGI middleware: 422 for a JSON request body with a key twice in one object. Place it
    inside BodySizeLimit, so that the body it reads is within the limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITES or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        chunks: list[bytes] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        if (key := duplicate_key(b"".join(chunks))) is not None:
            response = problem(
                422,
                "validation-error",
                "Request validation failed",
                f"{key}: appears more than once in one JSON object",
                errors=[
                    {
                        "field": key,
                        "location": "body",
                        "message": "appears more than once in one JSON object",
                        "type": "duplicate_key",
                    }
                ],
            )
            await response(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
