"""The command line: build | check | serve | new. The only module that prints or exits."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sscbgen import __version__

if TYPE_CHECKING:
    from sscbgen.build import Result
    from sscbgen.errors import SourceError

# The rest of sscbgen is imported inside main(), so that Ctrl+C while Python is still
# loading it ends as quietly as Ctrl+C during a build.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
PROGRESS_FROM = 200   # a stage with fewer things to render is over before a bar would help


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep our wording
        self.print_usage(sys.stderr)
        print(f"sscbgen: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> dt.date:
    raise argparse.ArgumentTypeError(f"expected a date like 2015-05-01, found {text!r}")


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, found {text!r}")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes like 2, found {text!r}")
    return int(text)


def _base_url(text: str) -> str:
    from pydantic_core import PydanticCustomError

    from sscbgen.config import normalise_base_url

    try:
        return normalise_base_url(text)
    except PydanticCustomError as exc:
        raise argparse.ArgumentTypeError(exc.message()) from None


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="sscbgen", description="Build a board's newsletter site from Markdown.")
    top.add_argument("--version", action="version", version=f"sscbgen {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def site_options(command: argparse.ArgumentParser, base_url: bool = True) -> None:
        command.add_argument("--config", type=Path, default=Path("config.yaml"), help="the site's config.yaml (default: ./config.yaml); the site folder is the one holding it")
        command.add_argument("--drafts", action="store_true", help="include issues marked draft: true")
        if base_url:
            command.add_argument("--base-url", type=_base_url, help="where the site is published, e.g. /newsletter/ or https://example.org/newsletter/")
        command.add_argument("--today", type=_date, help="the build date YYYY-MM-DD that splits upcoming from past training (default: SOURCE_DATE_EPOCH, else today)")
        command.add_argument("--no-cache", dest="cache", action="store_false",
                             help="render everything again, neither reading nor keeping .sscbgen-cache/ (which is always safe to delete)")
        command.add_argument("--jobs", type=_jobs, help="worker processes for a large build (default: one per core)")

    build_cmd = commands.add_parser("build", help="build the site into output/")
    site_options(build_cmd)
    build_cmd.add_argument("--out", type=Path, help="the folder to build into (default: output/ beside config.yaml)")
    build_cmd.add_argument("--quiet", action="store_true", help="print only errors and warnings")
    build_cmd.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the printed newsletters (PDF)")
    check_cmd = commands.add_parser("check", help="check everything a build checks, and write nothing")
    site_options(check_cmd)
    serve_cmd = commands.add_parser("serve", help="preview the site in a browser, rebuilt each time a file is saved")
    site_options(serve_cmd, base_url=False)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this computer only)")
    serve_cmd.add_argument("--port", type=_port, default=8000, help="the port to listen on (default: 8000; 0 picks a free one)")
    serve_cmd.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the printed newsletters (PDF)")
    new_cmd = commands.add_parser("new", help="start a new issue or report from a template")
    new_cmd.add_argument("kind", choices=["issue", "report"], help="what to create")
    new_cmd.add_argument("slug", help="the folder name and web address, like 2015-08 (an issue) or annual-report-2015-16 (a report)")
    new_cmd.add_argument("--config", type=Path, default=Path("config.yaml"), help="the site's config.yaml")
    new_cmd.add_argument("--today", type=_date, help="the new issue's date (default: the 1st of the month a name like 2015-08 gives, else today)")
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
        if args.command == "new":
            return _new(args)
        if args.command == "serve":
            return _serve(args)
        return _build_or_check(args)
    except KeyboardInterrupt:
        print("sscbgen: stopped; the output folder is as it was", file=sys.stderr)
        return 130
    except ValueError as exc:  # SOURCE_DATE_EPOCH is the one setting read from the environment
        if "SOURCE_DATE_EPOCH" not in str(exc):
            return _internal_error(exc)
        print(f"sscbgen: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: say so plainly, never a traceback
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    print(f"sscbgen: internal error, a bug in sscbgen ({type(exc).__name__}: {exc}). Nothing was written; "
          "please report it with the command you ran.", file=sys.stderr)
    return EXIT_CONTENT


def _today(args: argparse.Namespace) -> dt.date:
    from sscbgen.content.fields import source_date_epoch

    epoch = source_date_epoch()  # checked even with --today: the PDF's date comes from it
    if args.today:
        return args.today
    return epoch.date() if epoch else dt.date.today()


def _build_or_check(args: argparse.Namespace) -> int:
    from sscbgen.build import Options, build, render_site
    from sscbgen.errors import SiteErrors
    from sscbgen.output import OutputError

    started = time.perf_counter()
    config = args.config.absolute()
    root = config.parent
    out = (args.out if getattr(args, "out", None) else root / "output").absolute()
    options = Options(root=root, config=config, out=out, drafts=args.drafts, base_url=args.base_url, today=_today(args),
                      pdf=getattr(args, "pdf", True), processes=args.jobs, use_cache=args.cache)
    try:
        with progress_bar(enabled=not getattr(args, "quiet", False)) as progress:
            result = build(options, progress) if args.command == "build" else render_site(options, progress=progress)
    except SiteErrors as exc:
        _report_errors(exc.errors, args.command, out)
        return EXIT_CONTENT
    except OutputError as exc:
        print(f"sscbgen: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        print(f"sscbgen: could not write the build ({exc.strerror or exc}: {exc.filename or ''}); "
              f"{_relative(out)} is as it was before", file=sys.stderr)
        return EXIT_CONTENT
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.command == "build":
        if not args.quiet:
            _summary(result, out, time.perf_counter() - started)
    else:
        drafts = len(result.site.drafts_skipped)
        print(f"No errors: {result.pages} pages would be built "
              f"({plural(len(result.warnings), 'warning')}, {plural(drafts, 'draft')} skipped). Nothing was written.")
    return EXIT_OK


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on a terminal for the stages that render many things (a large or cold
    build); nothing where the output is not a terminal (CI) or with --quiet."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    names = {"read": "Reading files", "markdown": "Rendering Markdown", "pages": "Rendering pages",
             "calendar": "Calendar files", "email": "Email editions"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True, console=Console(stderr=True)) as bar:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(names.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield report


def _report_errors(errors: tuple[SourceError, ...], command: str, out: Path) -> None:
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    tail = f"nothing was written; {_relative(out)} is as it was" if command == "build" else "nothing was written"
    print(f"{plural(len(errors), 'error')} found; {tail}.", file=sys.stderr)


def _summary(result: Result, out: Path, seconds: float) -> None:
    from sscbgen.formats import file_size

    stages = ", ".join(f"{name} {elapsed * 1000:.0f} ms" for name, elapsed in result.timings)
    drafts = len(result.site.drafts_skipped)
    print(f"Built {result.pages} pages and {len(result.files) - result.pages} other files into {_relative(out)}/ "
          f"in {seconds:.2f} s ({stages}).")
    if result.jobs > result.rendered:
        print(f"Rendered {result.rendered:,} of {result.jobs:,} texts, pages and files; the others were unchanged, kept in .sscbgen-cache/.")
    for pdf in result.pdfs:
        print(f"Printed {'report' if pdf.slug.startswith('reports/') else 'newsletter'} {_relative(out)}/{pdf.path}: {plural(pdf.pages, 'page')}, {file_size(len(pdf.data))}"
              + (" (unchanged, from the cache)." if pdf.cached else "."))
    print(f"{plural(len(result.warnings), 'warning')}, {plural(drafts, 'draft')} skipped"
          + (f" ({', '.join(result.site.drafts_skipped)}; add --drafts to include)" if drafts else "") + ".")


def plural(count: int, noun: str) -> str:
    """``1 page``, ``2 pages``, ``0 warnings``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _serve(args: argparse.Namespace) -> int:
    import faulthandler
    import signal

    from sscbgen.build import Options
    from sscbgen.devserver import DevServer, is_loopback
    from sscbgen.serve import Session, Watcher

    config = args.config.absolute()
    if not config.is_file():
        print(f"sscbgen: there is no {_relative(config)}; run sscbgen serve in the site folder, or give --config", file=sys.stderr)
        return EXIT_CONTENT
    root = config.parent
    options = Options(root=root, config=config, out=root / "output", drafts=args.drafts, base_url="/", today=_today(args), pdf=args.pdf,
                      processes=args.jobs, use_cache=args.cache)
    session = Session(options, on_build=_BuildReporter())
    try:
        server = DevServer(args.host, args.port, session)
    except OSError as exc:
        print(f"sscbgen: cannot serve on {args.host} port {args.port} ({exc.strerror or exc}); "
              "choose another port with --port, or --port 0 for any free one", file=sys.stderr)
        return EXIT_CONTENT
    watcher = Watcher(config, session.changed)
    # Ctrl+C, and SIGTERM, stop the server, even where it was started with SIGINT ignored
    # (as a shell does for a command started in the background, and CI for its tests).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    faulthandler.register(signal.SIGUSR1, all_threads=True)    # `kill -USR1`: where each thread is, if it ever hangs
    try:
        if not is_loopback(args.host):
            print(f"warning: serving on {args.host}: other computers that can reach this one can read the preview, "
                  "drafts included if --drafts is given", file=sys.stderr)
        watcher.start()   # before the first build: a save during it is not missed
        print("Building the site...", flush=True)
        session.build()
        session.start()
        print(f"Serving on {server.url} (press Ctrl+C to stop)", flush=True)
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        session.stop()   # first the worker process and the rebuilds, then the rest
        server.server_close()
        watcher.stop()
    print("Stopped. Nothing was written to output/; run sscbgen build to publish.", flush=True)
    return EXIT_OK


