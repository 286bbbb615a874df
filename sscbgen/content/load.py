"""Walk content/, build the typed models, and collect every error in the site at once.

Each Markdown file is read and split first; its fields are then checked, and its
body (links, pictures, block markers) is checked even when a field is wrong, so
one run reports every mistake and a bad field never hides, or causes, another.
"""

from __future__ import annotations

import copy
import functools
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from sscbgen.cache import digest
from sscbgen.content import markdown
from sscbgen.content.addresses import ARTICLE_NAME
from sscbgen.content.documents import Document, Rendered, Rendering, render_document, render_documents
from sscbgen.content.files import check_inside, index_file, list_folder, path_of, read_data, real_folder, text_of
from sscbgen.content.folders import ASSET_FOLDER, SLUG, body, in_order, index_of
from sscbgen.content.frontmatter import FrontMatter, dotted, split
from sscbgen.content.load_publications import asset_folders, check_sections, date_warnings, load_briefing, load_catalogue, walk_briefings, walk_catalogues
from sscbgen.content.models import BLOCKS, Article, ArticleMeta, Issue, IssueMeta, Page, PageMeta
from sscbgen.content.placeholders import placeholders
from sscbgen.content.publications import Briefing, BriefingMeta, Catalogue, CatalogueMeta, CourseMeta
from sscbgen.content.refs import classify
from sscbgen.content.reports import CHARTS_MARKER, Chapter, ChapterMeta, Report, ReportMeta, check_charts, check_ids
from sscbgen.content.validate import parse_model
from sscbgen.errors import SiteErrors, SourceError, closest, display_path
from sscbgen.jobs import Run, run_here
from sscbgen.memo import Memo, Same, hashed_once, memoised, memoised_data

RESERVED_PAGES = {"issues", "reports", "training", "topics", "reviews", "assets", "404", "index", "briefings", "catalogues", "publications"}

T = TypeVar("T")


@dataclass(frozen=True)
class Rules:
    """What of config.yaml the content is checked and rendered against."""

    topics: frozenset[str] = frozenset()
    allow_html: bool = False
    base: str = "/"                 # the site's base path: Markdown links are rendered with it
    glossary: tuple[tuple[str, str], ...] = ()   # abbreviations: their first use in a body is marked <abbr>


@dataclass(frozen=True)
class Content:
    """Everything a site is made of, checked, with its Markdown rendered (once)."""

    root: Path
    issues: tuple[Issue, ...]
    pages: tuple[Page, ...]
    files: tuple[str, ...]          # pictures and static files, as paths from the site folder
    warnings: tuple[SourceError, ...]
    outline: str = ""               # a hash of all of the above but the Markdown bodies' text
    rendering: Rendering = field(default_factory=Rendering)
    briefings: tuple[Briefing, ...] = ()
    catalogues: tuple[Catalogue, ...] = ()
    reports: tuple[Report, ...] = ()


@dataclass(frozen=True)
class _Document:
    """A Markdown file whose front matter could be split, whatever its fields hold."""

    source: str
    kind: str                      # "issue", "article" or "page"
    front: FrontMatter
    meta: Any                      # the checked model, or None where a field is wrong
    placeholders: tuple[SourceError, ...] = ()   # text left from sscbgen new (an error outside a draft)

    @functools.cached_property
    def outline(self) -> str:
        """The hash of its path and front matter (under serve, an unchanged file's document is
        the last build's, with its hash: see Content.outline)."""
        return digest(self.source, self.front.head)

    @functools.cached_property
    def inline_fields(self) -> tuple[tuple[tuple, str], ...]:
        """Every field written in inline Markdown, with its path in the front matter."""
        return tuple(_inline_fields(self))


@hashed_once   # (looked up four times a build; under serve an unchanged file's is the last build's)
@dataclass(frozen=True)
class Reading:
    """One Markdown file's text to split and check: a pure job, so it can be kept or sent
    to a worker process."""

    where: str
    kind: str                      # "issue", "article" or "page"
    text: str


@dataclass(frozen=True)
class Read:
    front: FrontMatter | None      # None: the front matter could not be split
    meta: Any                      # the checked model, or None
    errors: tuple[SourceError, ...]
    placeholders: tuple[SourceError, ...] = ()


