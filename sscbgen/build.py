"""load -> site -> render -> output, timing each stage. ``check`` stops before output."""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sscbgen.config import load_config
from sscbgen.content.load import Content, load
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.memo import Memo, memoised
from sscbgen.output import check_target, write_build
from sscbgen.cache import Cache
from sscbgen.render.html import render_html
from sscbgen.render.ics import render_ics
from sscbgen.render.pdf import PdfFile, render_pdfs
from sscbgen.render.reach import missing_address, reach_files
from sscbgen.render.search import search_files
from sscbgen.site import Site, make_site, path_file


@dataclass(frozen=True)
class Options:
    root: Path
    config: Path
    out: Path
    drafts: bool = False
    base_url: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    pdf: bool = True
    workers: int | None = None

    @property
    def cache(self) -> Path:
        return self.root / CACHE_FOLDER

    @property
    def search_cache(self) -> Path:
        return self.cache / "search"


CACHE_FOLDER = ".sscbgen-cache"


@dataclass(frozen=True)
class Result:
    site: Site
    files: dict[str, bytes]
    pdfs: tuple[PdfFile, ...]
    warnings: tuple[SourceError, ...]
    timings: tuple[tuple[str, float], ...]

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


def render_site(options: Options, store: bool = False) -> Result:
    """Everything a build does except writing the build: raises SiteErrors with every problem.

    ``store``: keep newly rendered PDFs and search shards in the cache (a build does; ``check``
    only reads the PDFs, and indexes every shard).
    """
    clock = Clock()
    content, site = read_site(options, clock)
    pdfs: list[PdfFile] = []
    if prints(options, site):
        with clock.stage("pdf"):
            pdfs = render_pdfs(site, options.root, Cache(options.cache / "pdf", writable=store), options.workers)
    index = functools.partial(search_files, cache_folder=options.search_cache if store else None, workers=options.workers)
    files, warnings = render_files(site, options.root, {pdf.slug: pdf for pdf in pdfs}, clock=clock, index=index)
    warnings = missing_address(site, options.config.name) + warnings
    return Result(site, files, tuple(pdfs), content.warnings + warnings + pdf_warnings(pdfs), tuple(clock.timings))


def read_site(options: Options, clock: Clock, memo: Memo | None = None) -> tuple[Content, Site]:
    """The load and site stages: config and content, checked, made into the Site."""
    with clock.stage("load"):
        content = _load(options, memo)
    with clock.stage("site"):
        site = make_site(content, options.today, options.drafts, memo)
    return content, site


def prints(options: Options, site: Site) -> bool:
    """Whether this build makes the printed newsletters."""
    return options.pdf and site.config.print.enabled


Index = Callable[[Site, Mapping[str, bytes], Memo | None], tuple[dict[str, bytes], tuple[SourceError, ...]]]


def render_files(site: Site, root: Path, pdfs: Mapping[str, PdfFile], memo: Memo | None = None,
                 updating: frozenset[str] = frozenset(), clock: Clock | None = None,
                 index: Index = search_files) -> tuple[dict[str, bytes], tuple[SourceError, ...]]:
    """Every file of the build: pages, PDFs, feed, sitemap, email editions, the search index
    (made by ``index``), pictures and static files; and the warnings about what could not be made."""
    clock = clock or Clock()
    with clock.stage("render"):
        files = render_html(site, root, pdfs, memo, updating)
        files.update({pdf.path: pdf.data for pdf in pdfs.values()})
        files.update(memoised(memo, ("calendar", site.key), lambda: render_ics(site)))
        reached, warnings = reach_files(site, root, files, pdfs, memo)
        files.update(reached)
    with clock.stage("search"):
        found, search_warnings = index(site, files, memo)
        files.update(found)
    files.update(_copied_files(site, root, files))
    return files, warnings + search_warnings


def pdf_warnings(pdfs: Iterable[PdfFile]) -> tuple[SourceError, ...]:
    return tuple(SourceError(pdf.source, None, "", f"printed newsletter: {message}") for pdf in pdfs for message in pdf.warnings)


def _load(options: Options, memo: Memo | None) -> Content:
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
        content = load(options.root, config, memo)
    except SiteErrors as exc:
        raise SiteErrors(config_errors + exc.errors) from None
    return content


def build(options: Options) -> Result:
    check_target(options.out, options.root)
    result = render_site(options, store=True)
    clock = Clock()
    with clock.stage("write"):
        write_build(result.files, options.out)
    return Result(result.site, result.files, result.pdfs, result.warnings, result.timings + tuple(clock.timings))


def _folders(paths) -> set[str]:
    """Every folder the paths lie in: ``a/b/c.html`` -> ``{"a", "a/b"}``."""
    return {path.rsplit("/", depth)[0] for path in paths for depth in range(1, path.count("/") + 1)}


def _copied_files(site: Site, root: Path, generated: dict[str, bytes]) -> dict[str, bytes]:
    copied: dict[str, bytes] = {}
    errors: list[SourceError] = []
    folders = _folders(generated)
    for source in site.files:
        target = path_file(source)
        if target in generated or target in copied or target in folders or _folders([target]) & generated.keys():
            errors.append(SourceError(source, None, "", f"would replace {target}, which the build makes itself; rename it"))
            continue
        try:
            copied[target] = (root / source).read_bytes()
        except OSError as exc:
            errors.append(SourceError(source, None, "", f"cannot be read ({exc.strerror})"))
    if errors:
        raise SiteErrors(errors)
    return copied
