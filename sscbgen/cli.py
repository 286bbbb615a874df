"""The command line: build | check | serve | new. The only module that prints or exits."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import re
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sscbgen import __version__
from sscbgen.messages import FORMATS, Severity, message_line

if TYPE_CHECKING:
    from sscbgen.errors import SourceError
    from sscbgen.last_build import Built
    from sscbgen.options import Options

# The rest of sscbgen is imported inside main(), so that Ctrl+C while Python is still
# loading it ends as quietly as Ctrl+C during a build.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
PROGRESS_FROM = 200   # a stage with fewer things to render is over before a bar would help


class _Parser(argparse.ArgumentParser):
    commands: dict[str, argparse.ArgumentParser]

    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep our wording
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
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


EXAMPLES = {
    "build": """examples:
  sscbgen build                          build the site in this folder into output/
  sscbgen build --drafts -o preview      include drafts, into preview/
  sscbgen build --today 2015-08-01       build as on that day (scheduled issues, training)
  sscbgen build --format github --strict what CI runs: annotations, and warnings fail""",
    "check": """examples:
  sscbgen check                          every error and quality warning; writes nothing
  sscbgen check --strict                 exit 1 on warnings too
  sscbgen check --links                  also check external links (needs the network)
  sscbgen check --format json            one JSON object a line, for other tools""",
    "serve": """examples:
  sscbgen serve                          preview at http://127.0.0.1:8000/ (Ctrl+C stops it)
  sscbgen serve --drafts -p 8080         include drafts, on port 8080""",
    "new": """examples:
  sscbgen new issue 2015-08              start content/issues/2015-08/ (a draft)
  sscbgen new issue 2015-08 -t 2015-08-03
  sscbgen new briefing hidden-men        start content/briefings/hidden-men.md (a draft)
  sscbgen new catalogue 2016-17          start content/catalogues/2016-17/ (a draft)
  sscbgen new report annual-report-2015-16   start content/reports/annual-report-2015-16/ (a draft)""",
}


def parser() -> _Parser:
    top = _Parser(prog="sscbgen", description="Build a board's newsletter site from Markdown.",
                  epilog="Run 'sscbgen COMMAND --help' for a command's options and examples. Exit status: 0 done, "
                         "1 errors in the content (or warnings with --strict), 2 a mistake in the command.")
    top.add_argument("--version", action="version", version=f"sscbgen {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    top.commands = {}

    def command(name: str, summary: str, description: str) -> _Parser:
        made = commands.add_parser(name, help=summary, description=textwrap.fill(description, 79), epilog=EXAMPLES[name],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
        top.commands[name] = made
        return made

    def site_options(command: argparse.ArgumentParser, base_url: bool = True) -> None:
        command.add_argument("-c", "--config", type=Path, default=Path("config.yaml"), metavar="FILE",
                             help="the site's config.yaml (default: ./config.yaml); the site folder is the one holding it")
        command.add_argument("-d", "--drafts", action="store_true", help="include issues marked draft: true, and those dated after the build date")
        if base_url:
            command.add_argument("--base-url", type=_base_url, metavar="URL", help="where the site is published, e.g. /newsletter/ or https://example.org/newsletter/")
        command.add_argument("-t", "--today", type=_date, metavar="YYYY-MM-DD",
                             help="the build date: it splits upcoming from past training and publishes issues dated up to it "
                                  "(default: SOURCE_DATE_EPOCH, else today)")
        command.add_argument("--no-cache", dest="cache", action="store_false",
                             help="render everything again, neither reading nor keeping .sscbgen-cache/ (which is always safe to delete)")
        command.add_argument("-j", "--jobs", type=_jobs, metavar="N", help="worker processes for a large build (default: one per core)")

    def report_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("-f", "--format", choices=FORMATS, default="text",
                             help="how errors and warnings are written: text (default), github (workflow commands that "
                                  "show on the changed line of a pull request) or json (one JSON object a line, on stdout)")
        command.add_argument("--strict", action="store_true", help="fail (exit 1) when there are warnings, as for errors")

    build_cmd = command("build", "build the site into output/",
                        "Check everything, then build the web pages, printed newsletters (PDF), email editions, calendar "
                        "files and search index into output/. A build with errors writes nothing: output/ stays as it was.")
    site_options(build_cmd)
    report_options(build_cmd)
    build_cmd.add_argument("-o", "--out", type=Path, metavar="DIR", help="the folder to build into (default: output/ beside config.yaml)")
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    build_cmd.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the printed newsletters (PDF)")
    check_cmd = command("check", "check everything a build checks, and write nothing",
                        "Check everything a build checks, then the writers' quality gate (plain English, link and alt "
                        "text, headings, abbreviations, training dates; see docs/quality.md), and say which issues are "
                        "scheduled for a later date. Writes nothing.")
    site_options(check_cmd)
    report_options(check_cmd)
    check_cmd.add_argument("--links", action="store_true",
                           help="also check every external link over the network (slow; never done unless asked)")
    serve_cmd = command("serve", "preview the site in a browser, rebuilt each time a file is saved",
                        "Build the site in memory and serve it; each save rebuilds it and the browser reloads by itself. "
                        "Errors show in the page over the last good build. Writes nothing to output/. Ctrl+C stops it (exit 0).")
    site_options(serve_cmd, base_url=False)
    serve_cmd.add_argument("--host", default="127.0.0.1", metavar="ADDRESS", help="the address to listen on (default: 127.0.0.1, this computer only)")
    serve_cmd.add_argument("-p", "--port", type=_port, default=8000, metavar="PORT", help="the port to listen on (default: 8000; 0 picks a free one)")
    serve_cmd.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the printed newsletters (PDF)")
    new_cmd = command("new", "start a new issue, briefing, catalogue or report from a template",
                      "Create content/issues/SLUG/ (an issue: an index.md and a first article), content/briefings/SLUG.md "
                      "(a 7-minute briefing with its seven sections), content/catalogues/SLUG/ (a training catalogue and a "
                      "first course) or content/reports/SLUG/ (a report and its first chapters), as a draft. Replace every example text before publishing: check reports any left in a "
                      "text that is not a draft.")
    new_cmd.add_argument("kind", choices=["issue", "briefing", "catalogue", "report"], help="what to create")
    new_cmd.add_argument("slug", metavar="SLUG", help="its web address: an issue's, catalogue's or report's folder name, like 2015-08, "
                                                     "or a briefing's file name, like hidden-men")
    new_cmd.add_argument("-c", "--config", type=Path, default=Path("config.yaml"), metavar="FILE", help="the site's config.yaml")
    new_cmd.add_argument("-t", "--today", type=_date, metavar="YYYY-MM-DD",
                         help="its date (default: the 1st of the month a name like 2015-08 gives, else today)")
    return top


def run() -> int:
    """The ``sscbgen`` program: one command, then the process ends. Python's cycle collector
    is off for it: a build makes millions of objects and few cycles, so the collector would
    only walk the heap again and again (and once more at exit); the memory is freed at exit."""
    gc.disable()
    return main()


def main(argv: list[str] | None = None) -> int:
    try:
        top = parser()
        args, extra = top.parse_known_args(argv)
        if extra:   # said with the command's own usage, not the top level's
            top.commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
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
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: say so plainly, never a traceback
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    print(f"error: internal error, a bug in sscbgen ({type(exc).__name__}: {exc}). Nothing was written; "
          "please report it with the command you ran.", file=sys.stderr)
    return EXIT_CONTENT


def _today(args: argparse.Namespace) -> dt.date:
    from sscbgen.content.fields import source_date_epoch

    epoch = source_date_epoch()  # checked even with --today: the PDF's date comes from it
    if args.today:
        return args.today
    return epoch.date() if epoch else dt.date.today()


def _build_or_check(args: argparse.Namespace) -> int:
    from sscbgen.errors import SiteErrors
    from sscbgen.options import Options, StrictWarnings
    from sscbgen.output import OutputError

    started = time.perf_counter()
    config = args.config.absolute()
    root = config.parent
    out = (args.out if getattr(args, "out", None) else root / "output").absolute()
    report = _Report(args.format)
    pdf, no_pdf = _can_print(getattr(args, "pdf", True), config)
    if no_pdf and args.command == "build":
        report.say(f"error: {no_pdf}", error=True)
        return EXIT_CONTENT
    options = Options(root=root, config=config, out=out, drafts=args.drafts, base_url=args.base_url, today=_today(args),
                      pdf=pdf, processes=args.jobs, use_cache=args.cache, strict=args.strict)
    if no_pdf:
        print(f"warning: {no_pdf.replace('build without the PDFs: sscbgen build --no-pdf', 'check goes on without them')}", file=sys.stderr)
    try:
        with progress_bar(enabled=not getattr(args, "quiet", False) and args.format != "json") as progress:
            if args.command == "build":
                built = _build(options, progress)
                warnings, notices = built.warnings, built.notices
            else:
                from sscbgen.checking import check

                checked = check(options, progress, links=args.links)
                warnings, notices = checked.warnings, checked.notices
    except SiteErrors as exc:
        report.messages(exc.errors, "error")
        _report_errors(exc.errors, args.command, out, report)
        return EXIT_CONTENT
    except StrictWarnings as exc:
        report.messages(exc.warnings, "warning")
        tail = f"nothing was written; {_relative(out)} is as it was" if args.command == "build" else "nothing was written"
        report.say(f"{plural(len(exc.warnings), 'warning')} and --strict: failing; {tail}.", error=True)
        return EXIT_CONTENT
    except OutputError as exc:
        report.say(f"error: {exc}", error=True)
        return EXIT_CONTENT
    except OSError as exc:
        report.say(f"error: could not write the build ({exc.strerror or exc}: {exc.filename or ''}); "
                   f"{_relative(out)} is as it was before", error=True)
        return EXIT_CONTENT
    report.messages(warnings, "warning")
    report.messages(notices, "notice")
    if args.command == "build":
        if not args.quiet:
            _summary(built, out, time.perf_counter() - started, report)
    else:
        result = checked.result
        drafts = len(result.site.drafts_skipped)
        report.say(f"No errors: {result.pages} pages would be built "
                   f"({plural(len(warnings), 'warning')}, {plural(drafts, 'draft')} skipped{_scheduled(len(result.site.scheduled))}). Nothing was written.")
        if args.strict and warnings:
            report.say(f"{plural(len(warnings), 'warning')} and --strict: failing.", error=True)
            return EXIT_CONTENT
    return EXIT_OK


def _build(options: Options, progress: Callable[[str, int, int], None] | None) -> Built:
    """The build, or the last one's summary where nothing has changed since it (found
    before the build's own modules are loaded: a second or so on a large site)."""
    from sscbgen.last_build import inputs_of, reuse
    from sscbgen.options import StrictWarnings

    inputs = inputs_of(options)
    built = reuse(options, inputs)
    if built is None:
        from sscbgen.build import build

        return build(options, progress, inputs)
    if options.strict and built.warnings:
        raise StrictWarnings(built.warnings)
    return built


