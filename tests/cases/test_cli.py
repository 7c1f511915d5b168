"""``pjdesk cases …`` (issue #5 CLI contract): new, decide, post, object / resolve-objection, show, list,
batches with --format json; refusals exit non-zero with the Chinese reason and change nothing."""

from __future__ import annotations

import json

from pjdesk.cli.main import main
from tests.cases.conftest import CASE_TABLES, count_rows, make_household


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), "cases", *args])
    out, err = capsys.readouterr()
    return code, out, err


def answers_file(tmp_path, holds_code: int | None = None, **extra) -> str:
    data = {"exclusions": {str(c): {"holds": c == holds_code, "note": "经入户核查"} for c in range(1, 8)},
            "assessment_agency": "平江县住房和城乡建设局", "assessed_on": "2026-02-20", **extra}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_the_commands_walk_a_case_through_the_first_posting(db, tmp_path, capsys):
    hh = make_household(db)
    code, out, err = run(db, capsys, "new", "renovation", "--household", hh, "--mode", "scattered",
                         "--answers", answers_file(tmp_path), "--date", "2026-03-02")
    assert code == 0, err
    assert "已新建危房改造案件 危改-2026-0001" in out
    for decision, date in (("pass", "2026-03-05"), ("pass", "2026-03-08")):
        code, out, err = run(db, capsys, "decide", "1", "--decision", decision, "--opinion", "同意", "--by", "张三",
                             "--date", date, "--post", "村委会主任")
        assert code == 0, err
    assert "当前阶段：一榜公示" in out
    code, out, err = run(db, capsys, "post", "--village", "大山村", "--stage", "一榜公示", "--start", "2026-03-09",
                         "--end", "2026-03-15")
    assert code == 0, err and "已开启第1批一榜公示" in out
    code, out, err = run(db, capsys, "object", "危改-2026-0001", "--by", "李四", "--date", "2026-03-10",
                         "--text", "该户子女有住房")
    assert code == 0, err
    code, out, err = run(db, capsys, "decide", "1", "--decision", "pass", "--opinion", "同意", "--by", "王五",
                         "--date", "2026-03-20")
    assert code == 2 and "异议尚未核实" in err
    code, out, err = run(db, capsys, "resolve-objection", "1", "--result", "unfounded", "--by", "乡镇核查组",
                         "--date", "2026-03-18", "--note", "子女在外租房，无房产")
    assert code == 0, err
    code, out, err = run(db, capsys, "decide", "1", "--decision", "pass", "--opinion", "同意", "--by", "王五",
                         "--date", "2026-03-20", "--stage", "乡镇审核")
    assert code == 0 and "当前阶段：二榜公示" in out

    code, out, _ = run(db, capsys, "show", "1", "--format", "json")
    shown = json.loads(out)
    assert shown["stage"] == "二榜公示" and shown["status"] == "办理中"
    assert shown["subsidy"] == 20000 and shown["paid"] == 0 and shown["subsidy_approved"] is False
    assert [x["holds"] for x in shown["facts"]["exclusions"]] == [False] * 7
    assert [d["stage"] for d in shown["decisions"]] == ["申请", "村级评议", "一榜公示", "乡镇审核"]
    assert shown["objections"][0]["result"] == "不属实"
    assert [e["title"] for e in shown["timeline"]][:2] == ["提出申请", "申请：受理"]
    code, out, _ = run(db, capsys, "show", "1")
    assert "办理经过" in out and "一榜公示：公示期满" in out and "排除条件7 子女有住房：否" in out

    code, out, _ = run(db, capsys, "list", "--kind", "renovation", "--stage", "二榜公示", "--village", "大山村",
                       "--format", "json")
    assert [r["case_no"] for r in json.loads(out)] == ["危改-2026-0001"]
    code, out, _ = run(db, capsys, "list", "--kind", "relocation", "--format", "json")
    assert json.loads(out) == []
    code, out, _ = run(db, capsys, "batches", "--village", "大山村", "--format", "json")
    [batch] = json.loads(out)
    assert (batch["id"], batch["village"], batch["stage"], batch["start"], batch["end"]) == (
        1, "大山村", "一榜公示", "2026-03-09", "2026-03-15")
    assert [c["case_no"] for c in batch["cases"]] == ["危改-2026-0001"] and batch["cases"][0]["objections"] == 1
    code, out, _ = run(db, capsys, "batches")
    assert "共 1 批" in out


def test_refusals_exit_non_zero_and_change_nothing(db, tmp_path, capsys):
    hh = make_household(db)
    before = count_rows(db, *CASE_TABLES)
    code, out, err = run(db, capsys, "new", "renovation", "--household", hh, "--answers", answers_file(tmp_path, 7))
    assert code == 2 and out == "" and "排除条件7“子女有住房”" in err
    code, out, err = run(db, capsys, "new", "renovation", "--household", hh, "--agency", "县住建局",
                         "--assessed-on", "2026-02-20")
    assert code == 2 and "排除条件1“没有认定为建档立卡贫困户”尚未答复" in err
    assert count_rows(db, *CASE_TABLES) == before

    assert run(db, capsys, "new", "renovation", "--household", hh, "--answers", answers_file(tmp_path),
               "--date", "2026-03-02")[0] == 0
    before = count_rows(db, *CASE_TABLES)
    for args, reason in (
        (("decide", "1", "--decision", "pass", "--opinion", "同意", "--by", "张三", "--date", "2099-01-01"),
         "不能填写将来的日期"),
        (("decide", "1", "--decision", "return", "--opinion", "补材料", "--by", "张三", "--date", "2026-03-05"),
         "没有上一级"),
        (("decide", "1", "--decision", "pass", "--opinion", "同意", "--by", "张三", "--date", "2026-3-5"),
         "格式不正确"),
        (("post", "--village", "大山村", "--stage", "一榜公示", "--start", "2026-03-09", "--end", "2026-03-12"),
         "公示期不足7天（2026-03-09至2026-03-12，共4天），最短7天"),
        (("post", "--village", "大山村", "--stage", "一榜公示", "--start", "2026-03-09", "--end", "2026-03-15"),
         "大山村没有等待“一榜公示”"),
        (("decide", "9", "--decision", "pass", "--opinion", "同意", "--by", "张三", "--date", "2026-03-05"),
         "案件“9”不存在"),
    ):
        code, out, err = run(db, capsys, *args)
        assert code == 2 and out == "" and reason in err, (args, err)
    assert count_rows(db, *CASE_TABLES) == before


def test_concentrated_mode_from_the_command_line(db, tmp_path, capsys):
    hh = make_household(db, size=2)
    code, out, err = run(db, capsys, "new", "renovation", "--household", hh, "--mode", "concentrated",
                         "--answers", answers_file(tmp_path), "--site", "大山村集居点", "--site-households", "12",
                         "--date", "2026-03-02")
    assert code == 0, err and "集中安置" in out
    code, out, _ = run(db, capsys, "show", "1", "--format", "json")
    facts = json.loads(out)["facts"]
    assert (facts["mode"], facts["house_type"], facts["main_area"], facts["homestead_area"]) == ("集中安置", 35, 35, 55)
