"""Split a Markdown file into its YAML front matter and body, keeping line numbers.

YAML is composed (never constructed by PyYAML), so no tag can run code and no value is
guessed: every scalar stays text for the models to check, an empty plain value is
``None``, and each field's line in the file is kept for error messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from sscbgen.errors import SiteErrors, SourceError

Path_ = tuple[str | int, ...]
_NULLS = {"", "~", "null", "Null", "NULL"}
_MAX_NODES = 20_000


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    lines: Mapping[Path_, int] = field(repr=False)
    body: str
    body_line: int
    head: str = field(default="", repr=False)   # the text up to the body: '---', the YAML, '---'

    def line_of(self, path: Path_) -> int:
        """The line of a field, or of the nearest enclosing field that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def normalise(text: str) -> str:
    """Drop a byte-order mark and turn Windows or old Mac line endings into newlines."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, where: str) -> FrontMatter:
    """Read ``---`` front matter followed by Markdown; raise SiteErrors for any problem."""
    text = normalise(text)
    if not text.strip():
        raise SiteErrors([SourceError(where, 1, "", "the file is empty; it needs front matter between two '---' lines")])
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise SiteErrors([SourceError(
            where, 1, "",
            f"expected the file to start with a line '---' opening the front matter, found {_quote(lines[0])}",
        )])
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        raise SiteErrors([SourceError(
            where, 1, "", "the front matter opened on this line is never closed: add a line '---' after the last field",
        )]) from None
    yaml_text = "\n".join(lines[1:close])
    data, line_map = parse_yaml(yaml_text, where, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SiteErrors([SourceError(where, 2, "", "expected fields written as 'name: value', one per line")])
    return FrontMatter(data=data, lines=line_map, body="\n".join(lines[close + 1:]), body_line=close + 2,
                       head="\n".join(lines[: close + 1]))


def parse_yaml(text: str, where: str, first_line: int = 1) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML into plain dicts, lists, strings and None, with the line of each field."""
    text = straight_quotes(text)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index, message = _yaml_problem(exc, text.split("\n"), mark.line if mark else 0)
        raise SiteErrors([SourceError(where, index + first_line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise SiteErrors([SourceError(where, first_line, "", f"this is not valid YAML ({exc})")]) from None
    except RecursionError:
        raise SiteErrors([SourceError(where, first_line, "", "the front matter nests lists or groups too deeply")]) from None
    if node is None:
        return None, {}
    builder = _Builder(where, first_line)
    try:
        value = builder.build(node, ())
    except RecursionError:
        raise SiteErrors([SourceError(where, first_line, "", "the front matter nests lists or groups too deeply")]) from None
    if builder.errors:
        raise SiteErrors(builder.errors)
    return value, builder.lines


def _compose(text: str) -> yaml.Node | None:
    """The YAML's node tree: parsed by libyaml where pyyaml has it (five times faster), and
    by pyyaml's own parser where libyaml finds a mistake, whose messages (and marks) the
    writers' messages are made from. Both resolve tags with the same Python resolver."""
    if _FAST is not yaml.SafeLoader:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# A value wrapped in Word's curly quotes, “like this” or ‘like this’: the writer meant it quoted.
_CURLY = re.compile(r"^(\s*(?:- )?(?:[\w-]+:[ \t]+)?)(“(.*)”|‘(.*)’)[ \t]*$")


def straight_quotes(text: str) -> str:
    """Each value wrapped in curly quotes read as a quoted value (the quotes are not part of
    it), as though typed with straight quotes; lines stay where they are."""
    if "“" not in text and "‘" not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        match = _CURLY.match(line)
        if match is None:
            continue
        inner = match[3] if match[3] is not None else match[4]
        if not any(q in inner for q in match[2][0] + match[2][-1]):   # “A” and “B” is text
            lines[i] = match[1] + '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "\n".join(lines)


_NO_SPACE = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*):(?=[^\s/])(.*)$")


def _yaml_problem(exc: yaml.MarkedYAMLError, lines: list[str], index: int) -> tuple[int, str]:
    """(line index, message in the writer's words) for a YAML syntax error at ``index``."""
    for i in range(min(index, len(lines) - 1), -1, -1):  # 'byline:Jane' is reported a line late
        missing = _NO_SPACE.match(lines[i])
        if missing and i >= index - 1:
            return i, f"put a space after the colon: '{missing[1]}: {missing[2]}'"
    bad_line = lines[index] if index < len(lines) else ""
    if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "'\\t'" in str(exc.problem):
        return index, "a tab character is used here; indent with spaces instead"
    problem = (exc.problem or "").replace("\n", " ")
    if "expected <block end>" in problem or ("mapping values are not allowed" in problem and bad_line.count(": ") < 2):
        return index, "the indentation is not consistent: the fields of one group must start in the same column, with spaces"
    if "mapping values are not allowed" in problem:
        return index, "a value containing ': ' must be put in quotes, like title: \"Neglect: a guide\""
    if "could not find expected ':'" in problem:
        return index, "each field is written 'name: value', one per line"
    context = str(exc.context or "")
    start = exc.context_mark.line if exc.context_mark else index
    if "quoted scalar" in context:
        return start, "a quotation mark opened on this line is never closed"
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[ ... ]" if "sequence" in context else "{ ... }"
        return start, f"a bracket opened on this line is never closed: a list written {bracket} must end on the same line, or put the text in quotes"
    return index, f"this is not valid YAML: {problem}"


def _quote(text: str) -> str:
    text = text.strip()
    return f'"{text[:40]}"' if text else "an empty line"


class _Builder:
    def __init__(self, where: str, first_line: int):
        self.where = where
        self.first_line = first_line
        self.lines: dict[Path_, int] = {}
        self.errors: list[SourceError] = []
        self.count = 0

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            if self.count == _MAX_NODES + 1:
                self.errors.append(SourceError(self.where, self.line(node), "", "the front matter is too large or repeats itself too often"))
            return None
        self.lines.setdefault(path, self.line(node))
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:   # plain: None (pyyaml) or "" (libyaml)
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.errors.append(SourceError(self.where, self.line(key_node), dotted(path), "a field name must be a plain word"))
                continue
            key = key_node.value
            if key in first_seen:
                self.errors.append(SourceError(
                    self.where, self.line(key_node), dotted(path + (key,)),
                    f"this field is given twice (first on line {first_seen[key]}); keep one",
                ))
                continue
            first_seen[key] = self.line(key_node)
            self.lines[path + (key,)] = self.line(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out

