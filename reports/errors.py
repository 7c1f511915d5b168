"""Exceptions raised by the report writers.

Messages are shown to users as-is, so they are in Simplified Chinese.
"""

from __future__ import annotations


class ReportError(Exception):
    """Base class for every error raised by ``reports``."""


class FontNotFoundError(ReportError):
    """No embeddable TrueType font with Chinese glyphs could be found."""


class ReportWriteError(ReportError):
    """The finished report could not be written to its destination."""
