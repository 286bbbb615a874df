"""The Jinja environment: the site's templates/ over the built-in theme, and a template's
mistakes named by file and line."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from sscbgen import formats
from sscbgen.cache import digest
from sscbgen.errors import SourceError, display_path
from sscbgen.render.addresses_in_print import breakable

THEME = Path(__file__).resolve().parent.parent / "theme" / "templates"


_PRINTABLE = (str, int, float, dt.date, dt.time, type(None))


def _finalize(value: Any) -> Any:
    if not isinstance(value, _PRINTABLE) and not isinstance(value, jinja2.Undefined):
        raise jinja2.TemplateRuntimeError(
            f"the template prints a whole {type(value).__name__}; print one of its fields instead, such as issue.title (web pages) or issue.meta.title (print and email)")
    return value


def environment(site_templates: Path | None) -> jinja2.Environment:
    """Templates in the site's ``templates/`` win over the built-in ones of the same name."""
    loaders: list[jinja2.BaseLoader] = []
    if site_templates is not None and site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(site_templates))
    loaders.append(jinja2.FileSystemLoader(THEME))
    env = jinja2.Environment(
        finalize=_finalize,
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), disabled_extensions=("css", "js")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = _url
    env.filters.update(
        uk_date=formats.uk_date,
        time_range=formats.time_range,
        places=formats.places,
        published=formats.published,
        label=formats.label,
        css_string=formats.css_string,
        breakable=breakable,
        counted=formats.counted,
    )
    return env


@lru_cache(maxsize=4)
def templates_of(root: str | Path, templates: str) -> jinja2.Environment:
    """The environment of a site folder's templates, with its compiled templates, kept in
    this process while ``templates`` (their hash: see templates_key) stays the same: every
    page, email edition and printed publication of a build shares it."""
    return environment(Path(root) / "templates")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, path: str) -> str:
    """``url('issues/')``: a path of the build as the site's address (its base path + path)."""
    return str(context["base"]) + path


def templates_key(site_templates: Path) -> str:
    """A hash of every template a build may use: the site's and the built-in theme's."""
    parts: list[str | bytes] = []
    for folder in (site_templates, THEME):
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        parts += ["\0", str(folder)] + [part for path in files for part in (path.relative_to(folder).as_posix(), _read_or_empty(path))]
    return digest(*parts)


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # unreadable: Jinja reports it, with its name, if a page uses it


def template_error(exc: Exception, tb: TracebackType | None, template: str, root: Path) -> SourceError:
    """Name the template file and line a site's designer must fix."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".css")) and (filename is None or not isinstance(exc, jinja2.TemplateSyntaxError)):
            filename, line = code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    where = display_path(Path(filename), root) if filename else f"templates/{template}"
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, RecursionError):
        message = "the template includes or extends itself without end"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"there is no template {exc.name!r} in templates/ or the built-in theme"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"the template uses something that does not exist: {message}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        message = f"template syntax error: {message}"
    elif not isinstance(exc, jinja2.TemplateError):
        message = f"the template failed: {message}"
    return SourceError(where, line, "", message)
