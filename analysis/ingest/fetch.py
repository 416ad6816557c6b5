"""Polite, bounded HTTP(S) fetching that turns every network fault into a plain reason.

One :class:`Fetcher` serves a whole ingest run:

* **polite**: a user agent naming the project, ``robots.txt`` honoured (its
  ``Crawl-delay`` too, up to ``max_wait``) unless ``robots=False``, a delay between
  requests to the same host, HTTP 429 and 503 answered by waiting what
  ``Retry-After`` asks (at most ``max_wait`` seconds; a longer wait fails the URL
  with that reason) and by exponential back-off without one;
* **bounded**: ``timeout`` is the budget of the whole exchange for one URL
  (connection, headers, body, redirects and retries, but not the polite waits),
  enforced by a watchdog that closes the socket, so a server trickling one byte a
  second ends at the budget; at most ``max_bytes`` of page, before and after
  gzip/deflate decompression; at most 5 redirects, only to ``http:``/``https:``;
* **total**: a malformed status line, over-long or too many headers, a body
  shorter than its ``Content-Length``, a reset connection, a TLS error, a redirect
  loop: each becomes a :class:`FetchError` (an ``OSError``) whose message is the
  reason printed on that URL's ``FAILED`` line, and the ingest goes on.

The standard library's ``http.client`` does the HTTP; proxies named by the usual
``http_proxy``/``https_proxy``/``no_proxy`` variables are used.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
import urllib.robotparser
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC

USER_AGENT = "media-bias-notebooks/0.1 (research tool; see CITATION.cff)"
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
MAX_WAIT = 60.0
ROBOTS_MAX_BYTES = 500_000  # RFC 9309: parse at least 500 KiB
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 65_536


class FetchError(OSError):
    """A URL could not be fetched; ``str(error)`` is the reason, in plain words."""

    def __init__(self, reason: str, *, retry: bool = False, status: int | None = None):
        super().__init__(reason)
        self.reason, self.retry, self.status = reason, retry, status

    def __str__(self) -> str:
        return self.reason


@dataclass
class Fetched:
    """A fetched page: the final URL after redirects and the raw (decompressed) bytes."""

    url: str
    body: bytes
    content_type: str = ""


@dataclass
class _Response:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes = b""


@dataclass
class _Budget:
    """Seconds of network time left for one URL, and what has arrived so far."""

    seconds: float
    left: float = field(init=False)
    received: int = 0
    expected: int | None = None

    def __post_init__(self) -> None:
        self.left = self.seconds

    def timed_out(self) -> FetchError:
        if not self.received:
            return FetchError(
                f"no complete answer within {self.seconds:g} s (the time limit is for the "
                "whole exchange, not per read)"
            )
        of = f" of {self.expected:,}" if self.expected else ""
        return FetchError(
            f"answer not complete within {self.seconds:g} s ({self.received:,}{of} bytes "
            "arrived; the time limit is for the whole page, not per read)"
        )


class _Watchdog:
    """Closes a socket when the budget runs out, whatever read is blocking on it."""

    def __init__(self, seconds: float, sock: socket.socket | None):
        self.fired = False
        self._sock = sock
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _Body:
    """The page bytes, decompressed as they arrive and bounded before and after."""

    def __init__(self, encoding: str, limit: int):
        self.encoding, self.limit = encoding, limit
        self.parts: list[bytes] = []
        self.size = 0
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"the server sent Content-Encoding {encoding!r}, which is not read")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            after = " after decompression" if self._z is not None else ""
            raise FetchError(f"page is larger than {self.limit:,} bytes{after}; not read")
        self.parts.append(data)

    def feed(self, data: bytes) -> None:
        if self._z is None:
            self._keep(data)
            return
        try:
            while data and not self._z.eof:
                self._keep(self._z.decompress(data, self.limit + 1 - self.size))
                data = self._z.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"the page's {self.encoding} compression is corrupt ({exc})") from None

    def finish(self) -> bytes:
        if self._z is not None and not self._z.eof:
            raise FetchError(
                f"truncated: the {self.encoding}-compressed page ends early", retry=True
            )
        return b"".join(self.parts)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _shown(value: str, limit: int = 80) -> str:
    text = value if len(value) <= limit else value[: limit - 3] + "..."
    return repr(text)


class Fetcher:
    """Polite, bounded HTTP(S) fetching (see the module docstring)."""

    def __init__(
        self,
        timeout: float = 20.0,
        retries: int = 2,
        delay: float = 1.0,
        max_bytes: int = MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        robots: bool = True,
        max_wait: float = MAX_WAIT,
        user_agent: str = USER_AGENT,
    ):
        self.timeout, self.retries, self.delay, self.max_bytes = timeout, retries, delay, max_bytes
        self.robots, self.max_wait, self.user_agent = robots, max_wait, user_agent
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._not_before: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[tuple[str, str], urllib.robotparser.RobotFileParser | str] = {}

    # ------------------------------------------------------------------ public

    def fetch(self, url: str) -> Fetched:
        """Fetch one page; raise :class:`FetchError` (an ``OSError``) with the reason."""
        final, response = self._follow(url, _Budget(self.timeout), check_robots=self.robots)
        return Fetched(final, response.body, response.headers.get("Content-Type", ""))

    # ------------------------------------------------------------------ politeness

    def _wait_for_host(self, host: str) -> None:
        now = time.monotonic()
        wait = self._not_before.get(host, 0.0) - now
        last = self._last.get(host)
        if last is not None:
            wait = max(wait, last + max(self.delay, self._crawl_delay.get(host, 0.0)) - now)
        if wait > 0:
            self._sleep(wait)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> None:
        """Raise unless ``robots.txt`` of the URL's site lets this tool fetch it."""
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme.lower(), parts.netloc.lower())
        if key not in self._robots:
            self._robots[key] = self._read_robots(f"{key[0]}://{parts.netloc}/robots.txt")
        rules = self._robots[key]
        if isinstance(rules, str):
            raise FetchError(rules)
        if not rules.can_fetch(self.user_agent, url):
            raise FetchError(
                f"robots.txt of {parts.netloc} does not allow this URL for "
                f"{self.user_agent.split('/')[0]} (--ignore-robots overrides it; use it only "
                "with the site's permission)"
            )

    def _read_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | str:
        """The site's rules, or the reason every URL of the site is refused (RFC 9309)."""
        host = urllib.parse.urlsplit(robots_url).netloc
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            _, response = self._follow(
                robots_url, _Budget(min(self.timeout, 10.0)), ROBOTS_MAX_BYTES, False
            )
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                rules.parse([])  # no robots.txt: everything is allowed
                return rules
            if exc.status is None and exc.reason.startswith("cannot reach"):
                raise  # the site itself is unreachable: say so, and ask again next time
            return (
                f"robots.txt of {host} could not be read ({exc.reason}); RFC 9309 says to "
                "assume the site allows nothing then (--ignore-robots overrides it)"
            )
        rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
        delay = rules.crawl_delay(self.user_agent)
        if delay:
            with contextlib.suppress(TypeError, ValueError):
                self._crawl_delay[host.lower()] = min(float(delay), self.max_wait)
        return rules

    # ------------------------------------------------------------------ redirects, retries

    def _follow(
        self,
        url: str,
        budget: _Budget,
        max_bytes: int | None = None,
        check_robots: bool = True,
    ) -> tuple[str, _Response]:
        chain = [url]
        while True:
            if check_robots:
                self._allowed(chain[-1])
            response = self._with_retries(chain[-1], budget, max_bytes or self.max_bytes)
            if response.status not in _REDIRECTS:
                return chain[-1], response
            location = (response.headers.get("Location") or "").strip()
            label = f"HTTP {response.status} {response.reason}"
            if not location:
                raise FetchError(f"{label} without a Location to go to")
            target = urllib.parse.urljoin(chain[-1], location)
            scheme = urllib.parse.urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError(
                    f"redirect to {_shown(target)} refused: only http and https redirects "
                    "are followed"
                )
            if target in chain:
                raise FetchError("redirect loop: " + " -> ".join(chain + [target]))
            if len(chain) > MAX_REDIRECTS:
                raise FetchError(f"more than {MAX_REDIRECTS} redirects (last to {_shown(target)})")
            chain.append(target)

    def _with_retries(self, url: str, budget: _Budget, max_bytes: int) -> _Response:
        host = urllib.parse.urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            self._wait_for_host(host)
            try:
                response = self._exchange(url, budget, max_bytes)
            except FetchError as exc:
                if not exc.retry or attempt >= self.retries or budget.left <= 0:
                    if attempt:
                        exc.reason += f" ({attempt + 1} tries)"
                    raise
                self._sleep(min(2.0**attempt, 10.0))
                attempt += 1
                continue
            status = response.status
            if status < 400 or status in _REDIRECTS:
                return response
            label = f"HTTP {status} {response.reason}".strip()
            if status != 429 and status < 500:
                raise FetchError(label, status=status)
            asked = retry_after(response.headers.get("Retry-After"))
            if asked is not None and asked > self.max_wait:
                raise FetchError(
                    f"{label}: the server asks to wait {asked:g} s, more than the "
                    f"{self.max_wait:g} s ingest waits; try again later",
                    status=status,
                )
            if attempt >= self.retries:
                tries = f" ({attempt + 1} tries)" if attempt else ""
                raise FetchError(label + tries, status=status)
            pause = asked if asked is not None else min(2.0**attempt, 10.0)
            self._not_before[host] = time.monotonic() + pause  # every URL of the host waits
            attempt += 1

    # ------------------------------------------------------------------ one exchange

    def _connection(self, parts: urllib.parse.SplitResult, seconds: float):
        """The connection for a URL (through a proxy if one is configured) and the target."""
        https = parts.scheme.lower() == "https"
        cls = http.client.HTTPSConnection if https else http.client.HTTPConnection
        host = parts.hostname or ""
        proxy = urllib.request.getproxies().get(parts.scheme.lower())
        if proxy and not urllib.request.proxy_bypass(host):
            p = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
            headers = {}
            if p.username:
                token = (
                    f"{urllib.parse.unquote(p.username)}:{urllib.parse.unquote(p.password or '')}"
                )
                headers["Proxy-Authorization"] = "Basic " + base64.b64encode(token.encode()).decode(
                    "ascii"
                )
            if https:
                conn = cls(p.hostname or "", p.port or 8080, timeout=seconds)
                conn.set_tunnel(host, parts.port or 443, headers=headers)
                return conn, _path(parts), {}
            return (
                http.client.HTTPConnection(p.hostname or "", p.port or 8080, timeout=seconds),
                urllib.parse.urlunsplit(parts._replace(fragment="")),
                headers,
            )
        return cls(host, parts.port, timeout=seconds), _path(parts), {}

    def _exchange(self, url: str, budget: _Budget, max_bytes: int) -> _Response:
        """One request and its answer, within what is left of the budget."""
        parts = urllib.parse.urlsplit(url)
        host = parts.netloc
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{_shown(url)} is not an http(s) URL")
        if budget.left <= 0:
            raise budget.timed_out()
        budget.received, budget.expected = 0, None  # what this answer brings
        started = time.monotonic()
        conn, target, extra = self._connection(parts, budget.left)
        watchdog: _Watchdog | None = None
        try:
            conn.connect()
            watchdog = _Watchdog(budget.left - (time.monotonic() - started), conn.sock)
            conn.request(
                "GET",
                target,
                headers={
                    "User-Agent": self.user_agent,
                    "Accept": "text/html,application/xhtml+xml,*/*;q=0.5",
                    "Accept-Encoding": "gzip, deflate",
                    "Connection": "close",
                    **extra,
                },
            )
            response = conn.getresponse()
            result = _Response(response.status, response.reason, response.headers)
            if response.status < 300:
                result.body = self._read_body(response, budget, max_bytes, watchdog)
            return result
        except FetchError:
            raise
        except Exception as exc:
            if watchdog is not None and watchdog.fired or isinstance(exc, TimeoutError):
                raise budget.timed_out() from None
            raise _reason(exc, host) from None
        finally:
            if watchdog is not None:
                watchdog.cancel()
            conn.close()
            budget.left -= time.monotonic() - started

    def _read_body(
        self,
        response: http.client.HTTPResponse,
        budget: _Budget,
        max_bytes: int,
        watchdog: _Watchdog,
    ) -> bytes:
        declared = (response.getheader("Content-Length") or "").strip()
        expected = int(declared) if declared.isdigit() else None
        budget.expected = expected
        if expected is not None and expected > max_bytes:
            raise FetchError(f"page is larger than {max_bytes:,} bytes; not read")
        encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
        body = _Body(encoding, max_bytes)
        while True:
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            budget.received += len(chunk)
            if budget.received > max_bytes:
                raise FetchError(f"page is larger than {max_bytes:,} bytes; not read")
            body.feed(chunk)
        if watchdog.fired:
            raise budget.timed_out()
        if expected is not None and budget.received < expected:
            raise FetchError(
                f"truncated: {budget.received:,} of {expected:,} bytes arrived (the connection "
                "closed early)",
                retry=True,
            )
        return body.finish()


