"""The dev server under load: 20 readers, 2,000 requests on loopback while 50 edits land.

Every request gets an answer from the build (or its 404 page), none a file outside
it, none an error; the server's memory stays flat.
"""

from __future__ import annotations

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from serving import Server
from sitecopy import SiteCopy

CLIENTS, REQUESTS, EDITS = 20, 2000, 50
ARTICLE = "content/issues/2015-05/05-case-reviews.md"
PAGES = ["/", "/issues/", "/issues/2015-05/", "/issues/2015-05/case-reviews/", "/training/", "/topics/",
         "/assets/site.css", "/about/", "/no-such-page/"]
ATTACKS = ["/../config.yaml", "/%2e%2e/config.yaml", "/%252e%252e/config.yaml", "/..%5cconfig.yaml", "//etc/passwd"]


def test_twenty_clients_and_fifty_edits(tmp_path):
    site = SiteCopy(tmp_path / "site")
    server = Server(site.root, "--no-pdf")
    server.settle()
    config = site.path("config.yaml").read_bytes()
    targets = [PAGES[i % len(PAGES)] if i % 10 else ATTACKS[i // 10 % len(ATTACKS)] for i in range(REQUESTS)]
    failures: list[str] = []
    outside: list[str] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    try:
        for _ in range(3):   # warm up, then measure memory
            for target in PAGES:
                server.request(target)
        rss_before = server.rss_kb()

        def reader(chunk: list[str]) -> None:
            connection = None
            for target in chunk:
                try:
                    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
                    connection.putrequest("GET", target, skip_accept_encoding=True)
                    connection.endheaders()
                    response = connection.getresponse()
                    body = response.read()
                except OSError as exc:
                    with lock:
                        failures.append(f"{target}: {exc!r}")
                    continue
                finally:
                    if connection is not None:
                        connection.close()
                with lock:
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                    expected = 404 if target in ATTACKS or target == "/no-such-page/" else 200
                    if response.status != expected:
                        failures.append(f"{target}: {response.status}")
                    if target in ATTACKS and (config in body or b"root:x:0" in body):
                        outside.append(target)

        def editor() -> None:
            path = site.path(ARTICLE)
            original = path.read_text(encoding="utf-8")
            for n in range(EDITS):
                path.write_text(original.replace("Learning from local", f"Edit {n}: learning from local"), encoding="utf-8")
                time.sleep(0.03)

        start = time.monotonic()
        edits = threading.Thread(target=editor)
        edits.start()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(reader, [targets[i::CLIENTS] for i in range(CLIENTS)]))
        edits.join()
        seconds = time.monotonic() - start
        server.wait_until(lambda s: "Edit 49:" in server.get("/issues/2015-05/case-reviews/"), what="the last edit")
        rss_after = server.rss_kb()
        builds = server.status()["builds"]
    finally:
        server.close()
    assert failures == [], failures[:10]
    assert outside == []
    assert sum(statuses.values()) == REQUESTS
    assert seconds < 60, f"{REQUESTS} requests took {seconds:.1f} s"
    assert builds <= EDITS + 2
    assert rss_after - rss_before < 30_000, f"memory grew from {rss_before} KB to {rss_after} KB"
