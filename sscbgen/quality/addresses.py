"""Addresses: http:// where https:// is expected, the board's old addresses, and (only
when asked: ``check --links``) whether external links answer over the network."""

from __future__ import annotations

import concurrent.futures
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sscbgen import __version__
from sscbgen.errors import SourceError


@dataclass(frozen=True)
class Address:
    """A web address written in a file, with the line and field it is on."""

    source: str
    line: int | None
    field: str
    href: str


def _host(href: str) -> str:
    return re.sub(r"^https?://", "", href.lower()).split("/")[0].split("?")[0].split("#")[0].split(":")[0]


def insecure_links(addresses: Iterable[Address]) -> Iterator[SourceError]:
    """One warning for each http:// address in a file, at its first use."""
    for where, count in _first_uses(a for a in addresses if a.href.lower().startswith("http://")):
        yield SourceError(where.source, where.line, where.field, f"links to {where.href}{_times(count)}: use https://{where.href[7:]} "
                          "(check that it opens) [insecure_links]")


def old_addresses(addresses: Iterable[Address], old_hosts: tuple[str, ...]) -> Iterator[SourceError]:
    old = set(old_hosts)
    for where, count in _first_uses(a for a in addresses if a.href.lower().startswith(("http://", "https://")) and _host(a.href) in old):
        yield SourceError(where.source, where.line, where.field, f"links to {where.href}{_times(count)}, one of the board's old addresses "
                          "(old_addresses in config.yaml): link to the page's new address [old_addresses]")


def _first_uses(addresses: Iterable[Address]) -> list[tuple[Address, int]]:
    first: dict[tuple[str, str], tuple[Address, int]] = {}
    for address in addresses:
        key = (address.source, address.href)
        seen = first.get(key)
        first[key] = (address, 1) if seen is None else (seen[0], seen[1] + 1)
    return sorted(first.values(), key=lambda pair: (pair[0].source, pair[0].line or 0, pair[0].href))


def _times(count: int) -> str:
    return f" ({count} times in this file; the first is here)" if count > 1 else ""


def broken_links(addresses: Iterable[Address], timeout: float = 10.0, threads: int = 8) -> list[SourceError]:
    """``check --links``: each distinct external address asked for once over the network
    (HEAD, then GET where HEAD is refused); a warning at each use of one that fails."""
    addresses = [a for a in addresses if a.href.lower().startswith(("http://", "https://"))]
    hrefs = sorted({a.href for a in addresses})
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        problems = dict(zip(hrefs, pool.map(lambda href: _problem(href, timeout), hrefs), strict=True))
    return [SourceError(a.source, a.line, a.field, f"the link {a.href} {problems[a.href]} [links]")
            for a in addresses if problems[a.href] is not None]


def _problem(href: str, timeout: float) -> str | None:
    """None where the address answers; else what went wrong, in words."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(href.split("#")[0], method=method, headers={"User-Agent": f"sscbgen/{__version__} (link check)"})
        try:
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310  # http(s) only, checked above
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue    # some servers refuse HEAD: ask again with GET
            return f"answers {exc.code} ({exc.reason})"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"cannot be reached ({reason})"
    return None
