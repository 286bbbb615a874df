"""What reaches readers away from the pages, and needs the site's full address: the
Atom feed, sitemap.xml and robots.txt for search engines, and each issue's email
edition. Without a full address (base_url only a path) they are left out, with a warning."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sscbgen.errors import SourceError
from sscbgen.render.atom import atom_feed
from sscbgen.render.email_edition import email_editions
from sscbgen.render.sitemap import robots, sitemap
from sscbgen.site import FEED, SITEMAP, Site, path_issue

ROBOTS = "robots.txt"


def reach_files(site: Site, root: Path, built: Iterable[str], pdfs: Mapping[str, Any],
                config_name: str = "config.yaml") -> tuple[dict[str, bytes], list[SourceError]]:
    """``built``: the paths of the files built so far, whose pages the sitemap lists."""
    site_url = site.site_url
    if site_url is None:
        return {}, [SourceError(config_name, None, "base_url", (
            f'"{site.base}" is a path, not the site\'s full address, so the Atom feed, sitemap.xml, robots.txt, '
            "the canonical links and the email editions are left out; set base_url to the address readers use, "
            "like https://www.example.org/newsletter/, or build with --base-url https://..."))]
    files, warnings = email_editions(site, root, site_url, pdfs)
    unlisted = tuple(path_issue(issue) for issue in site.issues if issue.meta.draft)  # noindex, like 404.html
    pages = [p for p in built if p.endswith(".html") and p != "404.html" and not p.startswith(unlisted)]
    files[FEED] = atom_feed(site, site_url)
    files[SITEMAP] = sitemap(site, site_url, pages)
    files[ROBOTS] = robots(site_url)
    return files, warnings
