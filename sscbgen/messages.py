"""How errors, warnings and notes are written out: for a person (``text``), as GitHub
workflow commands (``github``: they show on the changed line of a pull request), or as
JSON lines (``json``) for other systems. Pure: the CLI prints what this returns."""

from __future__ import annotations

import json
from typing import Literal

from sscbgen.errors import SourceError

FORMATS = ("text", "github", "json")
Severity = Literal["error", "warning", "notice"]
_TEXT_PREFIX = {"error": "error", "warning": "warning", "notice": "note"}


def message_line(error: SourceError, severity: Severity, style: str = "text") -> str:
    """One message as one line in ``style`` (text, github or json)."""
    if style == "github":
        return github_command(error, severity)
    if style == "json":
        return json.dumps({"severity": severity, "file": error.path, "line": error.line, "field": error.field or None,
                           "message": error.message, "text": str(error)}, ensure_ascii=False, sort_keys=True)
    return f"{_TEXT_PREFIX[severity]}: {error}"


def github_command(error: SourceError, severity: Severity) -> str:
    """``::error file=…,line=…,title=…::message``, escaped as the runner expects
    (https://docs.github.com/actions/reference/workflow-commands-for-github-actions)."""
    properties = [f"file={_property(error.path)}"]
    if error.line:
        properties.append(f"line={error.line}")
    title = f"sscbgen: {error.field}" if error.field else "sscbgen"
    properties.append(f"title={_property(title)}")
    return f"::{severity} {','.join(properties)}::{_data(error.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
