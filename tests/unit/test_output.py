from pathlib import Path

import pytest

from sscbgen.output import MARKER, OutputError, check_target, clean_leftovers, write_build


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_first_build_and_replacement(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_build({"index.html": b"one", "a/b/index.html": b"two"}, out)
    assert files_in(out) == {"index.html": b"one", "a/b/index.html": b"two", MARKER: (out / MARKER).read_bytes()}
    write_build({"index.html": b"three"}, out)
    assert sorted(files_in(out)) == [MARKER, "index.html"]
    assert (out / "index.html").read_bytes() == b"three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_failure_while_writing_leaves_the_previous_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "output"
    write_build({"index.html": b"good"}, out)
    before = files_in(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def full_disk(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OSError):
        write_build({"index.html": b"new", "page/index.html": b"new"}, out)
    assert files_in(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_leftovers_of_a_killed_build(tmp_path: Path) -> None:
    out = tmp_path / "output"
    old = tmp_path / ".output.old-123"
    old.mkdir()
    (old / "index.html").write_bytes(b"previous")
    (tmp_path / ".output.tmp-456").mkdir()
    clean_leftovers(out)  # killed between moving output away and moving the new one in
    assert (out / "index.html").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_paths_outside_the_build_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_build({"../escape.html": b"x"}, tmp_path / "output")
    assert not (tmp_path / "escape.html").exists()
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("target, message", [
    (".", "holds the site itself"),
    ("..", "holds the site itself"),
    ("content/out", "is inside content/"),
    ("templates", "is inside templates/"),
])
def test_targets_that_would_lose_work(tmp_path: Path, target: str, message: str) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    with pytest.raises(OutputError, match=message):
        check_target(root / target, root)


def test_folder_of_someone_elses_files(tmp_path: Path) -> None:
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "report.docx").write_bytes(b"work")
    with pytest.raises(OutputError, match="did not build"):
        check_target(tmp_path / "output", tmp_path)
    (tmp_path / "output" / MARKER).write_text("")
    check_target(tmp_path / "output", tmp_path)
