"""One user action = one transaction that holds the write lock from its first read (db/engine.py)."""

import threading
import time

from db import open_database
from pjdesk.registry.township import add_village, villages


def test_a_second_writer_waits_for_the_first_to_finish(db, tmp_path):
    """Two Database objects on one file (two windows / processes): while A's action is open,
    B's action cannot start its checks, so B sees A's committed result."""
    other = open_database(db.path)
    order = []
    inside = threading.Event()
    release = threading.Event()

    def a():
        with db.transaction() as s:
            s.connection()  # the transaction has begun (and holds the write lock)
            order.append("A begins")
            inside.set()
            release.wait(5)
            order.append("A commits")

    t = threading.Thread(target=a)
    t.start()
    inside.wait(5)

    def b():
        with other.transaction() as s:
            s.connection()
            order.append("B begins")

    tb = threading.Thread(target=b)
    tb.start()
    time.sleep(0.3)
    assert order == ["A begins"]  # B is waiting for the lock, not reading stale data
    release.set()
    t.join(5)
    tb.join(5)
    other.close()
    assert order == ["A begins", "A commits", "B begins"]


def test_readers_are_not_blocked_by_a_writer(db):
    with db.transaction() as s:
        s.connection()
        assert len(villages(db)) == 7  # a reader on another connection still answers


def test_a_failed_action_leaves_nothing(db):
    import pytest

    from pjdesk.errors import ValidationError

    add_village(db, "新合村")
    with pytest.raises(ValidationError):
        add_village(db, "新合村")
    assert [v.name for v in villages(db)].count("新合村") == 1
