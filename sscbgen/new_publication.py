"""``sscbgen new briefing SLUG`` and ``sscbgen new catalogue SLUG``: a ready-to-edit briefing
or catalogue from the built-in scaffold, a draft until the writer publishes it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from sscbgen.config import load_config
from sscbgen.content.folders import SLUG
from sscbgen.new import NewIssueError

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


def new_briefing(config_path: Path, slug: str, day: dt.date | None = None) -> list[Path]:
    """Create ``content/briefings/<slug>.md``; never touches an existing file."""
    if not SLUG.match(slug):
        raise NewIssueError(f"{slug!r} cannot be a briefing's web address: use lower-case letters, digits and hyphens, like hidden-men", 2)
    root = config_path.parent
    load_config(config_path, root)
    target = root / "content" / "briefings" / f"{slug}.md"
    if target.exists():
        raise NewIssueError(f"content/briefings/{slug}.md already exists; nothing was changed", 1)
    title = slug.replace("-", " ").capitalize()
    text = (SCAFFOLD / "briefing" / "briefing.md").read_text(encoding="utf-8").format(
        title=json.dumps(title, ensure_ascii=False), date=(day or dt.date.today()).isoformat())
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as file:   # never over a file made meanwhile
            file.write(text)
    except OSError as exc:
        raise NewIssueError(f"could not create content/briefings/{slug}.md ({exc.strerror}); nothing was changed", 1) from None
    return [target]


def new_catalogue(config_path: Path, slug: str, day: dt.date | None = None) -> list[Path]:
    """Create ``content/catalogues/<slug>/`` with its index.md and one course; never touches an existing folder."""
    if not SLUG.match(slug):
        raise NewIssueError(f"{slug!r} cannot be a catalogue's web address: use lower-case letters, digits and hyphens, like 2015-16", 2)
    root = config_path.parent
    load_config(config_path, root)
    catalogues = root / "content" / "catalogues"
    folder = catalogues / slug
    if folder.exists():
        raise NewIssueError(f"content/catalogues/{slug} already exists; nothing was changed", 1)
    today = day or dt.date.today()
    first = today.year if today.month >= 4 else today.year - 1      # the year from April, as boards plan training
    period = f"{first}-{first + 1}"
    values = {"title": json.dumps(f"Training Catalogue {period}"), "date": today.isoformat(), "period": json.dumps(period)}
    templates = sorted((SCAFFOLD / "catalogue").glob("*.md"))
    staging = catalogues / f".{slug}.new"   # written whole, then renamed: never half a catalogue
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        for template in templates:
            (staging / template.name).write_text(template.read_text(encoding="utf-8").format(**values), encoding="utf-8")
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NewIssueError(f"could not create content/catalogues/{slug} ({exc.strerror}); nothing was changed", 1) from None
    return [folder / template.name for template in templates]
