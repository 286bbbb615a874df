"""How a stage hands its pure jobs to be run: ``run(stage, make, jobs)`` returns
``[make(job) for job in jobs]``, or the same taken from an earlier build, or made in
worker processes (see :class:`sscbgen.workers.Workers`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Run = Callable[[str, Callable[[Any], Any], Sequence[Any]], list[Any]]


def run_here(stage: str, make: Callable[[Any], Any], jobs: Sequence[Any]) -> list[Any]:
    """Every job made now, in this process."""
    return [make(job) for job in jobs]
