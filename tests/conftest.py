"""Fixtures shared by the tests: a private copy of the example site, and its builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import with_picture
from sitecopy import TODAY, SiteCopy, example_with_pdfs, remove_example_with_pdfs, run_cli


@pytest.fixture
def site(tmp_path: Path) -> SiteCopy:
    return SiteCopy(tmp_path / "site")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    """The example built once through the CLI (without PDFs), in a folder tests only read."""
    copy = SiteCopy(tmp_path_factory.mktemp("example") / "site")
    copy.build()
    return copy


@pytest.fixture(scope="session")
def example_build(example_site: SiteCopy) -> Path:
    """The output/ folder of that build."""
    return example_site.path("output")


@pytest.fixture
def site_after_build(tmp_path: Path, example_site: SiteCopy) -> SiteCopy:
    """A private copy of the example as it is after a build without PDFs: example_site's
    folder copied, with its output/ and its cache."""
    return SiteCopy(tmp_path / "site", built=example_site)


@pytest.fixture(scope="session")
def pdf_build() -> SiteCopy:
    """The example built once with its PDFs through the CLI (the same build tests/site/
    serves), in a folder tests only read."""
    copy, result = example_with_pdfs()
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    """The example with a picture in the newsletter (helpers.with_picture), built with its PDFs
    from nothing (--no-cache) in a deeper folder, in its own process with another hash seed:
    what other builds are compared with, byte for byte."""
    copy = with_picture(SiteCopy(tmp_path_factory.mktemp("fresh") / "elsewhere" / "much" / "deeper" / "copy"))
    result = run_cli("build", "--today", TODAY, "--quiet", "--no-cache", cwd=copy.root, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    return copy


@pytest.fixture
def print_site(tmp_path: Path, pdf_build: SiteCopy) -> SiteCopy:
    """A private copy of the example whose PDF cache starts as the shared build's: a build
    with PDFs after the test's edits renders again only the PDFs the edits change."""
    copy = SiteCopy(tmp_path / "site")
    copy.seed_pdf_cache(pdf_build)
    return copy


def pytest_unconfigure(config: pytest.Config) -> None:
    if not os.environ.get("SSCBGEN_KEEP_TEST_SITE"):
        remove_example_with_pdfs()
