"""Plain English: sentences and paragraphs that are too long, a readability figure, and
abbreviations used before they are spelt out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sscbgen.content.markdown import abbreviation_pattern
from sscbgen.errors import SourceError
from sscbgen.formats import counted
from sscbgen.quality.texts import Parsed, Text

# Abbreviations readers know without being told (GOV.UK style: spell out the rest).
KNOWN = frozenset({"UK", "NHS", "BBC", "OK", "TV", "PDF", "GP", "FAQ", "AM", "PM", "ID", "A3", "A4", "A5", "AA", "AAA"})
_ABBREVIATION = re.compile(r"(?<![\w/.&-])((?=[A-Z0-9&]*[A-Z][A-Z0-9&]*\b)(?=[A-Z&]*[A-Z0-9])[A-Z][A-Z0-9&]{1,5})(?![\w&-])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'-]*")
_BREAK = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_NOT_AN_END = re.compile(r"\b(e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|St|No|vs|cf|approx)\.$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (a full stop after e.g., Dr or No. does not end one)."""
    pieces = _BREAK.split(" ".join(text.split()))
    merged: list[str] = []
    for piece in pieces:
        if merged and _NOT_AN_END.search(merged[-1]):
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    return [s for s in merged if _WORD.search(s)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def long_sentences(text: Text, parsed: Parsed, limit: int) -> Iterator[SourceError]:
    """Sentences of the writer's own (not quotations) longer than ``limit`` words."""
    for paragraph in (p for p in parsed.paragraphs if not p.quoted):
        for sentence in sentences(paragraph.text):
            count = len(words(sentence))
            if count > limit:
                start = " ".join(sentence.split()[:6])
                yield SourceError(text.source, paragraph.line, "", f"a sentence of {count} words (more than {limit}), starting \"{start}...\": "
                                  "split it in two; plain English keeps sentences short [long_sentences]")


def long_paragraphs(text: Text, parsed: Parsed, limit: int) -> Iterator[SourceError]:
    for paragraph in (p for p in parsed.paragraphs if not p.quoted):
        count = len(sentences(paragraph.text))
        if count > limit:
            yield SourceError(text.source, paragraph.line, "", f"a paragraph of {count} sentences (more than {limit}): "
                              "break it where the subject changes [long_paragraphs]")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    ease: float    # Flesch reading ease: 60 to 70 is plain English; lower is harder

    @property
    def label(self) -> str:
        bands = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"), (50, "fairly difficult"), (30, "difficult"))
        return next((name for floor, name in bands if self.ease >= floor), "very difficult")


def readability(parsed: Parsed) -> Readability | None:
    """The Flesch reading ease of a text's own paragraphs (not its quotations); None for a text with no sentences."""
    all_sentences = [s for p in parsed.paragraphs if not p.quoted for s in sentences(p.text)]
    all_words = [w for s in all_sentences for w in words(s)]
    if not all_sentences or not all_words:
        return None
    syllables = sum(_syllables(w) for w in all_words)
    ease = 206.835 - 1.015 * len(all_words) / len(all_sentences) - 84.6 * syllables / len(all_words)
    return Readability(len(all_sentences), len(all_words), round(ease, 1))


def readability_note(text: Text, parsed: Parsed) -> SourceError | None:
    figure = readability(parsed)
    if figure is None:
        return None
    return SourceError(text.source, None, "", f"readability: Flesch reading ease {figure.ease:.0f} ({figure.label}; 60 or more is plain English), "
                       f"{figure.words / figure.sentences:.1f} words a sentence on average over {counted(figure.sentences, 'sentence')} [readability]")


def _syllables(word: str) -> int:
    word = word.lower().strip("’'")
    if word.isdigit():
        return max(1, len(word) // 2)
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and not word.endswith(("le", "ee")) and len(groups) > 1 else 0)
    return max(1, count)


def abbreviations(text: Text, parsed: Parsed, glossary: tuple[tuple[str, str], ...]) -> Iterator[SourceError]:
    """The first use of an abbreviation that the glossary does not hold must be spelt out:
    ``Multi-Agency Risk Assessment Conference (MARAC)`` or ``MARAC (Multi-Agency ...)``."""
    known = KNOWN | {term for term, _ in glossary}
    glossed = abbreviation_pattern(known) if known else None
    seen: set[str] = set()
    for span in sorted(parsed.words, key=lambda s: s.line):
        plain = glossed.sub(" ", span.text) if glossed else span.text
        for match in _ABBREVIATION.finditer(plain):
            term = match[1]
            if term in seen or term in known:
                continue
            seen.add(term)
            after, before = plain[match.end():match.end() + 2], plain[:match.start()].rstrip()
            if after.startswith(" (") or after.startswith("(") or before.endswith("("):
                continue
            yield SourceError(text.source, span.line, "", f"{term} is used before it is spelt out: write it in full at its first use, "
                              f"like \"Full Name ({term})\", or add {term} to glossary: in config.yaml [abbreviations]")
