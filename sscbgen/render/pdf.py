"""The printed newsletter: each issue -> a tagged, paginated PDF through WeasyPrint.

The print HTML and CSS come from the content models and the print templates (never
from the site's pages). Each issue is one job whose key hashes every input WeasyPrint
sees (HTML, CSS, fonts, pictures, WeasyPrint's version): a job with a known key is
taken from the cache; the others render in worker processes, in parallel.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_module
import logging
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markupsafe import Markup

from sscbgen import __version__
from sscbgen.cache import Cache, Entry, digest
from sscbgen.config import SiteConfig
from sscbgen.content import markdown
from sscbgen.content.addresses import path_issue, resolver
from sscbgen.content.fields import source_date_epoch
from sscbgen.content.models import Article, Issue
from sscbgen.content.refs import classify
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.jobs import Run, run_here
from sscbgen.memo import Memo
from sscbgen.render.addresses_in_print import with_addresses
from sscbgen.render.templates import template_error, templates_key, templates_of
from sscbgen.site import EventData, Site, event_data, issue_events
from sscbgen.views import Part, body_parts

FONTS = Path(__file__).resolve().parent.parent / "theme" / "fonts"
# WeasyPrint sees files by these addresses, never by their place on disk, so the PDF's
# bytes do not depend on the folder the site or sscbgen is installed in.
FONT_URL = "sscb://fonts/"
FILES = "sscb://site/"


@lru_cache(maxsize=1)
def _font_config() -> bytes:
    return (FONTS / "fonts.conf").read_bytes()


@lru_cache(maxsize=1)
def _covered() -> frozenset[str]:
    """Every character the shipped fonts can print."""
    from fontTools.ttLib import TTFont

    return frozenset(chr(code) for path in FONTS.glob("*.woff2") for code in TTFont(path).getBestCmap())


@lru_cache(maxsize=1)
def _fonts() -> tuple[tuple[str, bytes], ...]:
    return tuple((FONT_URL + p.name, p.read_bytes()) for p in sorted(FONTS.glob("*.woff2")))
PDF_VARIANT = "pdf/ua-1"
WEASYPRINT_VERSION = metadata.version("weasyprint")  # for cache keys, without importing it (0.5 s)


@dataclass(frozen=True)
class PdfJob:
    """Everything WeasyPrint needs for one issue; pure data, so it can go to a worker."""

    slug: str
    source: str
    path: str                              # where the PDF goes in the build
    html: str
    css: str
    files: tuple[tuple[str, bytes], ...]   # every file WeasyPrint may read: (sscb:// address, bytes)
    key: str
    warnings: tuple[str, ...] = ()   # found while making the job, before WeasyPrint
    label: str = "printed newsletter"   # what the messages call it
    limit: PageLimit | None = None   # a briefing's: at most two pages
    line: int | None = None          # the line its errors name (a briefing's body)


@dataclass(frozen=True)
class PageLimit:
    """More pages than ``pages`` is an error. ``dense_css``, added to the job's CSS, lays it out
    in as few pages as it can take (its panels may break): what lies beyond ``pages`` in that
    layout is what to cut."""

    pages: int
    dense_css: str = ""


@dataclass(frozen=True)
class Overflow:
    """A job that took more than its ``max_pages``: how many it took, and the words of the
    pages beyond them (what to cut), of all its words."""

    pages: int
    words_over: int
    words: int


@dataclass(frozen=True)
class PdfFile:
    """A rendered newsletter: where it goes in the build, its bytes and page count."""

    slug: str
    source: str                    # the issue's index.md, which its warnings name
    path: str
    data: bytes
    pages: int
    cached: bool
    warnings: tuple[str, ...] = ()
    label: str = "printed newsletter"


def pdf_name(site: Site, issue: Issue) -> str:
    """A name a person would keep: ``sscb-newsletter-spring-2015.pdf``."""
    label = issue.meta.period or issue.slug
    return re.sub(r"[^a-z0-9]+", "-", f"{site.config.board.short_name} newsletter {label}".lower()).strip("-") + ".pdf"


def pdf_path(site: Site, issue: Issue) -> str:
    return path_issue(issue) + pdf_name(site, issue)


@dataclass(frozen=True)
class PrintJob:
    """Everything one issue's print HTML and CSS are made of: a pure job (its key is derived
    from it), kept between builds like a page. The pictures' bytes are not in it: the HTML
    only names them, and they join the PdfJob, whose own key holds them."""

    issue: Issue
    config: SiteConfig
    site_url: str | None                 # where links to the site's other pages lead in print
    events: tuple[EventData, ...]        # the issue's training, in the calendar's order
    files: frozenset[str]                # the checked pictures and static files it may show
    path: str                            # where the PDF goes in the build
    root: str
    templates: str                       # the hash of every template


@dataclass(frozen=True)
class Printed:
    """A PrintJob made: the print HTML and CSS, the files the HTML shows, what to warn of;
    or the print template's error."""

    html: str = ""
    css: str = ""
    shown: tuple[tuple[str, str], ...] = ()   # (sscb:// address, path from the site folder)
    warnings: tuple[str, ...] = ()
    errors: tuple[SourceError, ...] = ()


