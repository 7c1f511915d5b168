"""``pjdesk [--db PATH] COMMAND …``: the command-line program. The areas are listed once, in
``AREAS``, with the commands each one's module adds (``register(subparsers)``); a command loads only
its own area's module (``pjdesk households show`` needs no PDF library), ``--help`` and a mistyped
command load them all.

Errors are mapped here and nowhere else: a refusal (``PjdeskError``, a report that cannot be written, a
missing file) prints ``错误：…`` in Chinese on stderr and exits 2, having changed nothing (each command is
one service call, one transaction); a usage error prints the usage and a Chinese message, exit 2.
``--db`` and ``--format`` are taken before or after the subcommand, as users type them.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys

from reports.errors import ReportError

from .. import __version__
from ..errors import NotLoggedIn, PjdeskError
from ..redact import redact

EXIT_REFUSED = 2



# Each area's module is imported only when one of its commands is typed (start-up time: the pairing,
# cases and printing areas load the PDF writers).
def _registry(sub) -> None:
    from . import registry  # start-up time: loaded for its own commands only

    registry.register(sub)


def _stats(sub) -> None:
    from . import stats  # start-up time: loaded for its own commands only

    stats.register(sub)


def _pairing(sub) -> None:
    from . import pairing  # start-up time: loaded for its own commands only

    pairing.register(sub)


def _cases(sub) -> None:
    from . import cases  # start-up time: loaded for its own commands only

    cases.register(sub)


def _sites(sub) -> None:
    from . import sites  # start-up time: loaded for its own commands only

    sites.register(sub)


def _printing(sub) -> None:
    from . import printing  # start-up time: loaded for its own commands only

    printing.register(sub)


def _quality(sub) -> None:
    from . import quality  # start-up time: loaded for its own commands only

    quality.register(sub)


def _monthly(sub) -> None:
    from . import monthly  # start-up time: loaded for its own commands only

    monthly.register(sub)


def _roster(sub) -> None:
    from . import roster  # start-up time: loaded for its own commands only

    roster.register(sub)


def _users(sub) -> None:
    from . import users  # start-up time: loaded for its own commands only

    users.register(sub)


def _backups(sub) -> None:
    from . import backups  # start-up time: loaded for its own commands only

    backups.register(sub)


# The command groups in the order ``pjdesk --help`` lists them: the commands each area adds, and the
# function that adds them.
AREAS = (
    (("demo", "init", "households", "villages"), _registry),
    (("stats",), _stats),
    (("helpers",), _pairing),
    (("cases",), _cases),
    (("sites",), _sites),
    (("print",), _printing),
    (("check",), _quality),
    (("export",), _monthly),
    (("import",), _roster),
    (("backup", "restore"), _backups),
    (("users", "audit"), _users),
)
GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--format", "--user")

_DB_HELP = "数据库文件路径（默认在用户数据目录，可用 PJDESK_DB 环境变量指定）"
_USER_HELP = "以该用户身份执行（默认取环境变量 PJDESK_USER；密码取 PJDESK_PASSWORD，否则提示输入）"
# argparse's own English messages (Python 3.10–3.13), in Chinese.
_MESSAGES = (
    (r"the following arguments are required: (.*)", r"缺少必填参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"参数 \1 的值 \2 无效，可选：\3"),
    (r"argument (.*?): invalid (int|float|whole_number|decimal_number) value: (.*)", r"参数 \1 须为数字，填写的是 \3"),
    (r"argument (.*?): expected one argument", r"参数 \1 后须跟一个值"),
    (r"argument (.*?): expected at least one argument", r"参数 \1 后须至少跟一个值"),
    (r"argument (.*?): not allowed with argument (.*)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (.*?) could match (.*)", r"选项 \1 不明确，可能是：\2"),
    (r"argument (.*?): ignored explicit argument (.*)", r"参数 \1 不接受值 \2"),
)


def chinese(message: str) -> str:
    """argparse's English usage error in Chinese (unknown ones are passed through)."""
    message = re.sub(r"^argument (sub|command):", "argument 子命令:", message)
    message = re.sub(r"\(choose from (.*)\)$", lambda m: "(choose from " + m.group(1).replace("'", "").replace(", ", "、") + ")",
                     message)
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese and takes ``--db`` at every level of the command.

    ``--db`` and ``--format`` default to SUPPRESS below the top, so a value typed before the
    subcommand is kept unless one is typed after it; a command's own ``--format`` choices and default
    are remembered and applied in ``parse`` once the whole line is read.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")
        self.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
        self.add_argument("--user", default=argparse.SUPPRESS, help=_USER_HELP)

    def add_argument(self, *names, **kwargs):
        if "--format" in names and "choices" in kwargs:
            self.set_defaults(format_choices=tuple(kwargs["choices"]),
                              format_default=kwargs.get("default", kwargs["choices"][0]))
            kwargs["default"] = argparse.SUPPRESS
            kwargs.setdefault("help", f"输出格式：{'、'.join(kwargs['choices'])}")
        return super().add_argument(*names, **kwargs)

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"参数错误：{chinese(message)}", file=sys.stderr)
        sys.exit(EXIT_REFUSED)


