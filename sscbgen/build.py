"""load -> site -> render -> output, timing each stage. ``check`` stops before output."""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from sscbgen import formats, last_build
from sscbgen.cache import Cache, digest
from sscbgen.config import SiteConfig, load_config
from sscbgen.content.addresses import path_file
from sscbgen.content.load import Content, load
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.last_build import Built, Inputs, Printed
from sscbgen.memo import Memo
from sscbgen.options import Options, StrictWarnings
from sscbgen.output import Writer, check_target, folders_of
from sscbgen.plan import plan_pages
from sscbgen.publications import publication_keys
from sscbgen.render.ics import render_ics
from sscbgen.render.pages import render_pages
from sscbgen.render.pdf import PdfFile, PdfPlan, plan_pdfs, print_now
from sscbgen.render.reach import missing_address, reach_files
from sscbgen.render.report_pdf import joined, plan_report_pdfs
from sscbgen.render.search import FOLDER as SEARCH_FOLDER
from sscbgen.render.search import search_files
from sscbgen.render.templates import templates_key
from sscbgen.schedule import scheduled
from sscbgen.site import Site, make_site
from sscbgen.views import PdfLink
from sscbgen.workers import Workers


@dataclass(frozen=True)
class Result:
    site: Site
    files: dict[str, bytes]
    pdfs: tuple[PdfFile, ...]
    warnings: tuple[SourceError, ...]
    timings: tuple[tuple[str, float], ...]
    rendered: int = 0    # jobs (texts, pages, calendar files, emails) made by this build
    jobs: int = 0        # jobs in all: the others were kept from an earlier build
    updating: frozenset[str] = frozenset()   # issues whose PDF serve is still making

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))


class Clock:
    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append((name, time.perf_counter() - start))


Index = Callable[[Site, Mapping[str, bytes], Memo | None], tuple[dict[str, bytes], tuple[SourceError, ...]]]


class Made(Protocol):
    """Told each part of the build's files as it is made (a build writes them as they come):
    output.Writer."""

    def add(self, files: Mapping[str, bytes]) -> None: ...

    def retract(self, folder: str) -> None: ...


# How the printed newsletters are made: (their plan, the cache) -> (each issue's PDF, the
# issues whose PDF is still being made). A build renders them at once; serve shows the
# last ones and makes the rest in the background.
Printer = Callable[[PdfPlan, Cache], tuple[dict[str, PdfFile], frozenset[str]]]


def render_site(options: Options, store: bool = False, progress: Callable[[str, int, int], None] | None = None, *,
                workers: Workers | None = None, printer: Printer | None = None, index: Index | None = None,
                clock: Clock | None = None, made: Made | None = None, read: Inputs | None = None) -> Result:
    """Everything a build does except writing the build: raises SiteErrors with every problem.
    ``sscbgen build``, ``check`` and ``serve`` all run this.

    ``store``: keep what was rendered in the cache (a build does; ``check`` only reads it,
    and indexes every search shard).
    ``workers``: serve's, with its memo (a build makes its own, and tidies the cache after);
    ``printer`` and ``index`` make the PDFs and the search index (serve's defer them);
    ``made`` is given the files as they are made; ``read``: the inputs as the build's
    caller read them (last_build.inputs_of), which it uses rather than read them again.
    """
    clock = clock or Clock()
    with _no_cycle_collection():
        if workers is not None:
            return _render_site(options, store, workers, printer, index, clock, made, read)
        workers = options.workers(store=store, progress=progress)
        try:
            result = _render_site(options, store, workers, printer, index, clock, made, read)
            workers.store.keep_only(workers.used)
        finally:
            workers.close()
    return replace(result, warnings=missing_address(result.site, options.config.name) + result.warnings)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A build makes millions of objects and few cycles: Python's cycle collector would walk
    the whole heap again and again (a fifth of a rebuild of a large archive). It runs once after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _render_site(options: Options, store: bool, workers: Workers, printer: Printer | None, index: Index | None, clock: Clock,
                 made: Made | None, read: Inputs | None) -> Result:
    content, site = read_site(options, clock, workers, read)
    index = index or functools.partial(search_files, cache_folder=options.search_cache if store else None, workers=options.processes,
                                       each=made.add if made is not None else None)
    pdfs: dict[str, PdfFile] = {}
    updating: frozenset[str] = frozenset()
    if prints(options, site):
        with clock.stage("pdf"):
            cache = options.pdf_cache(store)
            plan = joined(plan_pdfs(site, options.root, cache, workers.run, workers.memo),
                          plan_report_pdfs(site, options.root, cache, workers.run, workers.memo))
            printer = printer or (lambda plan, cache: print_now(plan, cache, options.processes))
            pdfs, updating = printer(plan, cache)
    files, warnings = render_files(site, options.root, pdfs, workers, updating, clock, index, made)
    printed = tuple(pdfs[key] for key in publication_keys(site) if key in pdfs)
    return Result(site, files, printed, content.warnings + warnings + pdf_warnings(printed), tuple(clock.timings),
                  workers.made, workers.jobs, updating)


def read_site(options: Options, clock: Clock, workers: Workers, read: Inputs | None = None) -> tuple[Content, Site]:
    """The load and site stages: config and content, checked, each text rendered once,
    made into the Site."""
    with clock.stage("load"):
        config, content = _load(options, workers, read)
    with clock.stage("site"):
        site = make_site(content, config, options.today, options.drafts, workers.memo)
    return content, site


def prints(options: Options, site: Site) -> bool:
    """Whether this build makes the printed newsletters."""
    return options.pdf and site.config.print.enabled


