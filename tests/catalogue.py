"""The sites behind docs/errors.md: every error and warning the catalogue shows is made
here, by the tool, so tests/test_docs.py can check the docs say exactly what it says."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from sitecopy import SiteCopy

ISSUE = "content/issues/2015-08"

# Each file of a new issue, 2015-08, with the mistakes the catalogue explains.
FILES = {
    f"{ISSUE}/index.md": "---\ntitle: SSCB Newsletter\nnumber: 1\ndate: 2015-08-01\nperiod: Summer 2015\ndraft: false\n---\n"
                         "[[training]]\n\nWelcome to the summer issue.\n",
    f"{ISSUE}/02-learning.md": "---\ntitle: Learning\ntopics: [training]\ntraining:\n  - title: Neglect (full day)\n    date: 2015-08-12\n"
                               "    places: available\n    booking: https://example.org/book\n  - title: Neglect (half day)\n"
                               "    date: 18th August\n    places: some\n---\n## Neglect\n\nText.\n",
    f"{ISSUE}/03-training.md": "---\ntitle: Training\ntraining:\n  - title: Thresholds\n    date: 2015-09-31\n  - title: Neglect\n"
                               "    date: 2015-09-08\n    start: \"13:30\"\n    end: \"12:30\"\n  - title: CSE\n    date: 2015-09-09\n"
                               "    start: 9.30\n    booking: sandwell.learningpool.com\n---\nText.\n",
    f"{ISSUE}/04-quality.md": "---\ntitle: Quality\nbylines: Jane Smith\ntopics: [audit, neglet]\naudits:\n  - title: Neglect audit\n"
                              "    kind: s11\nreviews:\n  - title: Child K\n    kind: management review\n---\nText.\n",
    f"{ISSUE}/05-wider-structure.md": "---\ntitle: Neglect: a guide\n---\nText.\n",
    f"{ISSUE}/06-health-forum.md": "---\ntitle: Health Forum\nbyline:Jane Smith, Designated Nurse\nsummary: The forum.\n---\nText.\n",
    f"{ISSUE}/07-cdop.md": "---\ntitle: CDOP\ntopics:\n\t- child-deaths\n---\nText.\n",
    f"{ISSUE}/08-case-reviews.md": "---\ntitle: Case reviews\nreviews:\n  - title: Child K\n     board: SSCB\n---\nText.\n",
    f"{ISSUE}/09-policy.md": "---\ntitle: Policy\n\nText.\n",
    f"{ISSUE}/10-prevent.md": "title: Prevent\n---\nText.\n",
    f"{ISSUE}/11-forum-pictures.md": "---\ntitle: Forum pictures\n---\nThe forum met.\n\n![](images/forum.jpg)\n\n"
                                     "![The board's logo](https://www.example.org/logo.png)\n",
    f"{ISSUE}/12-links.md": "---\ntitle: Links\n---\nSee [the Neglect courses](02-learning.md#neglect-courses).\n\n"
                            "See [the forum](08-health.md).\n\nSee [the about page](/pages/about.md).\n\n"
                            "See [our site](www.sandwellscb.org.uk).\n",
    f"{ISSUE}/13-notes.md": "---\ntitle: Notes\ntraining:\n  - title: Neglect\n    date: 2015-09-08\n"
                            "    notes: \"Book on [our site](www.sandwellscb.org.uk)\"\nreviews:\n  - title: Child K\n    board: SSCB\n"
                            "    lessons:\n      - See [the escalation policy](escalation.md)\n---\nText.\n",
    f"{ISSUE}/14-cse.md": "---\ntitle: CSE\naudits:\n  - title: CSE audit\n---\nText.\n\n[[audits]]\n\nMore text.\n\n[[audits]]\n\n"
                          "[[training]]\n\n[[reveiws]]\n\nText before\n[[audits]]\n",
    f"{ISSUE}/15-Intro_Two.md": "---\ntitle: Intro\n---\nText.\n",
    f"{ISSUE}/17-next.md": "---\ntitle: Next steps\nbyline: Name, role\n---\nWrite the article here.\n",
    "content/issues/2015-11/01-introduction.md": "---\ntitle: Introduction\n---\nText.\n",
}
UTF16 = f"{ISSUE}/16-health.md"
NO_PAGEFIND = "/opt/pagefind/pagefind"


def _png(width: int, height: int) -> bytes:
    """A white picture, as a real PNG file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PIXEL = _png(4, 3)


