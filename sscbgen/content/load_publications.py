"""The walk of ``content/briefings/`` and ``content/catalogues/``: what load.py reads of the
board's other publications, with the writer's messages for what is wrong in them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sscbgen.content.addresses import ARTICLE_NAME
from sscbgen.content.files import list_folder
from sscbgen.content.folders import ASSET_FOLDER, SLUG, body, in_order, index_of
from sscbgen.content.markdown import Heading
from sscbgen.content.publications import Briefing, Catalogue, Course, section_problem
from sscbgen.errors import SourceError, display_path

if TYPE_CHECKING:
    from sscbgen.content.load import _Collector, _Document, _Errors



def walk_briefings(folder: Path, found: _Collector) -> list[Path]:
    """The briefings' files; what is not published is said here."""
    if not folder.is_dir():
        return []
    files = []
    for entry in list_folder(folder, found.root / "content", found.root, found.errors):
        path = Path(entry.path)
        if entry.name == ASSET_FOLDER and entry.is_dir():
            continue
        if entry.is_dir() or not entry.name.endswith(".md"):
            found.warn(path, f"is not a briefing, so it is not published; each briefing is one .md file, and pictures go in content/briefings/{ASSET_FOLDER}/")
            continue
        if not SLUG.match(entry.name[:-3]):
            found.add(display_path(path, found.root), None, "", "a briefing's file name is its web address: use lower-case letters, digits and hyphens, like hidden-men.md")
            continue
        files.append(path)
    return files


def walk_catalogues(folder: Path, found: _Collector) -> list[tuple[Path, list[Path]]]:
    """Each catalogue folder with its course files; what is not published is said here."""
    if not folder.is_dir():
        return []
    catalogues = []
    for entry in list_folder(folder, found.root / "content", found.root, found.errors):
        path = Path(entry.path)
        if not entry.is_dir():
            found.warn(path, "is not a catalogue folder, so it is not published; each catalogue is a folder, like content/catalogues/2015-16/")
            continue
        if not SLUG.match(entry.name):
            found.add(display_path(path, found.root), None, "", "a catalogue folder's name is part of its web address: use lower-case letters, digits and hyphens, like 2015-16")
        courses = []
        for inner in list_folder(path, found.root / "content", found.root, found.errors):
            if inner.name in ("index.md", ASSET_FOLDER):
                continue
            if inner.is_dir() or not inner.name.endswith(".md"):
                found.warn(Path(inner.path), f"is not a course, so it is not published; each course is a .md file, and pictures go in {display_path(path, found.root)}/{ASSET_FOLDER}/")
                continue
            courses.append(Path(inner.path))
        catalogues.append((path, courses))
    return catalogues


def asset_folders(root: Path) -> list[Path]:
    """The picture folders of briefings and catalogues."""
    content = root / "content"
    folders = [content / "briefings" / ASSET_FOLDER]
    catalogues = content / "catalogues"
    if catalogues.is_dir():
        folders += [folder / ASSET_FOLDER for folder in sorted(catalogues.iterdir()) if folder.is_dir()]
    return folders


def load_briefing(path: Path, found: _Collector) -> Briefing | None:
    doc, meta = found.document(path)
    if doc is None or meta is None:
        return None
    return Briefing(slug=path.name[:-3], source=doc.source, meta=meta, body=body(doc))


def load_catalogue(folder: Path, files: list[Path], found: _Collector) -> Catalogue | None:
    doc, meta = index_of(folder, found, "this catalogue folder has no index.md; start one with sscbgen new catalogue <name>")
    courses: list[Course] = []
    for path in files:
        number, name = ARTICLE_NAME.match(path.name).groups()  # type: ignore[union-attr]  # the name ends with .md
        if not SLUG.match(name):
            found.add(display_path(path, found.root), None, "", "a course's file name is part of its web address: use lower-case letters, digits and hyphens, like 01-neglect.md")
        course_doc, course_meta = found.document(path)
        if course_doc is not None and course_meta is not None:
            courses.append(Course(slug=name, order=int(number) if number else 10**6, source=course_doc.source, meta=course_meta, body=body(course_doc)))
    ordered = in_order(courses, found)
    if doc is None or meta is None:
        return None
    return Catalogue(slug=folder.name, source=doc.source, meta=meta, introduction=body(doc), courses=ordered)


def check_sections(doc: _Document, headings: tuple[Heading, ...], found: _Errors) -> None:
    """A briefing has exactly seven ``## `` sections."""
    problem = section_problem(headings, doc.front.body_line)
    if problem is not None:
        found.add(doc.source, problem[0], "body", problem[1])


def date_warnings(catalogues: list[Catalogue], lines: dict[str, object]) -> list[SourceError]:
    """A course date before its catalogue's own date: likely a wrong year (a warning: the build goes on).
    ``lines``: each course's front matter (its ``line_of``), by source."""
    warnings = []
    for catalogue in catalogues:
        start = catalogue.meta.date
        for course in catalogue.courses:
            for i, event in enumerate(course.meta.training):
                if event.date < start:
                    front = lines.get(course.source)
                    line = front.line_of(("training", i, "date")) if front is not None else None  # type: ignore[attr-defined]
                    warnings.append(SourceError(course.source, line, f"training[{i}].date", (
                        f"{event.date.isoformat()} is before the catalogue's own date ({start.isoformat()}, in {catalogue.source}): "
                        "a catalogue lists dates still to come; is the year right?")))
    return warnings
