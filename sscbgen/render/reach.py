"""What reaches readers away from the pages, and needs the site's full address: the
Atom feed, sitemap.xml and robots.txt for search engines, and each issue's email
edition. Without a full address (base_url only a path) they are left out, with a warning."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from sscbgen.content.addresses import FEED, SITEMAP, path_issue
from sscbgen.errors import SourceError
from sscbgen.render.atom import atom_feed
from sscbgen.render.email_edition import email_editions
from sscbgen.render.sitemap import robots, sitemap
from sscbgen.site import Site
from sscbgen.views import PdfLink
from sscbgen.workers import Workers

ROBOTS = "robots.txt"

Reached = tuple[dict[str, bytes], tuple[SourceError, ...]]


def missing_address(site: Site, config_name: str = "config.yaml") -> tuple[SourceError, ...]:
    """A build's warning when base_url is only a path. (``sscbgen serve`` chooses "/" itself,
    to serve the site at the top of its own address, so it does not say this.)"""
    if site.site_url is not None:
        return ()
    return (SourceError(config_name, None, "base_url", (
        f'"{site.base}" is a path, not the site\'s full address, so the Atom feed, sitemap.xml, robots.txt, '
        "the canonical links and the email editions are left out; set base_url to the address readers use, "
        "like https://www.example.org/newsletter/, or build with --base-url https://...")),)


def reach_files(site: Site, root: Path, built: Iterable[str], pdfs: Mapping[str, PdfLink | None], workers: Workers | None = None) -> Reached:
    """``built``: the paths of the files built so far, whose pages the sitemap lists;
    ``pdfs``: each issue's printed newsletter, as its pages link it. Nothing without the
    site's full address (see missing_address)."""
    site_url = site.site_url
    if site_url is None:
        return {}, ()
    unlisted = tuple([path_issue(issue) for issue in site.issues if issue.meta.draft]
                     + [f"reports/{r.slug}/" for r in site.reports if r.meta.draft])  # noindex, like 404.html
    pages = tuple(sorted(p for p in built if p.endswith(".html") and p != "404.html" and not p.startswith(unlisted)))
    files, warnings = email_editions(site, root, site_url, pdfs, workers)
    files[FEED] = atom_feed(site, site_url)
    files[SITEMAP] = sitemap(site, site_url, pages)
    files[ROBOTS] = robots(site_url)
    return files, tuple(warnings)
