"""``pjdesk cases …`` refuses bad input instead of crashing: every value of the --answers file is
checked for its type and refused naming the field (Chinese, exit 2, no traceback, nothing written);
an id that cannot be a row id is simply not found."""

from __future__ import annotations

import json

import pytest

from pjdesk.cli.main import main
from tests.cases.conftest import CASE_TABLES, count_rows, make_household

HUGE = "99999999999999999999999"


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def answers(tmp_path, **extra) -> str:
    data = {"exclusions": {str(c): {"holds": False, "note": "经入户核查"} for c in range(1, 8)},
            "assessment_agency": "平江县住房和城乡建设局", "assessed_on": "2026-02-20", "applied_on": "2026-03-02",
            **extra}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def refused(db, capsys, args, *words) -> str:
    """Run a command that must be refused: exit 2, only a Chinese message on stderr, nothing written."""
    before = count_rows(db, *CASE_TABLES)
    code, out, err = run(db, capsys, *args)
    assert code == 2, (args, out, err)
    assert out == "" and err.startswith("错误：") and "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    assert count_rows(db, *CASE_TABLES) == before
    return err


@pytest.mark.parametrize("extra,words", [
    pytest.param({"main_area": "60"}, ("main_area", "正房建筑面积", "须为数字", "“60”"), id="面积写成文字"),
    pytest.param({"annex_area": [10]}, ("annex_area", "附屋面积", "须为数字"), id="面积写成列表"),
    pytest.param({"homestead_area": True}, ("homestead_area", "宅基占地面积", "须为数字"), id="面积写成true"),
    pytest.param({"main_area": 1e999}, ("main_area", "须为0至1000之间的数字"), id="面积无穷大"),
    pytest.param({"mode": "concentrated", "cluster_site": "大山村集居点", "cluster_site_households": "12"},
                 ("cluster_site_households", "集居点安置户数", "须为数字"), id="户数写成文字"),
    pytest.param({"mode": "concentrated", "cluster_site": "大山村集居点", "cluster_site_households": 12.5},
                 ("cluster_site_households", "须为整数"), id="户数不是整数"),
    pytest.param({"applied_on": 20261001}, ("applied_on", "申请日期", "YYYY-MM-DD", "20261001"), id="日期写成数字"),
    pytest.param({"assessed_on": "2026/02/20"}, ("assessed_on", "鉴定日期", "格式不正确"), id="日期格式不对"),
    pytest.param({"mode": 1}, ("mode", "改造方式", "须为文字"), id="方式写成数字"),
    pytest.param({"assessment_agency": {"名称": "县住建局"}}, ("assessment_agency", "鉴定机构", "须为文字"),
                 id="机构写成对象"),
    pytest.param({"note": 3}, ("note", "申请说明", "须为文字"), id="说明写成数字"),
    pytest.param({"exclusions": "都没有"}, ("exclusions", "七项排除条件"), id="排除条件写成文字"),
    pytest.param({"exclusions": {"1": {"holds": "否", "note": "无"}}}, ("排除条件1", "true 或 false"),
                 id="排除条件答复写成文字"),
    pytest.param({"exclusions": {"9": {"holds": False, "note": "无"}}}, ("排除条件编号“9”无效",), id="排除条件编号"),
])
def test_a_wrongly_typed_answer_is_refused_naming_its_field(db, tmp_path, capsys, extra, words):
    hh = make_household(db)
    refused(db, capsys, ("cases", "new", "renovation", "--household", hh, "--answers", answers(tmp_path, **extra)),
            "答复文件中", *words)


def test_an_option_out_of_range_is_refused_naming_the_option(db, tmp_path, capsys):
    hh = make_household(db)
    refused(db, capsys, ("cases", "new", "renovation", "--household", hh, "--answers", answers(tmp_path),
                         "--main-area", "nan"), "选项 --main-area", "正房建筑面积")
    refused(db, capsys, ("cases", "new", "renovation", "--household", hh, "--answers", answers(tmp_path),
                         "--date", "2026-3-2"), "选项 --date", "申请日期", "格式不正确")


@pytest.mark.parametrize("content,words", [
    pytest.param(b'{"main_area": 60,', ("不是有效的JSON", "第1行"), id="JSON不完整"),
    pytest.param("{'main_area': 60}".encode(), ("不是有效的JSON",), id="单引号"),
    pytest.param(b"[1, 2]", ("须为JSON对象",), id="不是对象"),
    pytest.param('{"note": "房屋开裂"}'.encode("gbk"), ("不是UTF-8编码",), id="GBK编码"),
])
def test_an_unreadable_answer_file_is_refused(db, tmp_path, capsys, content, words):
    hh = make_household(db)
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    refused(db, capsys, ("cases", "new", "renovation", "--household", hh, "--answers", str(path)), *words)
    refused(db, capsys, ("cases", "new", "renovation", "--household", hh, "--answers", str(tmp_path)), "文件夹")


def test_well_typed_answers_are_converted_and_the_case_opens(db, tmp_path, capsys):
    hh = make_household(db, size=2)
    path = answers(tmp_path, mode="concentrated", cluster_site="大山村集居点", cluster_site_households=12.0,
                   main_area=35, homestead_area=55)
    code, out, err = run(db, capsys, "cases", "new", "renovation", "--household", hh, "--answers", path)
    assert code == 0, err
    code, out, _ = run(db, capsys, "cases", "show", "1", "--format", "json")
    facts = json.loads(out)["facts"]
    assert (facts["cluster_site_households"], facts["main_area"], facts["homestead_area"]) == (12, 35.0, 55.0)
    assert json.loads(out)["applied_on"] == "2026-03-02"


@pytest.mark.parametrize("ref", [HUGE, "-1", "0", "²", "危改-2099-0001", "abc"])
def test_an_id_that_cannot_exist_is_not_found(db, capsys, ref):
    err = refused(db, capsys, ("cases", "show", ref), "不存在")
    assert "案件“" in err
    refused(db, capsys, ("cases", "decide", ref, "--decision", "pass", "--opinion", "同意", "--by", "张三",
                         "--date", "2026-03-05"), "不存在")


def test_huge_objection_and_batch_ids_are_not_found(db, capsys, tmp_path):
    refused(db, capsys, ("cases", "resolve-objection", HUGE, "--result", "unfounded", "--by", "张三",
                         "--date", "2026-03-05", "--note", "核实"), "异议", "不存在")
    refused(db, capsys, ("print", "disclosure", "--batch", HUGE, "--out", str(tmp_path / "x.pdf")),
            "公示批次", "不存在")
    assert not (tmp_path / "x.pdf").exists()
