"""The page plan -> the site's pages, in memory: each job through its Jinja template."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import jinja2

from sscbgen import views
from sscbgen.errors import SourceError
from sscbgen.memo import Memo
from sscbgen.plan import Group, Job
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


def _last_jobs(groups: Sequence[Group], memo: Memo | None) -> dict[str, dict[str, tuple[Job, bytes]]]:
    """Under serve, each group's pages as the last build made them: (its job, its bytes) by
    file. A group made again compares each job with its page's last one (by value: an issue
    whose title changed makes all its views again, and most are equal), and renders only
    those that differ. (Asked for every group, kept or not, so the memo keeps them.)"""
    if memo is None:
        return {}
    found = {group.slot: memo.find(("last jobs", group.slot)) for group in groups}
    return {slot: jobs for slot, jobs in found.items() if isinstance(jobs, dict)}


def render_pages(groups: Sequence[Group], workers: Workers) -> tuple[dict[str, bytes], tuple[SourceError, ...]]:
    """Every page (a group's files kept by an earlier build where its key is known; else
    each job's page, taken from the memo or store where its key is known) and the theme's
    assets; and the errors of the pages that failed."""
    kept: dict[str, dict[str, bytes]] = workers.kept([group.key for group in groups if group.key is not None])
    workers.jobs += sum(map(len, kept.values()))
    last = _last_jobs(groups, workers.memo)
    planned = {group.slot: group.jobs() for group in groups if group.key not in kept}
    jobs = [job for slot, group_jobs in planned.items() for job in group_jobs if job != last.get(slot, {}).get(job.file, (None,))[0]]
    rendered = workers.make_now("pages", render_job, jobs) if last else workers.run("pages", render_job, jobs, views.PARTS)
    made = dict(zip(map(id, jobs), rendered, strict=True))   # (by id: no job is hashed)
    files: dict[str, bytes] = {}
    fresh: dict[str, dict[str, bytes]] = {}
    errors: list[SourceError] = []
    for group in groups:
        if group.key in kept:
            files.update(kept[group.key])
            continue
        pages: dict[str, bytes] = {}
        failed = False
        for job in planned[group.slot]:
            data, found = made[id(job)] if id(job) in made else (last[group.slot][job.file][1], ())
            errors += found
            failed = failed or data is None
            if data is not None:
                pages[job.file] = data
        files.update(pages)
        if workers.memo is not None and not failed:
            workers.memo.put(("last jobs", group.slot), {job.file: (job, pages[job.file]) for job in planned[group.slot]})
        if group.key is not None and not failed:
            fresh[group.key] = pages
    workers.keep(fresh)
    first = next((job for group_jobs in planned.values() for job in group_jobs), None)   # (there is one: the last group, with 404.html, is never kept)
    if first is not None:
        env = templates_of(first.root, first.templates)
        for asset in ASSETS:
            try:
                source, _, _ = env.loader.get_source(env, asset)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                continue
            if asset in RENDERED:   # the board's colours, from look: in config.yaml
                source = env.from_string(source).render(look=first.view.common.config.look)
            files[asset] = source.encode("utf-8")
    return files, tuple(dict.fromkeys(errors))
