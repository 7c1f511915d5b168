"""The console program ``pjdesk-cli`` (``pjdesk-cli.exe`` of the Windows build, ``cli_main.py``): the
command line of ``pjdesk.cli.main`` with output that cannot fail on a Chinese Windows console.

On Windows, Python writes to a real console window in UTF-16 (every character shows), but output
redirected to a file or a pipe is encoded in the ANSI code page (cp936 on a Chinese PC), and a
character outside GBK (a rare character of a name, 𠮷) raised ``UnicodeEncodeError`` in the middle of a
list. So, before the command runs:

- output to a file or a pipe (``pjdesk-cli households list --format json > a.json``) is written as
  UTF-8, the encoding of JSON and of every file pjdesk writes;
- output to a terminal that is not UTF-8 (a legacy console, ``PYTHONLEGACYWINDOWSSTDIO``) keeps the
  terminal's encoding, so the user can read it, and a character it cannot show becomes ``?``;
- ``PYTHONIOENCODING`` set by the user wins; its error handler is kept when it names one;
- a stream that cannot be reconfigured is left as it is, with ``errors="replace"`` where possible:
  the last resort, so an output character never stops a command half way.
"""

from __future__ import annotations

import codecs
import os
import sys

from .main import main as cli_main


def _is_utf(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def configure_stream(stream) -> None:
    """Make ``stream`` (sys.stdout or sys.stderr) print every character without raising (see the module)."""
    if stream is None or os.environ.get("PYTHONIOENCODING"):
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        if _isatty(stream) and not _is_utf(getattr(stream, "encoding", None)):
            reconfigure(errors="replace")
        elif not _is_utf(getattr(stream, "encoding", None)):
            reconfigure(encoding="utf-8", errors="replace")
        elif getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="replace")   # a lone surrogate from a file name: "?" rather than a traceback
    except (ValueError, OSError, LookupError):
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError, LookupError):
            pass


def main(argv: list[str] | None = None) -> int:
    configure_stream(sys.stdout)
    configure_stream(sys.stderr)
    return cli_main(argv)
