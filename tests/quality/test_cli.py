"""``pjdesk check`` (issue 12): exit 1 only with an error-level finding; JSON names the records; on
the demo township it reports what the demo really holds."""

from __future__ import annotations

import json

from pjdesk.cli.main import main
from pjdesk.quality.checks import run_checks
from tests.quality.conftest import raw


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), "check", "--today", "2026-11-28", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0_with_a_summary(clean, capsys):
    code, out, err = run(clean["db"], capsys)
    assert code == 0 and err == "" and "共0条：错误0条，提示0条" in out


def test_hints_alone_exit_0_errors_exit_1(clean, capsys):
    db = clean["db"]
    raw(db, "UPDATE member SET school_status = '非在校生' WHERE name = '王小明'")
    code, out, _ = run(db, capsys)
    assert code == 0 and "义务教育阶段儿童未在校" in out and "王小明" in out
    raw(db, "UPDATE member SET is_dibao = 0 WHERE name = '李二水'")
    code, out, _ = run(db, capsys, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["errors"] == 1 and data["hints"] == 1
    (error,) = [f for f in data["findings"] if f["severity"] == "错误"]
    assert error["check"] == "dibao_member" and error["household_no"] == clean["li"]
    assert data["counts"]["dibao_member"] == 1


def test_no_id_number_or_phone_in_the_output(clean, capsys):
    db = clean["db"]
    numbers = [n for (n,) in raw(db, "SELECT id_number FROM member")] + ["13907301234"]
    raw(db, "UPDATE member SET sex = '女' WHERE name = '王大山'")
    raw(db, "UPDATE member SET id_number = id_number || '1' WHERE name = '李二水'")
    code, out, err = run(db, capsys, "--format", "json")
    assert code == 1 and json.loads(out)["errors"] == 2
    assert not any(n in out or n in err for n in numbers)


def test_a_missing_file_is_refused_with_exit_2(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.db"), "check"]) == 2
    assert "数据库文件不存在" in capsys.readouterr().err


def test_the_demo_holds_no_fault(demo_db, capsys):
    """The demo township is built through the services: the checks find nothing there (none invented)."""
    assert run_checks(demo_db) == []
    code, out, _ = run(demo_db, capsys, "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []
