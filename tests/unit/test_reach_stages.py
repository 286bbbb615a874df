"""What needs the site's full address (feed, sitemap, robots.txt, email edition), and the
pages the search indexes: each stage called on a small site, its output read back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser

from sscbgen.render.atom import atom_feed
from sscbgen.render.email_edition import email_editions
from sscbgen.render.reach import missing_address, reach_files
from sscbgen.render.search import indexed_pages
from sscbgen.render.sitemap import sitemap

from helpers import built, small_site, write

ADDRESS = "https://news.example.org/lscb/"


def site_at(root: Path, base_url: str, drafts: bool = False, today: dt.date = dt.date(2015, 8, 1)):
    small_site(root)
    with (root / "config.yaml").open("a") as config:
        config.write(f"base_url: {base_url}\n")
    return built(root, drafts=drafts, today=today)


def test_the_path_links_and_the_full_address_is_kept(tmp_path: Path) -> None:
    cases = (("https://news.example.org/lscb", "/lscb/", ADDRESS), ("http://example.org", "/", "http://example.org/"),
             ("/lscb/", "/lscb/", None), ("/", "/", None))
    for number, (base, path, address) in enumerate(cases):
        site = site_at(tmp_path / str(number), base)
        assert (site.base_path, site.site_url) == (path, address), base


def test_feed_entries_come_from_the_content(tmp_path: Path) -> None:
    site = site_at(tmp_path, ADDRESS, drafts=True)  # the draft 2015-11 is built, but never announced
    feed = feedparser.parse(atom_feed(site, ADDRESS))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.id == ADDRESS
    assert feed.feed.updated == "2015-08-01T00:00:00+00:00"  # the newest published issue, not the build date
    assert [e.id for e in feed.entries] == [ADDRESS + p for p in (
        "issues/2015-08/", "issues/2015-08/first/", "issues/2015-08/second/",
        "issues/2015-05/", "issues/2015-05/first/", "issues/2015-05/second/")]
    assert [e.link for e in feed.entries] == [e.id for e in feed.entries]
    assert [e.updated[:10] for e in feed.entries] == ["2015-08-01"] * 3 + ["2015-05-01"] * 3
    assert [t.term for t in feed.entries[1].tags] == ["neglect"]
    assert feed.entries[0].title == "News (issue 2)"


def test_a_feed_without_issues_is_dated_by_the_build_date(tmp_path: Path) -> None:
    write(tmp_path, "config.yaml", f"title: News\nbase_url: {ADDRESS}\nboard:\n  name: A Board\n  short_name: AB\n")
    (tmp_path / "content").mkdir()
    feed = feedparser.parse(atom_feed(built(tmp_path, today=dt.date(2016, 2, 3)), ADDRESS))
    assert not feed.bozo
    assert (feed.feed.updated, feed.entries) == ("2016-02-03T00:00:00+00:00", [])


def test_sitemap_lists_the_pages_given_with_their_issue_dates(tmp_path: Path) -> None:
    site = site_at(tmp_path, ADDRESS)
    xml = ElementTree.fromstring(sitemap(site, ADDRESS, ["index.html", "issues/2015-05/first/index.html", "about/index.html"]))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    rows = [(u.findtext("s:loc", namespaces=ns), u.findtext("s:lastmod", namespaces=ns)) for u in xml.findall("s:url", ns)]
    assert rows == [(ADDRESS + "about/", None), (ADDRESS, None), (ADDRESS + "issues/2015-05/first/", "2015-05-01")]


def test_without_a_full_address_nothing_is_made_and_base_url_is_named(tmp_path: Path) -> None:
    site = site_at(tmp_path, "/lscb/")
    assert reach_files(site, tmp_path, ["index.html"], {}) == ({}, ())
    [warning] = missing_address(site)
    assert str(warning).startswith('config.yaml base_url: "/lscb/" is a path, not the site\'s full address, so the Atom feed, '
                                   "sitemap.xml, robots.txt, the canonical links and the email editions are left out")


def test_reach_files_with_a_full_address(tmp_path: Path) -> None:
    site = site_at(tmp_path, ADDRESS, drafts=True)
    built_pages = ["index.html", "404.html", "issues/2015-08/index.html", "issues/2015-11/index.html", "assets/site.css"]
    files, warnings = reach_files(site, tmp_path, built_pages, {})
    assert warnings == () and missing_address(site) == ()
    assert sorted(files) == ["feed.atom", "issues/2015-05/email.html", "issues/2015-05/email.txt",
                             "issues/2015-08/email.html", "issues/2015-08/email.txt",
                             "issues/2015-11/email.html", "issues/2015-11/email.txt",  # a draft's email, to check before sending
                             "robots.txt", "sitemap.xml"]
    listed = re.findall(r"<loc>([^<]+)</loc>", files["sitemap.xml"].decode())
    assert listed == [ADDRESS, ADDRESS + "issues/2015-08/"]  # not 404.html, the draft or the stylesheet
    assert files["robots.txt"].decode().endswith(f"\nSitemap: {ADDRESS}sitemap.xml\n")


def test_email_edition_uses_full_addresses(tmp_path: Path) -> None:
    site = site_at(tmp_path, ADDRESS)
    files, warnings = email_editions(site, tmp_path, ADDRESS, {})
    html = files["issues/2015-05/email.html"].decode()
    assert warnings == []
    assert "<style" not in html and "<script" not in html
    assert f'<img src="{ADDRESS}issues/2015-05/images/chart.png" alt="A chart"' in html
    assert f'href="{ADDRESS}issues/2015-05/first/#start"' in html  # a link to a heading of another article
    assert f'href="{ADDRESS}issues/2015-05/email.html"' in html  # view in your browser
    # each article a teaser: its title and "Read more", linked to the article on the site
    assert re.search(rf'<h3[^>]*><a href="{ADDRESS}issues/2015-05/first/"[^>]*>First</a></h3>', html)
    assert re.search(rf'<a href="{ADDRESS}issues/2015-05/first/"[^>]*>Read more</a>', html)
    text = files["issues/2015-05/email.txt"].decode()
    assert "1. First" in text and "2. Second" in text and f"Read more: {ADDRESS}issues/2015-05/second/" in text


def test_search_indexes_issues_articles_pages_the_calendar_and_the_library(tmp_path: Path) -> None:
    small_site(tmp_path)
    write(tmp_path, "content/pages/about.md", "---\ntitle: About\n---\nText.\n")
    site = built(tmp_path)
    assert indexed_pages(site) == [
        "training/index.html", "reviews/index.html", "about/index.html",
        "issues/2015-08/index.html", "issues/2015-08/first/index.html", "issues/2015-08/second/index.html",
        "issues/2015-05/index.html", "issues/2015-05/first/index.html", "issues/2015-05/second/index.html"]