def print_job(site: Site, issue: Issue, root: Path, templates: str) -> PrintJob:
    shown = (f"content/issues/{issue.slug}/", "static/")  # the files its pages may show
    return PrintJob(issue, site.config, site.site_url, event_data(site.issue_events(issue)),
                    frozenset(path for path in site.files if path.startswith(shown)), pdf_path(site, issue), str(root), templates)


def article_id(article: Article) -> str:
    return f"art-{article.slug}"


def make_print(job: PrintJob) -> Printed:
    """The issue's print HTML and CSS, through the print templates (the site's over the theme's)."""
    return printed(lambda: _print(job), "print/newsletter.html", job.root)


def printed(make: Callable[[], Printed], template: str, root: str) -> Printed:
    """``make()``: a publication's print HTML and CSS; or what stopped it, with its file and
    line (a print template of the site's may fail in any way)."""
    try:
        return make()
    except SiteErrors as exc:
        return Printed(errors=exc.errors)
    except Exception as exc:  # a print template of the site's may fail in any way: say where
        return Printed(errors=(template_error(exc, sys.exc_info()[2], template, Path(root)),))


def _print(job: PrintJob) -> Printed:
    issue, config = job.issue, job.config
    env = templates_of(job.root, job.templates)
    events = issue_events(issue, job.events)
    within = {a.source: article_id(a) for a in issue.articles}

    def picture(source: str) -> Callable[[str, int], str]:
        """Pictures are read from their files (load.py has checked they exist)."""
        def resolve(src: str, line: int) -> str:
            ref = classify(source, src)
            return f"{FILES}{quote(ref.path)}" if ref.kind == "file" else src
        return resolve

    def parts(article: Article) -> tuple[Part, ...]:
        rendered = markdown.render(article.body.text, article.body.first_line, resolve=resolver(article.source, job.site_url, within),
                                   picture=picture(article.source), ids=f"{article_id(article)}--", heading_shift=1, allow_html=config.allow_html)
        return body_parts(with_addresses(rendered.html), article.meta)

    title = f"{issue.meta.title}" + (f", {issue.meta.period}" if issue.meta.period else "") + f" (issue {issue.meta.number})"
    keywords = sorted({config.topics[t] for a in issue.articles for t in a.meta.topics if t in config.topics})
    html = env.get_template("print/newsletter.html").render(
        config=config, issue=issue, title=title, created=_created(issue.meta.date), keywords=keywords,
        first=issue.articles[0] if issue.articles else None, rest=issue.articles[1:],
        parts={a.slug: parts(a) for a in issue.articles}, events=[e for e in events if e.event.has_places],
        inline_for=lambda article: lambda text: Markup(with_addresses(markdown.render_inline(
            text, resolve=resolver(article.source, job.site_url, within), allow_html=config.allow_html))),
        article_id=article_id, files_url=FILES, issue_url=(job.site_url + path_issue(issue)) if job.site_url else None,
        bookings=sorted({e.event.booking for e in events if e.event.booking and e.event.date >= issue.meta.date}),
        events_of=lambda article: tuple(e for e in events if e.article.source == article.source),
    )
    website = (config.board.website or "").removeprefix("https://").removeprefix("http://").rstrip("/")
    css = env.get_template("print/newsletter.css").render(
        paper=config.print.paper, columns=config.print.columns, fonts=FONT_URL,
        running=f"{issue.meta.title}" + (f" · {issue.meta.period}" if issue.meta.period else ""), website=website,
        look=config.look,
    )
    urls = sorted(set(re.findall(rf'src="{re.escape(FILES)}([^"]+)"', html)))  # the files this PDF shows
    shown = tuple((FILES + url, unquote(url)) for url in urls if unquote(url) in job.files)  # checked files only
    missing = sorted(set(html_module.unescape(re.sub(r"<[^>]*>", " ", html))) - _covered() - set(" \n\t\r\xa0\u200b"))
    warnings = (f"these characters are not in the newsletter's font and print as empty boxes: {' '.join(missing)}",) if missing else ()
    return Printed(html, css, shown, warnings)


