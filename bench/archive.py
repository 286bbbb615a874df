"""A large site for benchmarks: the example's issue repeated as an archive of many issues.

    .venv/bin/python bench/archive.py DEST [--issues 500]

Each issue is a copy of the example's Spring 2015 issue (10 articles) with its own
folder, number and date, so 500 issues make 5,000 articles and 8,500 training events.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_ISSUE = REPO / "content" / "issues" / "2015-05"


def make_archive(dest: Path, issues: int = 500) -> list[Path]:
    """Write a site with ``issues`` issues into ``dest`` (which must not exist); return the issue folders."""
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "config.yaml", dest / "config.yaml")
    shutil.copytree(REPO / "templates", dest / "templates")
    shutil.copytree(REPO / "content" / "pages", dest / "content" / "pages")
    index = (EXAMPLE_ISSUE / "index.md").read_text(encoding="utf-8")
    folders = []
    for n in range(issues):
        year, month = 1900 + n // 12, n % 12 + 1
        folder = dest / "content" / "issues" / f"{year}-{month:02d}"
        shutil.copytree(EXAMPLE_ISSUE, folder)
        text = re.sub(r"(?m)^number: .*$", f"number: {n + 1}", index)
        text = re.sub(r"(?m)^date: .*$", f"date: {year}-{month:02d}-01", text)
        text = re.sub(r"(?m)^period: .*$", f"period: Issue {n + 1}", text)
        (folder / "index.md").write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--issues", type=int, default=500)
    args = parser.parse_args()
    make_archive(args.dest, args.issues)
