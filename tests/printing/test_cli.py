"""``pjdesk print …`` writes the PDFs; a refusal exits 2 with a Chinese message and writes nothing."""

from __future__ import annotations

from pypdf import PdfReader

from pjdesk.cli.main import EXIT_REFUSED, main

from .conftest import APPLIED, FULL, REFUSED, compact, pdf_text


def run(pdb, *args) -> int:
    return main(["--db", str(pdb.path), "print", *map(str, args)])


def test_every_print_command_writes_its_pdf(pdb, refs, tmp_path, capsys):
    out = {name: tmp_path / f"{name}.pdf" for name in
           ("disclosure", "approval", "village", "batch", "casefile", "rejection", "roster", "posting")}
    assert run(pdb, "disclosure", "--batch", refs["batch1"], "--out", out["disclosure"]) == 0
    assert run(pdb, "approval", refs[FULL], "--out", out["approval"]) == 0
    assert run(pdb, "approval", "--village", "大山村", "--out", out["village"]) == 0
    assert run(pdb, "approval", "--batch", refs["batch3"], "--out", out["batch"]) == 0
    assert run(pdb, "casefile", refs[FULL], "--out", out["casefile"]) == 0
    assert run(pdb, "rejection", refs[REFUSED], "--out", out["rejection"]) == 0
    assert run(pdb, "roster", "--village", "大山村", "--out", out["roster"]) == 0
    assert run(pdb, "posting", "exit", "--village", "大山村", "--year", 2026, "--start", "2026-11-02",
               "--out", out["posting"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("已生成") == len(out)
    assert "已生成审批表" in printed and "（共2页）" in printed  # the village's two sheets
    for name, path in out.items():
        assert len(PdfReader(str(path)).pages) >= 1, name
    assert "第一榜公示" in compact(pdf_text(out["disclosure"])[0])
    assert "拟脱贫户" in compact(pdf_text(out["posting"])[0])


def test_refusals_exit_2_and_write_nothing(pdb, refs, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert run(pdb, "rejection", refs[APPLIED], "--out", out) == EXIT_REFUSED
    assert run(pdb, "disclosure", "--batch", 999, "--out", out) == EXIT_REFUSED
    assert run(pdb, "approval", "--out", out) == EXIT_REFUSED
    assert run(pdb, "casefile", "危改-2099-0001", "--out", out) == EXIT_REFUSED
    assert run(pdb, "posting", "exit", "--village", "大山村", "--year", 2026, "--start", "2026-11-02",
               "--end", "2026-11-04", "--out", out) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "没有“不予通过”的决定" in err and "公示批次“999”不存在" in err and "三者选一" in err
    assert "案件“危改-2099-0001”不存在" in err and "公示期不足7天（2026-11-02至2026-11-04，共3天），最短7天" in err
    assert not out.exists()


def test_no_font_is_said_before_anything_is_written(pdb, refs, tmp_path, capsys):
    from pjdesk import settings

    with pdb.transaction() as s:
        settings.set_(s, "pdf_font_path", str(tmp_path / "gone.ttf"))
    out = tmp_path / "x.pdf"
    assert run(pdb, "approval", refs[FULL], "--out", out) == EXIT_REFUSED
    assert "找不到指定的字体文件" in capsys.readouterr().err and not out.exists()
