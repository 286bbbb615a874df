"""Each issue's email edition: ``email.html``, its CSS inlined for mail programs, and
``email.txt`` beside it. Rendered from the content models through the templates in
``email/`` (never from the site's pages); every address in them is a full one, since a
mail program has no page to be relative to."""

from __future__ import annotations

import html as html_module
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import css_inline
import jinja2
from markupsafe import Markup

from sscbgen import formats
from sscbgen.cache import digest
from sscbgen.config import SiteConfig
from sscbgen.content import markdown
from sscbgen.content.addresses import path_article, path_email, resolver
from sscbgen.content.models import Article, Body, Issue
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.plan import texts_key
from sscbgen.render.templates import template_error, templates_key, templates_of
from sscbgen.site import EventData, Site, event_data, issue_events
from sscbgen.views import Part, PdfLink, body_parts, issue_label
from sscbgen.workers import Workers

_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
GMAIL_LIMIT = 102 * 1024  # Gmail shows a larger message cut short, with "[Message clipped]"
_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


@dataclass(frozen=True)
class EmailJob:
    """Everything one issue's email edition shows: a pure job (its key is derived from it)."""

    issue: Issue
    config: SiteConfig
    site_url: str
    events: tuple[EventData, ...]           # training with places, upcoming
    article_events: tuple[EventData, ...]   # every event of the issue, in the calendar's order
    pdf: PdfLink | None
    root: Path
    templates: str                                          # the hash of every template


Made = tuple[bytes, bytes, tuple[SourceError, ...]]


def render_email(job: EmailJob) -> Made:
    """(email.html, email.txt, ()) of one issue, or (b"", b"", the template's error)."""
    issue, config = job.issue, job.config
    env = templates_of(job.root, job.templates)

    def parts(body: Body, ids: str, article: Article | None = None) -> tuple[Part, ...]:
        resolve = resolver(body.source, job.site_url, anchors="site")
        rendered = markdown.render(body.text, body.first_line, resolve=resolve, picture=resolve, ids=ids,
                                   heading_shift=1 if article else 0, allow_html=config.allow_html)
        return body_parts(rendered.html, article.meta if article else None)

    def teaser(article: Article) -> Markup | None:
        """The article's summary, or else the first paragraph of its body (its links kept)."""
        if article.meta.summary:
            return Markup.escape(article.meta.summary)
        for part in parts(article.body, f"art-{article.slug}--", article):
            found = _FIRST_PARAGRAPH.search(part.html)
            if found:
                return Markup(found.group(1))
        return None

    context = {
        "config": config,
        "issue": issue,
        "label": issue_label(issue),
        "site_url": job.site_url,
        "address": job.site_url + path_email(issue),
        "article_address": lambda article: job.site_url + path_article(issue, article),
        "editorial": parts(issue.editorial, "issue--"),
        "teaser": teaser,
        "teaser_text": lambda article: _text(teaser(article)),
        "events": issue_events(issue, job.events),
        "pdf": job.pdf,
        "look": config.look,
        "logo_url": job.site_url + config.look.logo_path if config.look.logo_path else None,
    }
    try:
        html = _render(env, "email/issue.html", context, job.root)
        try:
            html = _INLINER.inline(html)
        except css_inline.InlineError as exc:
            raise SiteErrors([SourceError("templates/email/email.css", None, "", f"the email edition's CSS cannot be inlined: {exc}")]) from None
        return html.encode("utf-8"), _render(env, "email/issue.txt", context, job.root).encode("utf-8"), ()
    except SiteErrors as exc:
        return b"", b"", exc.errors


def _render(env: jinja2.Environment, template: str, context: dict[str, Any], root: Path) -> str:
    try:
        return env.get_template(template).render(context)
    except Exception as exc:  # a site's template may fail in any way; say where
        raise SiteErrors([template_error(exc, sys.exc_info()[2], template, root)]) from None


def email_editions(site: Site, root: Path, site_url: str, pdfs: Mapping[str, PdfLink | None],
                   workers: Workers | None = None) -> tuple[dict[str, bytes], list[SourceError]]:
    """Every issue's ``email.html`` and ``email.txt``, and a warning for each too big for Gmail.
    ``pdfs``: each issue's printed newsletter, as the web pages link it. An issue's edition is
    kept between builds (``workers``: the build's) under the hash of what it is made of: the
    templates, ``Site.key`` (front matter, config.yaml, the build date), its PDF and
    its bodies' text."""
    workers = workers or Workers(processes=1)
    templates = templates_key(root / "templates")
    made = (site.key, str(root), templates, site_url)
    keys = [digest(*made, "email", issue.slug, repr(pdfs.get(issue.slug)), texts_key(issue)) for issue in site.issues]
    kept: dict[str, tuple[bytes, bytes]] = workers.kept(keys)
    todo = {key: EmailJob(issue, site.config, site_url,
                          event_data(tuple(e for e in site.issue_events(issue) if e.event.has_places and e.event.date >= site.today)),
                          event_data(site.issue_events(issue)),
                          _absolute(pdfs.get(issue.slug), site), root, templates) for issue, key in zip(site.issues, keys, strict=True) if key not in kept}
    fresh: dict[str, tuple[bytes, bytes]] = {}
    errors: list[SourceError] = []
    for key, (html, text, found) in zip(todo, workers.run("email", render_email, list(todo.values())), strict=True):
        errors += found
        fresh[key] = (html, text)
    if errors:
        raise SiteErrors(list(dict.fromkeys(errors)))
    workers.keep(fresh)
    files: dict[str, bytes] = {}
    warnings: list[SourceError] = []
    for issue, key in zip(site.issues, keys, strict=True):
        html, text = kept.get(key) or fresh[key]
        files[path_email(issue)] = html
        files[path_email(issue).removesuffix(".html") + ".txt"] = text
        if len(html) > GMAIL_LIMIT:
            warnings.append(SourceError(issue.source, None, "", f"the email edition is {formats.file_size(len(html))}; "
                                        "Gmail cuts a message over 102 KB short, so shorten the issue's editorial or the articles' summaries"))
    return files, warnings


def _absolute(pdf: PdfLink | None, site: Site) -> PdfLink | None:
    """The web pages' link to a PDF, with the site's full address (a mail program has no page to be relative to)."""
    if pdf is None or pdf.url is None:
        return None
    return PdfLink(site.site_url + pdf.url.removeprefix(site.base_path), pdf.pages, pdf.size) if site.site_url else None


def _text(html: Markup | None) -> str:
    """A teaser as plain text, for email.txt."""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", str(html))).split()) if html else ""
