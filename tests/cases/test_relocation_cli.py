"""``pjdesk cases new relocation`` and ``pjdesk sites list`` (issue 11): the other ``cases`` commands
(decide, post, show, list) work unchanged for a relocation case; refusals exit 2 and change nothing."""

from __future__ import annotations

import datetime as dt
import json

from pjdesk.cli.main import main
from tests.cases.conftest import count_rows, make_household
from tests.cases.relocation_helpers import RelocationDriver, site

TABLES = ("case_file", "relocation_detail", "relocation_mover")


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), *args])
    out, err = capsys.readouterr()
    return code, out, err


NEW = ("--unit", "3栋502", "--area", "75", "--sole-house", "--willing-on", "2026-02-25", "--willing-by", "户主本人",
       "--date", "2026-03-02")


def test_R4_cases_new_relocation_then_the_shared_commands(db, capsys):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    code, out, err = run(db, capsys, "cases", "new", "relocation", "--household", hh, "--site", "T-1", *NEW)
    assert code == 0, err
    assert "已新建易地搬迁案件 搬迁-2026-0001" in out
    code, out, err = run(db, capsys, "cases", "decide", "搬迁-2026-0001", "--decision", "pass", "--opinion", "同意",
                         "--by", "村委会", "--date", "2026-03-05")
    assert code == 0 and "当前阶段：村级评议" in out, err
    code, out, err = run(db, capsys, "cases", "show", "搬迁-2026-0001")
    assert code == 0 and "安置点：测试安置区T-1 3栋502（75㎡，3人）" in out and "搬迁补助：标准未设定" in out, err
    code, out, err = run(db, capsys, "--format", "json", "cases", "list", "--kind", "relocation")
    rows = json.loads(out)
    assert [r["case_no"] for r in rows] == ["搬迁-2026-0001"] and rows[0]["facts"]["site"] == "测试安置区T-1"


def test_R4_1_cases_new_relocation_refusals_exit_2_and_write_nothing(db, capsys):
    site(db, planned=1)
    brick = make_household(db, structure="砖木", grade="C")
    before = count_rows(db, *TABLES)
    code, out, err = run(db, capsys, "cases", "new", "relocation", "--household", brick, "--site", "T-1", *NEW)
    assert code == 2 and "无房户或仅有一套土坯结构住房" in err
    adobe = make_household(db, structure="土坯", grade="D")
    code, out, err = run(db, capsys, "cases", "new", "relocation", "--household", adobe, "--site", "NOPE", *NEW)
    assert code == 2 and "安置点“NOPE”不存在" in err
    code, out, err = run(db, capsys, "cases", "new", "relocation", "--household", adobe, "--site", "T-1",
                         "--movers", "王某某", *NEW)
    assert code == 2 and "搬迁人员“王某某”不是该户在册成员" in err
    code, out, err = run(db, capsys, "cases", "new", "relocation", "--household", adobe, "--site", "T-1",
                         *[x for x in NEW if x not in ("--sole-house",)])
    assert code == 2 and "唯一一套住房" in err
    assert count_rows(db, *TABLES) == before


def test_R4_4_sites_list_shows_occupancy_as_table_and_json(db, capsys):
    site(db, planned=5)
    hh = make_household(db, structure="无房", grade="")
    assert run(db, capsys, "cases", "new", "relocation", "--household", hh, "--site", "T-1", *NEW)[0] == 0
    code, out, err = run(db, capsys, "sites", "list")
    assert code == 0, err
    assert "测试安置区T-1" in out and "剩余户数" in out and "共 1 个安置点" in out
    code, out, err = run(db, capsys, "--format", "json", "sites", "list")
    (row,) = json.loads(out)
    assert (row["planned_households"], row["allocated_households"], row["allocated_persons"],
            row["moved_in_households"], row["capacity_left"]) == (5, 1, 3, 0, 4)


def test_R4_the_steps_after_approval_from_the_command_line_to_archive(db, capsys):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    assert run(db, capsys, "cases", "new", "relocation", "--household", hh, "--site", "T-1", *NEW)[0] == 0
    drv = RelocationDriver(db, "搬迁-2026-0001")
    drv.to_stage("实施")                           # through 三榜公示
    day = drv.day
    steps = [("搬迁协议", 2, ["--by", "户主"]), ("拆旧复垦协议", 3, ["--by", "户主"]), ("搬迁入住", 5, ["--by", "户主"]),
             ("旧房拆除", 20, []), ("拆除验收", 22, ["--by", "乡镇验收组"]),
             ("后续扶持", 30, ["--category", "就业", "--note", "安置区扶贫车间务工"])]
    for event, n, extra in steps:
        date = (day + dt.timedelta(days=n)).isoformat()
        code, out, err = run(db, capsys, "cases", "relocation-step", "搬迁-2026-0001", "--event", event, "--date", date,
                             *extra)
        assert code == 0, (event, err)
    assert "案件当前阶段：后续扶持" in out
    date = (day + dt.timedelta(days=40)).isoformat()
    code, out, err = run(db, capsys, "cases", "decide", "搬迁-2026-0001", "--decision", "pass", "--opinion", "归档",
                         "--by", "乡镇扶贫站", "--date", date)
    assert code == 0 and "当前阶段：归档" in out, err
    code, out, err = run(db, capsys, "cases", "show", "搬迁-2026-0001")
    assert "原住房：土坯（已拆除）" in out


def test_R4_a_refused_step_exits_2(db, capsys):
    site(db)
    hh = make_household(db, structure="无房", grade="")
    assert run(db, capsys, "cases", "new", "relocation", "--household", hh, "--site", "T-1", *NEW)[0] == 0
    code, out, err = run(db, capsys, "cases", "relocation-step", "搬迁-2026-0001", "--event", "搬迁入住",
                         "--date", "2026-03-10", "--by", "户主")
    assert code == 2 and "阶段录入" in err
