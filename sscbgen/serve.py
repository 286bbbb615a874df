"""``sscbgen serve``: watch the site, rebuild it in memory on every change, keep the last good build.

watchdog -> debounce -> build (memoised stages) -> a new Snapshot -> live reload.
A build with errors keeps the last good files and carries its errors, which the dev
server shows over every page. The search index and the PDFs of changed issues are made
afterwards (the PDFs in a worker process), and the pages are rebuilt when they are ready. Nothing is written to
``output/``: ``sscbgen build`` does that.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from sscbgen.build import Clock, render_site
from sscbgen.content.files import is_ignored
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.memo import Memo
from sscbgen.options import Options
from sscbgen.render.pdf import PdfFile, PdfJob, PdfPlan, finish_pdfs
from sscbgen.render.pdf_worker import PdfWorker
from sscbgen.render.search import SearchShard, SearchUnavailable, index_shards, search_shards, unavailable
from sscbgen.site import Site
from sscbgen.workers import cores

QUIET = 0.02       # seconds without a new change before a rebuild starts
MOST_WAIT = 1.0    # a rebuild starts at the latest this long after the first change of a burst
COLLECT_EVERY = 20   # builds between two whole cycle collections (see Session.build)
WATCHED = ("content", "templates", "static")
Shards = tuple[SearchShard, ...]   # a build's search shards, as search_shards makes them
# Changes only: opening or reading a file (as every build does) is not one.
EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


@dataclass(frozen=True)
class Snapshot:
    """What the server shows: the last good build and the latest build's errors."""

    generation: int                          # grows whenever what readers see changes
    files: Mapping[str, bytes]               # the last good build; empty before the first
    errors: tuple[SourceError, ...] = ()     # of the latest build; () when it succeeded
    warnings: tuple[SourceError, ...] = ()
    pdf_pending: tuple[str, ...] = ()        # issues whose printed newsletter is being made
    search_pending: bool = False             # the search index is being made again
    builds: int = 0                          # builds run so far
    changed: tuple[str, ...] = ()            # the files the latest build changed
    timings: tuple[tuple[str, float], ...] = ()   # of the latest build, in seconds
    seen: float = 0.0                        # time.monotonic() of the change it follows
    done: float = 0.0                        # time.monotonic() when it was published