def render_files(site: Site, root: Path, pdfs: Mapping[str, PdfFile], workers: Workers, updating: frozenset[str],
                 clock: Clock, index: Index, made: Made | None = None) -> tuple[dict[str, bytes], tuple[SourceError, ...]]:
    """Every file of the build: pages, PDFs, feed, sitemap, email editions, the search index
    (made by ``index``), pictures and static files; and the warnings about what could not be made.

    ``updating``: the issues whose printed newsletter serve is (re)making; ``made`` is given
    each part of the files as it is made, except the search index's, which ``index`` gives
    it (shard by shard: see search.index_shards)."""
    files: dict[str, bytes] = {}

    def done(part: Mapping[str, bytes]) -> None:
        files.update(part)
        if made is not None:
            made.add(part)

    alongside = ThreadPoolExecutor(1)   # the search index needs only the pages: it is made while the rest is
    try:
        with clock.stage("render"):
            links = {key: pdf_link(site, pdfs.get(key), key in updating) for key in publication_keys(site)}
            groups = plan_pages(site, root, templates_key(root / "templates"), links)
            pages, errors = render_pages(groups, workers)
            if errors:
                raise SiteErrors(errors)
            searched = alongside.submit(index, site, pages, workers.memo)
            done(pages)
            done({pdf.path: pdf.data for pdf in pdfs.values()})
            done(_calendar(site, workers))
            reached, warnings = reach_files(site, root, files, links, workers)
            done(reached)
        with clock.stage("search"):   # what is left of it
            found, search_warnings = searched.result()
            files.update(found)
            if made is not None and search_warnings and not found:
                made.retract(SEARCH_FOLDER + "/")   # Pagefind failed after some shards were written
    finally:
        alongside.shutdown()
    done(_copied_files(site, root, files))
    return files, warnings + search_warnings


def _calendar(site: Site, workers: Workers) -> dict[str, bytes]:
    """The calendar files, kept between builds under the hash of what they are made of: the
    events, as front matter gives them, and config.yaml (``Site.key``)."""
    key = digest("calendar", site.key)
    files: dict[str, bytes] | None = workers.kept([key]).get(key)
    if files is None:
        files = render_ics(site, workers.run)
        workers.keep({key: files})
    return files


def pdf_link(site: Site, pdf: PdfFile | None, updating: bool) -> PdfLink | None:
    """What an issue's pages say of its printed newsletter; ``updating``: serve is (re)making it."""
    if pdf is None:
        return PdfLink(None, 0, "", True) if updating else None
    return PdfLink(site.base_path + pdf.path, pdf.pages, formats.file_size(len(pdf.data)), updating)


def pdf_warnings(pdfs: Iterable[PdfFile]) -> tuple[SourceError, ...]:
    return tuple(SourceError(pdf.source, None, "", f"{pdf.label}: {message}") for pdf in pdfs for message in pdf.warnings)


def _load(options: Options, workers: Workers, read: Inputs | None) -> tuple[SiteConfig, Content]:
    """Config and content, with the mistakes of both reported together."""
    if not options.config.is_file():
        load_config(options.config, options.root)  # raises the plain "no config.yaml here"
    config_errors: tuple[SourceError, ...] = ()
    config = None
    try:
        config = load_config(options.config, options.root, options.base_url)
    except SiteErrors as exc:
        config_errors = exc.errors
    try:
        content = load(options.root, config.rules if config else None, workers.run, read.content if read else None, workers.memo)
    except SiteErrors as exc:
        raise SiteErrors(config_errors + exc.errors) from None
    assert config is not None   # load raises where there is none
    return config, content


def build(options: Options, progress: Callable[[str, int, int], None] | None = None, inputs: Inputs | None = None) -> Built:
    """Build and write ``options.out``; ``inputs``: the inputs, read and hashed before the
    build (last_build.inputs_of), whose hash is kept so that the next build with the same
    inputs has nothing to do. The files are written as they are made, beside the output,
    which they replace at the end only if the build succeeds."""
    check_target(options.out, options.root)
    with Writer(options.out, options.kept if options.use_cache else None) as writer:
        result = render_site(options, store=True, progress=progress, made=writer, read=inputs)
        if options.strict and result.warnings:
            raise StrictWarnings(result.warnings)
        clock = Clock()
        last_build.forget(options)   # while the output changes, there is no last build to reuse
        with clock.stage("write"):   # what is left of it
            writer.finish()
    built = summary(result, result.timings + tuple(clock.timings))
    last_build.keep(options, built, inputs)
    return built


def summary(result: Result, timings: tuple[tuple[str, float], ...]) -> Built:
    """What the command line says of a build."""
    site = result.site
    return Built(result.pages, len(result.files) - result.pages,
                 tuple(Printed(pdf.label, pdf.path, pdf.pages, len(pdf.data), pdf.cached) for pdf in result.pdfs),
                 result.warnings, scheduled(site), tuple(site.drafts_skipped), len(site.scheduled), result.rendered, result.jobs, timings)


def _copied_files(site: Site, root: Path, generated: dict[str, bytes]) -> dict[str, bytes]:
    copied: dict[str, bytes] = {}
    errors: list[SourceError] = []
    folders = folders_of(generated)
    for source in site.files:
        target = path_file(source)
        if target in generated or target in copied or target in folders or folders_of([target]) & generated.keys():
            errors.append(SourceError(source, None, "", f"would replace {target}, which the build makes itself; rename it"))
            continue
        try:
            copied[target] = (root / source).read_bytes()
        except OSError as exc:
            errors.append(SourceError(source, None, "", f"cannot be read ({exc.strerror})"))
    if errors:
        raise SiteErrors(errors)
    return copied
