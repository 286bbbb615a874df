"""The printed briefings and catalogues: each -> a tagged PDF through WeasyPrint, as the
newsletters are (render/pdf.py): a pure print job makes the print HTML and CSS, and a
PdfJob, keyed on every input WeasyPrint sees, renders it (or comes from the cache).

A briefing takes one A4 page where its text allows and two at most; one that runs
longer is an error that says how much to cut (see pdf.Overflow).
"""

from __future__ import annotations

import datetime as dt
import html as html_module
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from markupsafe import Markup

from sscbgen.config import SiteConfig
from sscbgen.content import markdown
from sscbgen.content.addresses import path_briefing, path_catalogue, resolver
from sscbgen.content.publications import Briefing, Catalogue, Course, split_sections
from sscbgen.content.refs import classify
from sscbgen.publications import pdf_key
from sscbgen.render.pdf import FILES, FONT_URL, PageLimit, PdfJob, Printed, _covered, _created, job_for, printed
from sscbgen.render.templates import templates_of
from sscbgen.site import Site

# A briefing never takes more than two pages. Its panels are printed whole, two to a row,
# where they fit two pages that way; else in two balanced columns, where a panel may break
# (the densest layout: the pages it then takes, if still more than two, show what to cut).
BRIEFING_LIMIT = PageLimit(2, """
.panels { columns: 2; column-gap: 5mm; }
.panels::after { content: none; }
.panel { float: none; width: auto; margin-left: 0; break-inside: auto; }
""")


@dataclass(frozen=True)
class PublicationPrintJob:
    """Everything one briefing's or catalogue's print HTML and CSS are made of (a pure job)."""

    kind: str                                   # "briefing" or "catalogue"
    briefing: Briefing | None
    catalogue: Catalogue | None
    events: tuple[tuple[str, object], ...]      # a catalogue's dates in date order: (course source, TrainingEvent)
    config: SiteConfig
    site_url: str | None
    files: frozenset[str]                       # the checked pictures and static files it may show
    path: str                                   # where the PDF goes in the build
    root: str
    templates: str

    @property
    def slug(self) -> str:
        made = self.briefing or self.catalogue
        assert made is not None
        return made.slug

    @property
    def source(self) -> str:
        made = self.briefing or self.catalogue
        assert made is not None
        return made.source


