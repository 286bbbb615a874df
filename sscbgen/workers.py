"""Pure jobs run once: taken from serve's memo or the store on disk, or made, in worker
processes when there are many (a cold build of an archive), with the same bytes as one
process would make."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from sscbgen.cache import digest
from sscbgen.code import code_key
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
    """The build's means of not doing work twice: under serve (``memo`` given, for the stages
    that keep their own results in it), the last good build's results by job, in memory;
    ``store``, on disk; and up to ``processes`` worker processes (None: one a core).

    ``progress`` is told (stage, done, total) as jobs are made.
    """

    def __init__(self, memo: Memo | None = None, store: Store | None = None, processes: int | None = None,
                 progress: Callable[[str, int, int], None] | None = None):
        self.memo = memo
        self.store = store or Store(None)
        self.processes = processes or cores()
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._by_job: dict[object, object] = {}      # serve: the last good build's results, by job
        self._by_job_next: dict[object, object] = {}   # this build's
        self.used: set[str] = set()    # the store's keys this build used
        self.made = 0                  # jobs made (not reused) by this build
        self.jobs = 0                  # jobs asked for

    def run(self, stage: str, make: Callable[[J], R], jobs: Sequence[J], shared: Iterable[type] = ()) -> list[R]:
        """``make(job)`` for each job, in order; ``make`` must be a module-level function
        (it may run in another process) and pure given the job. ``shared``: the classes of
        parts that many jobs hold (see keys_of)."""
        self.jobs += len(jobs)
        known = self._remembered(jobs)
        if known is None:
            return self._run(stage, make, jobs, shared)
        misses = [job for job, hit in zip(jobs, known, strict=True) if hit is None]
        made = iter(self._run(stage, make, misses, shared) if misses else [])
        results = [hit if hit is not None else next(made) for hit in known]
        self._by_job_next.update(zip(jobs, results, strict=True))
        return results   # type: ignore[return-value]

    def make_now(self, stage: str, make: Callable[[J], R], jobs: Sequence[J]) -> list[R]:
        """``make(job)`` for each job, looked up nowhere: under serve, the pages that differ
        from their page's last job (see render_pages), which working out their keys to look
        for them in the store would only delay (a library page's key takes 30 ms)."""
        self.jobs += len(jobs)
        self.made += len(jobs)
        return self._make(stage, make, list(jobs)) if jobs else []

    def kept(self, keys: Sequence[str]) -> dict[str, Any]:
        """What an earlier build kept (see ``keep``) under these keys, where it was: in the
        memo (serve), or the store."""
        stored = {_with_code(key): key for key in keys}
        self.used.update(stored)
        found: dict[str, Any] = {}
        if self.memo is not None:
            found = {key: value for key in stored if (value := self.memo.find(key)) is not None}
        more = self.store.get_many(key for key in stored if key not in found)
        if self.memo is not None:
            for key, value in more.items():
                self.memo.put(key, value)
        return {stored[key]: value for key, value in (found | more).items()}

    def keep(self, values: Mapping[str, object]) -> None:
        """Keep results under keys hashed from all their inputs but sscbgen's code, which is
        added here (see ``kept``): in the store, or under serve in its memo only (writing a
        group of pages to disk at every save cost more than it saves; a build finds each
        page in the store by its own key)."""
        stored = {_with_code(key): value for key, value in values.items()}
        self.used.update(stored)
        if self.memo is None:
            self.store.put_many(stored)
            return
        for key, value in stored.items():
            self.memo.put(key, value)

    def _run(self, stage: str, make: Callable[[J], R], jobs: Sequence[J], shared: Iterable[type]) -> list[R]:
        """The jobs' results by their keys: from the store, or made now."""
        keys = keys_of(jobs, shared)
        self.used.update(keys)
        results: dict[str, R] = self.store.get_many(dict.fromkeys(keys))
        todo = {key: job for key, job in zip(keys, jobs, strict=True) if key not in results}
        if todo:
            made = self._make(stage, make, list(todo.values()))
            fresh = dict(zip(todo, made, strict=True))
            self.store.put_many(fresh)
            results.update(fresh)
            self.made += len(todo)
        return [results[key] for key in keys]

    def _remembered(self, jobs: Sequence[J]) -> list[object | None] | None:
        """Under serve, each job's result found by the job itself, where jobs can be hashed
        (an equal job, field by field, is the same work): cheaper than their keys when the
        jobs hold whole texts. None where there is no memo or a job cannot be hashed."""
        if self.memo is None:
            return None
        try:
            return [self._by_job.get(job) for job in jobs]
        except TypeError:   # a job holding something that cannot be hashed: keys only
            return None

    def settle(self) -> None:
        """Serve's build succeeded: keep its results by job for the next (and only those)."""
        self._by_job, self._by_job_next = self._by_job_next, {}

    def forget(self) -> None:
        """Serve's build failed: what it made by job is dropped; the last good build's stays."""
        self._by_job_next = {}

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


def _with_code(key: str) -> str:
    """A key of ``kept`` and ``keep`` with sscbgen's code in it, as every store key has."""
    return digest(code_key(), key)


def _context() -> multiprocessing.context.BaseContext:
    """fork where this process has one thread (a build: the workers start at once, with
    everything imported); forkserver where it has more (serve), as forking threads is unsafe."""
    return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
