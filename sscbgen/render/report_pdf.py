"""A report's PDF: A4, one column, a cover, a contents page (chapters and their sections,
with page numbers), a list of figures, each chapter on a new page; tagged PDF/UA-1.

Made like the newsletter's (render/pdf.py): a ReportPrintJob (pure, kept between builds)
gives the print HTML and CSS; its PdfJob, whose key hashes everything WeasyPrint reads,
joins the issues' in one PdfPlan, so build and serve print reports as they print issues.
"""

from __future__ import annotations

import functools
import html as html_module
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from markupsafe import Markup

from sscbgen.cache import Cache
from sscbgen.config import SiteConfig
from sscbgen.content import markdown
from sscbgen.content.addresses import path_report, resolver
from sscbgen.content.refs import classify
from sscbgen.content.reports import Chapter, Report
from sscbgen.errors import SiteErrors
from sscbgen.jobs import Run, run_here
from sscbgen.memo import Memo
from sscbgen.render.pdf import FILES, FONT_URL, PdfPlan, Printed, _covered, _created, _read, job_for, planned, printed
from sscbgen.render.templates import templates_key, templates_of
from sscbgen.report_views import alt_text, chapter_parts, chart_view, figure_links, pdf_key
from sscbgen.site import Event, EventData, Site, event_data
from sscbgen.views import body_parts


def report_pdf_path(site: Site, report: Report) -> str:
    """``reports/annual-report-2014-15/sscb-annual-report-2014-2015.pdf``: a name a person would keep."""
    name = re.sub(r"[^a-z0-9]+", "-", f"{site.config.board.short_name} {report.meta.title}".lower()).strip("-")
    return path_report(report.slug) + name + ".pdf"


def chapter_id(chapter: Chapter) -> str:
    return f"ch-{chapter.slug}"


@dataclass(frozen=True)
class ReportPrintJob:
    """Everything one report's print HTML and CSS are made of: a pure job."""

    report: Report
    config: SiteConfig
    site_url: str | None
    files: frozenset[str]          # the checked pictures and static files it may show
    path: str
    root: str
    templates: str
    events: tuple[EventData, ...] = ()   # its training dates, as the calendar lists them


@dataclass(frozen=True)
class Section:
    id: str
    title: str


def report_print_job(site: Site, report: Report, root: Path, templates: str) -> ReportPrintJob:
    shown = (f"content/reports/{report.slug}/", "static/")
    events = site.article_events(report) + tuple(e for chapter in report.chapters for e in site.article_events(chapter))
    return ReportPrintJob(report, site.config, site.site_url, frozenset(p for p in site.files if p.startswith(shown)),
                          report_pdf_path(site, report), str(root), templates, event_data(events))


def make_report_print(job: ReportPrintJob) -> Printed:
    return printed(lambda: _print(job), "print/report.html", job.root)


def _print(job: ReportPrintJob) -> Printed:
    report, config = job.report, job.config
    env = templates_of(job.root, job.templates)
    within = {c.source: chapter_id(c) for c in report.chapters}
    within[report.source] = "foreword"
    figures = report.figures()
    numbers = {f"#{chapter_id(c)}--{chart.id}": n for c, chart, n in figures}

    def picture(source: str):
        def resolve(src: str, line: int) -> str:
            ref = classify(source, src)
            return f"{FILES}{quote(ref.path)}" if ref.kind == "file" else src
        return resolve

    def rendered(source: str, text: str, first_line: int, ids: str) -> markdown.Rendered:
        return markdown.render(text, first_line, resolve=resolver(source, job.site_url, within), picture=picture(source),
                               ids=ids, heading_shift=1, allow_html=config.allow_html)

    chapters = []
    for chapter in report.chapters:
        made = rendered(chapter.source, chapter.body.text, chapter.body.first_line, f"{chapter_id(chapter)}--")
        sections = tuple(Section(h.id, h.text) for h in made.headings if h.level == 3)   # ## in Markdown, shifted under the chapter title
        charts = tuple(chart_view(chart, n, f"{chapter_id(c)}--{chart.id}", alt_text(n, chart), (config.look.brand,))
                       for c, chart, n in figures if c is chapter)
        chapters.append((chapter, sections, chapter_parts(figure_links(made.html, numbers), chapter), charts))
    foreword = body_parts(figure_links(rendered(report.source, report.foreword.text, report.foreword.first_line, "foreword--").html, numbers),
                          report.meta)
    title = report.meta.title + (f", {report.meta.period}" if report.meta.period else "")
    keywords = sorted({config.topics[t] for t in report.meta.topics + tuple(t for c in report.chapters for t in c.meta.topics)
                       if t in config.topics})
    html = env.get_template("print/report.html").render(
        config=config, report=report, title=title, created=_created(report.meta.date), keywords=keywords,
        foreword=foreword, chapters=chapters, chapter_id=chapter_id,
        figures=[(n, chart.title, f"{chapter_id(c)}--{chart.id}") for c, chart, n in figures],
        inline_for=lambda chapter: lambda text: Markup(markdown.render_inline(
            text, resolve=resolver(chapter.source, job.site_url, within), allow_html=config.allow_html)),
        events_of=lambda owner: [Event(event, report, owner, number) for source, event, number in job.events if source == owner.source],
    )
    css = env.get_template("print/report.css").render(
        fonts=FONT_URL, look=config.look, running=report.meta.title + (f" · {report.meta.period}" if report.meta.period else ""),
    )
    urls = sorted(set(re.findall(rf'src="{re.escape(FILES)}([^"]+)"', html)))
    shown = tuple((FILES + url, unquote(url)) for url in urls if unquote(url) in job.files)
    text = html_module.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"<svg.*?</svg>", " ", html, flags=re.DOTALL)))
    missing = sorted(set(text) - _covered() - set(" \n\t\r\xa0\u200b"))
    warnings = (f"these characters are not in the report's font and print as empty boxes: {' '.join(missing)}",) if missing else ()
    return Printed(html, css, shown, warnings)


def plan_report_pdfs(site: Site, root: Path, cache: Cache, run: Run = run_here, memo: Memo | None = None) -> PdfPlan:
    """Each published report's PDF job, and its PDF where the cache has it; raises SiteErrors.
    Its PdfFile's slug is report_views.pdf_key(report)."""
    jobs = [report_print_job(site, report, root, templates_key(root / "templates")) for report in site.reports]
    made = run("print", make_report_print, jobs)
    errors = [error for printed in made for error in printed.errors]
    if errors:
        raise SiteErrors(list(dict.fromkeys(errors)))
    read = functools.lru_cache(maxsize=None)(lambda path: _read(root, path))
    return planned([job_for(pdf_key(job.report), job.report.source, job.path, printed, read, "printed report")
                    for job, printed in zip(jobs, made, strict=True)], cache, memo)


def joined(first: PdfPlan, second: PdfPlan) -> PdfPlan:
    """Two plans as one: the issues' and the reports' PDFs are printed together."""
    return PdfPlan({**first.done, **second.done}, first.todo + second.todo, first.keys | second.keys)

