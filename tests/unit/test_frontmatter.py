import pytest

from sscbgen.content.frontmatter import split
from sscbgen.errors import SiteErrors


def errors(text: str) -> list[str]:
    with pytest.raises(SiteErrors) as caught:
        split(text, "a.md")
    return [str(e) for e in caught.value.errors]


def test_fields_stay_text_and_keep_their_lines():
    fm = split("---\ntitle: Neglect\nnumber: 1\ntraining:\n  - date: 2015-06-08\n    start: '09:30'\n---\nBody\n", "a.md")
    assert fm.data == {"title": "Neglect", "number": "1", "training": [{"date": "2015-06-08", "start": "09:30"}]}
    assert fm.line_of(("training", 0, "start")) == 6
    assert fm.line_of(("training", 0, "missing")) == 5
    assert fm.body == "Body\n"
    assert fm.body_line == 8


def test_empty_values_are_none():
    assert split("---\nvenue:\nsummary: ''\n---\n", "a.md").data == {"venue": None, "summary": ""}


def test_bom_and_windows_line_endings_are_read():
    fm = split("\ufeff---\r\ntitle: A\r\n---\r\nLine one\r\nLine two\r\n", "a.md")
    assert fm.data == {"title": "A"}
    assert fm.body == "Line one\nLine two\n"


def test_duplicate_key_is_named_with_both_lines():
    assert errors("---\ntitle: A\nsummary: s\ntitle: B\n---\n") == [
        "a.md:4 title: this field is given twice (first on line 2); keep one"
    ]


def test_tab_indentation():
    assert errors("---\ntraining:\n\t- title: A\n---\n") == ["a.md:3: a tab character is used here; indent with spaces instead"]


def test_unquoted_colon():
    assert errors("---\ntitle: Neglect: a guide\n---\n") == ['a.md:2: a value containing \': \' must be put in quotes, like title: "Neglect: a guide"']


def test_missing_opening_line():
    assert errors("title: A\n---\n") == [
        "a.md:1: expected the file to start with a line '---' opening the front matter, found \"title: A\""
    ]


def test_unterminated_block():
    assert errors("---\ntitle: A\nBody text\n") == [
        "a.md:1: the front matter opened on this line is never closed: add a line '---' after the last field"
    ]


def test_empty_file():
    assert errors("  \n") == ["a.md:1: the file is empty; it needs front matter between two '---' lines"]


def test_front_matter_that_is_a_list():
    assert errors("---\n- a\n- b\n---\n") == ["a.md:2: expected fields written as 'name: value', one per line"]


def test_yaml_tags_are_never_constructed():
    fm = split("---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\n", "a.md")
    assert fm.data == {"title": ["echo hacked"]}  # plain data: the tag is ignored, nothing ran


def test_alias_bomb_is_refused():
    lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}]")
    lines.append("---")
    assert any("too large" in e for e in errors("\n".join(lines) + "\n"))
