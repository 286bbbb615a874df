"""Pure jobs run once: taken from serve's memo or the store on disk, or made, in worker
processes when there are many (a cold build of an archive), with the same bytes as one
process would make."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from sscbgen.memo import Memo
from sscbgen.store import Store, keys_of

J = TypeVar("J", bound=Hashable)
R = TypeVar("R")

# Below this many jobs to make, sending them to processes costs more than it saves (an
# email edition renders a whole issue; a page or a text is a few milliseconds).
POOL_FROM = {"email": 4, "pdf": 2}
POOL_FROM_ANY = 200
# Jobs a worker takes at a time, at most: enough that sending them costs little.
CHUNK = 32


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Workers:
    """The build's means of not doing work twice: ``memo`` (serve's, in memory), ``store``
    (on disk) and up to ``processes`` worker processes (None: one a core).

    ``progress`` is told (stage, done, total) as jobs are made.
    """

    def __init__(self, memo: Memo | None = None, store: Store | None = None, processes: int | None = None,
                 progress: Callable[[str, int, int], None] | None = None):
        self.memo = memo
        self.store = store or Store(None)
        self.processes = processes or cores()
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self.used: set[str] = set()    # the store's keys this build used
        self.made = 0                  # jobs made (not reused) by this build
        self.jobs = 0                  # jobs asked for

    def run(self, stage: str, make: Callable[[J], R], jobs: Sequence[J], shared: Iterable[type] = ()) -> list[R]:
        """``make(job)`` for each job, in order; ``make`` must be a module-level function
        (it may run in another process) and pure given the job. ``shared``: the classes of
        parts that many jobs hold (see keys_of)."""
        keys = keys_of(jobs, shared)
        self.used.update(keys)
        self.jobs += len(keys)
        results: dict[str, R] = {}
        if self.memo is not None:
            for key in keys:
                hit = self.memo.peek(key)
                if hit is not None:
                    results[key] = hit   # type: ignore[assignment]
        missing = [key for key in dict.fromkeys(keys) if key not in results]
        results.update(self.store.get_many(missing))
        todo = {key: job for key, job in zip(keys, jobs, strict=True) if key not in results}
        if todo:
            made = self._make(stage, make, list(todo.values()))
            fresh = dict(zip(todo, made, strict=True))
            self.store.put_many(fresh)
            results.update(fresh)
            self.made += len(todo)
        if self.memo is not None:
            for key in keys:
                self.memo.keep(key, results[key])
        return [results[key] for key in keys]

    def _make(self, stage: str, make: Callable[[J], R], jobs: list[J]) -> list[R]:
        total = len(jobs)
        if self.progress:
            self.progress(stage, 0, total)
        if self.processes < 2 or total < POOL_FROM.get(stage, POOL_FROM_ANY):
            made = [make(job) for job in jobs]
        else:
            if self._pool is None:   # one pool for the build's stages (or serve's session)
                self._pool = ProcessPoolExecutor(self.processes, mp_context=_context())
            made = []
            chunk = max(1, min(CHUNK, total // (4 * self.processes)))
            for result in self._pool.map(make, jobs, chunksize=chunk):
                made.append(result)
                if self.progress and len(made) % chunk == 0:
                    self.progress(stage, len(made), total)
        if self.progress:
            self.progress(stage, total, total)
        return made

    def close(self) -> None:
        """Stop the worker processes and let go of the store."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self.store.close()


def _context() -> multiprocessing.context.BaseContext:
    """fork where this process has one thread (a build: the workers start at once, with
    everything imported); forkserver where it has more (serve), as forking threads is unsafe."""
    return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
