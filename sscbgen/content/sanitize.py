"""The safe subset of HTML a site may allow in Markdown (config.yaml: ``allow_html: true``).

Ammonia (through nh3) keeps only the tags and attributes below: no script, iframe,
object or form, no event handler attributes, no ``style`` at all (so no ``url()``),
and links only to http, https, mailto, tel or relative addresses (no ``javascript:``
or ``data:``). A well-kept sanitizer, rather than rules of our own: HTML parsing is
where hand-written filters fail.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {
    "*": {"class", "lang", "title"},
    **{tag: {"id"} for tag in _HEADINGS | {"li"}},  # heading anchors and footnotes
    "a": {"href", "id"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
}
SCHEMES = {"http", "https", "mailto", "tel"}


def clean(html: str) -> str:
    """HTML with everything active removed."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None, strip_comments=True)
