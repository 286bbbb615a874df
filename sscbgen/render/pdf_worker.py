"""One long-lived process that renders PDF jobs for ``sscbgen serve``.

WeasyPrint is imported once for the session, and it runs beside the server, never
holding up its threads (a render takes seconds and all of one core). The process
ignores Ctrl+C, which the whole terminal's process group receives: the server
stops it, so nothing is left running and nothing prints a traceback.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from sscbgen.render.pdf import PdfJob, render_job

STOPPED = "the PDF worker process stopped unexpectedly (out of memory?); save a file to try again"


class PdfWorker:
    def __init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")  # never fork a process with threads
        self._jobs = threading.Lock()     # one job at a time
        self._state = threading.Lock()    # guards the three below; never held while waiting on a job
        self._process: Any = None
        self._connection: Any = None
        self._closed = False

    def render(self, job: PdfJob) -> tuple[bytes, int, tuple[str, ...]] | str:
        """What render_job returns for ``job``, rendered in the worker process."""
        with self._jobs:
            with self._state:
                if self._closed:
                    return "the server is stopping"
                if self._process is None or not self._process.is_alive():
                    self._stop_locked()
                    self._start_locked()
                process, connection = self._process, self._connection
            try:
                connection.send(job)
                return connection.recv()
            except (EOFError, OSError):
                with self._state:
                    if self._process is process:
                        self._stop_locked()
                return STOPPED

    def close(self) -> None:
        """Stop the process now, even in the middle of a job (its caller gets STOPPED); no
        process is started after this."""
        with self._state:
            self._closed = True
            self._stop_locked()

    def _start_locked(self) -> None:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs,), name="sscbgen-pdf", daemon=True)
        process.start()
        theirs.close()
        self._process, self._connection = process, ours

    def _stop_locked(self) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is not None:
            process.terminate()   # its end of the pipe closes: a waiting recv() gets EOFError
            process.join(1)
            if process.is_alive():
                process.kill()
                process.join(1)
        if connection is not None:
            connection.close()


def _serve(connection: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        result = render_job(job)
        try:
            connection.send(result)
        except OSError:   # the server stopped meanwhile
            return
