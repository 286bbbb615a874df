"""The HTML site: Jinja templates (the site's own over the built-in theme) -> files in memory."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from sscbgen.content import markdown
from sscbgen.content.models import Article, ArticleMeta, Body, Issue
from sscbgen.content.refs import classify
from sscbgen.errors import SiteErrors, SourceError, display_path
from sscbgen.library import library
from sscbgen.render import formats
from sscbgen.site import Site, path_article, path_issue, path_page, source_paths

THEME = Path(__file__).resolve().parent.parent / "theme" / "templates"
BLOCK_HEADINGS = {"training": "Training dates", "audits": "Audit findings", "reviews": "Case reviews"}
ASSETS = ("assets/site.css", "assets/board.css", "assets/print.css", "assets/quick-exit.js", "assets/favicon.svg")


def environment(site_templates: Path | None) -> jinja2.Environment:
    """Templates in the site's ``templates/`` win over the built-in ones of the same name."""
    loaders: list[jinja2.BaseLoader] = []
    if site_templates is not None and site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(site_templates))
    loaders.append(jinja2.FileSystemLoader(THEME))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), disabled_extensions=("css", "js")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        uk_date=formats.uk_date,
        time_range=formats.time_range,
        places=formats.places,
        published=formats.published,
        label=formats.label,
        css_string=formats.css_string,
        counted=formats.counted,
    )
    return env


@dataclass(frozen=True)
class Part:
    """A piece of an article body: rendered Markdown, or a structured block."""

    kind: str        # "html" or "block"
    html: Markup = Markup("")
    block: str = ""
    heading: str = ""   # given to a block the body did not place itself


def body_parts(html: str, meta: ArticleMeta | None = None) -> list[Part]:
    """Rendered Markdown cut at its block markers; an article's blocks that the body did
    not place follow it, each under its own heading."""
    parts = [Part("block", block=value) if kind == "block" else Part("html", Markup(value))
             for kind, value in markdown.split_blocks(html)]
    placed = {p.block for p in parts if p.kind == "block"}
    return parts + [Part("block", block=name, heading=heading) for name, heading in BLOCK_HEADINGS.items()
                    if meta is not None and getattr(meta, name) and name not in placed]


@dataclass(frozen=True)
class PdfLink:
    """What the issue page says of its printed newsletter."""

    url: str
    pages: int
    size: str


