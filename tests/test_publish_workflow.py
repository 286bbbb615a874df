"""The publishing recipe, .github/workflows/publish.yml: valid YAML with the triggers,
jobs and permissions GitHub Pages needs, every action pinned to a commit, and the
commands it runs succeeding on the example in a clean copy of the repository."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitecopy import REPO

WORKFLOW = REPO / ".github/workflows/publish.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(data, dict)
    return data


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def uses(workflow: dict, job: str, action: str) -> dict:
    found = [step for step in steps(workflow, job) if step.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"{job} uses {action} once"
    return found[0]


def test_triggers_push_to_main_a_daily_schedule_and_by_hand(workflow: dict) -> None:
    triggers = workflow[True]   # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"]), "once a day"
    assert "workflow_dispatch" in triggers


def test_pages_permissions_and_environment(workflow: dict) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(workflow, "deploy", "actions/deploy-pages")["id"] == deploy["environment"]["url"].split(".")[1]


def test_every_action_is_pinned_to_a_commit(workflow: dict) -> None:
    actions = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert len(actions) == 6
    for action in actions:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action


def test_build_job_caches_checks_builds_and_uploads_in_order(workflow: dict) -> None:
    cache = uses(workflow, "build", "actions/cache")
    assert cache["with"]["path"].split() == [".sscbgen-cache/", "!.sscbgen-cache/output-*/spare/"]   # not the spare build
    assert cache["with"]["restore-keys"] and cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    assert uses(workflow, "build", "actions/upload-pages-artifact")["with"]["path"] == "output/"
    names = [step.get("name", step.get("uses", "")) for step in steps(workflow, "build")]
    order = [names.index(name) for name in ("Restore the build cache", "Check", "Build", "Upload the site")]
    assert order == sorted(order)


def sscbgen_commands(workflow: dict) -> list[list[str]]:
    """The sscbgen commands the build job runs, with the Pages address a run would give."""
    commands = []
    for step in steps(workflow, "build"):
        run = step.get("run", "")
        if ".venv/bin/sscbgen" in run:
            run = re.sub(r"\$\{\{ steps\.pages\.outputs\.base_url && format\('--base-url \{0\}/', steps\.pages\.outputs\.base_url\) \|\| '' \}\}",
                         "--base-url https://example.github.io/sscbgen/", run)
            assert "${{" not in run, run
            commands.append(shlex.split(run))
    return commands


def test_its_commands_succeed_on_the_example_in_a_clean_copy(workflow: dict, tmp_path: Path) -> None:
    """As the workflow runs them, in a copy of what git tracks (no .venv, output or cache)."""
    clone = tmp_path / "clone"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (REPO / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes((REPO / name).read_bytes())
    commands = sscbgen_commands(workflow)
    assert [command[1] for command in commands] == ["check", "build"]
    for command in commands:
        result = subprocess.run([sys.executable, "-m", "sscbgen", *command[1:]], cwd=clone, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert not [line for line in result.stdout.splitlines() if line.startswith("::error")]
    home = (clone / "output/index.html").read_text()
    assert 'href="/sscbgen/issues/2015-05/"' in home
    assert list((clone / "output/issues/2015-05").glob("*.pdf")), "the printed newsletter is built"
    assert (clone / ".sscbgen-cache").is_dir(), "the folder the workflow caches is where the build keeps its cache"
