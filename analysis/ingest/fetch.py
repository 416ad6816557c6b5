"""Polite, bounded HTTP(S) fetching: timeout, retries, per-host delay, size limit."""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

USER_AGENT = "media-bias-notebooks/0.1 (research tool; see CITATION.cff)"

MAX_BYTES = 5_000_000


@dataclass
class Fetched:
    """A fetched page: the final URL after redirects and the raw bytes."""

    url: str
    body: bytes
    content_type: str = ""


class Fetcher:
    """Polite HTTP(S) fetching: timeout, retries, per-host delay, size limit."""

    def __init__(
        self,
        timeout: float = 20.0,
        retries: int = 2,
        delay: float = 1.0,
        max_bytes: int = MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.timeout, self.retries, self.delay, self.max_bytes = timeout, retries, delay, max_bytes
        self._sleep = sleep
        self._last: dict[str, float] = {}

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.delay - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = time.monotonic()

    def fetch(self, url: str) -> Fetched:
        """Fetch one page; raise ``OSError`` with a plain reason on failure."""
        host = urllib.parse.urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_for_host(host)
            request = urllib.request.Request(
                url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"}
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read(self.max_bytes + 1)
                    if len(body) > self.max_bytes:
                        raise OSError(f"page is larger than {self.max_bytes:,} bytes; not read")
                    return Fetched(
                        response.geturl(), body, response.headers.get("Content-Type", "")
                    )
            except urllib.error.HTTPError as exc:
                if exc.code < 500 or attempt >= self.retries:
                    raise OSError(f"HTTP {exc.code} {exc.reason}") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                    if attempt >= self.retries:
                        raise OSError(
                            f"no answer within {self.timeout:g} s ({attempt + 1} tries)"
                        ) from None
                else:
                    raise OSError(
                        f"cannot reach {host}: {reason} (is there a network connection?)"
                    ) from None
            except TimeoutError:
                if attempt >= self.retries:
                    raise OSError(
                        f"no answer within {self.timeout:g} s ({attempt + 1} tries)"
                    ) from None
            attempt += 1
            self._sleep(min(2.0**attempt, 10.0))