MODELS: dict[str, type] = {"issue": IssueMeta, "article": ArticleMeta, "page": PageMeta, "report": ReportMeta, "chapter": ChapterMeta,
                           "briefing": BriefingMeta, "catalogue": CatalogueMeta, "course": CourseMeta}
WITH_BLOCKS = ("article", "chapter", "report", "briefing", "course")   # the kinds whose front matter may hold topics and blocks
ARTICLE_KINDS = ("article", "chapter")   # files with an article's fields (a chapter also has charts)


def _reading(where: str, kind: str, data: bytes) -> Reading:
    return Reading(where, kind, text_of(data, where))


def read_document(job: Reading) -> Read:
    try:
        front = split(job.text, job.where)
    except SiteErrors as exc:
        return Read(None, None, exc.errors)
    left = tuple(placeholders(job.where, front))
    try:
        return Read(front, parse_model(MODELS[job.kind], front, job.where), (), left)
    except SiteErrors as exc:
        return Read(front, None, exc.errors, left)


@dataclass(frozen=True)
class _Loaded(Generic[T]):
    made: T
    errors: tuple[SourceError, ...]
    warnings: tuple[SourceError, ...]
    documents: tuple[_Document, ...]
    unreadable: frozenset[str]


class _Errors:
    """Where checks put the mistakes they find: the collector, or one document's checks (kept
    with it under serve: see _check_documents)."""

    def __init__(self) -> None:
        self.errors: list[SourceError] = []

    def add(self, where: str, line: int | None, field: str, message: str) -> None:
        self.errors.append(SourceError(where, line, field, message))


