"""Walk content/, build the typed models, and collect every error in the site at once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sscbgen.config import SiteConfig
from sscbgen.content import markdown
from sscbgen.content.files import check_inside, list_folder, read_text
from sscbgen.content.frontmatter import FrontMatter, split
from sscbgen.content.models import BLOCKS, Article, ArticleMeta, Body, Issue, IssueMeta, Page, PageMeta
from sscbgen.content.refs import classify
from sscbgen.content.validate import parse_model
from sscbgen.errors import SiteErrors, SourceError, display_path

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARTICLE_NAME = re.compile(r"^(?:(\d+)-)?(.+)\.md$")
RESERVED_PAGES = {"issues", "training", "topics", "assets", "404", "index"}
ASSET_FOLDER = "images"

T = TypeVar("T")


@dataclass(frozen=True)
class Content:
    """Everything a site is made of, checked."""

    root: Path
    config: SiteConfig
    issues: tuple[Issue, ...]
    pages: tuple[Page, ...]
    files: tuple[str, ...]          # pictures and static files, as paths from the site folder
    warnings: tuple[SourceError, ...]


class _Collector:
    """Gathers errors so one run reports them all."""

    def __init__(self) -> None:
        self.errors: list[SourceError] = []
        self.warnings: list[SourceError] = []

    def attempt(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except SiteErrors as exc:
            self.errors.extend(exc.errors)
            return None

    def add(self, where: str, line: int | None, field: str, message: str) -> None:
        self.errors.append(SourceError(where, line, field, message))


def load(root: Path, config: SiteConfig) -> Content:
    """Read ``root/content`` and ``root/static``; raise SiteErrors with every problem found."""
    found = _Collector()
    content = root / "content"
    if not content.is_dir():
        raise SiteErrors([SourceError("content", None, "", "there is no content/ folder next to config.yaml")])
    issues = _load_issues(root, config, content / "issues", found)
    pages = _load_pages(root, content / "pages", found)
    files = _collect_files(root, issues, found)
    _check_site(root, issues, pages, files, found)
    if found.errors:
        raise SiteErrors(found.errors)
    return Content(root, config, tuple(issues), tuple(pages), tuple(files), tuple(found.warnings))


def _read(root: Path, path: Path) -> FrontMatter:
    where = display_path(path, root)
    return split(read_text(path, root / "content", root), where)


def _load_issues(root: Path, config: SiteConfig, folder: Path, found: _Collector) -> list[Issue]:
    if not folder.is_dir():
        return []
    issues = []
    for entry in list_folder(folder, root / "content", root, found.errors):
        path = Path(entry.path)
        where = display_path(path, root)
        if not entry.is_dir():
            found.warnings.append(SourceError(where, None, "", "is not an issue folder, so it is not published; each issue is a folder"))
            continue
        if not SLUG.match(entry.name):
            found.add(where, None, "", "an issue folder's name is part of its web address: use lower-case letters, digits and hyphens, like 2015-05")
        issue = found.attempt(lambda: _load_issue(root, config, path, found))
        if issue is not None:
            issues.append(issue)
    return issues


def _load_issue(root: Path, config: SiteConfig, folder: Path, found: _Collector) -> Issue | None:
    where = display_path(folder, root)
    index = folder / "index.md"
    if not index.is_file():
        raise SiteErrors([SourceError(where, None, "", "this issue folder has no index.md; copy one from another issue and edit it")])
    front = _read(root, index)
    meta = found.attempt(lambda: parse_model(IssueMeta, front, display_path(index, root)))
    articles: list[Article] = []
    slugs: dict[str, str] = {}
    for entry in list_folder(folder, root / "content", root, found.errors):
        path = Path(entry.path)
        if entry.name == "index.md" or entry.name == ASSET_FOLDER:
            continue
        if entry.is_dir() or not entry.name.endswith(".md"):
            found.warnings.append(SourceError(
                display_path(path, root), None, "",
                f"is not Markdown, so it is not published; pictures go in {where}/{ASSET_FOLDER}/",
            ))
            continue
        article = found.attempt(lambda: _load_article(root, config, path, found))
        if article is None:
            continue
        if article.slug in slugs:
            found.add(article.source, None, "", f"gives the same web address …/{article.slug}/ as {slugs[article.slug]}; rename one of them")
            continue
        slugs[article.slug] = article.source
        articles.append(article)
    if meta is None:
        return None
    articles.sort(key=lambda a: (a.order, a.slug))
    body = Body(text=front.body, source=display_path(index, root), first_line=front.body_line)
    return Issue(slug=folder.name, source=display_path(index, root), meta=meta, editorial=body, articles=tuple(articles))


def _load_article(root: Path, config: SiteConfig, path: Path, found: _Collector) -> Article | None:
    where = display_path(path, root)
    match = ARTICLE_NAME.match(path.name)
    assert match is not None  # the name ends with .md
    number, name = match.groups()
    if not SLUG.match(name):
        found.add(where, None, "", "an article's file name is part of its web address: use lower-case letters, digits and hyphens, like 07-learning.md")
    front = _read(root, path)
    meta = parse_model(ArticleMeta, front, where)
    _check_markers(meta, front, where, found)
    _check_topics(meta, config, front, where, found)
    body = Body(text=front.body, source=where, first_line=front.body_line)
    return Article(slug=name, order=int(number) if number else 10**6, source=where, meta=meta, body=body)


def _check_markers(meta: ArticleMeta, front: FrontMatter, where: str, found: _Collector) -> None:
    seen: set[str] = set()
    for marker in markdown.render(front.body, front.body_line).markers:
        if marker.name not in BLOCKS:
            found.add(where, marker.line, "", f"unknown block marker [[{marker.name}]]; the markers are {', '.join(f'[[{b}]]' for b in BLOCKS)}")
        elif marker.name in seen:
            found.add(where, marker.line, "", f"[[{marker.name}]] is placed twice; the block can only appear once")
        elif not getattr(meta, marker.name):
            found.add(where, marker.line, "", f"[[{marker.name}]] marks where the {marker.name} go, but the front matter has no '{marker.name}:' list")
        seen.add(marker.name)


def _load_pages(root: Path, folder: Path, found: _Collector) -> list[Page]:
    if not folder.is_dir():
        return []
    pages = []
    for entry in list_folder(folder, root / "content", root, found.errors):
        path = Path(entry.path)
        where = display_path(path, root)
        if entry.is_dir() or not entry.name.endswith(".md"):
            found.warnings.append(SourceError(where, None, "", "is not a Markdown page, so it is not published"))
            continue
        slug = entry.name[:-3]
        if not SLUG.match(slug) or slug in RESERVED_PAGES:
            found.add(where, None, "", f"a page's file name is its web address: use lower-case letters, digits and hyphens, and not one of {', '.join(sorted(RESERVED_PAGES))}")
            continue
        front = found.attempt(lambda: _read(root, path))
        meta = front and found.attempt(lambda: parse_model(PageMeta, front, where))
        if front and meta:
            pages.append(Page(slug=slug, source=where, meta=meta, body=Body(text=front.body, source=where, first_line=front.body_line)))
    return pages


def _collect_files(root: Path, issues: list[Issue], found: _Collector) -> list[str]:
    """Pictures of each issue and everything under static/, checked to stay inside the site."""
    folders = [(root / "content" / "issues" / issue.slug / ASSET_FOLDER, root / "content") for issue in issues]
    folders.append((root / "static", root / "static"))
    files: list[str] = []
    for folder, boundary in folders:
        if folder.is_symlink() and found.attempt(lambda: check_inside(folder, boundary, root)) is None:
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


def _check_site(root: Path, issues: list[Issue], pages: list[Page], files: list[str], found: _Collector) -> None:
    numbers: dict[int, str] = {}
    for issue in issues:
        if issue.meta.number in numbers:
            found.add(issue.source, None, "number", f"issue number {issue.meta.number} is already used by {numbers[issue.meta.number]}")
        numbers.setdefault(issue.meta.number, issue.source)
    bodies = [issue.editorial for issue in issues] + [a.body for i in issues for a in i.articles] + [p.body for p in pages]
    rendered = {body.source: markdown.render(body.text, body.first_line) for body in bodies}
    anchors = {source: {h.id for h in r.headings} for source, r in rendered.items()}
    known_files = set(files)
    for source, result in rendered.items():
        _check_refs(source, result, anchors, known_files, found)


def _check_refs(source: str, result: markdown.Rendered, anchors: dict[str, set[str]], files: set[str], found: _Collector) -> None:
    for link in result.links:
        ref = classify(source, link.href)
        if ref.kind == "bad":
            found.add(source, link.line, "", ref.problem)
        elif ref.kind == "anchor":
            if ref.fragment not in anchors[source] and not ref.fragment.startswith("fn"):
                found.add(source, link.line, "", f"links to #{ref.fragment}, but no heading here has that anchor{_suggest(ref.fragment, anchors[source])}")
        elif ref.kind == "file":
            if ref.path in anchors:
                if ref.fragment and ref.fragment not in anchors[ref.path]:
                    found.add(source, link.line, "", f"links to {ref.path}#{ref.fragment}, but that file has no heading with that anchor{_suggest(ref.fragment, anchors[ref.path])}")
            elif ref.path not in files:
                found.add(source, link.line, "", f"links to {ref.path}, which is not an article, page or picture of the site")
    for picture in result.pictures:
        if not picture.alt:
            found.add(source, picture.line, "", f"the picture {picture.src} has no alt text: describe it in the brackets, ![like this]({picture.src}), or write ![decorative]({picture.src}) if it only decorates")
        ref = classify(source, picture.src)
        if ref.kind == "bad" or ref.kind == "anchor":
            found.add(source, picture.line, "", ref.problem or f"the picture address {picture.src} is not a file")
        elif ref.kind == "external":
            found.add(source, picture.line, "", f"pictures must be files in the issue's {ASSET_FOLDER}/ folder, found the web address {picture.src}")
        elif ref.path not in files:
            found.add(source, picture.line, "", f"the picture {picture.src} does not exist (looked for {ref.path}); pictures go in the issue's {ASSET_FOLDER}/ folder")


def _check_topics(meta: ArticleMeta, config: SiteConfig, front: FrontMatter, where: str, found: _Collector) -> None:
    for i, topic in enumerate(meta.topics):
        if topic not in config.topics:
            known = ", ".join(sorted(config.topics)) or "none yet"
            found.add(where, front.line_of(("topics", i)), f"topics[{i}]", f"unknown topic \"{topic}\"{_suggest(topic, config.topics)}; the topics in config.yaml are: {known}")


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
