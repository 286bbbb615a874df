from pathlib import Path

import pytest

from sscbgen.output import MARKER, OutputError, Writer, check_target, clean_leftovers, write_build


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


def test_builds_through_the_spare_give_exactly_each_build(tmp_path: Path) -> None:
    """Each build is brought up from the one before the last (the spare in the cache): what
    it holds that this build does not (files, folders, a file where a folder goes) is gone."""
    out, kept = tmp_path / "output", tmp_path / "cache" / "output-x"
    builds = [
        {"index.html": b"one", "a/index.html": b"a", "a/b/index.html": b"b", "c": b"a file"},
        {"index.html": b"two", "a/index.html": b"a", "c/index.html": b"a folder now"},
        {"index.html": b"three", "a/b/index.html": b"b again", "c": b"a file again"},
        {"index.html": b"three", "a/b/index.html": b"b again", "c": b"a file again", "d/e/f.html": b"deep"},
        {"index.html": b"one", "a/index.html": b"a", "a/b/index.html": b"b", "c": b"a file"},
    ]
    for files in builds:
        write_build(files, out, kept)
        assert files_in(out) == {**files, MARKER: (out / MARKER).read_bytes()}
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]
    assert (kept / "spare" / "index.html").read_bytes() == b"three"   # the build before the last, kept


def test_a_spare_file_changed_by_hand_is_not_used(tmp_path: Path) -> None:
    out, kept = tmp_path / "output", tmp_path / "cache"
    write_build({"index.html": b"one", "page.html": b"same"}, out, kept)
    write_build({"index.html": b"two", "page.html": b"same"}, out, kept)
    spare = kept / "spare" / "page.html"
    spare.unlink()   # (it is a link to the output's file: change the spare's alone)
    spare.write_bytes(b"changed in the cache")
    write_build({"index.html": b"three", "page.html": b"same"}, out, kept)
    assert files_in(out)["page.html"] == b"same"


def test_an_output_file_changed_in_place_is_written_again(tmp_path: Path) -> None:
    """The output's files and the spare's may be one file (linked): a change made in the
    output shows in both, and neither copy is used."""
    out, kept = tmp_path / "output", tmp_path / "cache"
    write_build({"index.html": b"one", "page.html": b"same"}, out, kept)
    write_build({"index.html": b"two", "page.html": b"same"}, out, kept)
    with (out / "page.html").open("r+b") as file:
        file.write(b"SAME")
    write_build({"index.html": b"three", "page.html": b"same"}, out, kept)
    assert files_in(out)["page.html"] == b"same"


def test_a_deleted_spare_or_cache_is_only_slower(tmp_path: Path) -> None:
    import shutil

    out, kept = tmp_path / "output", tmp_path / "cache"
    write_build({"index.html": b"one", "a/page.html": b"a"}, out, kept)
    write_build({"index.html": b"two", "a/page.html": b"a"}, out, kept)
    shutil.rmtree(kept / "spare")
    write_build({"index.html": b"three", "a/page.html": b"a"}, out, kept)
    assert files_in(out) == {"index.html": b"three", "a/page.html": b"a", MARKER: (out / MARKER).read_bytes()}
    (kept / "spare.json").write_text("{not json")
    write_build({"index.html": b"four", "b/page.html": b"b"}, out, kept)
    assert files_in(out) == {"index.html": b"four", "b/page.html": b"b", MARKER: (out / MARKER).read_bytes()}
    shutil.rmtree(kept)
    write_build({"index.html": b"five"}, out, kept)
    assert files_in(out) == {"index.html": b"five", MARKER: (out / MARKER).read_bytes()}


def test_a_build_written_as_it_is_made(tmp_path: Path) -> None:
    """A build's files given in parts (a path given again is written again) make the one
    build; a file the output already holds is linked, and never written through the link."""
    out, kept = tmp_path / "output", tmp_path / "cache"
    write_build({"index.html": b"one", "a/page.html": b"same"}, out, kept)
    with Writer(out, kept) as writer:
        writer.add({"index.html": b"two"})
        writer.add({"a/page.html": b"same", "b/page.html": b"new"})
        writer.add({"a/page.html": b"changed after all"})
        assert files_in(out)["a/page.html"] == b"same"   # nothing shows before the swap
        writer.finish()
    assert files_in(out) == {"index.html": b"two", "a/page.html": b"changed after all", "b/page.html": b"new",
                             MARKER: (out / MARKER).read_bytes()}
    assert files_in(kept / "spare")["a/page.html"] == b"same"   # the build before, as it was


def test_a_build_that_fails_after_writing_leaves_the_output_and_keeps_the_spare(tmp_path: Path) -> None:
    out, kept = tmp_path / "output", tmp_path / "cache"
    write_build({"index.html": b"one", "a/page.html": b"a"}, out, kept)
    write_build({"index.html": b"two", "a/page.html": b"a"}, out, kept)
    before = files_in(out)
    with pytest.raises(ValueError), Writer(out, kept) as writer:
        writer.add({"index.html": b"three", "c/page.html": b"c"})
        raise ValueError("a mistake found after the pages were made")
    assert files_in(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]
    assert (kept / "spare").is_dir() and (kept / "spare.json").is_file()
    # From the spare: a/page.html, and index.html too where it was written before the failure
    # (a failed build waits only for the part being written, so it may not have been).
    assert write_build({"index.html": b"three", "a/page.html": b"a"}, out, kept) in (0, 1)
    assert files_in(out) == {"index.html": b"three", "a/page.html": b"a", MARKER: (out / MARKER).read_bytes()}


def test_without_a_spare_the_output_linked_is_the_start(tmp_path: Path) -> None:
    """The build after a cold one has no spare: the output, linked into the staging (cp -al),
    is brought up to date instead, and a file changed in the output by hand (the same file
    as its link) is written again, never through the link."""
    out, kept = tmp_path / "output", tmp_path / "cache"
    write_build({"index.html": b"one", "a/page.html": b"same", "b/page.html": b"edited by hand", "gone.html": b"x"}, out, kept)
    with (out / "b/page.html").open("r+b") as file:
        file.write(b"EDITED")
    (out / "added by hand.txt").write_bytes(b"not the build's")
    assert write_build({"index.html": b"two", "a/page.html": b"same", "b/page.html": b"edited by hand"}, out, kept) == 2
    assert files_in(out) == {"index.html": b"two", "a/page.html": b"same", "b/page.html": b"edited by hand",
                             MARKER: (out / MARKER).read_bytes()}
    assert files_in(kept / "spare")["b/page.html"] == b"EDITED by hand"   # the build before, as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]
