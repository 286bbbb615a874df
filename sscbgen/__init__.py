"""sscbgen: newsletters and board publications from Markdown, as an accessible site and a printed PDF."""

__version__ = "0.1.0"
