"""``sscbgen new issue SLUG`` and ``sscbgen new report SLUG``: a ready-to-edit folder from
the built-in scaffold (``scaffold/`` for an issue, ``scaffold_report/`` for a report)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from sscbgen.config import load_config
from sscbgen.content.folders import SLUG
from sscbgen.content.frontmatter import split
from sscbgen.errors import SiteErrors

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
REPORT_SCAFFOLD = Path(__file__).resolve().parent / "scaffold_report"


class NewIssueError(Exception):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def new_issue(config_path: Path, slug: str, day: dt.date | None = None) -> list[Path]:
    """Create ``content/issues/<slug>/`` beside ``config_path``; never touches an existing folder.

    The issue's date is ``day`` (--today) where given, else the first of the month a name
    like ``2015-08`` gives, else today.
    """
    if not SLUG.match(slug):
        raise NewIssueError(f"{slug!r} cannot be an issue's web address: use lower-case letters, digits and hyphens, like 2015-08", 2)
    root = config_path.parent
    config = load_config(config_path, root)
    issues = root / "content" / "issues"
    folder = issues / slug
    if folder.exists():
        raise NewIssueError(f"content/issues/{slug} already exists; nothing was changed", 1)
    number = 1 + max((_number(index) for index in issues.glob("*/index.md")), default=0)
    month = re.fullmatch(r"(\d{4})-(\d{2})", slug)
    if day is None and month and 1 <= int(month[2]) <= 12 and int(month[1]) >= 1:
        day = dt.date(int(month[1]), int(month[2]), 1)
    today = day or dt.date.today()
    values = {  # quoted as JSON strings, which YAML reads as they are, whatever they hold
        "title": json.dumps(config.title, ensure_ascii=False),
        "number": number,
        "date": today.isoformat(),
        "period": json.dumps(f"{_season(today)} {today.year}"),
    }
    staging = issues / f".{slug}.new"  # written whole, then renamed: never half an issue
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / "images").mkdir(parents=True)
        for template in sorted(SCAFFOLD.glob("*.md")):
            (staging / template.name).write_text(template.read_text(encoding="utf-8").format(**values), encoding="utf-8")
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NewIssueError(f"could not create content/issues/{slug} ({exc.strerror}); nothing was changed", 1) from None
    return [folder / template.name for template in sorted(SCAFFOLD.glob("*.md"))]


def _number(index: Path) -> int:
    """An existing issue's number; 0 where it cannot be read (the build will say why)."""
    try:
        value = split(index.read_text(encoding="utf-8", errors="replace"), str(index)).data.get("number")
    except (SiteErrors, OSError):
        return 0
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else 0


def _season(day: dt.date) -> str:
    return ("Winter", "Spring", "Summer", "Autumn")[(day.month % 12) // 3]


def new_report(config_path: Path, slug: str, day: dt.date | None = None) -> list[Path]:
    """Create ``content/reports/<slug>/`` (a draft report and a first chapter) beside
    ``config_path``; never touches an existing folder. Its date is ``day`` (--today), else today."""
    if not SLUG.match(slug):
        raise NewIssueError(f"{slug!r} cannot be a report's web address: use lower-case letters, digits and hyphens, like annual-report-2015-16", 2)
    root = config_path.parent
    load_config(config_path, root)   # a site folder, with a config that reads
    reports = root / "content" / "reports"
    folder = reports / slug
    if folder.exists():
        raise NewIssueError(f"content/reports/{slug} already exists; nothing was changed", 1)
    today = day or dt.date.today()
    years = re.search(r"(\d{4})-(\d{2,4})$", slug)
    values = {"title": json.dumps("Annual Report" + (f" {years[1]}-{years[2]}" if years else "")),
              "date": today.isoformat(), "period": json.dumps(f"{years[1]}-{years[2]}" if years else str(today.year))}
    staging = reports / f".{slug}.new"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / "images").mkdir(parents=True)
        for template in sorted(REPORT_SCAFFOLD.glob("*.md")):
            (staging / template.name).write_text(template.read_text(encoding="utf-8").replace("{title}", values["title"])
                                                 .replace("{date}", values["date"]).replace("{period}", values["period"]), encoding="utf-8")
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NewIssueError(f"could not create content/reports/{slug} ({exc.strerror}); nothing was changed", 1) from None
    return [folder / template.name for template in sorted(REPORT_SCAFFOLD.glob("*.md"))]
