"""What a link or picture address in a Markdown file points at."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.(?:uk|com|org|net|gov|info|io|co|eu)(/.*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Ref:
    """``kind`` is ``external``, ``anchor`` (same page), ``file`` (inside the site) or ``bad``."""

    kind: str
    path: str = ""
    fragment: str = ""
    problem: str = ""


EXTERNAL = Ref("external")   # (one object: a text's many web links pickle as one)


@lru_cache(maxsize=65536)
def classify(source: str, href: str) -> Ref:
    """Where ``href``, written in the file ``source`` (a path from the site folder), leads."""
    href = href.strip()
    if href in ("", "#"):
        return Ref("bad", problem="this link has no address; give the address, or write the words without a link")
    scheme = _SCHEME.match(href)
    if scheme:
        if scheme[1].lower() in SAFE_SCHEMES:
            return EXTERNAL
        return Ref("bad", problem=f"links may only use http, https, mailto or tel addresses, found \"{scheme[1]}:\"")
    if href.lower().startswith("www.") or _DOMAIN.match(href):
        return Ref("bad", problem=f"a web address must start with https:// or http://, like https://{href}")
    if href.startswith("//") or href.startswith("/") or "\\" in href:
        return Ref("bad", problem="write links to other files of the site relative to this file, like 02-about.md or images/plan.pdf")
    path, _, fragment = href.partition("#")
    if not path:
        return Ref("anchor", fragment=unquote(fragment))
    path = path.partition("?")[0]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
    if target.startswith("..") or not target.startswith("content/"):
        return Ref("bad", problem=f"this address leads outside the site's content folder: \"{href}\"")
    return Ref("file", path=target, fragment=unquote(fragment))
