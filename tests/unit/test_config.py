from pathlib import Path

import pytest
from pydantic import ValidationError

from sscbgen.config import load_config
from sscbgen.errors import SiteErrors

MINIMAL = "title: News\nboard:\n  name: A Board\n  short_name: AB\n"


def config_errors(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "config.yaml").write_text(text)
    with pytest.raises(SiteErrors) as caught:
        load_config(tmp_path / "config.yaml", tmp_path)
    return [str(e) for e in caught.value.errors]


def test_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(MINIMAL)
    config = load_config(tmp_path / "config.yaml", tmp_path)
    assert (config.language, config.base_url, config.topics, config.contact) == ("en-GB", "/", {}, None)
    assert config.quick_exit.enabled is False


def test_base_url_from_the_command_line_wins(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(MINIMAL + "base_url: /a/\n")
    assert load_config(tmp_path / "config.yaml", tmp_path, "/news").base_url == "/news/"
    assert load_config(tmp_path / "config.yaml", tmp_path).base_url == "/a/"


def test_models_are_frozen(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(MINIMAL)
    config = load_config(tmp_path / "config.yaml", tmp_path)
    with pytest.raises(ValidationError, match="frozen"):
        config.title = "Other"  # type: ignore[misc]


def test_every_mistake_at_once(tmp_path: Path) -> None:
    text = MINIMAL + "language: English\ntopics:\n  Neglect: Neglect\nquick_exit:\n  enabled: maybe\n"
    assert config_errors(tmp_path, text) == [
        'config.yaml:5 language: expected a language tag like en-GB, found "English"',
        'config.yaml:7 topics.Neglect: expected a short key of lower-case letters, digits and hyphens, like child-sexual-exploitation, found "Neglect"',
        'config.yaml:9 quick_exit.enabled: expected true or false, found "maybe"',
    ]


def test_not_utf8_and_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_bytes(b"title: Caf\xe9\n")
    with pytest.raises(SiteErrors, match="is not UTF-8 text"):
        load_config(tmp_path / "config.yaml", tmp_path)
    assert config_errors(tmp_path, "- a\n- b\n") == ["config.yaml:1: expected fields written as 'name: value', one per line"]


def test_time_zone(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(MINIMAL)
    assert load_config(tmp_path / "config.yaml", tmp_path).timezone == "Europe/London"
    (tmp_path / "config.yaml").write_text(MINIMAL + "timezone: America/New_York\n")
    assert load_config(tmp_path / "config.yaml", tmp_path).timezone == "America/New_York"
    assert config_errors(tmp_path, MINIMAL + "timezone: British Summer Time\n") == [
        'config.yaml:5 timezone: expected a time zone name like Europe/London, found "British Summer Time"']
    assert config_errors(tmp_path, MINIMAL + "timezone: London\n") == [
        'config.yaml:5 timezone: expected a time zone name like Europe/London (did you mean \'Europe/London\'?), found "London"']
    assert config_errors(tmp_path, MINIMAL + "timezone: ../../etc/passwd\n") == [
        'config.yaml:5 timezone: expected a time zone name like Europe/London, found "../../etc/passwd"']
