"""R1.5 from the command line: ``pjdesk households status NO --to 预脱贫 --date D --reason R --checklist F``.
A refusal prints the Chinese reason on stderr, exits 2 and changes nothing."""

import json

import pytest
from sqlalchemy import func, select

from db.models import StatusChange
from db.models.household_records import ExitCheck
from pjdesk.cli.main import main
from pjdesk.registry import exit_rules
from pjdesk.registry.queries import household_detail
from tests.registry.test_exit_checklist import make


def run(capsys, db, *argv):
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(db):
    with db.reader() as s:
        return (s.scalar(select(func.count()).select_from(StatusChange)),
                s.scalar(select(func.count()).select_from(ExitCheck)))


def checklist_file(tmp_path, **changes):
    data = exit_rules.checklist_as_json(exit_rules.passing_items())
    data.update(changes)
    path = tmp_path / "checklist.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_R1_5_cli_marks_pre_exit_with_a_checklist_file(db, capsys, tmp_path):
    no = make(db)
    code, out, err = run(capsys, db, "households", "status", no, "--to", "预脱贫", "--date", "2026-09-01",
                         "--reason", "两不愁三保障达标", "--checklist", checklist_file(tmp_path))
    assert (code, err) == (0, "")
    assert f"户编号 {no} → 预脱贫" in out
    d = household_detail(db, no)
    assert d.status == "预脱贫" and [i.met for i in d.exit_checks[0].items] == [True] * 5


def test_R1_5_cli_exit_refused_without_checklist(db, capsys):
    no = make(db)
    before = rows(db)
    code, out, err = run(capsys, db, "households", "status", no, "--to", "预脱贫", "--date", "2026-09-01",
                         "--reason", "达标")
    assert code == 2 and out == "" and "错误：须填写“两不愁三保障”核查表" in err
    assert rows(db) == before


def test_R1_5_cli_exit_refused_when_housing_with_a_D_house(db, capsys, tmp_path):
    no = make(db, structure="土木", grade="D")
    before = rows(db)
    code, _, err = run(capsys, db, "households", "status", no, "--to", "预脱贫", "--date", "2026-09-01",
                       "--reason", "达标", "--checklist", checklist_file(tmp_path))
    assert code == 2 and "“住房安全有保障”不能填“达标”：住房为D级危房（土木）" in err
    assert rows(db) == before and household_detail(db, no).status == "未脱贫"


def test_R1_5_cli_exit_refused_when_an_item_is_typed_not_met(db, capsys, tmp_path):
    no = make(db)
    path = checklist_file(tmp_path, 不愁穿={"result": "未达标", "note": "冬衣不足"})
    code, _, err = run(capsys, db, "households", "status", no, "--to", "预脱贫", "--date", "2026-09-01",
                       "--reason", "达标", "--checklist", path)
    assert code == 2 and "“不愁穿”未达标：冬衣不足" in err


@pytest.mark.parametrize("content, words", [
    (b"{not json", "不是有效的JSON"),
    ("{\"不愁吃\": 1}".encode("utf-8"), "应为"),
    ("{\"不愁吃\"}".encode("gbk"), "不是UTF-8编码"),
    (b"[]", "须为JSON对象"),
    (json.dumps({"不愁吃": {"result": "yes"}}).encode(), "结果“yes”无效"),
])
def test_R1_5_cli_bad_checklist_file_refused(db, capsys, tmp_path, content, words):
    no = make(db)
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = rows(db)
    code, _, err = run(capsys, db, "households", "status", no, "--to", "预脱贫", "--date", "2026-09-01",
                       "--reason", "达标", "--checklist", str(path))
    assert code == 2 and words in err and rows(db) == before


@pytest.mark.parametrize("argv, words", [
    (["--to", "脱贫", "--date", "2026-09-01"], "--to “脱贫”无效"),
    (["--to", "预脱贫", "--date", "2026/09/01"], "格式不正确"),
    (["--to", "预脱贫", "--date", "2099-12-31"], "不能晚于今天"),
    (["--to", "预脱贫", "--date", "9999-12-31"], "年份不合理"),
])
def test_R1_5_cli_bad_options_refused(db, capsys, tmp_path, argv, words):
    no = make(db)
    code, _, err = run(capsys, db, "households", "status", no, *argv, "--reason", "达标",
                       "--checklist", checklist_file(tmp_path))
    assert code == 2 and words in err


def test_cli_missing_checklist_file_and_long_reason_refused(db, capsys, tmp_path):
    no = make(db)
    code, _, err = run(capsys, db, "households", "status", no, "--to", "预脱贫", "--date", "2026-09-01",
                       "--reason", "达标", "--checklist", str(tmp_path / "none.json"))
    assert code == 2 and "核查表文件“" in err and "不存在" in err
    code, _, err = run(capsys, db, "households", "status", no, "--to", "已销户", "--date", "2026-09-01",
                       "--reason", "因" * 501)
    assert code == 2 and "最多500字" in err and household_detail(db, no).status == "未脱贫"


def test_cli_other_transitions_need_no_checklist(db, capsys):
    no = make(db, structure="土木", grade="D")
    code, out, err = run(capsys, db, "households", "status", no, "--to", "已销户", "--date", "2026-09-01",
                         "--reason", "全户迁出")
    assert code == 0, err
    assert household_detail(db, no).status == "已销户" and rows(db)[1] == 0


def test_cli_status_help_documents_the_checklist_format(capsys):
    with pytest.raises(SystemExit):
        main(["households", "status", "--help"])
    out = capsys.readouterr().out
    assert "\"住房安全有保障\": {\"result\": \"达标\"" in out and "两不愁三保障" in out