class _BuildReporter:
    """Prints one line per build of ``serve`` (and its errors), from the rebuilding thread."""

    def __init__(self) -> None:
        self.first = True
        self.warnings: tuple = ()

    def __call__(self, snapshot) -> None:
        stages = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in snapshot.timings)
        took = (snapshot.done - snapshot.seen) * 1000
        if snapshot.errors:
            for error in snapshot.errors:
                print(f"error: {error}", file=sys.stderr)
            still = "the browser shows them over the last good build" if snapshot.files else "the browser shows them"
            print(f"{plural(len(snapshot.errors), 'error')} found; {still}.", file=sys.stderr, flush=True)
        elif self.first:
            pages = sum(1 for name in snapshot.files if name.endswith(".html"))
            print(f"Built {plural(pages, 'page')} in {took / 1000:.2f} s ({stages}).", flush=True)
        else:
            changed = plural(len(snapshot.changed), "file") + " changed" if snapshot.changed else "nothing changed"
            print(f"Rebuilt in {took:.0f} ms after the change: {changed} ({stages}).", flush=True)
        if snapshot.warnings != self.warnings:
            for warning in snapshot.warnings:
                print(f"warning: {warning}", file=sys.stderr, flush=True)
            self.warnings = snapshot.warnings
        if snapshot.pdf_pending and not snapshot.errors:
            issues = [slug for slug in snapshot.pdf_pending if not slug.startswith("reports/")]
            reports = [slug.removeprefix("reports/") for slug in snapshot.pdf_pending if slug.startswith("reports/")]
            making = ([f"the printed newsletter of {', '.join(issues)}"] if issues else []) + ([f"the PDF of report {', '.join(reports)}"] if reports else [])
            print(f"Making {' and '.join(making)} in the background.", flush=True)
        self.first = False


def _new(args: argparse.Namespace) -> int:
    from sscbgen.errors import SiteErrors
    from sscbgen.new import NewIssueError, new_issue, new_report

    config = args.config.absolute()
    try:
        created = (new_report if args.kind == "report" else new_issue)(config, args.slug, args.today)
    except NewIssueError as exc:
        print(f"sscbgen: {exc}", file=sys.stderr)
        return exc.exit_code
    except SiteErrors as exc:
        _report_errors(exc.errors, "new", config.parent / "output")
        return EXIT_CONTENT
    for path in created:
        print(f"created {_relative(path)}")
    print("Edit these files, then run: sscbgen build --drafts   (set draft: false to publish)")
    return EXIT_OK
