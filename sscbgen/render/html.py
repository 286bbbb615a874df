"""The HTML site: Jinja templates (the site's own over the built-in theme) -> files in memory."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from sscbgen.cache import digest
from sscbgen.content import markdown
from sscbgen.content.models import Article, ArticleMeta, Body, Issue
from sscbgen.content.refs import classify
from sscbgen.errors import SiteErrors, SourceError, display_path
from sscbgen.library import library
from sscbgen.memo import Memo, memoised
from sscbgen.render import formats
from sscbgen.site import FEED, SEARCH, Site, path_article, path_issue, path_page, source_paths

THEME = Path(__file__).resolve().parent.parent / "theme" / "templates"
BLOCK_HEADINGS = {"training": "Training dates", "audits": "Audit findings", "reviews": "Case reviews"}
ASSETS = ("assets/site.css", "assets/board.css", "assets/print.css", "assets/quick-exit.js", "assets/favicon.svg", "assets/search.js")


class _Environment(jinja2.Environment):
    """Templates see the rendered parts of the page's own body (``body``, ``editorial``),
    never the Markdown text of any body, and never print a whole object.

    So a page depends on no other page's text, which lets ``serve`` re-render only the
    pages whose inputs changed and still equal a clean build.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        return self._hidden(obj, attribute) if type(value) is Body or type(obj) is Body else value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        return self._hidden(obj, argument) if type(value) is Body or type(obj) is Body else value

    def _hidden(self, obj: Any, name: Any) -> jinja2.Undefined:
        return self.undefined(f"templates do not receive Markdown text ({name!r}); use the page's body or editorial parts",
                              obj=obj, name=name)


_PRINTABLE = (str, int, float, dt.date, dt.time, type(None))


def _finalize(value: Any) -> Any:
    if not isinstance(value, _PRINTABLE) and not isinstance(value, jinja2.Undefined):
        raise jinja2.TemplateRuntimeError(
            f"the template prints a whole {type(value).__name__}; print one of its fields instead, such as issue.meta.title")
    return value


