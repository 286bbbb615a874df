"""The page plan -> the site's pages, in memory: each job through its Jinja template."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import jinja2

from sscbgen import views
from sscbgen.errors import SourceError
from sscbgen.plan import Job
from sscbgen.render.templates import template_error, templates_of
from sscbgen.workers import Workers

ASSETS = ("assets/site.css", "assets/board.css", "assets/print.css", "assets/quick-exit.js", "assets/favicon.svg", "assets/search.js")

RENDERED = ("assets/board.css",)   # assets made with Jinja from the site's settings

Made = tuple[bytes | None, tuple[SourceError, ...]]


def render_job(job: Job) -> Made:
    """(the page's bytes, ()) or (None, the template's error): pure, given the job."""
    env = templates_of(job.root, job.templates)
    try:
        html = env.get_template(job.template).render(job.view.context(job.path))
    except Exception as exc:  # a site's template may fail in any way; say where
        return None, (template_error(exc, sys.exc_info()[2], job.template, Path(job.root)),)
    return html.encode("utf-8"), ()


def render_pages(jobs: Sequence[Job], workers: Workers) -> tuple[dict[str, bytes], tuple[SourceError, ...]]:
    """Every job's page (taken from the memo or store where its key is known) and the
    theme's assets; and the errors of the pages that failed."""
    files: dict[str, bytes] = {}
    errors: list[SourceError] = []
    for job, (data, found) in zip(jobs, workers.run("pages", render_job, jobs, views.PARTS), strict=True):
        errors += found
        if data is not None:
            files[job.file] = data
    if jobs:
        env = templates_of(jobs[0].root, jobs[0].templates)
        for asset in ASSETS:
            try:
                source, _, _ = env.loader.get_source(env, asset)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                continue
            if asset in RENDERED:   # the board's colours, from look: in config.yaml
                source = env.from_string(source).render(look=jobs[0].view.common.config.look)
            files[asset] = source.encode("utf-8")
    return files, tuple(dict.fromkeys(errors))
