"""sitemap.xml and robots.txt: what search engines are told about the site."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from sscbgen.content.addresses import SITEMAP, path_article, path_briefing, path_catalogue, path_chapter, path_course, path_issue, path_report
from sscbgen.site import Site

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(site: Site, site_url: str, pages: Iterable[str]) -> bytes:
    """``pages``: the build's paths of the pages to list (``issues/2015-05/index.html``).
    Issue and article pages carry their issue's date as lastmod."""
    dates = {}
    for issue in site.issues:
        dates[path_issue(issue)] = issue.meta.date
        dates.update((path_article(issue, article), issue.meta.date) for article in issue.articles)
    dates.update((path_briefing(b.slug), b.meta.date) for b in site.briefings)
    for c in site.catalogues:
        dates[path_catalogue(c.slug)] = c.meta.date
        dates.update((path_course(c.slug, course.slug), c.meta.date) for course in c.courses)
    for report in site.reports:
        dates[path_report(report.slug)] = report.meta.date
        dates.update((path_chapter(report.slug, chapter.slug), report.meta.date) for chapter in report.chapters)
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{NAMESPACE}">']
    for page in sorted(pages):
        path = page.removesuffix("index.html")
        lines += ["  <url>", f"    <loc>{escape(site_url + path)}</loc>"]
        if path in dates:
            lines.append(f"    <lastmod>{dates[path].isoformat()}</lastmod>")
        lines.append("  </url>")
    return ("\n".join([*lines, "</urlset>"]) + "\n").encode()


def robots(site_url: str) -> bytes:
    """Every crawler may read everything; the sitemap says what there is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}{SITEMAP}\n".encode()
