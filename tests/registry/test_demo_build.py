"""Issue 14, defect 9: the demo is built under a temporary name and renamed when complete — a build
killed halfway leaves no file that opens as if whole, and a failed --force keeps the old demo."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pjdesk.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_demo_build_killed_halfway_leaves_no_demo_file(tmp_path):
    path = tmp_path / "demo.db"
    proc = subprocess.Popen([sys.executable, "-m", "pjdesk.cli.main", "--db", str(path), "demo",
                             "--households", "20000"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PJDESK_HOME": str(tmp_path / "home")})
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".demo.db.building") for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    time.sleep(1.0)                                   # well inside the build
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not path.exists()                          # nothing under the final name


def test_a_failed_rebuild_keeps_the_old_demo(tmp_path, capsys, monkeypatch):
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--households", "60"]) == 0
    before = path.stat().st_size

    def boom(*a, **k):
        raise RuntimeError("中断")

    monkeypatch.setattr("pjdesk.demo.build_demo", boom)
    with pytest.raises(RuntimeError):
        main(["--db", str(path), "demo", "--households", "60", "--force"])
    assert path.stat().st_size == before
    assert [p.name for p in tmp_path.iterdir() if "building" in p.name] == []
    assert main(["--db", str(path), "households", "list", "--format", "json"]) == 0