def _name(site: Site, *words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", " ".join((site.config.board.short_name,) + words).lower()).strip("-") + ".pdf"


def publication_print_jobs(site: Site, root: Path, templates: str) -> list[PublicationPrintJob]:
    shown = lambda *folders: frozenset(path for path in site.files if path.startswith(folders))  # noqa: E731
    jobs = [PublicationPrintJob("briefing", b, None, (), site.config, site.site_url, shown("content/briefings/", "static/"),
                                path_briefing(b.slug) + _name(site, "7-minute briefing", b.slug), str(root), templates)
            for b in site.briefings]
    for c in site.catalogues:
        events = tuple((e.article.source, e.event) for e in site.events if e.issue.source == c.source)
        jobs.append(PublicationPrintJob("catalogue", None, c, events, site.config, site.site_url,
                                        shown(f"content/catalogues/{c.slug}/", "static/"),
                                        path_catalogue(c.slug) + _name(site, "training catalogue", c.meta.period or c.slug), str(root), templates))
    return jobs


def make_publication_print(job: PublicationPrintJob) -> Printed:
    return printed(lambda: _print_briefing(job) if job.kind == "briefing" else _print_catalogue(job), f"print/{job.kind}.html", job.root)


def _picture(source: str) -> Callable[[str, int], str]:
    def resolve(src: str, line: int) -> str:
        ref = classify(source, src)
        return f"{FILES}{quote(ref.path)}" if ref.kind == "file" else src
    return resolve


def _render(job: PublicationPrintJob, source: str, text: str, first_line: int, ids: str, shift: int = 0) -> str:
    return markdown.render(text, first_line, resolve=resolver(source, job.site_url), picture=_picture(source), ids=ids,
                           heading_shift=shift, allow_html=job.config.allow_html).html


def _website(config: SiteConfig) -> str:
    return (config.board.website or "").removeprefix("https://").removeprefix("http://").rstrip("/")


def _print_briefing(job: PublicationPrintJob) -> Printed:
    briefing, config = job.briefing, job.config
    assert briefing is not None
    env = templates_of(job.root, job.templates)
    lead, sections = split_sections(_render(job, briefing.source, briefing.body.text, briefing.body.first_line, "b--"))
    parts = [{"number": n, "id": ident, "heading": Markup(heading), "html": Markup(body)} for n, (ident, heading, body) in enumerate(sections, 1)]
    meta = briefing.meta
    html = env.get_template("print/briefing.html").render(
        config=config, title=meta.title, date=meta.date, summary=meta.summary, created=_created(meta.date),
        keywords=sorted(config.topics[t] for t in meta.topics if t in config.topics), lead=Markup(lead.strip()), parts=parts,
        reviews=meta.reviews)
    css = env.get_template("print/briefing.css").render(paper=config.print.paper, fonts=FONT_URL, look=config.look, board=config.board.name,
                                                        website=_website(config))
    return _finished(job, html, css)


@dataclass(frozen=True)
class _Month:
    label: str
    rows: tuple[tuple[object, dict], ...]


def _print_catalogue(job: PublicationPrintJob) -> Printed:
    catalogue, config = job.catalogue, job.config
    assert catalogue is not None
    env = templates_of(job.root, job.templates)

    def course(c: Course) -> dict:
        meta = c.meta
        return {"slug": c.slug, "id": f"course-{c.slug}", "title": meta.title, "summary": meta.summary, "audience": meta.audience,
                "level": meta.level, "duration": meta.duration, "provider": meta.provider, "cost": meta.cost, "outcomes": meta.outcomes,
                "html": Markup(_render(job, c.source, c.body.text, c.body.first_line, f"course-{c.slug}--", 1)),
                "events": [event for source, event in job.events if source == c.source]}

    courses = [course(c) for c in catalogue.courses]
    by_source = {c.source: made for c, made in zip(catalogue.courses, courses, strict=True)}
    months: dict[tuple[int, int], list[tuple[object, dict]]] = {}
    for source, event in job.events:
        day = event.date  # type: ignore[attr-defined]  # a TrainingEvent
        months.setdefault((day.year, day.month), []).append((event, by_source[source]))
    intro = _render(job, catalogue.source, catalogue.introduction.text, catalogue.introduction.first_line, "intro--", 1)
    meta = catalogue.meta
    title = meta.title + (f" ({meta.period})" if meta.period and meta.period not in meta.title else "")
    html = env.get_template("print/catalogue.html").render(
        config=config, catalogue=catalogue, title=title, created=_created(meta.date),
        keywords=sorted({config.topics[t] for c in catalogue.courses for t in c.meta.topics if t in config.topics}),
        introduction=Markup(intro.strip()), courses=courses,
        months=[_Month(dt.date(y, m, 1).strftime("%B %Y"), tuple(rows)) for (y, m), rows in months.items()])
    css = env.get_template("print/catalogue.css").render(paper=config.print.paper, fonts=FONT_URL, look=config.look, board=config.board.name,
                                                         website=_website(config), running=title)
    return _finished(job, html, css)


def _finished(job: PublicationPrintJob, html: str, css: str) -> Printed:
    urls = sorted(set(re.findall(rf'src="{re.escape(FILES)}([^"]+)"', html)))
    shown = tuple((FILES + url, unquote(url)) for url in urls if unquote(url) in job.files)
    missing = sorted(set(html_module.unescape(re.sub(r"<[^>]*>", " ", html))) - _covered() - set(" \n\t\r\xa0\u200b"))
    warnings = (f"these characters are not in the font and print as empty boxes: {' '.join(missing)}",) if missing else ()
    return Printed(html, css, shown, warnings)


def publication_pdf_job(job: PublicationPrintJob, printed: Printed, read: Callable[[str], bytes]) -> PdfJob:
    label = "printed briefing" if job.kind == "briefing" else "printed catalogue"
    line = job.briefing.body.first_line if job.briefing is not None else None
    return job_for(pdf_key(job.kind, job.slug), job.source, job.path, printed, read, label,
                   BRIEFING_LIMIT if job.kind == "briefing" else None, line)
