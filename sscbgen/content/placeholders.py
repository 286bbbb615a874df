"""The scaffolds' placeholder text (``sscbgen new issue``, ``briefing``, ``catalogue``,
``report``), which must not be published: left in a text that is not a draft, it is an error."""

from __future__ import annotations

from collections.abc import Iterator

from sscbgen.content.frontmatter import FrontMatter, dotted
from sscbgen.errors import SourceError

# What sscbgen/scaffold*/ asks the writer to replace, and the kind of publication whose
# scaffold holds it (a test keeps this list and the scaffolds together).
PLACEHOLDERS = {
    "Name, role": "issue",
    "One sentence for the issue's contents list.": "issue",
    "Write the article here.": "issue",
    "One or two sentences about this issue, for the archive and the home page.": "issue",
    "A short editorial for the issue's page.": "issue",
    "One sentence about this briefing, for lists and the home page.": "briefing",
    "What happened, or what the learning is drawn from.": "briefing",
    "A question for the team to discuss.": "briefing",
    "One or two sentences about this catalogue, for lists and the feed.": "catalogue",
    "Introduction: how to book, who may attend, cancellations.": "catalogue",
    "One sentence for the catalogue's contents.": "catalogue",
    "What the course covers.": "catalogue",
    "One or two sentences about this report, for lists and the feed.": "report",
    "A foreword or introduction to the report.": "report",
    "One sentence for the report's contents.": "report",
    "The first chapter. Each chapter is one file": "report",
}


def placeholders(source: str, front: FrontMatter) -> Iterator[SourceError]:
    """Each placeholder left in a file's front matter or body, with its line."""
    for name, value in front.data.items():
        found = next((p for p in PLACEHOLDERS if isinstance(value, str) and p in value), None)
        if found:
            yield SourceError(source, front.line_of((name,)), dotted((name,)),
                              f"still holds the example text {value.strip()!r} from sscbgen new {PLACEHOLDERS[found]}: "
                              "write your own, or delete the line")
    for number, line in enumerate(front.body.split("\n")):
        found = next((p for p in PLACEHOLDERS if p in line), None)
        if found:
            kind = PLACEHOLDERS[found]
            yield SourceError(source, front.body_line + number, "", f"still holds the example text \"{found}\" from sscbgen new {kind}: "
                              f"write your own text, or delete it ({'an' if kind == 'issue' else 'a'} {kind} with draft: true may keep it)")
