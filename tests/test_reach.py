"""Through the CLI: the Atom feed, sitemap.xml, robots.txt, the canonical and social tags
of every page, and the email edition, read back from the built files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import feedparser

from helpers import write
from sitecopy import SiteCopy, run_here

ADDRESS = "http://www.sandwellscb.org.uk/"  # the example's base_url
ISSUE = "content/issues/2015-05"
NOINDEX = '<meta name="robots" content="noindex">'


class Head(HTMLParser):
    """The <meta> and <link> tags of a page, and every address it links to or shows."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.addresses: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        if tag == "link":
            self.links.setdefault(a.get("rel", ""), []).append(a.get("href", ""))
        elif "href" in a or "src" in a:
            self.addresses.append(a.get("href") or a.get("src", ""))


def page_address(build: Path, html: Path) -> str:
    path = html.relative_to(build).as_posix()
    return ADDRESS + path.removesuffix("index.html")


def html_files(build: Path) -> list[Path]:
    return sorted(build.rglob("*.html"))


# -- the feed ---------------------------------------------------------------------

def test_the_feed_holds_the_newest_twelve_issues(tmp_path: Path) -> None:
    """An archive of 14 issues: the feed has the 12 newest, each with its article; the
    archive page lists all 14."""
    write(tmp_path, "config.yaml", "title: News\nbase_url: https://www.example.org/\nboard:\n  name: A Board\n  short_name: AB\n")
    for n in range(1, 15):
        year, month = 2012 + (n - 1) // 4, (n - 1) % 4 * 3 + 1
        slug = f"{year}-{month:02d}"
        write(tmp_path, f"content/issues/{slug}/index.md", f"---\ntitle: News\nnumber: {n}\ndate: {slug}-01\n---\n")
        write(tmp_path, f"content/issues/{slug}/01-story.md", f"---\ntitle: Story {n}\nsummary: The story of issue {n}.\n---\nIts text.\n")
    result = run_here("build", "--no-pdf", "--today", "2016-01-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((tmp_path / "output" / "feed.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries if entry.title.startswith("Story")] == [f"Story {n}" for n in range(14, 2, -1)]
    assert len(feed.entries) == 24
    archive = (tmp_path / "output" / "issues" / "index.html").read_text()
    assert all(f"issues/{2012 + (n - 1) // 4}-{(n - 1) % 4 * 3 + 1:02d}/" in archive for n in range(1, 15))


