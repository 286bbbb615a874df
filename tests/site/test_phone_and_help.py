"""What a practitioner needs first, in Debian's Chromium (Playwright): at 390 px nothing in
the main content is wider than the screen and every training course shows its date,
course, places and booking; help on every page; in-page links clear the sticky bar;
headings that step down on a phone; topic pages that list only what carries the topic."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, html_files
from test_browser import TIMEOUT_MS

PHONE = {"width": 390, "height": 844}
MAIN_PAGES = ["/", "/issues/2015-05/", "/issues/2015-05/learning-and-development/", "/issues/2015-05/case-reviews/",
              "/issues/2015-05/quality-of-practice/", "/training/", "/reviews/", "/topics/neglect/", "/topics/cse/"]
TRAINING_PAGES = ["/", "/training/", "/issues/2015-05/learning-and-development/", "/topics/neglect/", "/topics/cse/"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_at_390px_nothing_in_the_main_content_is_wider_than_the_screen(phone, site_url, path):
    phone.goto(site_url + path, wait_until="networkidle")
    wide = phone.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > innerWidth + 1 || r.left < -1); })
        .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().left)} to ${Math.round(el.getBoundingClientRect().right)} px)`)""")
    assert not wide, f"{path}: past the edge of a 390 px screen: {wide[:10]}"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", TRAINING_PAGES)
def test_at_390px_every_course_shows_its_date_course_places_and_booking(phone, site_url, path):
    phone.goto(site_url + path, wait_until="networkidle")
    rows = phone.evaluate("""() => [...document.querySelectorAll('.training-table tbody tr')].map(tr => {
        const cell = name => {
            const td = tr.querySelector('td.event-' + name);
            if (!td) return null;
            const r = td.getBoundingClientRect();
            return {text: td.innerText.trim(), left: r.left, right: r.right, width: r.width, height: r.height,
                    link: td.querySelector('a') ? td.querySelector('a').innerText.trim() : null};
        };
        return {date: cell('date'), course: cell('course'), places: cell('places'), booking: cell('booking')};
    })""")
    assert rows, f"{path}: no training course"
    for row in rows:
        for name in ("date", "course", "places", "booking"):
            cell = row[name]
            assert cell and cell["text"], f"{path}: a course without its {name}: {row}"
            assert cell["width"] > 0 and cell["height"] > 0 and cell["left"] >= 0 and cell["right"] <= PHONE["width"], (path, name, cell)
        assert re.match(r"\w+ \d{1,2} \w+ 20\d\d", row["date"]["text"]), row["date"]
        link = (row["booking"]["link"] or "").splitlines()[0] if row["booking"]["link"] else None   # (then what only a screen reader hears)
        assert link in ("Book", "How to book") or row["booking"]["text"].startswith(("Fully booked", "–")), row["booking"]
    # one dash for an unknown value, never "Not stated" on screen; the whole calendar once per table
    seen = phone.evaluate("""words => [...document.querySelectorAll('main *')].filter(el => !el.closest('.visually-hidden')
        && [...el.childNodes].some(n => n.nodeType === 3 && words.some(w => n.textContent.includes(w)))).map(el => el.outerHTML)""",
        ["Not stated", "Add to calendar"])
    assert not seen, seen[:3]
    assert phone.locator(".training-table").count() == phone.locator(".table-calendar").count()


def test_every_page_has_the_contact_box(built_site: Path):
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    heading = config["contact"]["heading"]
    missing = []
    for file in html_files(built_site):
        if file.name == "email.html":
            continue
        page = file.read_text()
        boxes = re.findall(r'<aside class="contact-(?:box|strip)"[^>]*data-contact>(.*?)</aside>', page, re.S)
        if not boxes or not all(heading in box and 'href="tel:999"' in box for box in boxes):
            missing.append(file.relative_to(built_site).as_posix())
    assert not missing, f"pages without the contact box: {missing}"


@pytest.mark.parametrize("path", ["/issues/2015-05/", "/issues/2015-05/health-forum/", "/training/", "/search/", "/about/"])
def test_the_contact_box_shows_at_the_top_on_a_phone(phone, site_url, path):
    phone.goto(site_url + path, wait_until="networkidle")
    box = phone.locator("[data-contact]").first
    assert box.is_visible()
    top = box.bounding_box()
    assert top is not None and top["y"] + top["height"] < PHONE["height"], f"{path}: help is below the first screen"
    assert "Call 999" in box.inner_text()


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}])
def test_an_anchored_heading_clears_the_sticky_exit_bar(browser, site_url, size):
    context = browser.new_context(viewport=size)
    page = context.new_page()
    try:
        page.goto(site_url + "/issues/2015-05/learning-and-development/#neglect", wait_until="networkidle")
        bar = page.locator(".quick-exit").bounding_box()
        heading = page.locator("#neglect").bounding_box()
    finally:
        context.close()
    assert bar and heading
    assert heading["y"] >= bar["y"] + bar["height"], f"the heading (top {heading['y']}) is under the bar (bottom {bar['y'] + bar['height']})"
    assert heading["y"] < size["height"] / 2   # and it was scrolled to


def test_heading_sizes_step_down_on_a_phone(phone, site_url):
    phone.goto(site_url + "/issues/2015-05/quality-of-practice/", wait_until="networkidle")
    size = lambda selector: float(phone.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))  # noqa: E731
    h1, h2, h3, h4, body = size("main h1"), size("main .prose h2"), size("main .card h3"), size("main .card h4"), size("main .prose p")
    assert h1 - h2 >= 4 and h2 - h3 >= 3 and h3 - h4 >= 2 and h4 >= body, (h1, h2, h3, h4, body)
    phone.goto(site_url + "/issues/2015-05/about-sscb/", wait_until="networkidle")
    assert size("figure.quotation blockquote") < h2 - 3


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("\n---\n", 1)[0].removeprefix("---\n"))


def test_topic_pages_list_only_what_carries_the_topic(built_site: Path):
    """Read from the content (not through sscbgen): an event or review takes its own topics,
    or else its article's."""
    courses: dict[str, set[str]] = {}
    reviews: dict[str, set[str]] = {}
    for file in sorted((REPO / "content/issues").glob("*/[0-9]*.md")):
        meta = _front_matter(file)
        for event in meta.get("training", []):
            for topic in event.get("topics", meta.get("topics", [])):
                courses.setdefault(topic, set()).add(event["title"])
        for review in meta.get("reviews", []):
            for topic in review.get("topics", meta.get("topics", [])):
                reviews.setdefault(topic, set()).add(review["title"])
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    for topic in config["topics"]:
        page = (built_site / "topics" / topic / "index.html").read_text()
        listed = {re.sub(r"<[^>]+>", "", t).replace("&amp;", "&").replace("&#39;", "'")
                  for t in re.findall(r'<a class="course-title" href="[^"]+">(.*?)</a>', page)}
        assert listed == courses.get(topic, set()), topic
        part = page.split('id="case-reviews"')[1]
        titles = {t.replace("&amp;", "&") for t in re.findall(r'<a href="/issues/[^"]+#block-review-\d+">(.*?)</a>', part)}
        assert titles == reviews.get(topic, set()), topic
    assert courses["neglect"] == {"Neglect (full day)", "Neglect (half day)"}   # not the CSE or PREVENT courses
