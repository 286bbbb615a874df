"""`sscbgen serve` as a subprocess on a free port, for the tests that talk to it over HTTP."""

from __future__ import annotations

import http.client
import json
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sitecopy import TODAY


class Server:
    def __init__(self, root: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sscbgen", "serve", "--port", "0", "--today", TODAY, *args],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()
        line = self.wait_for_line("Serving on ", timeout=120)
        self.url = line.split("Serving on ", 1)[1].split()[0]
        self.host, port = self.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        self.port = int(port)

    def _read(self, stream) -> None:
        for line in stream:
            self.output.append(line)
            self.lines.put(line)

    def wait_for_line(self, text: str, timeout: float) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.process.poll() is None, f"serve exited {self.process.returncode}:\n{''.join(self.output)}"
                continue
            if text in line:
                return line
        raise AssertionError(f"serve did not print {text!r} in {timeout} s:\n{''.join(self.output)}")

    def request(self, target: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        """One request with ``target`` sent exactly as given (no normalising by a client library)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.putrequest(method, target, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get(self, path: str) -> str:
        status, _, body = self.request(path)
        assert status == 200, (path, status)
        return body.decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.request("/__sscbgen/status")[2])

    def wait_until(self, check, timeout: float = 30, what: str = "") -> dict:
        """Poll the server's status until ``check(status)`` holds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            state = self.status()
            if check(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}: {self.status()}\n{''.join(self.output)}")

    def settle(self, timeout: float = 90) -> dict:
        """Wait until nothing is being rebuilt or made in the background (search index, PDFs)."""
        return self.wait_until(lambda s: not (s["busy"] or s["search_pending"] or s["pdf_pending"]), timeout, "the server to settle")

    def stop(self, sig: int = signal.SIGINT, timeout: float = 10) -> tuple[int, float]:
        """Send ``sig``; (exit status, seconds it took to exit)."""
        start = time.monotonic()
        self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGUSR1)   # serve dumps every thread's stack to stderr
            time.sleep(1)
            self.close()
            time.sleep(0.2)
            raise AssertionError(f"serve did not stop within {timeout} s; its output and threads:\n{''.join(self.output)}") from None
        return code, time.monotonic() - start

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def children(self) -> list[int]:
        """The process ids whose parent is the server."""
        kids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    kids.append(int(entry.name))
        return kids

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")


class EventStream:
    """A reader of the server's live-reload events, in a thread."""

    def __init__(self, server: Server, generation: int):
        self.events: queue.Queue[tuple[str, float]] = queue.Queue()
        self.connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
        self.connection.request("GET", f"/__sscbgen/events?generation={generation}")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode().strip()
                if line.startswith("event: "):
                    self.events.put((line.removeprefix("event: "), time.monotonic()))
        except (OSError, ValueError):
            pass

    def next(self, timeout: float) -> tuple[str, float]:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        self.connection.close()
