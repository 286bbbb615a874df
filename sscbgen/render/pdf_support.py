"""Whether this machine can make the printed newsletters: WeasyPrint needs Pango (and
GObject, HarfBuzz, fontconfig), system libraries that pip cannot install. Found out
without importing WeasyPrint, which prints a banner and fails where they are missing."""

from __future__ import annotations

import ctypes.util
import functools

# The libraries WeasyPrint loads, by the name ctypes looks them up by.
LIBRARIES = ("gobject-2.0", "pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig")
DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
INSTALL = (f"on Debian or Ubuntu: sudo apt-get install {DEBIAN_PACKAGES}; on macOS: brew install pango; "
           "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html")


@functools.cache
def missing_libraries() -> tuple[str, ...]:
    """The libraries WeasyPrint needs that this machine lacks (none, where it can print)."""
    return tuple(name for name in LIBRARIES if ctypes.util.find_library(name) is None)


def missing_message() -> str:
    return (f"the printed newsletters (PDF) need {', '.join(missing_libraries())}, which this computer does not have; "
            f"install them ({INSTALL}), or build without the PDFs: sscbgen build --no-pdf")
