"""``pjdesk import roster FILE [--dry-run] [--errors-out ERRORS.xlsx]`` (issue 13): exit 2 with the count of
problems on stderr when it refuses, nothing written; ID numbers never printed whole; an import killed midway
(SIGKILL) leaves none of it and a sound file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pjdesk import seed
from pjdesk.cli.main import main
from tests.roster.builders import person_rows, write_roster
from tests.roster.test_messy import BAD_CHECK, HEAD1, messy  # noqa: F401  (the messy roster fixture)

ROOT = Path(__file__).resolve().parents[2]
VILLAGES = [name for name, _poor in seed.villages_of("虹桥镇")]


def _count(path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_refused_roster_exits_2_with_the_count_on_stderr_and_saves_the_problems(db, messy, tmp_path, capsys):
    errors = tmp_path / "问题.xlsx"
    code = main(["--db", str(db.path), "import", "roster", str(messy), "--errors-out", str(errors)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == "错误：花名册有5个问题须先更正，未导入任何数据"
    assert "错误：“花名册”第10行“证件号码”列" in out and "身份证号校验位错误" in out
    assert BAD_CHECK not in out and HEAD1 not in out            # ID numbers cut (pjdesk.redact)
    assert errors.exists() and f"问题清单已保存：{errors}" in out
    assert _count(db.path, "household") == 0


def test_dry_run_then_import_then_the_same_file_again(db, tmp_path, capsys):
    roster = write_roster(tmp_path / "花名册.xlsx", person_rows(4, VILLAGES))
    assert main(["--db", str(db.path), "import", "roster", str(roster), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "户：新增4户，变更0户，无变化0户" in out and "未写入数据" in out
    assert _count(db.path, "household") == 0
    assert main(["--db", str(db.path), "import", "roster", str(roster)]) == 0
    out = capsys.readouterr().out
    assert "已导入花名册：新增4户" in out
    assert _count(db.path, "household") == 4
    audit = _count(db.path, "audit_log")
    assert main(["--db", str(db.path), "import", "roster", str(roster)]) == 0
    out = capsys.readouterr().out
    assert "户：新增0户，变更0户，无变化4户" in out and "没有需要导入的内容" in out
    assert _count(db.path, "audit_log") == audit


def test_a_file_it_cannot_read_is_refused_saying_why(db, tmp_path, capsys):
    et = tmp_path / "花名册.et"
    et.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["--db", str(db.path), "import", "roster", str(et), "--dry-run"]) == 2
    assert "WPS表格的.et文件" in capsys.readouterr().err


def test_an_import_killed_midway_leaves_nothing_of_it_and_a_sound_file(db, tmp_path):
    """SIGKILL after the first batch of 500 households was flushed inside the transaction (the command
    prints each batch on stderr), with two batches and the commit still to come."""
    roster = write_roster(tmp_path / "花名册.xlsx", person_rows(1200, VILLAGES))
    path = db.path
    db.close()
    before = {t: _count(path, t) for t in ("household", "member", "status_change", "audit_log", "village_group")}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-m", "pjdesk.cli.main", "--db", str(path), "import", "roster", str(roster)],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    try:
        deadline = time.monotonic() + 600
        for line in child.stderr:
            lines.append(line)
            if line.startswith("正在写入台账：500/1200户"):
                child.send_signal(signal.SIGKILL)
                break
            assert time.monotonic() < deadline
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL, lines
    assert any(line.startswith("正在写入台账：500/1200户") for line in lines), lines
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    assert {t: _count(path, t) for t in before} == before
