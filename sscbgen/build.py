"""load -> site -> render -> output, timing each stage. ``check`` stops before output."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sscbgen.config import load_config
from sscbgen.content.load import Content, load
from sscbgen.errors import SiteErrors, SourceError
from sscbgen.output import check_target, write_build
from sscbgen.render.html import render_html
from sscbgen.site import Site, make_site, path_file


@dataclass(frozen=True)
class Options:
    root: Path
    config: Path
    out: Path
    drafts: bool = False
    base_url: str | None = None
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Result:
    site: Site
    files: dict[str, bytes]
    warnings: tuple[SourceError, ...]
    timings: tuple[tuple[str, float], ...]

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))


class _Clock:
    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append((name, time.perf_counter() - start))


def render_site(options: Options) -> Result:
    """Everything a build does except writing: raises SiteErrors with every problem."""
    clock = _Clock()
    with clock.stage("load"):
        content = _load(options)
    with clock.stage("site"):
        site = make_site(content, options.today, options.drafts)
    with clock.stage("render"):
        files = render_html(site, options.root)
        files.update(_copied_files(site, options.root, files))
    return Result(site, files, content.warnings, tuple(clock.timings))


def _load(options: Options) -> Content:
    """Config and content, with the mistakes of both reported together."""
    if not options.config.is_file():
        load_config(options.config, options.root)  # raises the plain "no config.yaml here"
    config_errors: tuple[SourceError, ...] = ()
    config = None
    try:
        config = load_config(options.config, options.root, options.base_url)
    except SiteErrors as exc:
        config_errors = exc.errors
    try:
        content = load(options.root, config)
    except SiteErrors as exc:
        raise SiteErrors(config_errors + exc.errors) from None
    return content


def build(options: Options) -> Result:
    check_target(options.out, options.root)
    result = render_site(options)
    clock = _Clock()
    with clock.stage("write"):
        write_build(result.files, options.out)
    return Result(result.site, result.files, result.warnings, result.timings + tuple(clock.timings))


def _copied_files(site: Site, root: Path, generated: dict[str, bytes]) -> dict[str, bytes]:
    copied: dict[str, bytes] = {}
    errors: list[SourceError] = []
    for source in site.files:
        target = path_file(source)
        if target in generated or target in copied:
            errors.append(SourceError(source, None, "", f"would replace {target}, which the build makes itself; rename it"))
            continue
        copied[target] = (root / source).read_bytes()
    if errors:
        raise SiteErrors(errors)
    return copied
