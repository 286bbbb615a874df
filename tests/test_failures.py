"""Failures in the middle of a build: the previous output/ stays whole, and nothing is
left behind for long."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitecopy import TODAY, SiteCopy, snapshot


def add_static_files(site: SiteCopy, count: int, size: int) -> None:
    """Enough files that writing the build takes a while (and space)."""
    for i in range(count):
        site.write(f"static/files/file-{i:04d}.txt", ("x" * size) + str(i))


def test_sigkill_at_any_moment_leaves_a_whole_output(site: SiteCopy) -> None:
    add_static_files(site, 1500, 2000)
    site.build()
    old = snapshot(site.path("output"))
    site.edit("content/issues/2015-05/08-health-forum.md", "Health Forum", "Health Forum (changed)")
    site.build("--out", str(site.root.parent / "expected"))
    new = snapshot(site.root.parent / "expected")   # what a whole build of the edit writes
    assert b"Health Forum (changed)" in new["issues/2015-05/health-forum/index.html"] and new != old
    killed_in_write = 0
    for delay in (0.0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8):
        process = subprocess.Popen([sys.executable, "-m", "sscbgen", "build", "--today", TODAY, "--no-pdf", "--quiet"],
                                   cwd=site.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        deadline = time.monotonic() + 5
        while delay >= 0.3 and time.monotonic() < deadline and process.poll() is None:
            if any(p.name.startswith(".output.tmp-") for p in site.root.iterdir()):
                break  # the build is writing its staging folder: kill it now
            time.sleep(0.002)
        staging = any(p.name.startswith(".output.tmp-") for p in site.root.iterdir())
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_in_write += staging
        now = snapshot(site.path("output"))
        assert now == old or now == new, delay   # the whole previous build, or the whole new one
    assert killed_in_write >= 1, "no kill landed while the build was writing; the test proved nothing"
    site.build()  # the next run cleans up after the killed ones
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith(".output")) == []
    assert b"Health Forum (changed)" in site.path("output/issues/2015-05/health-forum/index.html").read_bytes()


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A real file system that fills up: a 1 MB tmpfs (the tests run as root in CI)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; CI runs as root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_keeps_the_previous_output(site: SiteCopy, tiny_disk: Path) -> None:
    add_static_files(site, 300, 4000)  # about 2 MB a build (0.8 MB without them): one fits, two do not
    out = tiny_disk / "output"
    site.build("--out", str(out))
    old = snapshot(out)
    site.edit("content/issues/2015-05/08-health-forum.md", "Health Forum", "Health Forum (changed)")
    for i in range(300):  # new bytes to write (files the last build wrote are linked, not written again)
        site.write(f"static/files/file-{i:04d}.txt", ("y" * 4000) + str(i))
    result = site.run("build", "--today", TODAY, "--no-pdf", "--out", str(out))
    assert result.returncode == 1
    assert "error: could not write the build (No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == old
    assert [p.name for p in tiny_disk.iterdir()] == ["output"]
