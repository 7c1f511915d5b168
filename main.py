"""平江扶贫工作台 — without a subcommand: the GUI (``--demo`` opens the demo database);
with one (``demo``, ``households``, ``stats`` …): the command line."""

from __future__ import annotations

import sys


def wants_gui(argv: list[str]) -> bool:
    """True when no subcommand is given (only options such as --demo, --db PATH)."""
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a == "--db":
            skip = True
        elif not a.startswith("-"):
            return False
    return "--help" not in argv and "-h" not in argv and "--version" not in argv


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if wants_gui(argv):
        from ui.app import run  # the GUI alone loads Qt, the CLI alone its commands (start-up time)

        return run(argv)
    from pjdesk.cli.main import main as cli_main  # (start-up time: no Qt for a command)

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
