"""The scaffold's placeholder text (``sscbgen new issue``), which must not be published:
left in an issue that is not a draft, it is an error."""

from __future__ import annotations

from collections.abc import Iterator

from sscbgen.content.frontmatter import FrontMatter, dotted
from sscbgen.errors import SourceError

# What sscbgen/scaffold/*.md asks the writer to replace (a test keeps this list and the scaffold together).
PLACEHOLDERS = (
    "Name, role",
    "One sentence for the issue's contents list.",
    "Write the article here.",
    "One or two sentences about this issue, for the archive and the home page.",
    "A short editorial for the issue's page.",
)


def placeholders(source: str, front: FrontMatter) -> Iterator[SourceError]:
    """Each placeholder left in a file's front matter or body, with its line."""
    for name, value in front.data.items():
        if isinstance(value, str) and any(p in value for p in PLACEHOLDERS):
            yield SourceError(source, front.line_of((name,)), dotted((name,)),
                              f"still holds the example text {value.strip()!r} from sscbgen new issue: write your own, or delete the line")
    for number, line in enumerate(front.body.split("\n")):
        found = next((p for p in PLACEHOLDERS if p in line), None)
        if found:
            yield SourceError(source, front.body_line + number, "", f"still holds the example text \"{found}\" from sscbgen new issue: "
                              "write your own text, or delete it (an issue with draft: true may keep it)")
