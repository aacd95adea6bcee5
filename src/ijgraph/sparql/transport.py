"""HTTP plumbing for talking to other SPARQL servers: deadlines, authentication, refusals.

Why a module of its own: httpx's timeouts bound each *read*, not a request, so a
server dripping one byte a second never times out; :func:`within` runs a call
in a daemon thread and gives up at a total deadline whatever the server does.
:class:`ChallengeAuth` answers the server's own challenge (``Basic`` for Oxigraph
or Fuseki, ``Digest`` for Virtuoso's ``/sparql-graph-crud-auth``) and never sends
a password before the server asked for one. :func:`check` turns refusals and
redirects into :class:`RemoteError` messages naming the status and the reason.

>>> Deadline(None).remaining(30.0)
30.0
>>> 0 < Deadline(5).remaining(30.0) <= 5
True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from typing import TypeVar

import httpx

from ijgraph.errors import IjgraphError

__all__ = ["ChallengeAuth", "Deadline", "RemoteError", "RemoteTimeout", "check", "within"]

T = TypeVar("T")


class RemoteError(IjgraphError):
    """The server could not be reached or refused a request (message says which and why)."""


class RemoteTimeout(RemoteError):
    """The total deadline passed before the server finished answering."""


class Deadline:
    """A point in time after which a run gives up (None: no overall limit)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._end = None if seconds is None else time.monotonic() + seconds

    def remaining(self, cap: float) -> float:
        """Seconds left, at most ``cap``; raises RemoteTimeout when none are left."""
        if self._end is None:
            return cap
        left = self._end - time.monotonic()
        if left <= 0:
            raise RemoteTimeout(f"gave up after the total timeout of {self.seconds:g} s")
        return min(cap, left)


def within(seconds: float, call: Callable[[], T], what: str) -> T:
    """``call()``, or RemoteTimeout once ``seconds`` have passed (the call is abandoned).

    The call runs in a daemon thread, so a server that never finishes cannot keep
    the process alive either.
    """
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as err:  # handed to the caller's thread
            box["error"] = err

    thread = threading.Thread(target=run, name="ijgraph-remote", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise RemoteTimeout(f"{what}: no complete answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def check(response: httpx.Response, what: str) -> None:
    """Raise RemoteError for an HTTP error or a redirect (which is reported, not followed)."""
    status = response.status_code
    if 300 <= status < 400:
        target = response.headers.get("location", "(no Location header)")
        raise RemoteError(
            f"{what}: the server redirected (HTTP {status} {response.reason_phrase}) to "
            f"{target}; redirects are not followed: use that URL if you trust it"
        )
    if status >= 400:
        body = response.text.strip().replace("\n", " ")[:300]
        raise RemoteError(f"{what}: HTTP {status} {response.reason_phrase}: {body}")


class ChallengeAuth(httpx.Auth):
    """Credentials sent only in answer to the server's challenge, Basic or Digest.

    The first request goes without credentials; a ``401`` says which scheme the
    server wants, and every later request uses it straight away.
    """

    requires_request_body = True

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None
        self._lock = threading.Lock()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        with self._lock:
            scheme = self._scheme
        if scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        offered = [
            h.split(" ", 1)[0].lower() for h in response.headers.get_list("www-authenticate")
        ]
        if "digest" in offered:
            chosen = "digest"
        elif "basic" in offered:
            chosen = "basic"
        else:
            return  # an unknown scheme: the 401 is reported as it is
        with self._lock:
            self._scheme = chosen
        flow = (self._digest if chosen == "digest" else self._basic).auth_flow(request)
        if chosen == "digest":
            # DigestAuth sends the request once to read the challenge: hand it ours.
            next(flow)
            try:
                yield flow.send(response)
            except StopIteration:
                return
        else:
            yield next(flow)
