"""config.yaml's ``quality:`` (which rules of the quality gate run, with their limits) and
``glossary:`` (the board's abbreviations)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from sscbgen.content.fields import Flag, RequiredText, Text
from sscbgen.content.models import Model

# Each rule's name in config.yaml, and what it checks (docs/quality.md says more).
RULES = {
    "abbreviations": "an abbreviation used before it is spelt out, where the glossary does not hold it",
    "alt_text": "a picture's alt text that says nothing (\"image\", \"picture\", the file name)",
    "link_text": "link text that says nothing (\"click here\", \"here\", \"link\") or a bare address in running text",
    "heading_levels": "a heading that skips a level (## then ####)",
    "table_headers": "a table whose header row is empty",
    "long_sentences": "a sentence of more than sentence_words words",
    "long_paragraphs": "a paragraph of more than paragraph_sentences sentences",
    "readability": "a readability figure for each article (a note, never a warning)",
    "past_forthcoming": "training the newest issue calls forthcoming, all of whose dates are past at the build date",
    "booking_route": "an upcoming training event with no booking address and no link in its notes",
    "insecure_links": "a link to an http:// address (https:// is safer and is what browsers expect)",
    "old_addresses": "a link to one of the board's old addresses (listed in old_addresses)",
}


def _host(value: str) -> str:
    host = re.sub(r"^https?://", "", value.strip().lower()).split("/")[0]
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host):
        raise PydanticCustomError("sscb", "expected a web address's name like www.example.org.uk")
    return host


def _abbreviation(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9&]*[A-Za-z0-9]", value):
        raise PydanticCustomError("sscb", "expected an abbreviation of letters and digits, like LSCB or S11")
    return value


class QualityConfig(Model):
    """``quality:`` in config.yaml: every rule is on unless set to false."""

    abbreviations: Flag = True
    alt_text: Flag = True
    link_text: Flag = True
    heading_levels: Flag = True
    table_headers: Flag = True
    long_sentences: Flag = True
    long_paragraphs: Flag = True
    readability: Flag = True
    past_forthcoming: Flag = True
    booking_route: Flag = True
    insecure_links: Flag = True
    old_addresses: tuple[Annotated[Text, AfterValidator(_host)], ...] = ()
    sentence_words: Annotated[int, Field(ge=5, le=200)] = 25
    paragraph_sentences: Annotated[int, Field(ge=1, le=50)] = 5


Glossary = dict[Annotated[str, AfterValidator(_abbreviation)], RequiredText]