def _can_print(pdf: bool, config: Path) -> tuple[bool, str | None]:
    """(whether to make the PDFs, why they cannot be made on this computer where they should be)."""
    from sscbgen.render.pdf_support import missing_libraries, missing_message

    if not pdf or not missing_libraries():
        return pdf, None
    from sscbgen.config import load_config
    from sscbgen.errors import SiteErrors

    try:
        if not load_config(config, config.parent).print.enabled:
            return False, None
    except SiteErrors:
        pass   # the build reports what is wrong with config.yaml
    return False, missing_message()


class _Report:
    """Where messages go: errors and warnings to stderr as text (``error: path:line field: ...``),
    or to stdout as GitHub workflow commands or JSON lines; with json, the lines for a person
    go to stderr, so stdout holds only JSON."""

    def __init__(self, style: str = "text") -> None:
        self.style = style

    def messages(self, errors: tuple[SourceError, ...], severity: Severity) -> None:
        stream = sys.stderr if self.style == "text" else sys.stdout
        for error in errors:
            print(message_line(error, severity, self.style), file=stream)

    def say(self, text: str, error: bool = False) -> None:
        print(text, file=sys.stderr if error or self.style == "json" else sys.stdout)


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


def _report_errors(errors: tuple[SourceError, ...], command: str, out: Path, report: _Report | None = None) -> None:
    if report is None:
        report = _Report()
        report.messages(errors, "error")
    tail = f"nothing was written; {_relative(out)} is as it was" if command == "build" else "nothing was written"
    report.say(f"{plural(len(errors), 'error')} found; {tail}.", error=True)


