"""The scaffolds' placeholder text (``sscbgen new issue``, ``briefing``, ``catalogue``,
``report``), which must not be published: left in a text that is not a draft, it is an error."""

from __future__ import annotations

import re
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


# Any of them, found in one pass over a text (most texts hold none).
_ANY = re.compile("|".join(re.escape(text) for text in PLACEHOLDERS))


def placeholders(source: str, front: FrontMatter) -> Iterator[SourceError]:
    """Each placeholder left in a file's front matter or body, with its line."""
    for name, value in front.data.items():
        found = _ANY.search(value) if isinstance(value, str) else None
        if found:
            yield SourceError(source, front.line_of((name,)), dotted((name,)),
                              f"still holds the example text {value.strip()!r} from sscbgen new {PLACEHOLDERS[found[0]]}: "
                              "write your own, or delete the line")
    if not _ANY.search(front.body):
        return
    for number, line in enumerate(front.body.split("\n")):
        found = _ANY.search(line)
        if found:
            kind = PLACEHOLDERS[found[0]]
            yield SourceError(source, front.body_line + number, "", f"still holds the example text \"{found[0]}\" from sscbgen new {kind}: "
                              f"write your own text, or delete it ({'an' if kind == 'issue' else 'a'} {kind} with draft: true may keep it)")
