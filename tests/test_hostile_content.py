"""Content is data, never code: template syntax stays text, raw HTML is text by default,
and a site that allows HTML gets only a safe subset. Checked in the built files."""

from __future__ import annotations

from html.parser import HTMLParser

from sitecopy import SiteCopy

ARTICLE = "content/issues/2015-05/11-hostile.md"
HOSTILE = """---
title: "Hostile {{ config }} {% include 'base.html' %}"
summary: "{{ site.config.board.name }}"
training:
  - title: Course
    date: 2015-06-08
    notes: "<b onmouseover=alert(1)>bold</b> {{ 7 * 7 }}"
---
Body {{ config.title }} {% for x in range(3) %}loop{% endfor %}

<script>alert("script")</script>

<iframe src="https://example.org/"></iframe>

<p onclick="alert('handler')" style="background: url(https://example.org/track.png)">styled</p>

<a href="javascript:alert('js')">js link</a> <a href="data:text/html,<script>alert(1)</script>">data link</a>
<img src="images/none.png" onerror="alert('img')" alt="">

<object data="x.swf"></object><form action="https://example.org/"><input name="q"></form>
"""


class _Active(HTMLParser):
    """Collects what a browser would act on: elements that run or embed, event handlers,
    styles with url(), and javascript:/data: addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not (attrs.get("src") or "").endswith("assets/quick-exit.js"):
            self.found.append(f"<script {attrs}>")
        if tag in ("iframe", "object", "embed", "form", "input", "base", "meta") and not (tag == "meta" and "http-equiv" not in attrs):
            self.found.append(f"<{tag}>")
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or (name == "style" and "url(" in value) or (name in ("href", "src") and value.startswith(("javascript:", "data:", "vbscript:"))):
                self.found.append(f"<{tag} {name}={value!r}>")


def active(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    return parser.found


def built_page(site: SiteCopy) -> str:
    return site.path("output/issues/2015-05/hostile/index.html").read_text()


def test_template_syntax_and_html_are_text_by_default(print_site: SiteCopy) -> None:
    site = print_site   # printed too: the PDFs the article does not change come from the cache
    site.write(ARTICLE, HOSTILE)
    site.build(pdf=True)
    html = built_page(site)
    assert "<h1>Hostile {{ config }} {% include &#39;base.html&#39; %}</h1>" in html
    assert "Body {{ config.title }} {% for x in range(3) %}loop{% endfor %}" in html
    assert "{{ 7 * 7 }}" in html and "49" not in html
    assert "&lt;script&gt;alert(&quot;script&quot;)&lt;/script&gt;" in html
    assert active(html) == []
    issue = site.path("output/issues/2015-05/index.html").read_text()
    assert "{{ site.config.board.name }}" in issue and active(issue) == []


def test_allowed_html_is_cleaned_to_a_safe_subset(print_site: SiteCopy) -> None:
    site = print_site   # printed too: the PDFs the article does not change come from the cache
    site.edit("config.yaml", "quick_exit:", "allow_html: true\n\nquick_exit:")
    site.write(ARTICLE, HOSTILE.replace('<img src="images/none.png" onerror="alert(\'img\')" alt="">', ""))
    site.build(pdf=True)
    html = built_page(site)
    assert active(html) == []
    assert "<p>styled</p>" in html  # the paragraph stays, its handler and style go
    assert "<a>js link</a>" in html and "<a>data link</a>" in html
    assert "<b>bold</b>" in html
    assert "Body {{ config.title }}" in html
    assert "alert(" not in html.replace("alert(&quot;", "")  # no script text left either


def test_link_and_booking_addresses_are_restricted(site: SiteCopy) -> None:
    site.write(ARTICLE, "---\ntitle: T\ntraining:\n  - title: C\n    date: 2015-06-08\n    booking: data:text/html,x\n---\n"
               "[a](vbscript:x) [b](file:///etc/passwd) [c](mailto:board@example.org) [d](tel:999)\n")
    result = site.run("check")
    assert result.returncode == 1
    assert 'training[0].booking: expected a web address starting with http:// or https://, found "data:text/html,x"' in result.stderr
    assert 'links may only use http, https, mailto or tel addresses, found "vbscript:"' in result.stderr
    assert 'links may only use http, https, mailto or tel addresses, found "file:"' in result.stderr
    assert "mailto" not in result.stderr.replace("http, https, mailto or tel", "")


def test_the_detector_finds_active_content() -> None:
    """The check above can fail: each kind of active content is found."""
    found = active('<script>x</script><iframe></iframe><p onclick="x" style="background:url(y)"></p>'
                   '<a href="javascript:x">a</a><img src="data:image/png,x">')
    assert len(found) == 6, found