def pdf_job(job: PrintJob, printed: Printed, read: Callable[[str], bytes]) -> PdfJob:
    return job_for(job.issue.slug, job.issue.source, job.path, printed, read)


def job_for(slug: str, source: str, path: str, printed: Printed, read: Callable[[str], bytes], label: str = "printed newsletter",
            limit: PageLimit | None = None, line: int | None = None) -> PdfJob:
    """What WeasyPrint needs for any publication: the print HTML and CSS, the fonts and the
    pictures' bytes, keyed by all of them (and by its page limit)."""
    files = _fonts() + tuple((url, read(path)) for url, path in printed.shown)
    key = digest(printed.html, printed.css, WEASYPRINT_VERSION, __version__, PDF_VARIANT, _font_config(), repr(limit),
                 *(part for pair in files for part in pair))
    return PdfJob(slug, source, path, printed.html, printed.css, files, key, printed.warnings, label, limit, line)


def _read(root: Path, path: str) -> bytes:
    try:
        return (root / path).read_bytes()
    except OSError as exc:
        raise SiteErrors([SourceError(path, None, "", f"cannot be read ({exc.strerror})")]) from None


def _created(day: dt.date) -> str:
    """The PDF's date: SOURCE_DATE_EPOCH where set, else the issue's own date; never the clock."""
    epoch = source_date_epoch()  # cli.py has already refused a bad value
    return epoch.strftime("%Y-%m-%dT%H:%M:%SZ") if epoch else f"{day.isoformat()}T00:00:00Z"


def print_now(plan: PdfPlan, cache: Cache, workers: int | None = None) -> tuple[dict[str, PdfFile], frozenset[str]]:
    """A build's printer: every PDF the cache lacks is rendered now (and kept in it)."""
    done = dict(plan.done)
    done.update(finish_pdfs(plan.todo, _run(list(plan.todo), workers), cache))
    cache.keep_only(plan.keys)
    return done, frozenset()


@dataclass(frozen=True)
class PdfPlan:
    done: dict[str, PdfFile]       # issue slug -> its PDF, from the cache
    todo: tuple[PdfJob, ...]       # the jobs WeasyPrint must render
    keys: set[str]                 # every job's key, for Cache.keep_only


def plan_pdfs(site: Site, root: Path, cache: Cache, run: Run = run_here, memo: Memo | None = None) -> PdfPlan:
    """Each published issue's job, and its PDF where the cache has it; raises SiteErrors."""
    from sscbgen.render.publication_pdf import make_publication_print, publication_pdf_job, publication_print_jobs

    templates = templates_key(root / "templates")
    jobs = [print_job(site, issue, root, templates) for issue in site.issues]
    made = run("print", make_print, jobs)
    others = publication_print_jobs(site, root, templates)   # the briefings and catalogues
    others_made = run("print", make_publication_print, others)
    errors = [error for printed in (*made, *others_made) for error in printed.errors]
    if errors:
        raise SiteErrors(list(dict.fromkeys(errors)))
    read = functools.lru_cache(maxsize=None)(lambda path: _read(root, path))   # a static file shown in many issues is read once
    pdf_jobs = [pdf_job(job, printed, read) for job, printed in zip(jobs, made, strict=True)]
    pdf_jobs += [publication_pdf_job(job, printed, read) for job, printed in zip(others, others_made, strict=True)]
    return planned(pdf_jobs, cache, memo)


def planned(pdf_jobs: list[PdfJob], cache: Cache, memo: Memo | None) -> PdfPlan:
    """The jobs' PDFs the cache has, and the jobs to render."""
    done: dict[str, PdfFile] = {}
    todo = []
    for job in pdf_jobs:
        hit = _cached(cache, job.key, memo)
        if hit is None:
            todo.append(job)
        else:
            done[job.slug] = PdfFile(job.slug, job.source, job.path, hit.data, hit.meta["pages"], True,
                                     job.warnings + tuple(hit.meta.get("warnings", ())), job.label)
    return PdfPlan(done, tuple(todo), {job.key for job in pdf_jobs})


class _Missing(Exception):
    pass


def _cached(cache: Cache, key: str, memo: Memo | None) -> Entry | None:
    """The cache's entry for ``key``; under serve, kept in memory once found (a miss is not kept)."""
    def found() -> Entry:
        entry = cache.get(key)
        if entry is None:
            raise _Missing
        return entry
    if memo is None:
        return cache.get(key)
    try:
        return memo.get(("cached pdf", key), found)
    except _Missing:
        return None


