"""Where everything goes in the build, worked out from source paths alone.

``path_*`` is a path in the build (no leading slash); a page's address is the site's
base path + its path. A source file's build path follows from its own path, so
Markdown links can be resolved while the content is read, in the same pass that
checks them.
"""

from __future__ import annotations

import re

from sscbgen.content.models import Article, Issue, Page

FEED = "feed.atom"
SITEMAP = "sitemap.xml"
SEARCH = "search/"
CALENDAR_PATH = "training/calendar.ics"

_ARTICLE = re.compile(r"^content/issues/([^/]+)/([^/]+\.md)$")
ARTICLE_NAME = re.compile(r"^(?:(\d+)-)?(.+)\.md$")
_PAGE = re.compile(r"^content/pages/([^/]+)\.md$")


def path_issue(issue: Issue) -> str:
    return f"issues/{issue.slug}/"


def path_article(issue: Issue, article: Article) -> str:
    return f"issues/{issue.slug}/{article.slug}/"


def path_email(issue: Issue) -> str:
    return f"issues/{issue.slug}/email.html"


def path_page(page: Page) -> str:
    return f"{page.slug}/"


def path_file(source: str) -> str:
    """``content/issues/2015-05/images/a.png`` -> ``issues/2015-05/images/a.png``; ``static/x`` -> ``x``."""
    return source.removeprefix("content/").removeprefix("static/")


def path_of(source: str) -> str:
    """The build path of any source file a link may name: an issue's index.md, an article,
    a page, or a picture or static file."""
    article = _ARTICLE.match(source)
    if article:
        slug, name = article.groups()
        return f"issues/{slug}/" if name == "index.md" else f"issues/{slug}/{ARTICLE_NAME.match(name)[2]}/"  # type: ignore[index]
    page = _PAGE.match(source)
    if page:
        return f"{page[1]}/"
    return path_file(source)


def issue_of(source: str) -> str | None:
    """The slug of the issue a source file belongs to, if any."""
    parts = source.split("/")
    return parts[2] if len(parts) > 3 and parts[:2] == ["content", "issues"] else None
