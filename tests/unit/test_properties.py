"""Property tests: whatever a writer types, the readers raise only our own error type,
and a valid document reads back the fields it was written with."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sscbgen.content.frontmatter import split
from sscbgen.content.markdown import render, render_inline
from sscbgen.content.models import ArticleMeta, IssueMeta
from sscbgen.content.validate import parse_model
from sscbgen.errors import SiteErrors

# Text that looks like front matter often enough to reach deep into the YAML reader.
pieces = st.sampled_from(["---\n", "title: ", "number: ", "date: 2015-", "- ", "  ", "\t", ":", "\"", "'", "[", "]",
                          "{", "}", "&a ", "*a", "!!python/object ", "\n", "\r\n", "\ufeff", "#", "|", ">", "%", "@"])
writer_text = st.one_of(st.text(), st.lists(st.one_of(pieces, st.text(max_size=5)), max_size=40).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writer_text)
def test_front_matter_reader_raises_only_site_errors(text: str) -> None:
    try:
        front = split(text, "a.md")
    except SiteErrors as exc:
        assert exc.errors and all(e.path == "a.md" for e in exc.errors)
        return
    for model in (IssueMeta, ArticleMeta):
        try:
            parse_model(model, front, "a.md")
        except SiteErrors as exc:
            assert exc.errors


@settings(max_examples=300, deadline=None)
@given(writer_text)
def test_markdown_never_raises_and_keeps_no_raw_html(text: str) -> None:
    result = render(text, first_line=1)
    assert "<script" not in result.html.lower()
    render_inline(text)
    assert "<script" not in render(text, allow_html=True).html.lower()


safe_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(lambda t: t.strip() == t and t.strip())


@settings(max_examples=200, deadline=None)
@given(title=safe_text, number=st.integers(1, 10_000), day=st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
       period=st.none() | safe_text, draft=st.booleans())
def test_a_valid_issue_reads_back_its_fields(title: str, number: int, day: dt.date, period: str | None, draft: bool) -> None:
    fields = {"title": title, "number": number, "date": day.isoformat(), "draft": draft}
    if period is not None:
        fields["period"] = period
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\nBody\n"
    meta = parse_model(IssueMeta, split(text, "a.md"), "a.md")
    assert (meta.title, meta.number, meta.date, meta.period, meta.draft) == (title, number, day, period, draft)
