"""Each issue's email edition: ``email.html``, its CSS inlined for mail programs, and
``email.txt`` beside it. Rendered from the content models through the templates in
``email/`` (never from the site's pages); every address in them is a full one, since a
mail program has no page to be relative to."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import css_inline
from markupsafe import Markup

from sscbgen.content import markdown
from sscbgen.content.models import Article, Body, Issue
from sscbgen.content.refs import classify
from sscbgen.errors import SiteErrors, SourceError
from sscbgen import formats
from sscbgen.render.templates import environment, template_error
from sscbgen.views import Part, PdfLink, body_parts
from sscbgen.content.addresses import path_article, path_email
from sscbgen.site import Site, source_paths

GMAIL_LIMIT = 102 * 1024  # Gmail shows a larger message cut short, with "[Message clipped]"
_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


class EmailRenderer:
    def __init__(self, site: Site, root: Path, site_url: str, pdfs: Mapping[str, Any]):
        self.site = site
        self.root = root
        self.site_url = site_url
        self.pdfs = pdfs
        self.env = environment(root / "templates")
        self.paths = source_paths(site)

    def address(self, source: str) -> Callable[[str, int], str]:
        """Links and pictures written in ``source`` -> full addresses on the website; a
        link to a heading of the same text goes to that heading on its web page."""
        def resolve(href: str, line: int) -> str:
            ref = classify(source, href)
            target = source if ref.kind == "anchor" else ref.path
            if ref.kind not in ("anchor", "file") or target not in self.paths:
                return href  # web, mail and phone addresses; a link to a draft is the site's error
            return self.site_url + quote(self.paths[target]) + (f"#{ref.fragment}" if ref.fragment else "")
        return resolve

    def parts(self, body: Body, ids: str, article: Article | None = None) -> list[Part]:
        resolve = self.address(body.source)
        rendered = markdown.render(body.text, body.first_line, resolve=resolve, picture=resolve, ids=ids,
                                   heading_shift=1 if article else 0, allow_html=self.site.config.allow_html)
        return body_parts(rendered.html, article.meta if article else None)

    def render(self, issue: Issue) -> tuple[bytes, bytes]:
        """(email.html, email.txt) of one issue."""
        site, config = self.site, self.site.config
        pdf = self.pdfs.get(issue.slug)
        context = {
            "config": config,
            "issue": issue,
            "label": issue.meta.title + (f": {issue.meta.period}" if issue.meta.period else ""),
            "site_url": self.site_url,
            "address": self.site_url + path_email(issue),
            "article_address": lambda article: self.site_url + path_article(issue, article),
            "editorial": self.parts(issue.editorial, "issue--"),
            "parts": {a.slug: self.parts(a.body, f"art-{a.slug}--", a) for a in issue.articles},
            "inline_for": lambda article: lambda text: Markup(markdown.render_inline(
                text, resolve=self.address(article.source), allow_html=config.allow_html)),
            "events": tuple(e for e in site.issue_events(issue) if e.event.has_places and e.event.date >= site.today),
            "events_of": site.article_events,
            "pdf": PdfLink(self.site_url + pdf.path, pdf.pages, formats.file_size(len(pdf.data))) if pdf else None,
        }
        html = self._render("email/issue.html", context)
        try:
            html = _INLINER.inline(html)
        except css_inline.InlineError as exc:
            raise SiteErrors([SourceError("templates/email/email.css", None, "", f"the email edition's CSS cannot be inlined: {exc}")]) from None
        return html.encode("utf-8"), self._render("email/issue.txt", context).encode("utf-8")

    def _render(self, template: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(template).render(context)
        except Exception as exc:  # a site's template may fail in any way; say where
            raise SiteErrors([template_error(exc, sys.exc_info()[2], template, self.root)]) from None


def email_editions(site: Site, root: Path, site_url: str, pdfs: Mapping[str, Any]) -> tuple[dict[str, bytes], list[SourceError]]:
    """Every issue's ``email.html`` and ``email.txt``, and a warning for each too big for Gmail."""
    renderer = EmailRenderer(site, root, site_url, pdfs)
    files: dict[str, bytes] = {}
    warnings: list[SourceError] = []
    for issue in site.issues:
        html, text = renderer.render(issue)
        files[path_email(issue)] = html
        files[path_email(issue).removesuffix(".html") + ".txt"] = text
        if len(html) > GMAIL_LIMIT:
            warnings.append(SourceError(issue.source, None, "", f"the email edition is {formats.file_size(len(html))}; "
                                        "Gmail cuts a message over 102 KB short, so shorten the articles or send their summaries"))
    return files, warnings
