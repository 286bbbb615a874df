"""The safe subset of HTML a site may allow in Markdown (config.yaml: ``allow_html: true``).

Ammonia (through nh3) keeps only the tags and attributes below: no script, iframe,
object or form, no event handler attributes, no ``style`` at all (so no ``url()``),
and links only to http, https, mailto, tel or relative addresses (no ``javascript:``
or ``data:``). A well-kept sanitizer, rather than rules of our own: HTML parsing is
where hand-written filters fail.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "h1", "sscb-block",
}
ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "sscb-block": {"name"},
}
SCHEMES = {"http", "https", "mailto", "tel"}
_PLACEHOLDER = re.compile("\x00([a-z]+)\x00")
_BLOCK = re.compile(r'<sscb-block name="([a-z]+)"></sscb-block>')


def clean(html: str) -> str:
    """HTML with everything active removed; block placeholders survive."""
    html = _PLACEHOLDER.sub(r'<sscb-block name="\1"></sscb-block>', html)
    html = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None, strip_comments=True)
    return _BLOCK.sub("\x00\\1\x00", html)
