"""``sscbgen check``: everything a build checks, then the writers' quality gate, and what
is scheduled for later; writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sscbgen.build import Result, render_site
from sscbgen.errors import SourceError
from sscbgen.options import Options
from sscbgen.quality.review import review
from sscbgen.schedule import scheduled


@dataclass(frozen=True)
class Checked:
    result: Result
    warnings: tuple[SourceError, ...]
    notices: tuple[SourceError, ...]    # not problems: what is scheduled for later, readability figures


def check(options: Options, progress: Callable[[str, int, int], None] | None = None, links: bool = False) -> Checked:
    """Render everything in memory (raises SiteErrors), then run the quality gate;
    ``links``: also ask every external link over the network."""
    result = render_site(options, progress=progress)
    gate = review(result.site, options.root, links=links)
    return Checked(result, result.warnings + gate.warnings, scheduled(result.site) + gate.notices)
