"""Where everything goes in the build, worked out from source paths alone.

``path_*`` is a path in the build (no leading slash); a page's address is the site's
base path + its path. A source file's build path follows from its own path, so
Markdown links can be resolved while the content is read, in the same pass that
checks them.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from sscbgen.content.markdown import Resolve
from sscbgen.content.models import Article, Issue, Page
from sscbgen.content.refs import classify

FEED = "feed.atom"
SITEMAP = "sitemap.xml"
SEARCH = "search/"
CALENDAR_PATH = "training/calendar.ics"

_ARTICLE = re.compile(r"^content/(issues|reports)/([^/]+)/([^/]+\.md)$")
ARTICLE_NAME = re.compile(r"^(?:(\d+)-)?(.+)\.md$")
_PAGE = re.compile(r"^content/pages/([^/]+)\.md$")
_BRIEFING = re.compile(r"^content/briefings/([^/]+)\.md$")
_COURSE = re.compile(r"^content/catalogues/([^/]+)/([^/]+\.md)$")
BRIEFINGS = "briefings/"
PUBLICATIONS = "publications/"


def path_issue(issue: Issue) -> str:
    return f"issues/{issue.slug}/"


def path_article(issue: Issue, article: Article) -> str:
    return f"issues/{issue.slug}/{article.slug}/"


def path_email(issue: Issue) -> str:
    return f"issues/{issue.slug}/email.html"


def path_report(slug: str) -> str:
    return f"reports/{slug}/"


def path_chapter(report_slug: str, chapter_slug: str) -> str:
    return f"reports/{report_slug}/{chapter_slug}/"


def path_page(page: Page) -> str:
    return f"{page.slug}/"


def path_file(source: str) -> str:
    """``content/issues/2015-05/images/a.png`` -> ``issues/2015-05/images/a.png``; ``static/x`` -> ``x``."""
    return source.removeprefix("content/").removeprefix("static/")


def path_of(source: str) -> str:
    """The build path of any source file a link may name: an issue's or report's index.md,
    an article, a chapter, a page, or a picture or static file."""
    article = _ARTICLE.match(source)
    if article:
        folder, slug, name = article.groups()
        return f"{folder}/{slug}/" if name == "index.md" else f"{folder}/{slug}/{ARTICLE_NAME.match(name)[2]}/"  # type: ignore[index]
    page = _PAGE.match(source)
    if page:
        return f"{page[1]}/"
    briefing = _BRIEFING.match(source)
    if briefing:
        return f"{BRIEFINGS}{briefing[1]}/"
    course = _COURSE.match(source)
    if course:
        slug, name = course.groups()
        return f"catalogues/{slug}/" if name == "index.md" else f"catalogues/{slug}/{ARTICLE_NAME.match(name)[2]}/"  # type: ignore[index]
    return path_file(source)


def path_briefing(slug: str) -> str:
    return f"{BRIEFINGS}{slug}/"


def path_catalogue(slug: str) -> str:
    return f"catalogues/{slug}/"


def path_course(catalogue: str, course: str) -> str:
    return f"catalogues/{catalogue}/{course}/"


def issue_of(source: str) -> str | None:
    """The slug of the issue a source file belongs to, if any."""
    parts = source.split("/")
    return parts[2] if len(parts) > 3 and parts[:2] == ["content", "issues"] else None


def resolver(source: str, base: str | None, within: dict[str, str] | None = None, anchors: str = "page") -> Resolve:
    """The one link resolver of every rendition: an address written in ``source`` (a link,
    or a picture) -> where it leads in that rendition; None: the link is left as plain words.

    ``base``: what the site's paths hang from: its base path on the web pages, its full
    address in the email and the PDF; None where a rendition has none (a PDF of a site
    whose base_url is only a path), so links to other pages become plain words.
    ``within``: the sources a document joins (the articles of a printed issue), with the
    prefix of their ids in it: links to them, and between their headings, stay inside it.
    ``anchors``: where a link to a heading of the same text goes: "page" (it stays on the
    page: web pages) or "site" (to the heading on its web page: the email, whose ids differ).
    External and bad addresses are left as written (load.py has reported the bad ones).
    """
    def resolve(href: str, line: int) -> str | None:
        ref = classify(source, href)
        if ref.kind not in ("anchor", "file"):
            return href
        target = source if ref.kind == "anchor" else ref.path
        fragment = f"#{ref.fragment}" if ref.fragment else ""
        if within is not None and ref.kind == "anchor":
            inside = within.get(source)
            return f"#{inside}--{ref.fragment}" if inside and not ref.fragment.startswith("fn") else href
        if within is not None and target in within:
            return f"#{within[target]}" + (f"--{ref.fragment}" if ref.fragment else "")
        if ref.kind == "anchor" and anchors == "page":
            return href
        return None if base is None else base + quote(path_of(target)) + fragment
    return resolve
