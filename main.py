"""平江扶贫工作台 — without a subcommand: the GUI (``--demo`` opens the demo database);
with one (``demo``, ``households``, ``stats`` …): the command line.

In the Windows build this is ``pjdesk.exe``, a windowed program: it has no console, ``sys.stdout`` and
``sys.stderr`` are None and cmd.exe does not wait for it. Given a subcommand there, it runs nothing and
tells the user, in a message box and the log, to use ``pjdesk-cli.exe`` in the same folder
(``cli_main.py``), the console program with the same commands.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

EXIT_USE_CLI = 2


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


def has_console() -> bool:
    """False in a windowed build (PyInstaller ``console=False``, pythonw.exe): nothing to print to."""
    return sys.stdout is not None and sys.stderr is not None


def cli_program() -> Path:
    """Where the console program is: ``pjdesk-cli.exe`` beside this one (a build), else ``cli_main.py``."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().with_name("pjdesk-cli.exe" if os.name == "nt" else "pjdesk-cli")
    return Path(__file__).resolve().with_name("cli_main.py")


def use_cli_message(argv: list[str]) -> str:
    """What the windowed program says when it is given a command (Chinese, shown to the user)."""
    program = cli_program()
    typed = " ".join(argv)
    return (f"pjdesk.exe 是图形界面程序，不能在命令行中运行命令“{typed}”。\n\n"
            f"命令行程序是同一文件夹中的 {program.name}：\n{program}\n\n"
            f"请在“命令提示符”中运行：\n\"{program}\" {typed}")


def tell_to_use_cli(argv: list[str]) -> int:
    """A command given to the windowed program: say where the console program is (log and message box)."""
    message = use_cli_message(argv)
    try:
        from ui.errors import setup_logging  # the GUI's log file; loads Qt, kept out of the CLI's start-up

        setup_logging()
    except OSError:
        pass                          # no log folder: the message box still tells the user
    logging.getLogger("pjdesk").warning("command given to the windowed program; use %s", cli_program())
    from PySide6.QtWidgets import QMessageBox  # only on this path (start-up time of the CLI)

    from ui.app import make_app  # Qt's Chinese button texts, the icon (start-up time of the CLI)

    app = make_app([])  # noqa: F841  (kept alive for the box)
    QMessageBox.information(None, "请使用命令行程序", message)
    return EXIT_USE_CLI


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if wants_gui(argv):
        from ui.app import run  # the GUI alone loads Qt, the CLI alone its commands (start-up time)

        return run(argv)
    if not has_console():
        return tell_to_use_cli(argv)
    from pjdesk.cli.main import main as cli_main  # (start-up time: no Qt for a command)

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
