"""What the backup tests share: damaging a database file the way a failing disk does."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def corrupt(path: Path, table: str) -> None:
    """Overwrite the header of ``table``'s root page with garbage: ``quick_check`` reports it and a query
    of the table fails with 'database disk image is malformed'; the other tables still read."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\x0d\xff\xff\xff\xff\xff\xff\xff" * 8)


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()