def _summary(built: Built, out: Path, seconds: float, report: _Report) -> None:
    from sscbgen.formats import file_size

    drafts = len(built.drafts_skipped)
    if built.unchanged:
        report.say(f"Nothing has changed since the last build: {_relative(out)}/ holds it, {built.pages} pages and "
                   f"{built.others} other files (checked in {seconds:.2f} s).")
    else:
        stages = ", ".join(f"{name} {elapsed * 1000:.0f} ms" for name, elapsed in built.timings)
        report.say(f"Built {built.pages} pages and {built.others} other files into {_relative(out)}/ in {seconds:.2f} s ({stages}).")
        if built.jobs > built.rendered:
            report.say(f"Rendered {built.rendered:,} of {built.jobs:,} texts, pages and files; the others were unchanged, kept in .sscbgen-cache/.")
    for pdf in built.pdfs:
        report.say(f"{pdf.label.capitalize()} {_relative(out)}/{pdf.path}: {plural(pdf.pages, 'page')}, {file_size(pdf.size)}"
                   + (" (unchanged, from the cache)." if pdf.cached else "."))
    report.say(f"{plural(len(built.warnings), 'warning')}, {plural(drafts, 'draft')} skipped"
               + (f" ({', '.join(built.drafts_skipped)}; add --drafts to include)" if drafts else "") + _scheduled(built.scheduled) + ".")


