"""Web addresses on paper: printed after their link's text, without "http://", and with
break opportunities (``<wbr>``) where a reader expects a line to break: after a slash,
before a dot, a hyphen or a query. Never after "http://" nor inside a word."""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_BEFORE = re.compile(r"(?<=.)([.\-_?&=#])")       # a break opportunity before these
_AFTER = re.compile(r"(/+)(?=.)")                  # and after slashes
_WEB_LINK = re.compile(r'<a href="(https?://[^"]+)"(?![^>]*class="url")([^>]*)>(.*?)</a>', re.DOTALL)


def shown(address: str) -> str:
    """``http://www.nspcc.org.uk/a/b/`` -> ``www.nspcc.org.uk/a/b``: what a reader types."""
    return _SCHEME.sub("", address).rstrip("/") or address


def breakable(address: str) -> Markup:
    """The address as a reader types it, escaped, with ``<wbr>`` where it may break."""
    text = str(escape(shown(address)))
    text = _AFTER.sub(r"\1<wbr>", text)
    text = _BEFORE.sub(r"<wbr>\1", text.replace("&amp;", "\0"))
    return Markup(text.replace("\0", "<wbr>&amp;").replace("<wbr><wbr>", "<wbr>"))


def with_addresses(body: str) -> str:
    """Each web link of rendered Markdown followed by its address in brackets, unless its
    text already is the address."""
    def link(match: re.Match[str]) -> str:
        href, rest, text = match.groups()
        address = html.unescape(href)
        plain = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        if shown(plain) == shown(address):
            return f'<a href="{href}"{rest} class="url">{breakable(address)}</a>'
        return f'{match.group(0)}<span class="address"> ({breakable(address)})</span>'
    return _WEB_LINK.sub(link, body)
