"""Every page of the built site is valid HTML (and its CSS valid CSS), according
to the Nu Html Checker (vnu.jar from the npm package vnu-jar, run with Java)."""
from __future__ import annotations

from pathlib import Path

import pytest


def test_every_page_is_valid_html(site_html_files, site_html_problems):
    files = site_html_files
    problems = site_html_problems
    if problems:
        pytest.fail(
            f"The Nu Html Checker found {len(problems)} error(s) in {len(files)} page(s) "
            f"(file:line:column, paths inside the build):\n  " + "\n  ".join(problems), pytrace=False)


def test_every_stylesheet_is_valid_css(built_site: Path, vnu):
    files = sorted(p for p in built_site.rglob("*.css") if p.is_file())
    assert files, f"the build at {built_site} has no .css files"
    problems = vnu(built_site, files, "--css")
    if problems:
        pytest.fail(
            f"The Nu Html Checker (--css) found {len(problems)} error(s) in {len(files)} stylesheet(s):\n  "
            + "\n  ".join(problems), pytrace=False)
