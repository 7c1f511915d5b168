"""Global options where users type them, and argparse's own messages in Chinese (issue 9)."""

import json

import pytest

from pjdesk.cli.main import main


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-options") / "demo.db"
    assert main(["--db", str(path), "demo", "--households", "40"]) == 0
    return path


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:          # argparse's usage errors and --help
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ("--db", "{db}", "--format", "json", "households", "list"),
    ("households", "list", "--db", "{db}", "--format", "json"),
    ("households", "--db", "{db}", "list", "--format", "json"),
    ("--format", "json", "households", "list", "--db", "{db}"),
])
def test_db_and_format_before_or_after_the_subcommand(demo_file, capsys, argv):
    code, out, err = run(capsys, *(a.format(db=demo_file) for a in argv))
    assert code == 0, err
    assert len(json.loads(out)) == 40


def test_the_option_typed_after_the_subcommand_wins(demo_file, tmp_path, capsys):
    code, out, err = run(capsys, "--db", str(tmp_path / "nowhere.db"), "--format", "table",
                         "stats", "--db", str(demo_file), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["households"] == 40


def test_a_format_the_command_does_not_offer_is_refused_in_chinese(demo_file, capsys):
    code, out, err = run(capsys, "--format", "csv", "--db", str(demo_file), "stats")
    assert code == 2 and out == ""
    assert "参数错误：--format 的值 csv 无效，该命令可选：table、json" in err
    code, _, err = run(capsys, "--format", "json", "--db", str(demo_file), "helpers", "settings")
    assert code == 2 and "该命令没有 --format 选项" in err


@pytest.mark.parametrize("argv, message", [
    (("households", "show"), "参数错误：缺少必填参数：household_no"),
    (("households", "lis"), "参数错误：参数 子命令 的值 'lis' 无效，可选：list、show"),
    (("households", "list", "--format", "xml"), "参数 --format 的值 'xml' 无效，可选：table、csv、json"),
    (("households", "list", "--db"), "参数 --db 后须跟一个值"),
    (("demo", "--households", "many"), "参数 --households 须为数字，填写的是 'many'"),
    (("stats", "--colour"), "参数错误：无法识别的参数：--colour"),
])
def test_usage_errors_are_in_chinese(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.startswith("用法：")


def test_help_is_in_chinese(capsys):
    code, out, _ = run(capsys, "households", "list", "--help")
    assert code == 0
    assert out.startswith("用法：") and "显示本帮助并退出" in out and "选项" in out
    assert "usage" not in out and "show this help" not in out
