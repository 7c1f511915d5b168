"""``pjdesk export monthly --month YYYY-MM --out FILE.xlsx [--override-reason R]``."""

from __future__ import annotations

import openpyxl

from pjdesk.cli.main import main
from pjdesk.quality.checks import Finding

ERROR = Finding("head_count", "户主人数", "错误", "大山村 43062601020001：没有户主", "43062601020001", None)


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), "export", "monthly", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_the_month_and_says_the_row_counts(demo_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("pjdesk.monthly.export.run_checks", lambda db, today, progress=None: [])
    out = tmp_path / "out" / "2026-10.xlsx"
    out.parent.mkdir()
    code, text, err = run(demo_db, capsys, "--month", "2026-10", "--out", str(out))
    assert code == 0, err
    assert "已生成月报" in text and "贫困户 300 行" in text
    wb = openpyxl.load_workbook(out)
    assert wb["说明"]["B4"].value == "2026年10月"


def test_cli_refuses_with_error_findings_and_writes_nothing_then_overrides_with_a_reason(demo_db, tmp_path, capsys,
                                                                                        monkeypatch):
    monkeypatch.setattr("pjdesk.monthly.export.run_checks", lambda db, today, progress=None: [ERROR])
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "m.xlsx"
    code, text, err = run(demo_db, capsys, "--month", "2026-10", "--out", str(out))
    assert code == 2 and "1 项错误" in err and "强制导出的理由" in err
    assert list(folder.iterdir()) == []
    code, text, err = run(demo_db, capsys, "--month", "2026-10", "--out", str(out), "--override-reason", "县里催报")
    assert code == 0, err
    assert "已按所填理由强制导出" in text
    info = {r[0]: r[1] for r in openpyxl.load_workbook(out)["说明"].iter_rows(values_only=True)}
    assert info["强制导出理由"] == "县里催报" and info["强制导出人"]


def test_cli_refuses_a_bad_month_and_a_missing_folder_in_chinese(demo_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("pjdesk.monthly.export.run_checks", lambda db, today, progress=None: [])
    code, _, err = run(demo_db, capsys, "--month", "2026-13", "--out", str(tmp_path / "x.xlsx"))
    assert code == 2 and "月份" in err
    code, _, err = run(demo_db, capsys, "--month", "2026-10", "--out", str(tmp_path / "no" / "x.xlsx"))
    assert code == 2 and "错误：" in err and "无法" in err
