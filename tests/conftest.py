"""Fixtures shared by the tests: a private copy of the example site, and its build."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitecopy import SiteCopy


@pytest.fixture
def site(tmp_path: Path) -> SiteCopy:
    return SiteCopy(tmp_path / "site")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once through the CLI, into a folder tests only read."""
    copy = SiteCopy(tmp_path_factory.mktemp("example") / "site")
    copy.build()
    return copy.root / "output"
