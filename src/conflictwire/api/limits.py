"""Refuse a write before reading its body: a pure ASGI middleware, so an unauthenticated upload
of any size (Content-Length or chunked) costs the server nothing but its headers.

The body size limit itself is FastAPI's ``max_body_size`` (Starlette's RequestBodyLimit
middleware), which counts the bytes as they arrive, chunked or not, and answers 413 at the limit.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

Refusal = Callable[[str | None], tuple[int, str] | None]


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, else None."""
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def same_token(a: str | None, b: str | None) -> bool:
    """Both given and equal (compared in constant time)."""
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())  # type: ignore[union-attr]


class WriteGuard:
    """For the (method, path) pairs in ``paths``, ask ``refuse(authorization header)`` first:
    a (status, detail) answer is sent at once, without reading the request body."""

    def __init__(self, app: ASGIApp, paths: set[tuple[str, str]], refuse: Refusal) -> None:
        self.app = app
        self.paths = paths
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (scope["method"], scope["path"]) in self.paths:
            refusal = self.refuse(Headers(scope=scope).get("authorization"))
            if refusal is not None:
                status, detail = refusal
                headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
                await JSONResponse({"detail": detail}, status, headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)