def test_feed_is_valid_atom_with_absolute_links(example_build: Path) -> None:
    feed = feedparser.parse((example_build / "feed.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "SSCB Newsletter"
    assert feed.feed.updated == "2015-05-01T00:00:00+00:00"  # the issue's date
    articles = sorted(p.stem.split("-", 1)[1] for p in (Path(__file__).parents[1] / ISSUE).glob("[0-9]*-*.md"))
    chapters = sorted((Path(__file__).parents[1] / "content/reports/annual-report-2014-15").glob("[0-9]*-*.md"))
    # the issue and its articles, the two briefings and the catalogue, then the report and its chapters
    assert len(feed.entries) == 1 + len(articles) + 2 + 1 + 1 + len(chapters)
    assert [e.title for e in feed.entries[1 + len(articles):][:5]] == [
        "Lessons from our serious case review on neglect (7-minute briefing)", "Hidden men (7-minute briefing)",
        "Training Catalogue 2015-2016", "Annual Report 2014-2015", "The Board's priorities for 2014-2017"]
    assert feed.entries[0].title == "SSCB Newsletter: Spring 2015 (issue 1)"
    for entry in feed.entries:
        assert entry.link.startswith(ADDRESS), entry.link
        assert entry.id == entry.link
        assert (example_build / entry.link.removeprefix(ADDRESS) / "index.html").is_file(), entry.link
        assert entry.updated == entry.published == "2015-05-01T00:00:00+00:00"
    assert {link.href for link in feed.feed.links} == {ADDRESS, ADDRESS + "feed.atom"}


def test_feed_ids_and_dates_do_not_change_between_builds(example_build: Path, site: SiteCopy) -> None:
    """Another copy, another build date: the same feed, byte for byte."""
    site.run("build", "--today", "2016-01-31", "--no-pdf")
    again = site.path("output/feed.atom").read_bytes()
    assert again == (example_build / "feed.atom").read_bytes()
    assert [e.id for e in feedparser.parse(again).entries] == [e.id for e in feedparser.parse(example_build / "feed.atom").entries]


def test_pages_point_feed_readers_at_the_feed(example_build: Path) -> None:
    head = Head((example_build / "index.html").read_text())
    assert head.links["alternate"] == ["/feed.atom"]


# -- sitemap and robots -------------------------------------------------------------

def test_sitemap_lists_every_page_and_nothing_else(example_build: Path) -> None:
    root = ElementTree.parse(example_build / "sitemap.xml").getroot()
    listed = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = [p for p in html_files(example_build) if p.name != "404.html" and NOINDEX not in p.read_text()]
    assert sorted(listed) == sorted(page_address(example_build, p) for p in pages)
    assert len(listed) == len(set(listed))
    noindex = [p.relative_to(example_build).as_posix() for p in html_files(example_build) if NOINDEX in p.read_text()]
    assert noindex == ["issues/2015-05/email.html"]  # the one page deliberately left out (404.html aside)


def test_robots_txt_points_at_the_sitemap(example_build: Path) -> None:
    robots = (example_build / "robots.txt").read_text()
    assert robots.startswith("User-agent: *\n")
    [line] = [line for line in robots.splitlines() if line.startswith("Sitemap:")]
    assert line == f"Sitemap: {ADDRESS}sitemap.xml"
    assert (example_build / line.removeprefix(f"Sitemap: {ADDRESS}")).is_file()


def test_drafts_stay_out_of_the_feed_and_the_sitemap(site: SiteCopy) -> None:
    site.write("content/issues/2015-08/index.md", "---\ntitle: SSCB Newsletter\nnumber: 2\ndate: 2015-08-03\ndraft: true\n---\n")
    site.write("content/issues/2015-08/01-news.md", "---\ntitle: Summer news\n---\nText.\n")
    site.build("--drafts")
    out = site.path("output")
    assert NOINDEX in (out / "issues/2015-08/news/index.html").read_text()
    assert "2015-08" not in (out / "sitemap.xml").read_text()
    assert "2015-08" not in (out / "feed.atom").read_text()
    assert "Summer news" in (out / "issues/2015-08/email.txt").read_text()  # a draft's email, to check before sending


# -- canonical links and social metadata -------------------------------------------

def test_every_page_has_a_canonical_link_and_social_tags(example_build: Path) -> None:
    pages = html_files(example_build)
    assert len(pages) >= 30
    for page in pages:
        head = Head(page.read_text())
        name = page.relative_to(example_build).as_posix()
        for tag in ("og:title", "og:description", "og:type", "twitter:card"):
            assert len(head.meta.get(tag, [])) == 1 and head.meta[tag][0].strip(), (name, tag)
        assert head.meta["twitter:card"] == ["summary"], name
        expected_type = "article" if re.fullmatch(r"(issues|reports)/[^/]+/[^/]+/index\.html|briefings/[a-z0-9-]+/index\.html", name) else "website"
        assert head.meta["og:type"] == [expected_type], name
        if name == "404.html":  # shown at any missing address: it has none of its own
            assert "canonical" not in head.links and "og:url" not in head.meta
            continue
        assert head.links["canonical"] == [page_address(example_build, page)], name
        assert head.meta["og:url"] == head.links["canonical"], name


def test_article_description_is_its_summary(example_build: Path) -> None:
    head = Head((example_build / "issues/2015-05/learning-and-development/index.html").read_text())
    assert head.meta["og:title"] == ["Learning & Development – Sandwell Safeguarding Children Board"]
    assert head.meta["description"] == head.meta["og:description"]
    assert head.meta["og:description"][0].startswith("Thresholds training, new Neglect courses")


def test_a_path_as_base_url_warns_and_leaves_out_what_needs_an_address(site: SiteCopy) -> None:
    result = site.build("--base-url", "/preview/")
    assert result.returncode == 0
    assert result.stderr.splitlines()[0] == (
        'warning: config.yaml base_url: "/preview/" is a path, not the site\'s full address, so the Atom feed, '
        "sitemap.xml, robots.txt, the canonical links and the email editions are left out; set base_url to the "
        "address readers use, like https://www.example.org/newsletter/, or build with --base-url https://...")
    out = site.path("output")
    for name in ("feed.atom", "sitemap.xml", "robots.txt", "issues/2015-05/email.html", "issues/2015-05/email.txt"):
        assert not (out / name).exists(), name
    head = Head((out / "issues/2015-05/index.html").read_text())
    assert "canonical" not in head.links and "alternate" not in head.links and "og:url" not in head.meta
    assert head.meta["og:title"] and head.links["stylesheet"][0] == "/preview/assets/site.css"
    assert (out / "search/index.html").is_file() and (out / "pagefind/site/pagefind.js").is_file()


def test_a_full_base_url_keeps_links_on_its_path(site: SiteCopy) -> None:
    site.build("--base-url", "https://news.example.org/sscb/")
    html = site.path("output/issues/2015-05/index.html").read_text()
    head = Head(html)
    assert head.links["canonical"] == ["https://news.example.org/sscb/issues/2015-05/"]
    assert head.links["stylesheet"][0] == "/sscb/assets/site.css"
    assert 'href="/sscb/issues/2015-05/learning-and-development/#neglect"' in html


# -- the email edition ---------------------------------------------------------------

def test_email_edition_is_self_contained_with_absolute_addresses(example_build: Path) -> None:
    email = example_build / "issues/2015-05/email.html"
    html = email.read_text()
    assert email.stat().st_size < 102 * 1024, "Gmail clips a message over 102 KB"
    assert "<style" not in html and "<script" not in html and "<link rel=\"stylesheet\"" not in html
    head = Head(html)
    for address in head.addresses:
        if address.startswith("#"):  # a footnote of the email itself
            assert address[1:] in head.ids, address
        else:
            assert re.match(r"^(https?://|mailto:|tel:)", address), address
    assert f"{ADDRESS}issues/2015-05/email.html" in head.addresses  # view in your browser
    tables = [a for tag, a in head.tags if tag == "table"]
    assert tables and all(a.get("role") == "presentation" or "data" in a.get("class", "").split() for a in tables)
    assert all("style" in a for tag, a in head.tags if tag in ("body", "td", "p", "h2", "a"))  # the CSS, inlined
    assert not [a for tag, a in head.tags if {"width", "cellpadding", "bgcolor", "align"} & a.keys()]


def test_email_text_version_has_every_article_title(example_build: Path) -> None:
    text = (example_build / "issues/2015-05/email.txt").read_text()
    articles = re.findall(r'<li>\n<a href="/issues/2015-05/[a-z-]+/">([^<]+)</a>',
                          (example_build / "issues/2015-05/index.html").read_text().replace("&amp;", "&"))
    assert len(articles) == 10
    for number, title in enumerate(articles, 1):
        assert f"\n{number}. {title}\n" in text
    assert f"View this email in your browser: {ADDRESS}issues/2015-05/email.html" in text
    assert not re.search(r"<[a-z/]", text)  # plain text, not markup


def test_email_pictures_have_full_addresses_and_alt_text(site: SiteCopy) -> None:
    """A picture in the issue's editorial (the email shows the editorial, and the articles as teasers)."""
    site.write(f"{ISSUE}/images/chart.png", b"\x89PNG\r\n\x1a\n chart")
    site.edit(f"{ISSUE}/index.md", "\n---\n", "\n---\n![The Board's subgroups](images/chart.png)\n\n")
    site.build()
    head = Head(site.path("output/issues/2015-05/email.html").read_text())
    [image] = [a for tag, a in head.tags if tag == "img"]
    assert image["src"] == f"{ADDRESS}issues/2015-05/images/chart.png"
    assert image["alt"] == "The Board's subgroups"
    assert site.path("output/issues/2015-05/images/chart.png").is_file()


def test_an_email_too_big_for_gmail_is_a_warning(site: SiteCopy) -> None:
    site.edit(f"{ISSUE}/index.md", "\n---\n", "\n---\n" + "A sentence of a long editorial, repeated.\n\n" * 2500)
    result = site.build()
    size = site.path("output/issues/2015-05/email.html").stat().st_size
    assert size > 102 * 1024
    assert (f"warning: {ISSUE}/index.md: the email edition is {round(size / 1024)} KB; Gmail cuts a message over 102 KB short, "
            "so shorten the issue's editorial or the articles' summaries") in result.stderr.splitlines()



def test_email_edition_is_teasers_with_training_first_help_and_why_it_was_sent(example_build: Path) -> None:
    html = (example_build / "issues/2015-05/email.html").read_text()
    text = (example_build / "issues/2015-05/email.txt").read_text()
    assert len(html.encode()) < 102 * 1024 and text.strip()
    order = [html.index(marker) for marker in (">Training with places</h2>", ">Worried about a child?</h2>", ">In this issue</h2>")]
    assert order == sorted(order)   # the training with places first, then help, then the articles
    training = html.split(">Training with places</h2>")[1].split("</table>")[0]
    assert training.count("<tr") - 1 == 7 and training.count("Places available") == 7
    assert training.count('href="http://www.sandwellscb.org.uk/site/training.html"') == 7   # How to book, for each
    assert 'href="tel:999"' in html and "Call 999" in html
    # teasers, not every word: each article's summary and a Read more link, not its body
    assert html.count(">Read more</a>") == 10
    assert "Thresholds training, new Neglect courses" in html            # a summary
    assert "A5 key ring of the threshold matrix" not in html             # the body of Learning & Development
    assert "This email was sent by Sandwell Safeguarding Children Board (SSCB)" in html
    assert "because you are on the board’s mailing list for the newsletter" in html
    # the plain-text part says the same
    assert "TRAINING WITH PLACES" in text and "WORRIED ABOUT A CHILD?" in text and "In an emergency: Call 999" in text
    assert text.count("Read more: http://www.sandwellscb.org.uk/issues/2015-05/") == 10
    assert "This email was sent by Sandwell Safeguarding Children Board (SSCB)" in text
