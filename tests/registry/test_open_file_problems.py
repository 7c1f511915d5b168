"""Issue 14, defects 6 and 7: a file that cannot be a working database is refused before SQLite sees it,
saying what is really wrong — not "不是有效的数据库或已损坏" for a file that is fine but read-only — and
an empty file never becomes an empty database silently."""

import os
import sys

import pytest

from db import open_database
from pjdesk.errors import PjdeskError


def test_an_empty_file_is_refused_and_left_empty(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(PjdeskError, match="数据库文件是空的（0字节）"):
        open_database(path)
    assert path.stat().st_size == 0


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(PjdeskError, match="是一个文件夹"):
        open_database(tmp_path)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="POSIX permissions; root reads anything")
def test_a_read_only_file_says_read_only(tmp_path):
    path = tmp_path / "ro.db"
    open_database(path).close()
    os.chmod(path, 0o400)
    with pytest.raises(PjdeskError, match="只读"):
        open_database(path)


def test_a_read_only_file_says_read_only_whoever_runs_it(tmp_path, monkeypatch):
    """The same through ``os.access`` (root passes permission checks, so they are simulated here)."""
    path = tmp_path / "ro.db"
    open_database(path).close()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if (str(p) == str(path) and mode == os.W_OK)
                        else real(p, mode))
    with pytest.raises(PjdeskError, match="数据库文件是只读的"):
        open_database(path)


def test_a_file_that_is_not_sqlite_is_refused_as_such(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(PjdeskError, match="不是有效的数据库或已损坏"):
        open_database(path)
