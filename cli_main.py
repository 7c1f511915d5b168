"""平江扶贫工作台 — the console program (``pjdesk-cli.exe`` of the Windows build): every command of
``pjdesk`` with its exit code, Chinese output that a Windows console shows (``pjdesk.cli.console``)."""

from __future__ import annotations

import sys

from pjdesk.cli.console import main

if __name__ == "__main__":
    sys.exit(main())