def _path(parts: urllib.parse.SplitResult) -> str:
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _reason(exc: Exception, host: str) -> FetchError:
    """The plain reason for an exception raised while talking to ``host``."""
    if isinstance(exc, http.client.RemoteDisconnected):
        return FetchError(f"{host} closed the connection without answering", retry=True)
    if isinstance(exc, http.client.LineTooLong):
        return FetchError(f"malformed HTTP response from {host}: {exc}")
    if isinstance(exc, http.client.BadStatusLine):
        line = _shown(str(exc.line).strip())
        return FetchError(f"malformed HTTP status line from {host}: {line}")
    if isinstance(exc, http.client.IncompleteRead):
        return FetchError(
            f"truncated: {len(exc.partial):,} bytes then the connection closed", retry=True
        )
    if isinstance(exc, http.client.HTTPException):
        return FetchError(f"malformed HTTP response from {host}: {exc}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return FetchError(f"the TLS certificate of {host} is not valid: {exc.verify_message}")
    if isinstance(exc, ssl.SSLError):
        return FetchError(f"TLS failed with {host}: {exc.reason or exc}")
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return FetchError(f"{host} reset the connection", retry=True)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        if isinstance(exc, socket.gaierror) or exc.errno is not None:
            reason = f"[Errno {exc.errno}] {reason}" if exc.errno else reason
        return FetchError(f"cannot reach {host}: {reason} (is there a network connection?)")
    return FetchError(f"malformed HTTP response from {host}: {type(exc).__name__}: {exc}")
