"""The Atom feed of the issues and their articles, written by feedgen.

Everything in it comes from the content: each entry's id is its web address, its
dates are its issue's date, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from sscbgen import __version__
from sscbgen.content.addresses import FEED, path_article, path_briefing, path_catalogue, path_chapter, path_issue, path_report
from sscbgen.site import Site

# The newest issues in the feed, with their articles: three years of a quarterly newsletter.
# A feed reader shows what is new; older issues are on the archive page. (The whole archive
# would make the feed grow without end: 3 MB, fetched again and again, at 500 issues.)
FEED_ISSUES = 12


def atom_feed(site: Site, site_url: str) -> bytes:
    """Newest issue first (the FEED_ISSUES newest), each issue followed by its articles in
    order; drafts left out."""
    config = site.config
    issues = [issue for issue in site.issues if not issue.meta.draft][:FEED_ISSUES]
    feed = FeedGenerator()
    feed.id(site_url)
    feed.title(config.title)
    feed.subtitle(f"Issues and articles of the {config.title}, from {config.board.name}")
    feed.author({"name": config.board.name, **({"uri": config.board.website} if config.board.website else {})})
    feed.link(href=site_url, rel="alternate", type="text/html")
    feed.link(href=site_url + FEED, rel="self", type="application/atom+xml")
    feed.language(config.language)
    feed.generator("sscbgen", __version__)
    # An empty feed still needs a date: the build date (--today, SOURCE_DATE_EPOCH), never the clock.
    dates = ([i.meta.date for i in issues[:1]] + [b.meta.date for b in site.briefings[:1]] + [c.meta.date for c in site.catalogues[:1]]
             + [r.meta.date for r in site.reports[:1]])
    feed.updated(_moment(max(dates, default=site.today)))
    for issue in issues:
        when = _moment(issue.meta.date)
        label = issue.meta.title + (f": {issue.meta.period}" if issue.meta.period else "")
        entry = feed.add_entry(order="append")
        entry.id(site_url + path_issue(issue))
        entry.title(f"{label} (issue {issue.meta.number})")
        entry.link(href=site_url + path_issue(issue), rel="alternate", type="text/html")
        entry.published(when)
        entry.updated(when)
        if issue.meta.summary:
            entry.summary(issue.meta.summary)
        for article in issue.articles:
            url = site_url + path_article(issue, article)
            entry = feed.add_entry(order="append")
            entry.id(url)
            entry.title(article.meta.title)
            entry.link(href=url, rel="alternate", type="text/html")
            entry.published(when)
            entry.updated(when)
            if article.meta.byline:
                entry.author({"name": article.meta.byline})
            entry.summary(article.meta.summary or f"An article in the {label}.")
            for key in article.meta.topics:
                entry.category(term=key, label=config.topics[key], scheme=site_url + "topics/")
    _publications(site, site_url, feed)
    for report in site.reports:   # after the issues, newest first, each followed by its chapters
        when = _moment(report.meta.date)
        url = site_url + path_report(report.slug)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(report.meta.title + (f": {report.meta.period}" if report.meta.period else ""))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(when)
        entry.updated(when)
        entry.summary(report.meta.summary or f"A report of {config.board.name}.")
        for chapter in report.chapters:
            entry = feed.add_entry(order="append")
            entry.id(site_url + path_chapter(report.slug, chapter.slug))
            entry.title(chapter.meta.title)
            entry.link(href=site_url + path_chapter(report.slug, chapter.slug), rel="alternate", type="text/html")
            entry.published(when)
            entry.updated(when)
            entry.summary(chapter.meta.summary or f"A chapter of the {report.meta.title}.")
            for key in chapter.meta.topics:
                entry.category(term=key, label=config.topics[key], scheme=site_url + "topics/")
    return feed.atom_str(pretty=True)


def _publications(site: Site, site_url: str, feed: FeedGenerator) -> None:
    """The briefings, then the catalogues, each newest first (drafts are not in the Site)."""
    config = site.config
    entries = [(path_briefing(b.slug), f"{b.meta.title} (7-minute briefing)", b.meta.date, b.meta.summary or "A 7-minute briefing.", b.meta.topics)
               for b in site.briefings]
    entries += [(path_catalogue(c.slug), c.meta.title, c.meta.date, c.meta.summary or "A training catalogue.",
                 tuple(dict.fromkeys(t for course in c.courses for t in course.meta.topics))) for c in site.catalogues]
    for path, title, day, summary, topics in entries:
        entry = feed.add_entry(order="append")
        entry.id(site_url + path)
        entry.title(title)
        entry.link(href=site_url + path, rel="alternate", type="text/html")
        entry.published(_moment(day))
        entry.updated(_moment(day))
        entry.summary(summary)
        for key in topics:
            entry.category(term=key, label=config.topics[key], scheme=site_url + "topics/")


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
