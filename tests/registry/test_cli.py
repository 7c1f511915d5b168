"""The CLI contract of issue #2, driven through pjdesk.cli.main with a real database file."""

import datetime as dt
import json
import sqlite3
from collections import Counter

import pytest

from pjdesk import idcard, seed
from pjdesk.cli.main import main

TODAY = dt.date(2026, 11, 28)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    return path


def test_demo_list_json_is_a_valid_registry(demo_file, capsys):
    code, out, err = run(capsys, "--db", str(demo_file), "households", "list", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 1500
    villages = {v for v, _ in seed.villages_of("虹桥镇")}
    assert {r["village"] for r in rows} == villages
    for key in ("household_no", "village", "group", "head_name", "head_id_number", "size", "type",
                "status", "main_cause", "other_causes", "exit_year"):
        assert key in rows[0]
    for r in rows:
        idcard.parse(r["head_id_number"], today=TODAY)  # a struck-off household shows its last head
        assert r["main_cause"] and len(r["other_causes"]) <= 2 and r["main_cause"] not in r["other_causes"]
    # every household exactly one current head; size = count of current members; every ID valid
    conn = sqlite3.connect(demo_file)
    heads = Counter(h for (h,) in conn.execute(
        "SELECT household_id FROM member WHERE left_on IS NULL AND relation='户主'"))
    closed = {h for (h,) in conn.execute("SELECT id FROM household WHERE status = '已销户'")}
    assert closed and len(heads) == 1500 - len(closed) and set(heads.values()) == {1}
    assert not closed & set(heads)  # struck off: nobody stays registered
    sizes = dict(conn.execute("SELECT h.household_no, count(m.id) FROM household h JOIN member m "
                              "ON m.household_id = h.id AND m.left_on IS NULL GROUP BY h.id"))
    assert all(sizes.get(r["household_no"], 0) == r["size"] for r in rows)
    ids = [i for (i,) in conn.execute("SELECT id_number FROM member")]
    assert len(ids) == len(set(ids)) > 4500
    for number in ids:
        idcard.parse(number, today=TODAY)
    conn.close()


def test_demo_causes_follow_the_plan_shares(demo_file, capsys):
    """R1.6: illness 58.4 %, lack of funds 52 %, … (several causes per household)."""
    code, out, _ = run(capsys, "--db", str(demo_file), "stats", "--format", "json")
    share = json.loads(out)["cause_share"]
    assert share["因病"] == pytest.approx(.584, abs=.05)
    assert share["缺资金"] == pytest.approx(.52, abs=.05)
    assert share["缺技术"] == pytest.approx(.352, abs=.05)
    assert share["因灾"] < share["因残"] < share["缺技术"]


def test_demo_is_deterministic(tmp_path, capsys):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for p in (a, b):
        assert main(["--db", str(p), "demo", "--households", "120"]) == 0
    capsys.readouterr()
    outs = [run(capsys, "--db", str(p), "households", "list", "--format", "csv")[1] for p in (a, b)]
    assert outs[0] == outs[1] and outs[0].count("\n") == 121


def test_list_filters_and_show(demo_file, capsys):
    code, out, _ = run(capsys, "--db", str(demo_file), "households", "list", "--village", "大山村",
                       "--status", "已脱贫", "--format", "json")
    rows = json.loads(out)
    assert rows and {(r["village"], r["status"]) for r in rows} == {("大山村", "已脱贫")}
    no = rows[0]["household_no"]
    code, out, _ = run(capsys, "--db", str(demo_file), "households", "show", no, "--format", "json")
    d = json.loads(out)
    assert d["household_no"] == no and len([m for m in d["members"] if not m["left_on"]]) == d["size"]
    for key in ("name", "id_number", "relation", "sex", "birth_date", "health", "labour_ability", "school_status"):
        assert key in d["members"][0]
    # the keys are the input objects' field names (HouseholdInput / MemberInput), dates as YYYY-MM-DD
    for key in ("wage_income", "business_income", "transfer_income", "property_income", "production_cost",
                "house_structure", "house_area", "danger_grade", "house_built_year", "net_income",
                "per_capita_net_income"):
        assert key in d
    assert "income" not in d and "housing" not in d
    assert d["net_income"] == (d["wage_income"] + d["business_income"] + d["transfer_income"]
                               + d["property_income"] - d["production_cost"])
    assert len(d["members"][0]["birth_date"]) == 10 and d["status_history"][0]["to_status"] == "未脱贫"
    code, out, _ = run(capsys, "--db", str(demo_file), "households", "list", "--search",
                       d["head_id_number"][-8:], "--format", "json")
    assert no in [r["household_no"] for r in json.loads(out)]


def test_refusals_exit_non_zero_with_chinese_on_stderr(demo_file, tmp_path, capsys):
    code, out, err = run(capsys, "--db", str(demo_file), "households", "show", "999")
    assert code != 0 and "户编号“999”不存在" in err and out == ""
    code, _, err = run(capsys, "--db", str(demo_file), "households", "list", "--status", "富裕")
    assert code != 0 and "状态“富裕”无效" in err
    code, _, err = run(capsys, "--db", str(demo_file), "demo")
    assert code != 0 and "已存在" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "init", "--township", "火星镇")
    assert code != 0 and "不是平江县的乡镇" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "missing.db"), "stats")
    assert code != 0 and "数据库文件不存在" in err and not (tmp_path / "missing.db").exists()


def test_init_and_env_db(tmp_path, monkeypatch, capsys):
    path = tmp_path / "env.db"
    monkeypatch.setenv("PJDESK_DB", str(path))
    code, out, err = run(capsys, "init", "--township", "虹桥镇")
    assert code == 0, err
    assert "虹桥镇" in out and path.exists()
    code, _, err = run(capsys, "init", "--township", "虹桥镇")
    assert code != 0 and "已设定乡镇" in err
    code, out, _ = run(capsys, "stats", "--format", "json")
    assert json.loads(out)["households"] == 0


def test_villages_add_and_list(tmp_path, capsys):
    path = str(tmp_path / "v.db")
    assert main(["--db", path, "init", "--township", "虹桥镇"]) == 0
    code, _, err = run(capsys, "--db", path, "villages", "add", "新合村", "--old-name", "老屋村")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", path, "villages", "list", "--format", "json")
    rows = json.loads(out)
    assert {"village": "新合村", "old_name": "老屋村", "is_poor_village": False, "households": 0} in rows
    code, _, err = run(capsys, "--db", path, "villages", "add", "新合村")
    assert code != 0 and "已存在" in err


def test_demo_force_never_deletes_a_real_database(tmp_path, monkeypatch, capsys):
    real = tmp_path / "township.db"
    assert main(["--db", str(real), "init", "--township", "虹桥镇"]) == 0
    before = real.read_bytes()
    code, _, err = run(capsys, "--db", str(real), "demo", "--force")
    assert code != 0 and "不是演示数据库" in err and real.read_bytes() == before
    # PJDESK_DB names the clerk's file: demo writes its own file instead
    monkeypatch.setenv("PJDESK_DB", str(real))
    code, out, err = run(capsys, "demo", "--households", "20")
    assert code == 0, err
    assert str(real) not in out and real.read_bytes() == before
    code, _, err = run(capsys, "demo", "--households", "20", "--force")  # a demo file may be rebuilt
    assert code == 0, err
