"""The writers' guide cannot drift from the tool: every error, warning, note and CI line
the docs show is one the tool prints, word for word, on the sites of tests/catalogue.py;
every message the error catalogue's table quotes is in the tool's words; every link
between the guide's pages leads to a page and heading that exist."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import catalogue
import pytest

from sitecopy import REPO, SiteCopy, run_cli, run_here

DOCS = REPO / "docs"
GUIDE = sorted(p for p in DOCS.glob("*.md") if p.name != "templates.md")
SHOWN = re.compile(r"^(error: |warning: |note: |::error |::warning |::notice |\{\"field\")")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, pdf_build: SiteCopy) -> set[str]:
    """Every line the tool prints on the catalogue's sites."""
    root = tmp_path_factory.mktemp("catalogue")
    lines: list[str] = []

    def say(result) -> None:
        lines.extend(result.stdout.splitlines() + result.stderr.splitlines())

    content = catalogue.content_site(root / "content")
    for form in ("text", "github", "json"):
        say(run_here("check", "--format", form, cwd=content.root))
    say(run_here("check", cwd=catalogue.config_site(root / "config").root))
    say(run_here("check", cwd=catalogue.draft_link_site(root / "draft").root))
    # Sites without errors make their printed newsletters: in their own process (see SiteCopy.run).
    # Their PDF caches start as the shared build's, as a writer's folder does: the PDFs a site
    # does not change come from it, with the warnings their rendering gave.
    warnings, scheduled = catalogue.warnings_site(root / "warnings"), catalogue.scheduled_site(root / "scheduled")
    for site in (warnings, scheduled):
        site.seed_pdf_cache(pdf_build)
    say(run_cli("check", "--today", "2015-05-01", cwd=warnings.root, env=dict(os.environ)))
    say(run_cli("check", "--today", "2015-07-20", cwd=scheduled.root, env={**os.environ, "PAGEFIND_BINARY_PATH": catalogue.NO_PAGEFIND}))
    (root / "empty").mkdir()
    say(run_here("check", cwd=root / "empty"))
    return set(lines)


def shown_lines(page: Path) -> list[str]:
    """The tool's lines a page shows in its code blocks."""
    shown, fence = [], False
    for line in page.read_text().splitlines():
        if line.startswith("```"):
            fence = not fence
        elif fence and SHOWN.match(line):
            shown.append(line)
    return shown


def test_the_guide_shows_messages() -> None:
    assert len(shown_lines(DOCS / "errors.md")) >= 40
    assert len(shown_lines(DOCS / "quality.md")) >= 12


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: p.name)
def test_every_message_shown_is_printed_by_the_tool(page: Path, printed: set[str]) -> None:
    missing = [line for line in shown_lines(page) if line not in printed]
    assert missing == [], "the docs show lines the tool does not print:\n" + "\n".join(missing)


def _normal(text: str) -> str:
    """Numbers and the parts a message fills in made alike: ``191 KB``, ``{size}`` -> ``#``."""
    text = re.sub(r"\{[^{}]*\}", "#", text)
    return re.sub(r"\d+(?:\.\d+)?(?: ?[KM]B)?", "#", text)


def _source_texts() -> list[str]:
    """Every string in sscbgen's code, an f-string's parts as ``{}``."""
    texts = []
    for path in (REPO / "sscbgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value)
            elif isinstance(node, ast.JoinedStr):
                texts.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
    return [_normal(text) for text in texts]


def test_every_message_the_catalogue_table_quotes_is_in_the_tools_words(printed: set[str]) -> None:
    table = (DOCS / "errors.md").read_text().split("## Other messages you may see")[1]
    quoted = [m[1] for m in re.finditer(r"^\| (?:warning: )?`([^`]+)`", table, re.M)]
    assert len(quoted) >= 30
    known = _source_texts() + [_normal(line) for line in printed]
    for message in quoted:
        for piece in (_normal(p).strip(" ,;:") for p in re.split(r"…|, found ", message)):
            if len(piece) > 3:
                assert any(piece in text for text in known), f"{message!r}: {piece!r} is not in the tool's words"


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_between_the_guides_pages_lead_somewhere() -> None:
    anchors = {page.name: {_slug(m[1]) for m in re.finditer(r"^#{1,6} (.+)$", page.read_text(), re.M)} for page in DOCS.glob("*.md")}
    for page in GUIDE:
        text = re.sub(r"`[^`\n]*`", "", _prose(page))   # examples are not links
        for target, anchor in re.findall(r"\]\(([\w.-]*\.md)?(?:#([\w-]+))?\)", text):
            name = target or page.name
            assert name in anchors, f"{page.name} links to {name}, which does not exist"
            assert not anchor or anchor in anchors[name], f"{page.name} links to {name}#{anchor}, which has no such heading"


def _prose(page: Path) -> str:
    """A page without its code blocks."""
    kept, fence = [], False
    for line in page.read_text().splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            kept.append(line)
    return "\n".join(kept)


def test_the_index_links_every_page_of_the_guide() -> None:
    index = (DOCS / "index.md").read_text()
    for page in GUIDE:
        if page.name not in ("index.md", "writing.md"):
            assert f"]({page.name})" in index, page.name
