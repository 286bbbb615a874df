from sscbgen.content.markdown import render, render_inline, render_text, slugify, split_blocks


def test_headings_get_anchors_and_file_lines():
    result = render("Intro\n\n## Neglect courses (2015)\n\n### Half day\n", first_line=10)
    assert '<h2 id="neglect-courses-2015">' in result.html
    assert [(h.level, h.id, h.text, h.line) for h in result.headings] == [
        (2, "neglect-courses-2015", "Neglect courses (2015)", 12),
        (3, "half-day", "Half day", 14),
    ]


def test_repeated_headings_get_distinct_anchors():
    ids = [h.id for h in render("## Lessons\n\n## Lessons\n").headings]
    assert len(set(ids)) == 2


def test_quotation_with_source_becomes_a_cited_figure():
    html = render("> “Joined-up working is vital”\n>\n> — Office of the Children’s Commissioner (February 2015)\n").html
    assert html == (
        '<figure class="quotation">\n<blockquote>\n<p>“Joined-up working is vital”</p>\n</blockquote>\n'
        "<figcaption>— <cite>Office of the Children’s Commissioner (February 2015)</cite></figcaption>\n</figure>\n"
    )


def test_block_quote_without_source_stays_a_block_quote():
    html = render("> Just a quote\n").html
    assert html.startswith("<blockquote>") and "figure" not in html


def test_raw_html_and_template_syntax_are_text():
    html = render("<script>alert(1)</script> {{ config }} {% include 'x' %}\n").html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "{{ config }}" in html and "{% include 'x' %}" in html


def test_tables_and_footnotes():
    html = render("| Date | Course |\n|---|---|\n| 8 June | Neglect |\n\nText[^1]\n\n[^1]: A note.\n").html
    assert "<table>" in html and "<th>Date</th>" in html
    assert 'class="footnotes"' in html and "A note." in html


def test_block_markers_split_the_body():
    result = render("Before\n\n[[training]]\n\nAfter\n", first_line=5)
    assert [(m.name, m.line) for m in result.markers] == [("training", 7)]
    parts = split_blocks(result.html)
    assert parts == [("html", "<p>Before</p>\n"), ("block", "training"), ("html", "<p>After</p>\n")]


def test_marker_inside_a_code_block_is_text():
    result = render("```\n[[training]]\n```\n")
    assert result.markers == ()
    assert "[[training]]" in result.html


def test_links_and_pictures_are_reported_and_rewritten():
    result = render("See [Neglect](09-learning.md#neglect) and ![A map](images/map.png).\n",
                    first_line=3, resolve=lambda href, line: "/x/" + href, picture=lambda src, line: "/p/" + src)
    assert [(link.href, link.line) for link in result.links] == [("09-learning.md#neglect", 3)]
    assert [(p.src, p.alt, p.line) for p in result.pictures] == [("images/map.png", "A map", 3)]
    assert 'href="/x/09-learning.md#neglect"' in result.html
    assert 'src="/p/images/map.png" alt="A map"' in result.html


def test_decorative_picture_gets_empty_alt():
    assert 'alt=""' in render("![decorative](images/line.png)\n").html


def test_inline_has_no_paragraph():
    assert render_inline("Includes a *performance*") == "Includes a <em>performance</em>"


def test_slugify():
    assert slugify("Domestic Abuse (DA) & Child Sexual Exploitation (CSE) Launch Event") == (
        "domestic-abuse-da-child-sexual-exploitation-cse-launch-event"
    )
    assert slugify("Café – Été") == "cafe-ete"
    assert slugify("!!!") == "section"


def test_an_indented_paragraph_is_text_not_code():
    result = render("Text\n\n    Book early for [the course](09-learning.md).\n")
    assert "<pre>" not in result.html
    assert [link.href for link in result.links] == ["09-learning.md"]


def test_render_text_for_calendars() -> None:
    assert render_text("Read the [Neglect Policy](http://www.example.org) *first*.") == \
        "Read the Neglect Policy (http://www.example.org) first."
    assert render_text("Mail <lscb@example.org> or see [the article](09-learning.md#neglect)") == \
        "Mail lscb@example.org or see the article"
    assert render_text("A & B <b>bold</b>\\\nnext") == "A & B <b>bold</b> next"
