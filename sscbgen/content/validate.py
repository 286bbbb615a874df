"""Turn a model's validation failures into the writer's file:line field messages."""

from __future__ import annotations

from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from sscbgen.content.frontmatter import FrontMatter, dotted
from sscbgen.errors import SiteErrors, SourceError, closest, found

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "this field is required",
    "string_type": "expected text",
    "tuple_type": "expected a list, one '- item' per line",
    "list_type": "expected a list, one '- item' per line",
    "model_type": "expected a group of fields ('name: value' lines)",
    "model_attributes_type": "expected a group of fields ('name: value' lines)",
    "dict_type": "expected a group of fields ('name: value' lines)",
}


def parse_model(cls: type[M], front: FrontMatter, where: str) -> M:
    """Build ``cls`` from front matter data; raise SiteErrors naming every bad field."""
    try:
        return cls.model_validate(front.data)
    except ValidationError as exc:
        raise SiteErrors([_to_error(cls, dict(err), front, where) for err in exc.errors()]) from None


def _to_error(cls: type[BaseModel], err: dict[str, Any], front: FrontMatter, where: str) -> SourceError:
    kind = err["type"]
    loc = tuple(err["loc"]) + (("end",) if kind == "sscb_end" else ())
    is_key = loc[-1:] == ("[key]",)
    if is_key:  # a mapping's key is wrong, not its value
        loc = loc[:-1]
    path = loc
    value = path[-1] if is_key else _value_at(front.data, path)
    if kind == "missing":
        return SourceError(where, front.line_of(path[:-1]) if path[:-1] else 1, dotted(path), _MESSAGES[kind])
    if kind == "extra_forbidden":
        known = sorted(_fields_at(cls, loc[:-1]))
        close = closest(str(loc[-1]), known)
        hint = f"; did you mean '{close}'?" if close else f"; the fields here are: {', '.join(known)}"
        return SourceError(where, front.line_of(path), dotted(path), f"unknown field '{loc[-1]}'{hint}")
    if kind == "literal_error":
        choices = ", ".join(str(c) for c in _literal_choices(err))
        message = f"expected one of: {choices}"
    elif kind.startswith("sscb"):
        message = err["msg"]
    else:
        message = _MESSAGES.get(kind, err["msg"][0].lower() + err["msg"][1:])
    if kind != "sscb_end" and "found" not in message:
        message += f", found {found(value)}"
    return SourceError(where, front.line_of(path), dotted(path), message)


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _fields_at(cls: type[BaseModel], loc: tuple) -> set[str]:
    model: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = _model_in(annotation)
        if model is None:
            return set()
    return set(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        model = _model_in(arg)
        if model is not None:
            return model
    return None


def _literal_choices(err: dict[str, Any]) -> list[str]:
    expected = err.get("ctx", {}).get("expected", "")
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip(" '")]