def content_site(root: Path) -> SiteCopy:
    """The example with a new issue full of mistakes (run: check)."""
    site = SiteCopy(root)
    for path, text in FILES.items():
        site.write(path, text)
    site.write(UTF16, "---\ntitle: Health\n---\nText.\n".encode("utf-16"))
    return site


CONFIG = """# Site settings, with mistakes.
title: SSCB Newsletter
language: en-GB
timezone: London
board:
  name: Sandwell Safeguarding Children Board
  website: http://www.sandwellscb.org.uk

contact:
  heading: Worried about a child?
  intro: "For anything else, please use the contact details on the [board’s website](www.sandwellscb.org.uk)."
  items:
    - label: In an emergency
      text: Call 999
      href: "999"

colour: teal

look:
  brand: "#88aaff"

print:
  paper: A5

topics:
  neglect: Neglect
"""


def config_site(root: Path) -> SiteCopy:
    """The example with mistakes in config.yaml, and one in an issue (run: check)."""
    site = SiteCopy(root)
    site.write("config.yaml", CONFIG)
    site.edit("content/issues/2015-05/index.md", "number: 1", "number: two")
    return site


def draft_link_site(root: Path) -> SiteCopy:
    """A published page linking to a draft issue (run: check)."""
    site = SiteCopy(root)
    site.write(f"{ISSUE}/index.md", "---\ntitle: SSCB Newsletter\nnumber: 2\ndate: 2015-08-01\ndraft: true\n---\n")
    site.write(f"{ISSUE}/01-introduction.md", "---\ntitle: Introduction\n---\nText.\n")
    site.write("content/pages/coming-soon.md", "---\ntitle: Coming soon\n---\nRead [the next issue](../issues/2015-08/01-introduction.md).\n")
    return site


def warnings_site(root: Path) -> SiteCopy:
    """The example with a file that is not published, and an article the quality gate
    warns about (run: check --today 2015-05-01)."""
    site = SiteCopy(root)
    site.write("content/issues/2015-05/notes.txt", "Notes for the editor.\n")
    site.write("content/issues/2015-05/images/forum.png", PIXEL)
    site.write("content/issues/2015-05/11-quality.md",
               "---\ntitle: Quality\ntraining:\n  - title: Neglect (full day)\n    date: 2015-06-08\n    places: available\n---\n"
               "The YPSEM subgroup met. To book, [click here](https://example.org/book).\n\n#### Who came\n\n"
               "![image](images/forum.png)\n\n| | |\n|---|---|\n| Monday | Neglect |\n\n"
               "The subgroup, which met in the Council House in Oldbury on a wet Tuesday morning in May, agreed that the "
               "new Neglect courses should be offered to every practitioner who works with children and families.\n\n"
               "It met. It talked. It agreed. It planned. It wrote. It left.\n\n✓ Agreed.\n\n"
               "See [the training pages](http://www.sandwellscb.org.uk/site/training.html) and "
               "[the old procedures](https://old.example.org/procedures).\n")
    site.write("content/issues/2015-05/12-events.md",
               "---\ntitle: Events\ntraining:\n  - title: Thresholds\n    date: 2015-04-20\n    booking: https://example.org/book\n---\n"
               "Places are left on the forthcoming Thresholds course.\n")
    site.edit("config.yaml", "quality:\n", "quality:\n  old_addresses: [old.example.org]\n")
    # A site-wide booking address (how_to_book), where the example has one, would book the course above.
    site.write("config.yaml", re.sub(r"^how_to_book:.*\n", "", site.path("config.yaml").read_text(), flags=re.M))
    return site


def scheduled_site(root: Path) -> SiteCopy:
    """The example with an issue dated 2015-08-01, and base_url a path (run: check --today
    2015-07-20, with PAGEFIND_BINARY_PATH set to a file that does not exist)."""
    site = SiteCopy(root)
    site.edit("config.yaml", "base_url: http://www.sandwellscb.org.uk/", "base_url: /newsletter/")
    site.write(f"{ISSUE}/index.md", "---\ntitle: SSCB Newsletter\nnumber: 2\ndate: 2015-08-01\nperiod: Summer 2015\n---\n")
    site.write(f"{ISSUE}/01-introduction.md", "---\ntitle: Introduction\n---\nWelcome to the summer issue.\n")
    return site