def environment(site_templates: Path | None) -> jinja2.Environment:
    """Templates in the site's ``templates/`` win over the built-in ones of the same name."""
    loaders: list[jinja2.BaseLoader] = []
    if site_templates is not None and site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(site_templates))
    loaders.append(jinja2.FileSystemLoader(THEME))
    env = _Environment(
        finalize=_finalize,
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
class Later:
    """A template value worked out only when the page is rendered (not when it is memoised)."""

    make: Callable[[], Any]


@dataclass(frozen=True)
class PdfLink:
    """What the issue page says of its printed newsletter."""

    url: str | None        # None: there is no PDF yet (serve is making it)
    pages: int
    size: str
    updating: bool = False  # serve is remaking it after a change


def templates_key(site_templates: Path) -> str:
    """A hash of every template a build may use: the site's and the built-in theme's."""
    parts: list[str | bytes] = []
    for folder in (site_templates, THEME):
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        parts += ["\0", str(folder)] + [part for path in files for part in (path.relative_to(folder).as_posix(), _read_or_empty(path))]
    return digest(*parts)


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # unreadable: Jinja reports it, with its name, if a page uses it


def shared_environment(root: Path, memo: Memo | None) -> tuple[jinja2.Environment, str]:
    """The environment and the templates' key; the same environment (with its compiled
    templates) for as long as no template changes, where there is a memo."""
    key = templates_key(root / "templates") if memo is not None else ""
    return memoised(memo, ("environment", root, key), lambda: environment(root / "templates")), key


class HtmlRenderer:
    def __init__(self, site: Site, root: Path, pdfs: Mapping[str, Any] | None = None, memo: Memo | None = None,
                 updating: frozenset[str] = frozenset()):
        self.site = site
        self.pdfs = pdfs or {}
        self.updating = updating   # issues whose PDF serve is (re)making
        self.root = root
        self.memo = memo
        self.env, self.templates = shared_environment(root, memo)
        self.paths = source_paths(site)
        self.paths_key = digest(*(part for item in sorted(self.paths.items()) for part in item)) if memo is not None else ""
        self.base = site.base_path  # pages link by path; site_url gives full addresses
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
        return body_parts(self.body_html(body))

    def body_html(self, body: Body) -> str:
        resolve = self.resolver(body.source)
        return self._resolved(("body", body.text, body.first_line, body.source), lambda: markdown.render(
            body.text, body.first_line, resolve=resolve, picture=resolve, allow_html=self.allow_html).html)

    def inline(self, source: str) -> Callable[[str], Markup]:
        resolve = self.resolver(source)
        return lambda text: Markup(self._resolved(("inline", text, source), lambda: markdown.render_inline(
            text, resolve=resolve, allow_html=self.allow_html)))

    def _resolved(self, key: tuple, render: Callable[[], str]) -> str:
        """Markdown made HTML with its links resolved; under serve, kept while the text and
        the site's addresses stay the same, so a change of titles renders no Markdown again.
        The links to drafts it finds are reported again on each use."""
        def make() -> tuple[str, tuple[SourceError, ...]]:
            before = len(self.errors)
            html = render()
            found = tuple(self.errors[before:])
            del self.errors[before:]
            return html, found
        html, errors = memoised(self.memo, (*key, self.allow_html, self.base, self.paths_key), make)
        self.errors.extend(errors)
        return html

    # pages -----------------------------------------------------------------
    def render(self) -> dict[str, bytes]:
        site = self.site
        files: dict[str, bytes] = {}
        errors: list[SourceError] = []

        def page(path: str, template: str, inputs: tuple = (), **context: Any) -> None:
            """Render one page; ``inputs``: what it shows besides the site's outline (a body's
            text, a PDF's size), the rest of its key. ``Later`` values in ``context`` are
            worked out only when the page is rendered."""
            key = ("page", site.key, self.templates, path, template, *inputs)
            data, page_errors = memoised(self.memo, key, lambda: self._page(path, template, context))
            errors.extend(page_errors)
            if data is not None:
                files[path + "index.html" if path.endswith("/") or not path else path] = data

        latest = site.issues[0] if site.issues else None
        latest_pdf = self.pdf_link(latest) if latest else None
        page("", "home.html", (latest_pdf,), issue=latest, pdf=latest_pdf, events=Later(lambda: tuple(e for e in site.upcoming if e.event.has_places)))
        page("issues/", "archive.html")
        page("training/", "training.html")
        page("topics/", "topics.html")
        page(SEARCH, "search.html")
        for topic in site.topics:
            page(f"topics/{topic.key}/", "topic.html", topic=topic)
        # the library of an equal outline serves: its pages can read no Markdown text
        for shelf in memoised(self.memo, ("library", site.key), lambda: library(site)):
            page(shelf.chosen.path, "reviews.html", library=shelf)
        for issue in site.issues:
            older, newer = site.neighbours(issue)
            pdf = self.pdf_link(issue)
            page(path_issue(issue), "issue.html", (issue.editorial.text, pdf), issue=issue, older=older, newer=newer, pdf=pdf,
                 draft=issue.meta.draft, editorial=Later(lambda issue=issue: self.markdown(issue.editorial)), inline=self.inline(issue.source),
                 events=Later(lambda issue=issue: tuple(e for e in site.issue_events(issue) if e.event.has_places and e.event.date >= site.today)))
            for index, article in enumerate(issue.articles):
                page(path_article(issue, article), "article.html", (article.body.text,), issue=issue, article=article, draft=issue.meta.draft,
                     body=Later(lambda article=article: self.article_body(article)), inline=self.inline(article.source),
                     previous=issue.articles[index - 1] if index else None,
                     following=issue.articles[index + 1] if index + 1 < len(issue.articles) else None)
        for static_page in site.pages:
            page(path_page(static_page), "page.html", (static_page.body.text,), page=static_page,
                 body=Later(lambda static_page=static_page: self.markdown(static_page.body)))
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

    def _page(self, path: str, template: str, context: dict[str, Any]) -> tuple[bytes | None, tuple[SourceError, ...]]:
        """(the page's bytes or None, the errors found): pure, given the page's key."""
        self.errors = found = []  # the resolver reports links to drafts here
        values = {name: value.make() if isinstance(value, Later) else value for name, value in context.items()}
        try:
            html = self.env.get_template(template).render(self.common(path), **values)
        except Exception as exc:  # a site's template may fail in any way; say where
            return None, (*found, template_error(exc, sys.exc_info()[2], template, self.root))
        return html.encode("utf-8"), tuple(found)

    def pdf_link(self, issue: Issue) -> PdfLink | None:
        pdf, updating = self.pdfs.get(issue.slug), issue.slug in self.updating
        if pdf is None:
            return PdfLink(None, 0, "", True) if updating else None
        return PdfLink(self.url(pdf.path), pdf.pages, formats.file_size(len(pdf.data)), updating)

    def article_body(self, article: Article) -> list[Part]:
        return body_parts(self.body_html(article.body), article.meta)

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
            "site_url": site.site_url,
            "feed": FEED,
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


def render_html(site: Site, root: Path, pdfs: Mapping[str, Any] | None = None, memo: Memo | None = None,
                updating: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """The site's pages; ``pdfs`` (issue slug -> rendered PDF) lets issue pages link them."""
    return HtmlRenderer(site, root, pdfs, memo, updating).render()
