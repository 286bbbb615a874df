"""What a build is asked to do (the command line's choices), and where it keeps its cache.

Light to import: ``sscbgen build`` reads it before deciding whether there is anything to
build at all (see last_build.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sscbgen.cache import Cache
    from sscbgen.errors import SourceError
    from sscbgen.memo import Memo
    from sscbgen.workers import Workers

CACHE_FOLDER = ".sscbgen-cache"


@dataclass(frozen=True)
class Options:
    root: Path
    config: Path
    out: Path
    drafts: bool = False
    base_url: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    pdf: bool = True
    processes: int | None = None    # worker processes; None: one a core
    use_cache: bool = True          # False: neither read nor keep .sscbgen-cache/ (a clean build)
    strict: bool = False            # True: warnings fail the build, which then writes nothing

    @property
    def cache(self) -> Path:
        return self.root / CACHE_FOLDER

    def workers(self, memo: Memo | None = None, store: bool = True,
                progress: Callable[[str, int, int], None] | None = None) -> Workers:
        """The means of a build: ``memo`` (serve's), the store on disk (read only where
        ``store`` is False, as for ``check``), and one worker process a core."""
        from sscbgen.store import Store
        from sscbgen.workers import Workers

        return Workers(memo, Store(self.cache / "store.sqlite" if self.use_cache else None, writable=store), self.processes, progress)

    def pdf_cache(self, store: bool = True) -> Cache:
        from sscbgen.cache import Cache

        return Cache(self.cache / "pdf" if self.use_cache else None, writable=store)

    @property
    def search_cache(self) -> Path | None:
        return self.cache / "search" if self.use_cache else None

    @property
    def kept(self) -> Path:
        """The cache's folder for this build's output folder: its manifest, the build before it
        (output.Kept), and the last build's record (last_build.py)."""
        from sscbgen.cache import digest

        return self.cache / f"output-{digest(str(self.out))[:16]}"


class StrictWarnings(Exception):
    """``--strict``: the build had warnings, so it wrote nothing."""

    def __init__(self, warnings: tuple[SourceError, ...]) -> None:
        super().__init__(f"{len(warnings)} warnings")
        self.warnings = warnings
