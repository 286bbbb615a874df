"""Test helpers: a private copy of the example site, and the CLI run as a user runs it."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TODAY = "2015-05-01"


class SiteCopy:
    """The repository's example site copied into a temporary folder; or, with ``built``, a
    copy of a site folder as a build left it (its sources, output/ and .sscbgen-cache/)."""

    def __init__(self, root: Path, built: SiteCopy | None = None):
        self.root = root
        if built is not None:
            shutil.copytree(built.root, root, symlinks=True)
            return
        root.mkdir(parents=True)
        for name in ("config.yaml", "content", "templates"):
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, root / name)
            else:
                shutil.copy2(source, root / name)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace ``old`` (which must occur) in a file of the site."""
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not found in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """The CLI as a user runs it: in this process (as fast, and the same code), or in its
        own process where the test sets the environment or a printed newsletter is made
        (WeasyPrint's fonts and layout libraries keep state that one process should not
        carry from build to build, as a command line user's never does)."""
        prints = args[:1] in (("build",), ("check",)) and "--no-pdf" not in args
        return run_cli(*args, cwd=self.root, env=env) if env is not None or prints else run_here(*args, cwd=self.root)

    def only_the_newsletter(self) -> None:
        """Remove the briefings, the catalogue and the report (nothing of the newsletter or the
        pages links to them), for a test of the newsletter's PDF that need not print them too."""
        for folder in ("briefings", "catalogues", "reports"):
            shutil.rmtree(self.path(f"content/{folder}"))

    def seed_pdf_cache(self, built: SiteCopy) -> None:
        """Start this copy's PDF cache from ``built``'s, as a writer's folder has it after a
        build: a build after an edit renders again only the PDFs the edit changes (the cache
        key is the hash of all of a PDF's inputs), and takes the others from the cache."""
        shutil.copytree(built.path(".sscbgen-cache/pdf"), self.path(".sscbgen-cache/pdf"))

    def build(self, *args: str, pdf: bool = False) -> subprocess.CompletedProcess[str]:
        """Build through the CLI; without the PDF stage unless a test is about it (2 s each)."""
        result = self.run("build", "--today", TODAY, *args, *(() if pdf else ("--no-pdf",)))
        assert result.returncode == 0, result.stderr
        return result


_WITH_PDFS: list[tuple[SiteCopy, subprocess.CompletedProcess[str]]] = []


def example_with_pdfs() -> tuple[SiteCopy, subprocess.CompletedProcess[str]]:
    """The example copied into a temporary folder and built once per test session with all
    its PDFs (the newsletter, two briefings, the catalogue, the report), through the CLI in
    its own process; with the result of that run. Tests only read it: the ones of the PDFs,
    tests/site/ (which serve it), and the PDF cache a private copy starts from."""
    if not _WITH_PDFS:
        copy = SiteCopy(Path(tempfile.mkdtemp(prefix="sscbgen-example-pdf-")) / "site")
        _WITH_PDFS.append((copy, copy.run("build", "--today", TODAY)))
    return _WITH_PDFS[0]


def remove_example_with_pdfs() -> None:
    """At the end of the session: the shared build's folder is removed."""
    for copy, _ in _WITH_PDFS:
        shutil.rmtree(copy.root.parent, ignore_errors=True)


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sscbgen", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


def run_here(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``sscbgen ARGS`` run in this process, in ``cwd``, with what it printed."""
    from sscbgen.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:   # argparse's usage errors end the process: here, only the call
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["sscbgen", *args], code, out.getvalue(), err.getvalue())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, for before/after comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