def areas_for(argv: list[str] | None) -> list:
    """The areas whose commands the parser needs for ``argv``: the typed command's own, else (no
    command, a mistyped one, help asked before the command) all of them."""
    everything = [register for _, register in AREAS]
    skip = False
    for arg in argv or ():
        if skip:
            skip = False
        elif arg in GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif arg in ("-h", "--help"):
            return everything
        elif not arg.startswith("-"):
            return [register for commands, register in AREAS if arg in commands] or everything
    return everything


def build_parser(areas: list | None = None) -> ChineseParser:
    """The parser with the commands of ``areas`` (default: all)."""
    parser = ChineseParser(prog="pjdesk", description="平江扶贫工作台（命令行）")
    parser.set_defaults(db=None, user=None)
    parser.add_argument("--format", default=argparse.SUPPRESS, help="输出格式（table、json，部分命令可用 csv）")
    parser.add_argument("--version", action="version", version=f"pjdesk {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseParser,
                                metavar="命令", help="可用的命令（pjdesk 命令 --help 查看其用法）")
    for _commands, register in AREAS:
        if areas is None or register in areas:
            register(sub)
    return parser


def parse(parser: ChineseParser, argv: list[str] | None) -> argparse.Namespace:
    args = parser.parse_args(argv)
    choices = getattr(args, "format_choices", None)
    typed = getattr(args, "format", None)
    if choices is None:
        if typed is not None:
            parser.error(f"该命令没有 --format 选项（填写的是 {typed}）")
    elif typed is None:
        args.format = args.format_default
    elif typed not in choices:
        parser.error(f"--format 的值 {typed} 无效，该命令可选：{'、'.join(choices)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(build_parser(areas_for(sys.argv[1:] if argv is None else argv)), argv)
    try:
        return args.func(args) or 0
    # stderr may be kept (a scheduled task's log): an ID number, phone or account never reaches it
    except PjdeskError as exc:
        hint = "（命令行请用 --user 或环境变量 PJDESK_USER 指定用户）" \
            if isinstance(exc, NotLoggedIn) and "--user" not in exc.message else ""
        print(f"错误：{redact(exc.message)}{hint}", file=sys.stderr)
    except ReportError as exc:  # no font, a PDF that cannot be written: the report's Chinese message
        print(f"错误：{redact(str(exc))}", file=sys.stderr)
    except FileNotFoundError as exc:
        print(f"错误：{redact(str(exc))}", file=sys.stderr)
    except OverflowError:  # a number no service bounded yet: refused, never a traceback
        print("错误：输入的数字过大，请检查后重新输入", file=sys.stderr)
    except BrokenPipeError:  # output piped into head, less …: stop quietly (Python docs' recipe)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a damaged page met by a read (writes check the file first); else a bug
        if not _is_damage(exc):
            raise
        print(f"错误：{redact(_damaged(args, exc).message)}", file=sys.stderr)
    return EXIT_REFUSED


def _is_damage(exc: Exception) -> bool:
    """SQLite's 'malformed' / 'not a database', raised directly or wrapped by SQLAlchemy (``.orig``)."""
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, sqlite3.DatabaseError) and ("malformed" in str(orig) or "not a database" in str(orig))


def _damaged(args, exc: Exception):
    """The refusal of a damaged file, naming the newest good backup (issue 14, defect 6)."""
    from .. import opening  # only when a file turned out damaged (start-up time)
    from .common import db_path  # (start-up time, as above)

    return opening.damaged(db_path(args), [str(getattr(exc, "orig", exc))])


if __name__ == "__main__":
    sys.exit(main())