class Session:
    """One serve session's builds: the memo, the last good build, the search index and PDFs made in the background."""

    def __init__(self, options: Options, on_build: Callable[[Snapshot], None] | None = None):
        self.options = options
        self.on_build = on_build
        self.memo = Memo()
        self.workers = options.workers(self.memo)
        self.cache = options.pdf_cache()
        self._snapshot = Snapshot(0, {})
        self._condition = threading.Condition()
        self._changed = threading.Event()
        self._seen = 0.0    # when the first change of the latest burst was seen
        self._last = 0.0    # and its last change
        self._building = False
        self._stopping = threading.Event()
        self._pdfs: dict[str, PdfFile] = {}                  # each issue's latest PDF, current or not
        self.builds = 0
        self._pdf_failures: dict[str, tuple[SourceError, ...]] = {}   # job key -> why it failed
        self._search: tuple[Shards | None, dict[str, bytes]] = (None, {})   # the latest index made
        self._queued: tuple[tuple[PdfJob, ...], Shards | None] = ((), None)
        self._work = threading.Condition()
        self._worker = PdfWorker()
        self._threads = [threading.Thread(target=self._rebuild_loop, name="sscbgen-rebuild", daemon=True),
                         threading.Thread(target=self._background_loop, name="sscbgen-background", daemon=True)]

    # --- what the server reads --------------------------------------------------
    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def wait(self, after: int, timeout: float) -> Snapshot:
        """The snapshot once its generation is past ``after``, or at ``timeout`` or stop."""
        with self._condition:
            self._condition.wait_for(lambda: self._snapshot.generation > after or self._stopping.is_set(), timeout)
            return self._snapshot

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @property
    def busy(self) -> bool:
        """A change is waiting for its rebuild, or a rebuild is running."""
        return self._changed.is_set() or self._building

    # --- control ------------------------------------------------------------------
    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def changed(self) -> None:
        """Something the site is made of changed: rebuild soon (bursts make one rebuild)."""
        now = time.monotonic()
        if not self._changed.is_set():
            self._seen = now
        self._last = now
        self._changed.set()

    def stop(self) -> None:
        self._stopping.set()
        self._changed.set()
        with self._condition:
            self._condition.notify_all()
        with self._work:
            self._work.notify_all()
        self._worker.close()
        self.workers.close()   # a build using its processes fails, and is dropped: we stop
        for thread in self._threads:
            if thread.is_alive():
                thread.join(0.5)   # a build in memory may be cut short: nothing is written

    # --- building -------------------------------------------------------------------
    def build(self, seen: float | None = None) -> Snapshot:
        """Build once, now, and publish the result (the files, or the errors).

        Python's cycle collector is off while it builds (see build.py), and what a build
        leaves is then frozen out of its way: a whole collection of a 500-issue archive's
        heap took 0.6 s after each rebuild. Every COLLECT_EVERY builds it is unfrozen,
        and collected whole once."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._build(seen)
        finally:
            self.builds += 1
            if collecting:
                if self.builds % COLLECT_EVERY:
                    gc.freeze()
                else:
                    gc.unfreeze()
                gc.enable()

    def _build(self, seen: float | None) -> Snapshot:
        seen = time.monotonic() if seen is None else seen
        clock = Clock()
        clock.timings.append(("wait", time.monotonic() - seen))
        todo: list[PdfJob] = []          # set by _print: the PDFs to make after the reload
        search: list[Shards] = []    # set by _index when the index is out of date
        try:
            result = render_site(self.options, store=True, workers=self.workers, clock=clock,
                                 printer=lambda plan, cache: self._print(plan, todo),
                                 index=lambda site, files, memo: self._index(site, files, search))
        except SiteErrors as exc:
            self.workers.forget()
            return self._publish(seen, clock, errors=exc.errors)
        self._pdfs = {pdf.slug: pdf for pdf in result.pdfs}
        snapshot = self._publish(seen, clock, files=result.files, errors=(), pdf_pending=tuple(job.slug for job in todo),
                                 search_pending=bool(search), warnings=result.warnings)
        self.memo.sweep()   # after a good build only (a failed one used fewer entries), once the reload is on its way
        self.workers.settle()
        self._queue(tuple(todo), search[0] if search else None)
        return snapshot

    def _print(self, plan: PdfPlan, todo: list[PdfJob]) -> tuple[dict[str, PdfFile], frozenset[str]]:
        """The PDFs the cache has, and the last ones made of the others (which go in ``todo``,
        to be made after the reload); raises the errors of a job that failed before."""
        failed = [error for job in plan.todo for error in self._pdf_failures.get(job.key, ())]
        if failed:
            raise SiteErrors(failed)
        todo += plan.todo
        stale = {job.slug: self._pdfs[job.slug] for job in plan.todo if job.slug in self._pdfs and self._pdfs[job.slug].path == job.path}
        return {**stale, **plan.done}, frozenset(job.slug for job in plan.todo)

    def _index(self, site: Site, files: Mapping[str, bytes], pending: list[Shards]) -> tuple[dict[str, bytes], tuple[SourceError, ...]]:
        """The search index of these pages if it is made; else the last one made, and the
        shards to index are put in ``pending`` (Pagefind takes a while on a big site)."""
        try:
            shards = search_shards(site, files)
        except SearchUnavailable as exc:
            return {}, (unavailable(exc),)
        made, index = self._search
        if shards != made:
            pending.append(shards)
        return index, ()

    def _publish(self, seen: float, clock: Clock, **changes) -> Snapshot:
        with self._condition:
            old = self._snapshot
            new = replace(old, builds=old.builds + 1, timings=tuple(clock.timings), seen=seen, **changes)
            # (as sets of (path, bytes): compared in C, and the hash of a file kept from the last build is kept with it)
            changed = tuple(sorted({path for path, _ in new.files.items() - old.files.items()} | (old.files.keys() - new.files.keys())))
            if changed or new.errors != old.errors or (new.pdf_pending, new.search_pending) != (old.pdf_pending, old.search_pending):
                new = replace(new, generation=old.generation + 1)
            self._snapshot = new = replace(new, changed=changed, done=time.monotonic())
            self._condition.notify_all()
        if self.on_build is not None:
            self.on_build(new)
        return new

    def _rebuild_loop(self) -> None:
        while True:
            self._changed.wait()
            if self._stopping.is_set():
                return
            seen = self._seen
            self._building = True
            while True:   # wait for QUIET after the burst's last change: one rebuild for a burst of saves
                self._changed.clear()   # (a save is often two events: a change made after this shows, and moves _last)
                if self._stopping.wait(max(0.0, QUIET - (time.monotonic() - self._last))):
                    return
                if not self._changed.is_set() or time.monotonic() - seen > MOST_WAIT:
                    break
            try:
                self.build(seen)
            except Exception:
                if not self._stopping.is_set():
                    raise
                return   # cut short by stop(): nothing to publish
            finally:
                self._building = False

    # --- the search index and the printed newsletters, in the background -----------------
    def _queue(self, jobs: tuple[PdfJob, ...], search: Shards | None) -> None:
        """What the latest build needs made; it replaces whatever was not yet started."""
        with self._work:
            self._queued = (jobs, search)
            self._work.notify_all()

    def _background_loop(self) -> None:
        while True:
            with self._work:
                self._work.wait_for(lambda: self._queued != ((), None) or self._stopping.is_set())
                if self._stopping.is_set():
                    return
            if self.make_queued():
                self.changed()   # the next build takes what was made

    def make_queued(self) -> bool:
        """Make what the latest build queued (the search index first: the shards whose pages
        changed take less than a second, a PDF takes seconds); False if there was nothing.
        The background thread calls this; a test may too, to have it done before it builds again."""
        with self._work:
            (jobs, search), self._queued = self._queued, ((), None)
        if search is not None:
            try:
                self._search = (search, index_shards(search, self.options.search_cache, self.options.processes or cores()))
            except SearchUnavailable:
                self._search = (search, {})   # the build goes on without search, as a build does
        for job in jobs:
            if self._queued != ((), None) or self._stopping.is_set():
                break   # a newer build needs other work (or we stop): it has queued it
            if self.cache.get(job.key) is not None:
                continue
            result = self._worker.render(job)
            if self._stopping.is_set():
                return True
            try:
                finish_pdfs([job], [result], self.cache)
            except SiteErrors as exc:
                self._pdf_failures[job.key] = exc.errors
        return bool(jobs) or search is not None


class Watcher(FileSystemEventHandler):
    """Calls ``on_change`` for every change to config.yaml, content/, templates/ or static/."""

    def __init__(self, config: Path, on_change: Callable[[], None]):
        self.root = config.parent
        self.config = config.name
        self.on_change = on_change
        self.observer = Observer()
        self._watched: dict[str, ObservedWatch] = {}

    def start(self) -> None:
        self.observer.schedule(self, str(self.root), recursive=False, event_filter=EVENTS)
        for name in WATCHED:
            self._watch(name)
        self.observer.start()

    def stop(self, timeout: float = 0.5) -> None:
        """Stop watching, waiting at most ``timeout``: watchdog's stop can block while its
        inotify thread is busy (its threads are daemons, so they never hold up the exit)."""
        stopper = threading.Thread(target=self.observer.stop, name="sscbgen-unwatch", daemon=True)
        stopper.start()
        stopper.join(timeout)
        self.observer.join(timeout)

    def _watch(self, name: str) -> None:
        folder = self.root / name
        if name not in self._watched and folder.is_dir():
            self._watched[name] = self.observer.schedule(self, str(folder), recursive=True, event_filter=EVENTS)

    def _unwatch(self, name: str) -> None:
        watch = self._watched.pop(name, None)
        if watch is not None:
            try:
                self.observer.unschedule(watch)
            except (KeyError, OSError):
                pass   # watchdog may have dropped it with the folder

    def on_any_event(self, event: FileSystemEvent) -> None:
        moved_to = str(getattr(event, "dest_path", "") or "")
        relevant = False
        for path, arrives in ((Path(str(event.src_path)), isinstance(event, DirCreatedEvent)), (Path(moved_to), True)):
            try:
                parts = path.relative_to(self.root).parts
            except ValueError:
                continue   # also the empty dest_path of an event that is not a move
            if not parts or is_ignored(parts[-1]):
                continue
            if len(parts) == 1 and parts[0] in WATCHED and event.is_directory:
                # content/, templates/ or static/ itself made, removed or renamed
                self._watch(parts[0]) if arrives else self._unwatch(parts[0])
            if parts[0] in WATCHED or parts == (self.config,):
                relevant = True
        if relevant:
            self.on_change()