class _Collector(_Errors):
    """Gathers errors and documents so one run reports everything."""

    def __init__(self, root: Path, run: Run, known: Mapping[str, bytes], memo: Memo | None) -> None:
        self.root = root
        self.run = run
        self.known = known   # files already read, by path as walked
        self.memo = memo
        super().__init__()
        self.texts: dict[str, Reading | SiteErrors] = {}   # each file found: its text, or why it cannot be read
        self.read: dict[Reading, Read] = {}
        self.warnings: list[SourceError] = []
        self.documents: list[_Document] = []
        self.issue_folders: set[str] = set()
        self.report_folders: set[str] = set()
        self.unreadable: set[str] = set()   # Markdown files whose front matter could not be split

    def attempt(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except SiteErrors as exc:
            self.errors.extend(exc.errors)
            return None

    def warn(self, path: Path, message: str) -> None:
        self.warnings.append(SourceError(display_path(path, self.root), None, "", message))

    def read_all(self, files: list[tuple[Path, str]]) -> None:
        """Read the Markdown files the walk found, (path, kind), and split and check them in
        one batch (kept from an earlier build where a file's text is unchanged)."""
        jobs = []
        for path, kind in files:
            where = display_path(path, self.root)
            try:
                data = read_data(path, self.root / "content", self.root, where, self.known.get(str(path)))
                # serve: the same bytes as at the last build give its job, whose text is the very same string
                job = memoised_data(self.memo, (Reading, where, kind), data, partial(_reading, where, kind, data))
            except SiteErrors as exc:
                self.texts[str(path)] = exc
                continue
            self.texts[str(path)] = job
            jobs.append(job)
        self.read = dict(zip(jobs, self.run("read", read_document, jobs), strict=True))

    def read_of(self, path: Path) -> Read | SiteErrors | None:
        """What read_all made of a file: its front matter split and checked, why it could not
        be read, or None where it was not read."""
        job = self.texts.get(str(path))
        return self.read[job] if isinstance(job, Reading) else job

    def loaded(self, load: Callable[[_Collector], T]) -> _Loaded[T]:
        """``load(collector)``, and what it found: the documents it read, its mistakes and warnings."""
        part = copy.copy(self)   # (the files read, the memo)
        part.errors, part.warnings, part.documents, part.unreadable = [], [], [], set()
        made = load(part)
        return _Loaded(made, tuple(part.errors), tuple(part.warnings), tuple(part.documents), frozenset(part.unreadable))

    def replay(self, loaded: _Loaded[T]) -> T:
        """What ``loaded`` made, with what it found taken as found here."""
        self.errors.extend(loaded.errors)
        self.warnings.extend(loaded.warnings)
        self.documents.extend(loaded.documents)
        self.unreadable |= loaded.unreadable
        return loaded.made

    def document(self, path: Path) -> tuple[_Document | None, Any]:
        """One Markdown file, read, split and checked by read_all; remembered for the body checks."""
        job = self.texts[str(path)]
        read = Read(None, None, job.errors) if isinstance(job, SiteErrors) else self.read[job]
        self.errors.extend(read.errors)
        where = display_path(path, self.root) if isinstance(job, SiteErrors) else job.where
        if read.front is None:
            self.unreadable.add(where)
            return None, None
        assert isinstance(job, Reading)   # (its front matter was split)
        front, kind = read.front, job.kind
        doc = memoised(self.memo, (_Document, where, kind, Same((read,))),   # serve: the last build's, where the file is unchanged
                       lambda: _Document(where, kind, front, read.meta, read.placeholders))
        self.documents.append(doc)
        return doc, read.meta


def load(root: Path, rules: Rules | None, run: Run = run_here, known: Mapping[str, bytes] | None = None, memo: Memo | None = None) -> Content:
    """Read ``root/content`` and ``root/static``; raise SiteErrors with every problem found.
    ``known``: the bytes of files of content/ already read, by their path as walked;
    ``memo``: serve's (an unchanged file gives the same objects as at the last build).

    ``rules`` is None when config.yaml itself is wrong: the content is still checked,
    all but its topics, so the writer sees every mistake in one run. ``run`` does the
    pure work (splitting front matter, rendering Markdown, once each) in batches, which
    the build keeps between builds and spreads over worker processes.
    """
    real_folder.cache_clear()
    found = _Collector(root, run, known or {}, memo)
    content = root / "content"
    if not content.is_dir():
        raise SiteErrors([SourceError("content", None, "", "there is no content/ folder next to config.yaml")])
    issue_folders = _walk_issues(content / "issues", found)
    page_files = _walk_pages(content / "pages", found)
    briefing_files = walk_briefings(content / "briefings", found)
    catalogue_folders = walk_catalogues(content / "catalogues", found)
    report_folders = _walk_issues(content / "reports", found, "report")
    found.read_all([(index_file(folder), "issue") for folder, _ in issue_folders if index_file(folder).is_file()]
                   + [(path, "article") for _, articles in issue_folders for path in articles]
                   + [(path, "page") for path in page_files]
                   + [(path, "briefing") for path in briefing_files]
                   + [(folder / "index.md", "catalogue") for folder, _ in catalogue_folders if (folder / "index.md").is_file()]
                   + [(path, "course") for _, courses in catalogue_folders for path in courses]
                   + [(folder / "index.md", "report") for folder, _ in report_folders if (folder / "index.md").is_file()]
                   + [(path, "chapter") for _, chapters in report_folders for path in chapters])
    issues = [issue for folder, articles in issue_folders if (issue := _load_issue(folder, articles, found)) is not None]
    reports = [report for folder, chapters in report_folders if (report := _load_report(folder, chapters, found)) is not None]
    pages = [page for path in page_files if (page := _load_page(path, found)) is not None]
    briefings = [b for path in briefing_files if (b := load_briefing(path, found)) is not None]
    catalogues = [c for folder, courses in catalogue_folders if (c := load_catalogue(folder, courses, found)) is not None]
    found.warnings.extend(date_warnings(catalogues, {doc.source: doc.front for doc in found.documents if doc.kind == "course"}))
    files = _collect_files(root, found)
    _check_numbers(issues, found)
    _check_placeholders([*issues, *briefings, *catalogues, *reports], found)
    rendering = render_documents(_documents(found, rules or Rules()), lambda todo: run("markdown", render_document, todo))
    _check_documents(found, set(files), rules, rendering)
    if found.errors or rules is None:
        raise SiteErrors(found.errors)
    outline = digest(*(doc.outline for doc in found.documents), "\0", *files)
    return Content(root, tuple(issues), tuple(pages), tuple(files), tuple(found.warnings), outline, rendering,
                   tuple(briefings), tuple(catalogues), tuple(reports))


def _walk_issues(folder: Path, found: _Collector, kind: str = "issue") -> list[tuple[Path, list[Path]]]:
    """Each issue (or report) folder with its article (chapter) files, as listed; what is not
    published is said here."""
    if not folder.is_dir():
        return []
    issues = []
    example = "2015-05" if kind == "issue" else "annual-report-2014-15"
    for entry in list_folder(folder, found.root / "content", found.root, found.errors):
        path = path_of(entry.path)
        if not entry.is_dir():
            found.warn(path, f"is not {'an' if kind == 'issue' else 'a'} {kind} folder, so it is not published; each {kind} is a folder")
            continue
        (found.issue_folders if kind == "issue" else found.report_folders).add(entry.name)
        if not SLUG.match(entry.name):
            found.add(display_path(path, found.root), None, "", f"{'an' if kind == 'issue' else 'a'} {kind} folder's name is part of its web address: use lower-case letters, digits and hyphens, like {example}")
        articles = []
        for inner in list_folder(path, found.root / "content", found.root, found.errors):
            if inner.name in ("index.md", ASSET_FOLDER):
                continue
            if inner.is_dir() or not inner.name.endswith(".md"):
                found.warn(Path(inner.path), f"is not Markdown, so it is not published; pictures go in {display_path(path, found.root)}/{ASSET_FOLDER}/")
                continue
            articles.append(path_of(inner.path))
        issues.append((path, articles))
    return issues


def _load_issue(folder: Path, files: list[Path], found: _Collector) -> Issue | None:
    """An issue and its articles. Under serve, an issue whose files read as they did at the
    last build is that build's, with what loading it found (its documents and mistakes):
    one lookup for its eleven files."""
    if found.memo is None:
        return _issue_of(folder, files, found)
    key = (Issue, str(folder), tuple(path.name for path in files), Same(tuple(found.read_of(path) for path in [index_file(folder), *files])))
    return found.replay(memoised(found.memo, key, lambda: found.loaded(partial(_issue_of, folder, files))))


def _issue_of(folder: Path, files: list[Path], found: _Collector) -> Issue | None:
    doc, meta = index_of(folder, found, "this issue folder has no index.md; copy one from another issue and edit it")
    articles = in_order([a for path in files if (a := _load_article(path, found)) is not None], found)
    if doc is None or meta is None:
        return None
    return memoised(found.memo, (Issue, folder.name, doc.source, Same((meta, doc.front, *articles))),
                    lambda: Issue(slug=folder.name, source=doc.source, meta=meta, editorial=body(doc), articles=articles))


def _load_report(folder: Path, files: list[Path], found: _Collector) -> Report | None:
    """A report and its chapters; its charts checked (ids unique in the report)."""
    doc, meta = index_of(folder, found, "this report folder has no index.md; give it one with the report's title and date")
    if doc is not None:
        found.errors.extend(check_charts(doc.source, doc.front.data, doc.front.line_of))   # (its training)
    chapters: list[Chapter] = []
    written = []
    for path in files:
        chapter = _load_article(path, found, "chapter")
        where = display_path(path, found.root)
        read = next((d for d in reversed(found.documents) if d.source == where), None)   # None: the front matter could not be split
        if read is not None:   # the charts as written, checked even where a field is wrong
            found.errors.extend(check_charts(read.source, read.front.data, read.front.line_of))
            written.append((read.source, read.front.data, read.front.line_of))
        if chapter is not None:
            chapters.append(chapter)
    ordered = in_order(chapters, found)
    found.errors.extend(check_ids(display_path(folder / "index.md", found.root), written))
    if doc is None or meta is None:
        return None
    return Report(slug=folder.name, source=doc.source, meta=meta, foreword=body(doc), chapters=ordered)


def _load_article(path: Path, found: _Collector, kind: str = "article") -> Any:
    number, name = ARTICLE_NAME.match(path.name).groups()  # type: ignore[union-attr]  # the name ends with .md
    if not SLUG.match(name):
        found.add(display_path(path, found.root), None, "", f"{'an' if kind == 'article' else 'a'} {kind}'s file name is part of its web address: use lower-case letters, digits and hyphens, like 07-learning.md")
    doc, meta = found.document(path)
    if doc is None or meta is None:
        return None
    made = Article if kind == "article" else Chapter
    order = int(number) if number else 10**6
    return memoised(found.memo, (made, name, order, doc.source, Same((meta, doc.front))),   # serve: the last build's, where its file is unchanged
                    lambda: made(slug=name, order=order, source=doc.source, meta=meta, body=body(doc)))


def _walk_pages(folder: Path, found: _Collector) -> list[Path]:
    """The stand-alone pages' files whose names can be addresses; what is not published is said here."""
    if not folder.is_dir():
        return []
    pages = []
    for entry in list_folder(folder, found.root / "content", found.root, found.errors):
        path = Path(entry.path)
        if entry.is_dir() or not entry.name.endswith(".md"):
            found.warn(path, "is not a Markdown page, so it is not published")
            continue
        slug = entry.name[:-3]
        if not SLUG.match(slug) or slug in RESERVED_PAGES:
            found.add(display_path(path, found.root), None, "", f"a page's file name is its web address: use lower-case letters, digits and hyphens, and not one of {', '.join(sorted(RESERVED_PAGES))}")
            continue
        pages.append(path)
    return pages


def _load_page(path: Path, found: _Collector) -> Page | None:
    doc, meta = found.document(path)
    return None if doc is None or meta is None else Page(slug=path.name[:-3], source=doc.source, meta=meta, body=body(doc))


def _collect_files(root: Path, found: _Collector) -> list[str]:
    """Pictures of each issue folder (loaded or not) and everything under static/."""
    folders = [(root / "content" / "issues" / slug / ASSET_FOLDER, root / "content") for slug in sorted(found.issue_folders)]
    folders += [(folder, root / "content") for folder in asset_folders(root)]
    folders += [(root / "content" / "reports" / slug / ASSET_FOLDER, root / "content") for slug in sorted(found.report_folders)]
    folders.append((root / "static", root))  # static/ itself may be a link, but only to inside the site
    files: list[str] = []
    for folder, boundary in folders:
        if folder.is_symlink() and found.attempt(partial(check_inside, folder, boundary, root)) is None:
            continue
        if folder.is_dir():
            _walk_files(root, folder, boundary, files, found, depth=0)
    return files


def _walk_files(root: Path, folder: Path, boundary: Path, files: list[str], found: _Collector, depth: int) -> None:
    if depth > 20:
        found.add(display_path(folder, root), None, "", "folders are nested too deeply")
        return
    for entry in list_folder(folder, boundary, root, found.errors):
        path = Path(entry.path)
        if entry.is_dir():
            _walk_files(root, path, boundary, files, found, depth + 1)
        elif entry.is_file():
            files.append(display_path(path, root))


def _check_numbers(issues: list[Issue], found: _Collector) -> None:
    first: dict[int, Issue] = {}
    lines = {doc.source: doc.front.line_of(("number",)) for doc in found.documents if doc.kind == "issue"}
    for issue in issues:
        other = first.setdefault(issue.meta.number, issue)
        if other is not issue:
            found.add(issue.source, lines[issue.source], "number", f"issue number {issue.meta.number} is already used by {other.source}")


def _check_placeholders(publications: list[Issue | Briefing | Catalogue | Report], found: _Collector) -> None:
    """Text left from ``sscbgen new`` is an error in a publication that is not a draft: in
    its file (a briefing) or its folder (an issue, catalogue or report)."""
    drafts = tuple(p.source if isinstance(p, Briefing) else p.source.rsplit("/", 1)[0] + "/" for p in publications if p.meta.draft)
    for doc in found.documents:
        if doc.kind != "page" and not doc.source.startswith(drafts or ("\0",)):
            found.errors.extend(doc.placeholders)


def _documents(found: _Collector, rules: Rules) -> list[Document]:
    """Every Markdown text to render: each file's body and its inline fields."""
    def document(doc: _Document) -> Document:
        return Document(doc.source, doc.front.body, doc.front.body_line, tuple(dict.fromkeys(text for _, text in doc.inline_fields)),
                        rules.base, rules.allow_html, rules.glossary)

    return [memoised(found.memo, (Document, rules.base, rules.allow_html, rules.glossary, Same((doc,))), partial(document, doc))
            for doc in found.documents]


def _check_documents(found: _Collector, files: set[str], rules: Rules | None, rendering: Rendering) -> None:
    anchors = {doc.source: {h.id for h in rendering.body(doc.source).headings} for doc in found.documents}
    charts = {doc.source: _chart_ids(doc.front.data) for doc in found.documents if doc.kind == "chapter"}
    for source, ids in charts.items():
        for i, chart_id in ids.items():
            if chart_id in anchors[source]:
                doc = next(d for d in found.documents if d.source == source)
                found.add(source, doc.front.line_of(("charts", i, "id")), f"charts[{i}].id",
                          f'the chart id "{chart_id}" is also the anchor of a heading of this chapter; choose another id, so a link to it finds the chart')
        anchors[source] = anchors[source] | set(ids.values())
    files = files | found.unreadable  # a link to a file with its own errors is not a second error
    if found.memo is not None:   # serve: the last build's, where equal, so an unchanged document's checks are found by identity
        anchors = found.memo.same_data(("anchors",), anchors, lambda: anchors)
        files = found.memo.same_data(("files",), files, lambda: files)
    topics = rules.topics if rules is not None else None
    for doc in found.documents:
        texts = rendering.texts[doc.source]
        found.errors.extend(memoised(found.memo, ("checks", topics, Same((doc, texts, anchors, files))),
                                     partial(_document_errors, doc, texts, anchors, files, topics)))


def _document_errors(doc: _Document, texts: Rendered, anchors: dict[str, set[str]], files: set[str], topics: frozenset[str] | None) -> tuple[SourceError, ...]:
    """What is wrong in one document's body and inline fields: its links, pictures and block
    markers, its topics (``topics``: config.yaml's; None where it could not be read) and a
    briefing's sections."""
    found = _Errors()
    result, fields = texts
    for link in result.links:
        _check_link(doc.source, link, link.line, "", anchors, files, found)
    for picture in result.pictures:
        _check_picture(doc.source, picture, files, found)
    _check_markers(doc, result.markers, found)
    if doc.kind in WITH_BLOCKS and topics is not None:
        _check_topics(doc, topics, found)
    if doc.kind == "briefing":
        check_sections(doc, result.headings, found)
    field_links = {text: made.links for text, made in zip(dict.fromkeys(text for _, text in doc.inline_fields), fields, strict=True)}
    for path, text in doc.inline_fields:
        for link in field_links[text]:
            _check_link(doc.source, link, doc.front.line_of(path), dotted(path), anchors, files, found)
    return tuple(found.errors)


def _check_link(source: str, link: markdown.Link, line: int, field: str, anchors: dict[str, set[str]], files: set[str], found: _Errors) -> None:
    ref = link.ref or classify(source, link.href)
    if ref.kind == "bad":
        found.add(source, line, field, ref.problem)
    elif ref.kind == "anchor":
        if ref.fragment not in anchors[source] and not ref.fragment.startswith("fn"):
            found.add(source, line, field, f"links to #{ref.fragment}, but no heading here has that anchor{_or_chart(source)}{_suggest(ref.fragment, anchors[source])}")
    elif ref.kind == "file":
        if ref.path in anchors:
            if ref.fragment and ref.fragment not in anchors[ref.path]:
                found.add(source, line, field, f"links to {ref.path}#{ref.fragment}, but that file has no heading with that anchor{_or_chart(ref.path)}{_suggest(ref.fragment, anchors[ref.path])}")
        elif ref.path not in files:
            found.add(source, line, field, f"links to {ref.path}, which is not an article, page or picture of the site{_suggest_file(source, ref.path, anchors, files)}")


def _chart_ids(data: object) -> dict[int, str]:
    """A chapter's chart ids as written (so a chart with a wrong field still has its id), by place."""
    charts = data.get("charts") if isinstance(data, dict) else None
    if not isinstance(charts, list):
        return {}
    return {i: chart["id"] for i, chart in enumerate(charts) if isinstance(chart, dict) and isinstance(chart.get("id"), str)}


def _or_chart(source: str) -> str:
    """In a report's chapter, a link may also name a chart's id."""
    return " and no chart has that id" if source.startswith("content/reports/") and not source.endswith("/index.md") else ""


def _check_picture(source: str, picture: markdown.Picture, files: set[str], found: _Errors) -> None:
    if not picture.alt:
        found.add(source, picture.line, "", f"the picture {picture.src} has no alt text: describe it in the brackets, ![like this]({picture.src}), or write ![decorative]({picture.src}) if it only decorates")
    ref = classify(source, picture.src)
    if ref.kind in ("bad", "anchor"):
        found.add(source, picture.line, "", ref.problem or f"the picture address {picture.src} is not a file")
    elif ref.kind == "external":
        found.add(source, picture.line, "", f"pictures must be files in the issue's {ASSET_FOLDER}/ folder, found the web address {picture.src}")
    elif ref.path not in files:
        found.add(source, picture.line, "", f"the picture {picture.src} does not exist (looked for {ref.path}); pictures go in the issue's {ASSET_FOLDER}/ folder")


def _check_markers(doc: _Document, markers: tuple[markdown.Marker, ...], found: _Errors) -> None:
    names = ", ".join(f"[[{b}]]" for b in BLOCKS + (CHARTS_MARKER,))
    seen: set[str] = set()
    for marker in markers:
        if marker.name not in BLOCKS + (CHARTS_MARKER,):
            found.add(doc.source, marker.line, "", f"unknown block marker [[{marker.name}]]; the markers are {names}")
        elif doc.kind not in ARTICLE_KINDS + ("report",) or (marker.name == CHARTS_MARKER and doc.kind != "chapter"):
            place = "a report's chapter" if marker.name == CHARTS_MARKER else "an article or a report's chapter"
            found.add(doc.source, marker.line, "", f"[[{marker.name}]] only works in {place}, where the front matter lists the {marker.name}")
        elif not marker.alone:
            found.add(doc.source, marker.line, "", f"[[{marker.name}]] must stand alone on its line, outside lists and quotes, with an empty line before and after it")
        elif marker.name in seen:
            found.add(doc.source, marker.line, "", f"[[{marker.name}]] is placed twice; the block can only appear once")
        elif doc.meta is not None and not getattr(doc.meta, marker.name):
            found.add(doc.source, marker.line, "", f"[[{marker.name}]] marks where the {marker.name} go, but the front matter has no '{marker.name}:' list")
        seen.add(marker.name)


def _check_topics(doc: _Document, known_topics: frozenset[str], found: _Errors) -> None:
    """The article's topics, and those of each of its training events and reviews."""
    data = doc.front.data
    lists: list[tuple[tuple, object]] = [((), data.get("topics"))]
    for block in ("training", "reviews"):
        items = data.get(block)
        if isinstance(items, list):
            lists += [((block, n), item.get("topics")) for n, item in enumerate(items) if isinstance(item, dict)]
    for where, topics in lists:
        if not isinstance(topics, list):
            continue  # absent, or a wrong type already reported
        for i, topic in enumerate(topics):
            if isinstance(topic, str) and topic not in known_topics:
                known = ", ".join(sorted(known_topics)) or "none yet"
                path = (*where, "topics", i)
                found.add(doc.source, doc.front.line_of(path), dotted(path),
                          f"unknown topic \"{topic}\"{_suggest(topic, known_topics)}; the topics in config.yaml are: {known}")


def _inline_fields(doc: _Document) -> Iterator[tuple[tuple, str]]:
    """Every field written in inline Markdown, with its path in the front matter."""
    if doc.kind not in WITH_BLOCKS or doc.meta is None:   # (not isinstance: pydantic's is slow, and this runs for every file)
        return
    for i, event in enumerate(doc.meta.training):
        if event.notes:
            yield ("training", i, "notes"), event.notes
    for block, lists in (("audits", ("findings", "recommendations", "actions")), ("reviews", ("lessons", "recommendations"))):
        for i, item in enumerate(getattr(doc.meta, block)):
            for name in lists:
                for j, text in enumerate(getattr(item, name)):
                    yield (block, i, name, j), text
            if block == "reviews" and item.summary:
                yield (block, i, "summary"), item.summary


def _suggest_file(source: str, path: str, documents: dict[str, set[str]], files: set[str]) -> str:
    """`` (did you mean '09-learning-and-development.md'?)`` for a misspelt file of the same
    folder: a close name, or the one whose name (without its number) starts the same way."""
    folder, _, name = path.rpartition("/")
    near = {p.rpartition("/")[2]: p for p in (*documents, *files) if p.rpartition("/")[0] == folder}
    close = closest(name, near)
    if close is None:
        stem = _unnumbered(name)
        starting = [n for n in near if stem and (_unnumbered(n).startswith(stem) or stem.startswith(_unnumbered(n)))]
        close = starting[0] if len(starting) == 1 else None
    return f" (did you mean '{posixpath.relpath(near[close], posixpath.dirname(source))}'?)" if close else ""


def _unnumbered(name: str) -> str:
    """``07-learning.md`` -> ``learning``."""
    return re.sub(r"^\d+-", "", name.rsplit(".", 1)[0])


def _suggest(word: str, choices) -> str:
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""
