"""Bounds on what a client can make the server hold: connections, request size and read time.

The query workers (:mod:`ijgraph.server.pool`) bound what a *query* costs; this
module bounds what a *connection* costs, before any query exists:

* :class:`GuardedH11Protocol` (uvicorn's HTTP/1.1 protocol, extended): at most
  ``max_connections`` open connections (more are closed at once, so the server
  never runs out of file descriptors); every request's headers *and* body must
  arrive within ``read_timeout`` seconds of the connection opening or of the
  previous response (a slowloris client dripping bytes is cut off); a request
  line and headers longer than the buffer get ``414``/``431`` instead of a reset;
* :class:`LimitsMiddleware` (ASGI): ``414`` for a URL over ``max_url_bytes``,
  ``413`` for a body over ``max_body_bytes`` (announced or streamed);
* :class:`RateLimitedLog`: a log message repeated many times a second (say, a
  flood of malformed requests) is written a few times, then summarised.

``ijgraph serve`` sets these from its options (see ``SECURITY.md``).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from ijgraph.sparql.lexer import DEFAULT_MAX_DEPTH, DEFAULT_MAX_QUERY_BYTES

__all__ = [
    "GuardedH11Protocol",
    "Limits",
    "LimitsMiddleware",
    "RateLimitedLog",
    "make_server",
    "protocol_for",
]


@dataclass(frozen=True)
class Limits:
    """Every bound of the endpoint, with ``ijgraph serve``'s defaults."""

    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES  # --max-query-bytes
    max_depth: int = DEFAULT_MAX_DEPTH  # --max-depth
    read_timeout: float = 10.0  # --read-timeout: headers and body of one request
    keep_alive: float = 5.0  # --keep-alive: an idle connection is closed after it
    max_connections: int = 512  # --max-connections
    slow_workers: int = 1  # --slow-workers: long queries run at once
    fast_budget: float = 0.25  # --fast-lane-seconds

    @property
    def max_body_bytes(self) -> int:
        """A form-encoded query may triple in size (``%XX``), plus the other fields."""
        return 3 * self.max_query_bytes + 16_384

    @property
    def max_url_bytes(self) -> int:
        return 3 * self.max_query_bytes + 16_384

    @property
    def max_header_bytes(self) -> int:
        """h11's buffer for the request line and headers: the URL plus 64 KB of headers."""
        return self.max_url_bytes + 65_536


def _plain(status: int, reason: str, message: str) -> bytes:
    body = (message + "\n").encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a connection cap and a deadline for reading requests.

    Subclassed per server by :func:`protocol_for`, which sets :attr:`limits`.
    """

    limits = Limits()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._draining = False
        if len(self.connections) > self.limits.max_connections:
            transport.write(_plain(503, "Service Unavailable", "too many open connections"))
            transport.close()
            return
        self._arm()

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(self.limits.read_timeout, self._expire)

    def _expire(self) -> None:
        """The request was not read in time: close, unless it is being answered."""
        if self.transport.is_closing():
            return
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            if self.cycle is not None and not self.cycle.response_complete:
                self.cycle.disconnected = True
                self.cycle.message_event.set()
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return  # after a 414/431: read and drop, so the client sees the answer
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        # h11 gives up on a request line + headers longer than its buffer: say so.
        buffered = len(getattr(self.conn, "_receive_buffer", b""))
        if buffered <= self.limits.max_header_bytes:
            super().send_400_response(msg)
            return
        self.transport.write(
            _plain(
                414,
                "URI Too Long",
                f"the request line and headers are over {self.limits.max_header_bytes} bytes; "
                f"URLs may have at most {self.limits.max_url_bytes} bytes "
                "(POST long queries as application/sparql-query)",
            )
        )
        self._draining = True
        self.loop.call_later(1.0, self.transport.close)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()  # type: ignore[union-attr]
        super().connection_lost(exc)


def protocol_for(limits: Limits) -> type[GuardedH11Protocol]:
    """A :class:`GuardedH11Protocol` class bound to ``limits`` (uvicorn's ``http=``)."""
    return type("BoundedH11Protocol", (GuardedH11Protocol,), {"limits": limits})


class LimitsMiddleware:
    """414 for a long URL, 413 for a large body: before a route reads anything."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url = len(scope.get("raw_path", b"")) + len(scope.get("query_string", b""))
        if url > self.limits.max_url_bytes:
            await _refuse(
                send,
                414,
                f"the URL is over {self.limits.max_url_bytes} bytes; "
                "POST long queries as application/sparql-query",
            )
            return
        headers = dict(scope.get("headers", []))
        limit = self.limits.max_body_bytes
        try:
            announced = int(headers.get(b"content-length", b"0"))
        except ValueError:
            await _refuse(send, 400, "the Content-Length header is not a number")
            return
        if announced > limit:
            await _refuse(send, 413, f"the request body is over {limit} bytes")
            return
        # Read the body here (it is small: at most the limit), so a route never meets a
        # body it did not expect; a streamed body is cut off at the limit.
        chunks: list[bytes] = []
        received = 0
        more = scope["method"] not in ("GET", "HEAD")
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await _refuse(send, 413, f"the request body is over {limit} bytes")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RateLimitedLog(logging.Filter):
    """Let a message through at most ``burst`` times per ``period`` seconds, then say how
    many were dropped: a flood of bad requests cannot fill the disk with logs."""

    def __init__(self, burst: int = 10, period: float = 10.0) -> None:
        super().__init__()
        self.burst, self.period = burst, period
        self._seen: dict[Any, list[float]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, record.msg)
        now = time.monotonic()
        entry = self._seen.setdefault(key, [now, 0, 0])  # window start, count, dropped
        if now - entry[0] > self.period:
            dropped = int(entry[2])
            self._seen[key] = entry = [now, 0, 0]
            if dropped:
                record.msg = f"{record.msg} (and {dropped} more like it in {self.period:g} s)"
        entry[1] += 1
        if entry[1] > self.burst:
            entry[2] += 1
            return False
        if len(self._seen) > 1000:
            self._seen.clear()
        return True


def make_server(
    app: ASGIApp,
    limits: Limits,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
) -> Any:
    """A ``uvicorn.Server`` for ``app`` that applies ``limits``, with rate-limited logs."""
    import uvicorn

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http=protocol_for(limits),
        timeout_keep_alive=math.ceil(limits.keep_alive),
        limit_concurrency=limits.max_connections,
        h11_max_incomplete_event_size=limits.max_header_bytes,
        backlog=min(2048, limits.max_connections),
    )
    flood = RateLimitedLog()
    for name in ("uvicorn.error", "uvicorn.access", "asyncio"):
        logging.getLogger(name).addFilter(flood)
    return uvicorn.Server(config)