class HtmlRenderer:
    def __init__(self, site: Site, root: Path, pdfs: Mapping[str, Any] | None = None):
        self.site = site
        self.pdfs = pdfs or {}
        self.root = root
        self.env = environment(root / "templates")
        self.paths = source_paths(site)
        self.base = site.base
        self.errors: list[SourceError] = []
        self.allow_html = site.config.allow_html
        contact = site.config.contact
        self.contact_intro = Markup(markdown.render_inline(contact.intro)) if contact and contact.intro else None

    # addresses -----------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base + path

    def resolver(self, source: str) -> Callable[[str, int], str]:
        """Rewrite links written between files into the site's addresses.

        load.py has checked every link; the one left to catch here is a link to a
        draft, which exists as a file but is not published in this build.
        """
        def resolve(href: str, line: int) -> str:
            ref = classify(source, href)
            if ref.kind != "file":
                return href
            if ref.path not in self.paths:
                self.errors.append(SourceError(source, line or None, "", f"links to {ref.path}, which is in a draft issue and is not published; build with --drafts or remove the link"))
                return href
            return self.url(quote(self.paths[ref.path])) + (f"#{ref.fragment}" if ref.fragment else "")
        return resolve

    def markdown(self, body: Body) -> list[Part]:
        resolve = self.resolver(body.source)
        return body_parts(markdown.render(body.text, body.first_line, resolve=resolve, picture=resolve, allow_html=self.allow_html).html)

    def inline(self, source: str) -> Callable[[str], Markup]:
        resolve = self.resolver(source)
        return lambda text: Markup(markdown.render_inline(text, resolve=resolve, allow_html=self.allow_html))

    # pages -----------------------------------------------------------------
    def render(self) -> dict[str, bytes]:
        site = self.site
        files: dict[str, bytes] = {}
        errors = self.errors

        def page(path: str, template: str, **context: Any) -> None:
            try:
                html = self.env.get_template(template).render(self.common(path), **context)
            except Exception as exc:  # a site's template may fail in any way; say where
                errors.append(template_error(exc, sys.exc_info()[2], template, self.root))
                return
            files[path + "index.html" if path.endswith("/") or not path else path] = html.encode("utf-8")

        latest = site.issues[0] if site.issues else None
        page("", "home.html", issue=latest, pdf=self.pdf_link(latest) if latest else None, events=tuple(e for e in site.upcoming if e.event.has_places))
        page("issues/", "archive.html")
        page("training/", "training.html")
        page("topics/", "topics.html")
        for topic in site.topics:
            page(f"topics/{topic.key}/", "topic.html", topic=topic)
        for shelf in library(site):
            page(shelf.chosen.path, "reviews.html", library=shelf)
        for issue in site.issues:
            older, newer = site.neighbours(issue)
            page(path_issue(issue), "issue.html", issue=issue, older=older, newer=newer, pdf=self.pdf_link(issue), draft=issue.meta.draft,
                 editorial=self.markdown(issue.editorial), inline=self.inline(issue.source),
                 events=tuple(e for e in site.issue_events(issue) if e.event.has_places and e.event.date >= site.today))
            for index, article in enumerate(issue.articles):
                page(path_article(issue, article), "article.html", issue=issue, article=article, draft=issue.meta.draft,
                     body=self.article_body(article), inline=self.inline(article.source),
                     previous=issue.articles[index - 1] if index else None,
                     following=issue.articles[index + 1] if index + 1 < len(issue.articles) else None)
        for static_page in site.pages:
            page(path_page(static_page), "page.html", page=static_page, body=self.markdown(static_page.body))
        page("404.html", "404.html")
        for asset in ASSETS:
            try:
                source, _, _ = self.env.loader.get_source(self.env, asset)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                continue
            files[asset] = source.encode("utf-8")
        if errors:
            raise SiteErrors(errors)
        return files

    def pdf_link(self, issue: Issue) -> PdfLink | None:
        pdf = self.pdfs.get(issue.slug)
        if pdf is None:
            return None
        return PdfLink(self.url(pdf.path), pdf.pages, formats.file_size(len(pdf.data)))

    def article_body(self, article: Article) -> list[Part]:
        resolve = self.resolver(article.body.source)
        rendered = markdown.render(article.body.text, article.body.first_line, resolve=resolve, picture=resolve, allow_html=self.allow_html)
        return body_parts(rendered.html, article.meta)

    def common(self, path: str) -> dict[str, Any]:
        site = self.site
        return {
            "site": site,
            "config": site.config,
            "base": self.base,
            "path": path,
            "draft": False,
            "url": self.url,
            "issue_url": lambda issue: self.url(path_issue(issue)),
            "article_url": lambda issue, article: self.url(path_article(issue, article)),
            "page_url": lambda page: self.url(path_page(page)),
            "events_of": site.article_events,
            "inline_for": lambda article: self.inline(article.source),
            "contact_intro": self.contact_intro,
        }


def template_error(exc: Exception, tb: TracebackType | None, template: str, root: Path) -> SourceError:
    """Name the template file and line a site's designer must fix."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".css")) and (filename is None or not isinstance(exc, jinja2.TemplateSyntaxError)):
            filename, line = code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    where = display_path(Path(filename), root) if filename else f"templates/{template}"
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, RecursionError):
        message = "the template includes or extends itself without end"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"there is no template {exc.name!r} in templates/ or the built-in theme"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"the template uses something that does not exist: {message}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        message = f"template syntax error: {message}"
    elif not isinstance(exc, jinja2.TemplateError):
        message = f"the template failed: {message}"
    return SourceError(where, line, "", message)


def render_html(site: Site, root: Path, pdfs: Mapping[str, Any] | None = None) -> dict[str, bytes]:
    """The site's pages; ``pdfs`` (issue slug -> rendered PDF) lets issue pages link them."""
    return HtmlRenderer(site, root, pdfs).render()
