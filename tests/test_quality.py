"""The writers' quality gate through ``sscbgen check``: for each rule, a text that trips it
(a warning with file and line) and one that does not; the rules switched off in
config.yaml; the glossary's <abbr> on the built pages; ``check --links`` against a local
HTTP server (never the internet)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ARTICLE, one_article_site
from sitecopy import run_here


def warnings(root: Path, *args: str) -> list[dict]:
    result = run_here("check", "--today", "2015-05-01", "--format", "json", *args, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def rule_hits(root: Path, rule: str) -> list[dict]:
    return [m for m in warnings(root) if m["severity"] == "warning" and m["message"].endswith(f"[{rule}]")]


LONG = " ".join(["word"] * 30) + "."
CASES = {  # rule: (front matter, body that trips it, the line of the warning, front matter, body that does not)
    "abbreviations": ("", "Text.\n\nThe CDOP met in May.\n", 6, "", "The Child Death Overview Panel (CDOP) met. CDOP met again; so did the MARAC and the NHS.\n"),
    "alt_text": ("", "Text.\n\n![image](images/plan.png)\n", 6, "", "![The plan of the new building](images/plan.png)\n"),
    "link_text": ("", "To book, [click here](https://example.org/book).\n", 4, "", "Book on [the training pages](https://example.org/book).\n"),
    "heading_levels": ("", "## Start\n\nText.\n\n#### Deep\n", 8, "", "## Start\n\n### Less deep\n"),
    "table_headers": ("", "Text.\n\n| | |\n|---|---|\n| a | b |\n", 6, "", "| Day | Course |\n|---|---|\n| Monday | Neglect |\n"),
    "long_sentences": ("", f"Short.\n\n{LONG}\n", 6, "", f"Short.\n\n> {LONG}\n>\n> — A quoted report\n"),
    "long_paragraphs": ("", "One. Two. Three. Four. Five. Six.\n", 4, "", "One. Two. Three. Four. Five.\n"),
    "insecure_links": ("", "See [the board's website](http://example.org/).\n", 4, "", "See [the board's website](https://example.org/).\n"),
    "old_addresses": ("", "See [the procedures](https://old.example.org/a).\n", 4, "", "See [the procedures](https://new.example.org/a).\n"),
    "booking_route": ("training:\n  - title: Neglect\n    date: 2015-06-08\n    places: available\n", "Text.\n", 4,
                      "training:\n  - title: Neglect\n    date: 2015-06-08\n    places: available\n    notes: Book at [the training pages](https://example.org/book)\n", "Text.\n"),
    "past_forthcoming": ("training:\n  - title: Neglect\n    date: 2015-04-08\n", "Text.\n\nPlaces on forthcoming training.\n", 9,
                         "training:\n  - title: Neglect\n    date: 2015-06-08\n    booking: https://example.org/book\n", "Places on forthcoming training.\n"),
}
OLD = "quality:\n  old_addresses: [old.example.org]\n"


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_trips_on_its_case_and_not_on_good_text(tmp_path: Path, rule: str) -> None:
    front, bad, line, good_front, good = CASES[rule]
    hits = rule_hits(one_article_site(tmp_path / "bad", bad, front, OLD), rule)
    assert len(hits) == 1, hits
    assert hits[0]["file"] == ARTICLE and hits[0]["line"] == line, hits
    assert rule_hits(one_article_site(tmp_path / "good", good, good_front, OLD), rule) == []


@pytest.mark.parametrize("rule", sorted(set(CASES) - {"old_addresses"}))
def test_each_rule_can_be_switched_off(tmp_path: Path, rule: str) -> None:
    front, bad, _, _, _ = CASES[rule]
    assert rule_hits(one_article_site(tmp_path, bad, front, f"quality:\n  {rule}: false\n"), rule) == []


def test_warnings_in_text_show_file_line_and_rule(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n\nThe CDOP met.\n")
    result = run_here("check", "--today", "2015-05-01", cwd=root)
    assert result.returncode == 0
    assert (f"warning: {ARTICLE}:6: CDOP is used before it is spelt out: write it in full at its first use, like \"Full Name (CDOP)\", "
            "or add CDOP to glossary: in config.yaml [abbreviations]") in result.stderr.splitlines()
    assert "(1 warning, 0 drafts skipped)" in result.stdout


def test_readability_is_a_note_for_each_article(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "The cat sat on the mat. It was a good day.\n")
    notes = [m for m in warnings(root) if m["severity"] == "notice"]
    assert len(notes) == 1 and notes[0]["file"] == ARTICLE
    assert notes[0]["message"].startswith("readability: Flesch reading ease ")
    assert "5.5 words a sentence on average over 2 sentences" in notes[0]["message"]


def test_config_quality_settings_are_checked(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "Text.\n", config="quality:\n  long_sentence: false\n")
    root.joinpath("config.yaml").write_text(root.joinpath("config.yaml").read_text().replace("MARAC:", "'not one':"))
    result = run_here("check", cwd=root)
    assert result.returncode == 1
    assert "error: config.yaml:11 quality.long_sentence: unknown field 'long_sentence'; did you mean 'long_sentences'?" in result.stderr
    assert "error: config.yaml:9 glossary.not one: expected an abbreviation of letters and digits, like LSCB or S11" in result.stderr


def test_glossary_terms_are_marked_as_abbreviations_on_the_pages(tmp_path: Path) -> None:
    root = one_article_site(tmp_path, "The SSCB and the MARAC. The MARAC again.\n")
    result = run_here("build", "--today", "2015-05-01", cwd=root)
    assert result.returncode == 0, result.stderr
    html = (root / "output/issues/2015-05/article/index.html").read_text()
    assert '<abbr title="Sandwell Safeguarding Children Board">SSCB</abbr>' in html
    assert '<abbr title="Multi-Agency Risk Assessment Conference">MARAC</abbr>. The MARAC again.' in html


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:   # noqa: N802  # the name http.server calls
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    def do_GET(self) -> None:   # noqa: N802
        self.do_HEAD()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_check_links_asks_the_network_only_when_asked(tmp_path: Path, local_server: str) -> None:
    body = f"See [the good page]({local_server}/ok).\n\nSee [the gone page]({local_server}/gone).\n"
    root = one_article_site(tmp_path, body, config="quality:\n  insecure_links: false\n")
    assert [m for m in warnings(root) if "[links]" in m["message"]] == []
    found = [m for m in warnings(root, "--links") if "[links]" in m["message"]]
    assert [(m["line"], m["message"]) for m in found] == [(6, f"the link {local_server}/gone answers 404 (Not Found) [links]")]


def test_the_gate_reads_briefings_catalogues_and_reports_too(tmp_path: Path) -> None:
    """Every kind of publication is read, each mistake at its own file and line."""
    root = one_article_site(tmp_path / "site", "Short.\n")
    sections = "".join(f"## Part {n}\n\nShort.\n\n" for n in range(1, 8))
    texts = {
        "content/briefings/thresholds.md": f"---\ntitle: Thresholds\ndate: 2015-05-01\n---\n{sections}## Extra\n\n{LONG}\n",
        "content/catalogues/2015-16/index.md": f"---\ntitle: Catalogue\ndate: 2015-05-01\n---\n{LONG}\n",
        "content/catalogues/2015-16/01-neglect.md": f"---\ntitle: Neglect\n---\n{LONG}\n",
        "content/reports/annual/index.md": f"---\ntitle: Annual report\ndate: 2015-05-01\n---\n{LONG}\n",
        "content/reports/annual/01-priorities.md": f"---\ntitle: Priorities\n---\nShort.\n\n{LONG}\n",
    }
    texts["content/briefings/thresholds.md"] = texts["content/briefings/thresholds.md"].replace("## Part 7\n\nShort.\n\n## Extra\n\n", "## Part 7\n\n")
    for path, text in texts.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    hits = {(m["file"], m["line"]) for m in rule_hits(root, "long_sentences")}
    assert hits == {("content/briefings/thresholds.md", 31), ("content/catalogues/2015-16/index.md", 5),
                    ("content/catalogues/2015-16/01-neglect.md", 4), ("content/reports/annual/index.md", 5),
                    ("content/reports/annual/01-priorities.md", 6)}
    notes = {m["file"] for m in warnings(root) if m["severity"] == "notice" and m["message"].endswith("[readability]")}
    assert {"content/briefings/thresholds.md", "content/reports/annual/01-priorities.md"} <= notes