def _scheduled(count: int) -> str:
    return f", {plural(count, 'issue')} scheduled for a later date" if count else ""


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

    gc.enable()   # (see run) serve lives long: the cycles its builds leave must be collected

    from sscbgen.devserver import DevServer, is_loopback
    from sscbgen.options import Options
    from sscbgen.serve import Session, Watcher

    config = args.config.absolute()
    if not config.is_file():
        print(f"error: there is no {_relative(config)}; run sscbgen serve in the site folder, or give --config", file=sys.stderr)
        return EXIT_CONTENT
    root = config.parent
    pdf, no_pdf = _can_print(args.pdf, config)
    if no_pdf:
        print(f"warning: {no_pdf.replace('build without the PDFs: sscbgen build --no-pdf', 'the preview goes on without them')}", file=sys.stderr)
    options = Options(root=root, config=config, out=root / "output", drafts=args.drafts, base_url="/", today=_today(args), pdf=pdf,
                      processes=args.jobs, use_cache=args.cache)
    session = Session(options, on_build=_BuildReporter())
    try:
        server = DevServer(args.host, args.port, session)
    except OSError as exc:
        print(f"error: cannot serve on {args.host} port {args.port} ({exc.strerror or exc}); "
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
        elif snapshot.changed:   # (a rebuild that changed nothing, as the watcher's first look can start, says nothing)
            print(f"Rebuilt in {took:.0f} ms after the change: {plural(len(snapshot.changed), 'file')} changed ({stages}).", flush=True)
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
    from sscbgen.new_publication import new_briefing, new_catalogue

    config = args.config.absolute()
    make = {"issue": new_issue, "briefing": new_briefing, "catalogue": new_catalogue, "report": new_report}[args.kind]
    try:
        created = make(config, args.slug, args.today)
    except NewIssueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except SiteErrors as exc:
        _report_errors(exc.errors, "new", config.parent / "output")
        return EXIT_CONTENT
    for path in created:
        print(f"created {_relative(path)}")
    print("Edit these files, then run: sscbgen build --drafts   (set draft: false to publish)")
    return EXIT_OK