def finish_pdfs(jobs: Sequence[PdfJob], results: Sequence[Any], cache: Cache) -> dict[str, PdfFile]:
    """The PDFs of rendered jobs (``results`` from render_job), stored in the cache; raises SiteErrors."""
    done: dict[str, PdfFile] = {}
    errors = []
    for job, result in zip(jobs, results, strict=True):
        if isinstance(result, str):
            errors.append(SourceError(job.source, None, "", f"the {job.label} could not be made: {result}"))
            continue
        if isinstance(result, Overflow):
            errors.append(SourceError(job.source, job.line, "body", overflow_message(job, result)))
            continue
        data, pages, warnings = result
        cache.put(job.key, data, {"pages": pages, "warnings": list(warnings)})
        done[job.slug] = PdfFile(job.slug, job.source, job.path, data, pages, False, job.warnings + tuple(warnings), job.label)
    if errors:
        raise SiteErrors(errors)
    return done


def _run(jobs: list[PdfJob], workers: int | None) -> list[Any]:
    """Render jobs: in this process for one, in parallel worker processes for more."""
    if len(jobs) <= 1:
        return [render_job(job) for job in jobs]
    count = min(len(jobs), workers or os.cpu_count() or 1)
    context = multiprocessing.get_context("spawn")  # safe beside threads (the dev server)
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            return list(pool.map(render_job, jobs))
    except BrokenProcessPool:  # a worker died (killed, out of memory): say so for each issue
        return ["a worker process stopped unexpectedly (out of memory?); build again" for _ in jobs]


def overflow_message(job: PdfJob, over: Overflow) -> str:
    most = job.limit.pages if job.limit else 0
    share = round(100 * over.words_over / over.words) if over.words else 100
    return (f"in print this takes {over.pages} A4 pages, and a 7-minute briefing may take {most} at most: "
            f"cut about {max(1, over.words_over)} words (of its {over.words}, about {share}%), so that it fits")


def _overflow(pages: int, dense: Any, most: int) -> Overflow:
    """How many words of ``dense`` (the job laid out in as few pages as it can take) lie on
    its pages beyond ``most``, of all its words."""
    def words(page: Any) -> int:
        return sum(len(box.text.split()) for box in page._page_box.descendants() if hasattr(box, "text") and isinstance(box.text, str))
    counts = [words(page) for page in dense.pages]
    return Overflow(pages, sum(counts[most:]), sum(counts))


def render_job(job: PdfJob) -> tuple[bytes, int, tuple[str, ...]] | Overflow | str:
    """WeasyPrint on one job: (bytes, pages, warnings), how far it ran over its pages, or the
    reason it failed."""
    os.environ["FONTCONFIG_FILE"] = str(FONTS / "fonts.conf")  # before WeasyPrint starts fontconfig
    import warnings as python_warnings

    with python_warnings.catch_warnings():  # "No fonts configured": deliberately so, see fonts.conf
        python_warnings.simplefilter("ignore")
        import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        fetch = _fetcher(dict(job.files))
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")
            fonts = FontConfiguration()
        css = weasyprint.CSS(string=job.css, font_config=fonts, url_fetcher=fetch)
        document = weasyprint.HTML(string=job.html, base_url=FILES, url_fetcher=fetch).render(
            stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT, pdf_tags=True,
        )
        if job.limit is not None and len(document.pages) > job.limit.pages:
            dense = weasyprint.HTML(string=job.html, base_url=FILES, url_fetcher=fetch).render(
                stylesheets=[weasyprint.CSS(string=job.css + job.limit.dense_css, font_config=fonts, url_fetcher=fetch)],
                font_config=fonts, pdf_variant=PDF_VARIANT, pdf_tags=True) if job.limit.dense_css else document
            if len(dense.pages) > job.limit.pages:
                return _overflow(len(document.pages), dense, job.limit.pages)
            document = dense   # it fits where its panels may break
        data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=job.key[:32].encode())
        return data, len(document.pages), tuple(warnings)
    except (Exception, FatalURLFetchingError) as exc:  # WeasyPrint's own errors: reported against the issue
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""
        return f"{exc}{cause}"
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(".notdef glyph"):  # said once, by the job, for all characters
            self.sink.append(message)


def _fetcher(files: dict[str, bytes]):
    """WeasyPrint reads the job's own files (fonts, the pictures it shows) and nothing
    else: not the disk, not the network. A file it cannot have stops the PDF
    (fail_on_errors) rather than printing without it."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class JobFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None):
            if url not in files:
                raise ValueError(f"not fetched: {url} (the newsletter only uses its own fonts and the pictures in content/)")
            kind = mimetypes.guess_type(url)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=files[url], headers={"Content-Type": kind})

    return JobFetcher(fail_on_errors=True)
