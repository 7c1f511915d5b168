"""``pjdesk helpers …`` (issue #4 CLI contract): a refused assignment exits non-zero, prints the
Chinese reason (who, how many, the limit) and writes nothing."""

from __future__ import annotations

import json

from sqlalchemy import text

from pjdesk.cli.main import main

from tests.pairing.conftest import head_of


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(db):
    with db.engine.connect() as c:
        return c.execute(text("SELECT * FROM helper_assignment ORDER BY id")).all()


def test_r2_1_cli_add_assign_and_the_sixth_refused(db, households, capsys):
    code, out, _ = run(db, capsys, "helpers", "add", "--name", "王建国", "--unit", "县统计局", "--level", "县直",
                       "--phone", "13907301234")
    assert code == 0 and "已登记帮扶责任人“王建国”" in out
    for no in households[:5]:
        code, out, err = run(db, capsys, "helpers", "assign", "--helper", "王建国", "--household", no,
                             "--date", "2026-11-01")
        assert code == 0, err
    assert "现帮扶5/5户" in out
    before = snapshot(db)

    code, out, err = run(db, capsys, "helpers", "assign", "--helper", "王建国", "--household", households[5])

    assert code != 0 and out == ""
    assert err.startswith("错误：帮扶责任人“王建国”已帮扶5户，达到上限5户")
    assert head_of(5) in err and households[5] in err
    assert snapshot(db) == before


def test_cli_list_json_has_each_helpers_households(db, households, capsys):
    run(db, capsys, "helpers", "add", "--name", "王建国", "--unit", "县统计局", "--level", "县直", "--phone", "13907301234")
    run(db, capsys, "helpers", "add", "--name", "李秀英", "--unit", "虹桥镇人民政府", "--level", "乡镇")
    assert run(db, capsys, "helpers", "assign", "--helper", "1", "--household", households[0],
               "--household", households[1])[0] == 0
    code, out, _ = run(db, capsys, "helpers", "list", "--format", "json")
    data = {d["name"]: d for d in json.loads(out)}
    assert code == 0 and set(data) == {"王建国", "李秀英"}
    wang = data["王建国"]
    assert (wang["unit"], wang["level"], wang["phone"], wang["load"], wang["limit"]) == ("县统计局", "县直", "13907301234", 2, 5)
    assert [h["household_no"] for h in wang["households"]] == households[:2]
    assert data["李秀英"]["households"] == []
    code, out, _ = run(db, capsys, "helpers", "list")
    assert "2/5" in out and "共 2 名帮扶责任人" in out


def test_cli_unassign_reassign_and_history(db, households, capsys):
    run(db, capsys, "helpers", "add", "--name", "王建国", "--unit", "县统计局", "--level", "县直")
    run(db, capsys, "helpers", "add", "--name", "李秀英", "--unit", "虹桥镇人民政府", "--level", "乡镇")
    run(db, capsys, "helpers", "assign", "--helper", "王建国", "--household", households[0], "--date", "2026-01-05")
    code, out, err = run(db, capsys, "helpers", "reassign", "--household", households[0], "--helper", "李秀英",
                         "--date", "2026-06-01")
    assert code == 0, err
    code, out, err = run(db, capsys, "helpers", "unassign", "--household", households[0], "--date", "2026-10-01",
                         "--reason", "帮扶人调离")
    assert code == 0 and "李秀英" in out
    code, out, _ = run(db, capsys, "helpers", "history", "--household", households[0], "--format", "json")
    assert [(h["helper"], h["start_on"], h["end_on"]) for h in json.loads(out)] == [
        ("王建国", "2026-01-05", "2026-06-01"), ("李秀英", "2026-06-01", "2026-10-01")]


def test_cli_refusals_are_chinese(db, households, capsys):
    code, _, err = run(db, capsys, "helpers", "assign", "--helper", "无此人", "--household", households[0])
    assert code != 0 and "帮扶责任人“无此人”不存在" in err
    run(db, capsys, "helpers", "add", "--name", "王建国", "--unit", "县统计局", "--level", "县直")
    code, _, err = run(db, capsys, "helpers", "assign", "--helper", "王建国", "--household", households[0],
                       "--date", "2026/1/1")
    assert code != 0 and "日期“2026/1/1”格式不正确" in err
    code, _, err = run(db, capsys, "helpers", "add", "--name", "王建国", "--unit", "县统计局", "--level", "县直")
    assert code != 0 and "已登记" in err
    code, _, err = run(db, capsys, "helpers", "add", "--name", "张三", "--unit", "县统计局", "--level", "县直",
                       "--phone", "12345")
    assert code != 0 and "联系电话“12345”无效" in err
    assert snapshot(db) == []


def test_cli_autopair_shows_then_accepts(db, households, capsys):
    run(db, capsys, "helpers", "add", "--name", "李秀英", "--unit", "虹桥镇人民政府", "--level", "乡镇")
    run(db, capsys, "helpers", "add", "--name", "刘德华", "--unit", "虹桥镇人民政府", "--level", "乡镇")
    code, out, _ = run(db, capsys, "helpers", "autopair", "--village", "大山村")
    assert code == 0 and "待结对8户" in out and snapshot(db) == []
    code, out, _ = run(db, capsys, "helpers", "autopair", "--village", "大山村", "--accept")
    assert code == 0 and "已保存8户结对" in out and len(snapshot(db)) == 8
    code, out, _ = run(db, capsys, "helpers", "unassigned", "--format", "json")
    assert json.loads(out) == []
