"""Issue 14, defect 8: four processes opening an old-schema file at once — one upgrades (one backup copy),
the others wait and find it done; none sees 'database is locked'."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPEN = "import sys; from db import open_database; open_database(sys.argv[1]).close(); print('ok')"


def test_four_processes_open_an_old_file_at_once(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "data" / "schema-0001.sqlite3", path)
    env = {**os.environ, "PJDESK_HOME": str(tmp_path / "home")}
    procs = [subprocess.Popen([sys.executable, "-c", OPEN, str(path)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err[-500:] for _, err in results]
    assert all(out.strip() == "ok" and "locked" not in err for out, err in results)
    assert len([p for p in tmp_path.iterdir() if ".bak" in p.name and not p.name.endswith(("-wal", "-shm"))]) == 1
