"""R2.1 in the database itself: triggers refuse a sixth current pairing, whoever writes it, and two
writers racing (two windows / two processes = two connections) can never make a sixth."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from db import open_database
from pjdesk.errors import PjdeskError
from pjdesk.pairing import assignments as asg
from tests.conftest import TODAY

from tests.pairing.conftest import helper, make_households


def ids(db, numbers):
    with db.engine.connect() as c:
        return [c.exec_driver_sql("SELECT id FROM household WHERE household_no = ?", (n,)).scalar() for n in numbers]


def raw(db) -> sqlite3.Connection:
    conn = sqlite3.connect(db.path, timeout=5, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def insert_sql(helper_id, household_id):
    return ("INSERT INTO helper_assignment (helper_id, household_id, start_on, start_reason, end_reason, "
            f"recorded_by, recorded_at) VALUES ({helper_id}, {household_id}, '2026-11-01', '', '', '', "
            "'2026-11-01 00:00:00')")


def active_of(db, helper_id) -> int:
    with db.engine.connect() as c:
        return c.exec_driver_sql("SELECT count(*) FROM helper_assignment WHERE helper_id = ? AND end_on IS NULL",
                                 (helper_id,)).scalar()


def test_r2_1_trigger_refuses_a_sixth_row_written_without_the_service(db, households):
    wang = helper(db)
    hids = ids(db, households)
    conn = raw(db)
    for hid in hids[:5]:
        conn.execute(insert_sql(wang, hid))
    with pytest.raises(sqlite3.IntegrityError, match="helper_household_limit"):
        conn.execute(insert_sql(wang, hids[5]))
    # an ended (historical) pairing is not limited
    conn.execute(insert_sql(wang, hids[5]).replace("start_on, ", "start_on, end_on, ")
                 .replace("'2026-11-01', ''", "'2026-11-01', '2026-11-02', ''", 1))
    assert active_of(db, wang) == 5


def test_r2_1_trigger_refuses_reactivating_or_moving_a_pairing_past_the_limit(db, households):
    wang, li = helper(db), helper(db, "李秀英")
    hids = ids(db, households)
    conn = raw(db)
    for hid in hids[:5]:
        conn.execute(insert_sql(wang, hid))
    conn.execute(insert_sql(li, hids[5]))
    conn.execute(f"UPDATE helper_assignment SET end_on = '2026-11-20' WHERE household_id = {hids[5]}")
    with pytest.raises(sqlite3.IntegrityError, match="helper_household_limit"):   # move li's pairing to wang
        conn.execute(f"UPDATE helper_assignment SET helper_id = {wang}, end_on = NULL WHERE household_id = {hids[5]}")
    conn.execute(f"UPDATE helper_assignment SET end_on = '2026-11-20' WHERE household_id = {hids[0]}")
    with pytest.raises(sqlite3.IntegrityError, match="helper_household_limit"):   # the 6th when 4 + 1 back
        conn.execute(insert_sql(wang, hids[6]))
        conn.execute(f"UPDATE helper_assignment SET end_on = NULL WHERE household_id = {hids[0]}")
    assert active_of(db, wang) == 5


def test_r2_1_trigger_reads_the_limit_setting(db, households):
    wang = helper(db)
    hids = ids(db, households)
    conn = raw(db)
    conn.execute("INSERT INTO setting (key, value) VALUES ('helper_household_limit', '2')")
    conn.execute(insert_sql(wang, hids[0]))
    conn.execute(insert_sql(wang, hids[1]))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert_sql(wang, hids[2]))
    conn.execute("UPDATE setting SET value = 'null' WHERE key = 'helper_household_limit'")  # bad: default 5
    for hid in hids[2:5]:
        conn.execute(insert_sql(wang, hid))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert_sql(wang, hids[5]))


def test_r2_1_two_interleaved_transactions_cannot_make_a_sixth(db, households):
    """Both writers read a load of 4 inside their transactions, then both insert: one must fail."""
    wang = helper(db)
    hids = ids(db, households)
    setup = raw(db)
    for hid in hids[:4]:
        setup.execute(insert_sql(wang, hid))
    a, b = raw(db), raw(db)
    a.execute("BEGIN")
    b.execute("BEGIN")
    count = f"SELECT count(*) FROM helper_assignment WHERE helper_id = {wang} AND end_on IS NULL"
    assert a.execute(count).fetchone()[0] == 4 and b.execute(count).fetchone()[0] == 4
    a.execute(insert_sql(wang, hids[4]))
    a.execute("COMMIT")
    with pytest.raises((sqlite3.IntegrityError, sqlite3.OperationalError)):
        b.execute(insert_sql(wang, hids[5]))   # stale snapshot (busy) or the trigger: never a sixth
    b.execute("ROLLBACK")
    assert active_of(db, wang) == 5


def race(path, helper_id, numbers_by_writer) -> list[object]:
    """Each writer opens its own Database on the same file and assigns its households one by one,
    all starting at the same moment."""
    barrier = threading.Barrier(len(numbers_by_writer))
    outcomes: list[object] = []

    def writer(numbers):
        d = open_database(path)
        try:
            barrier.wait()
            for n in numbers:
                try:
                    asg.assign(d, helper_id, n, today=TODAY)
                    outcomes.append(n)
                except PjdeskError as exc:
                    outcomes.append(exc)
                except Exception as exc:  # e.g. database is locked: must not make a sixth either
                    outcomes.append(exc)
        finally:
            d.close()

    threads = [threading.Thread(target=writer, args=(nums,)) for nums in numbers_by_writer]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_r2_1_two_databases_racing_for_the_fifth_place(db):
    numbers = make_households(db, 6)
    wang = helper(db)
    asg.bulk_assign(db, wang, numbers[:4], today=TODAY)
    outcomes = race(db.path, wang, [[numbers[4]], [numbers[5]]])
    won = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if not isinstance(o, str)]
    assert len(won) == 1 and len(refused) == 1
    assert "达到上限5户" in str(refused[0])   # the loser gets the Chinese refusal, not a crash
    assert active_of(db, wang) == 5


def test_r2_1_two_databases_racing_with_the_service_check_blinded(db, monkeypatch):
    """Even if the service's own count were wrong (always 0), the database triggers alone keep the
    helper at 5."""
    numbers = make_households(db, 12)
    wang = helper(db)
    monkeypatch.setattr(asg, "active_load", lambda s, hid: 0)
    outcomes = race(db.path, wang, [numbers[:6], numbers[6:]])
    assert len([o for o in outcomes if isinstance(o, str)]) == 5
    assert active_of(db, wang) == 5


def test_a_writer_kept_out_too_long_gets_a_chinese_refusal(db, households, monkeypatch):
    wang = helper(db)
    blocker = raw(db)
    blocker.execute("BEGIN IMMEDIATE")        # another process holds the write lock
    try:
        monkeypatch.setattr("db.engine._on_connect", lambda *a: None)
        other = open_database(db.path)
        with other.engine.connect() as c:      # a short busy timeout for this test
            c.exec_driver_sql("PRAGMA busy_timeout = 100")
        with pytest.raises(PjdeskError, match="正被另一个窗口或程序写入"):
            asg.assign(other, wang, households[0], today=TODAY)
        other.close()
    finally:
        blocker.execute("ROLLBACK")
    assert active_of(db, wang) == 0
