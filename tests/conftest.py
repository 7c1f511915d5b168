"""Fixtures: a real SQLite file per test, the Qt app once per session (offscreen)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings (window geometry, column widths) of the tests go to a throw-away folder.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="pjdesk-test-config-")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from db import open_database  # noqa: E402
from pjdesk.registry.rules import HouseholdInput, MemberInput  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Keep settings, logs and default databases of the code under test inside tmp_path."""
    monkeypatch.setenv("PJDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PJDESK_DB", raising=False)


# Issue 14: every write needs a logged-in user. Tests act as the administrator ``admin`` (password
# ``demo``) unless marked ``no_login``: every database a test opens logs ``admin`` in (created in a new
# file with a cheap scrypt cost, so neither creating nor the CLI's login re-hash at full cost), and the
# CLI gets PJDESK_USER / PJDESK_PASSWORD. Role refusals and logins are tested in tests/auth/.
TEST_ADMIN = ("admin", "管理员", "demo")


def pytest_configure(config):
    config.addinivalue_line("markers", "no_login: databases opened by the test have nobody logged in")


def _cheap_admin_row() -> dict:
    import hashlib

    salt = b"pjdesk-test-salt"
    name, display, password = TEST_ADMIN
    digest = hashlib.scrypt(password.encode(), salt=salt, n=16, r=8, p=1, dklen=32)
    return dict(name=name, display_name=display, role="管理员", password_hash=digest, password_salt=salt,
                password_params="scrypt:n=16,r=8,p=1", failed_attempts=0, active=True,
                created_at=dt.datetime(2026, 1, 1))


def log_in_test_admin(database) -> None:
    """Log ``admin`` in on ``database`` without hashing (created first in a file without users)."""
    from sqlalchemy import func, insert, select
    from sqlalchemy.exc import DatabaseError

    from db.audit import Actor
    from db.models.users import AppUser

    t = AppUser.__table__
    try:
        with database.engine.begin() as conn:
            if not conn.execute(select(func.count()).select_from(t)).scalar():
                conn.execute(insert(t).values(**_cheap_admin_row()))
            row = conn.execute(select(t.c.name, t.c.display_name, t.c.role).where(t.c.name == TEST_ADMIN[0])).first()
    except DatabaseError:           # a file a test opens on purpose without writing (read-only, no users table)
        return
    if row is not None:
        database.user = Actor(*row)


_LOGIN = {"on": True}     # off while a test marked no_login runs


@pytest.fixture(scope="session", autouse=True)
def _logged_in_everywhere():
    """Every database opened in the session (session templates, fixtures and ``open_database`` in a test
    alike) has ``admin`` logged in — unless the running test is marked ``no_login``."""
    from db.engine import Database

    original = Database.__init__

    def init_logged_in(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if _LOGIN["on"]:
            log_in_test_admin(self)

    patch = pytest.MonkeyPatch()
    patch.setattr(Database, "__init__", init_logged_in)
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _no_job_outlives_its_test():
    """A background job a test's window started (the registry load, the first backup of the day, the
    check after the first paint, the 统计 refresh) is stopped and waited for when the test ends, so it
    never delivers its result into the next test's widgets or reads a deleted temporary database —
    as the app stops its jobs before it exits (``ui.runner.stop_jobs``)."""
    yield
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is not None:
            from ui.runner import stop_jobs

            stop_jobs()
            QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def _logged_in(request, monkeypatch):
    """The CLI's user for the test (PJDESK_USER / PJDESK_PASSWORD); none for a test marked no_login."""
    if request.node.get_closest_marker("no_login"):
        monkeypatch.delenv("PJDESK_USER", raising=False)
        monkeypatch.delenv("PJDESK_PASSWORD", raising=False)
        _LOGIN["on"] = False
        yield
        _LOGIN["on"] = True
        return
    monkeypatch.setenv("PJDESK_USER", TEST_ADMIN[0])
    monkeypatch.setenv("PJDESK_PASSWORD", TEST_ADMIN[2])
    yield


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory):
    """A new database file at the newest schema, made once (the migrations take ~0.2 s per file)."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    on, _LOGIN["on"] = _LOGIN["on"], False      # no user in the template: each test's copy gets its own
    try:
        open_database(path).close()
    finally:
        _LOGIN["on"] = on
    return path


@pytest.fixture
def empty_db(_empty_template, tmp_path):
    """A fresh copy of a new, empty database (as ``open_database`` creates one)."""
    path = tmp_path / "test.db"
    shutil.copy(_empty_template, path)
    db = open_database(path)
    yield db
    db.close()


@pytest.fixture
def db(empty_db):
    """A fresh database for 虹桥镇 with its known villages and no households."""
    from pjdesk.registry.township import init_township

    init_township(empty_db, "虹桥镇")
    return empty_db


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    from pjdesk.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    d = open_database(path)
    build_demo(d, households=300)
    d.close()
    return path


@pytest.fixture
def demo_db(_demo_template, tmp_path):
    """A copy of a 300-household demo township (built once per session)."""
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    d = open_database(path)
    yield d
    d.close()


@pytest.fixture
def ctx(db, qapp):
    """The GUI's context (app set up as at start: fonts, style) on the test's database."""
    from ui.app import make_app
    from ui.context import AppContext

    make_app([])
    return AppContext(db)


def person(name: str, relation: str, birth: dt.date, male: bool, seq: int = 1, **kw) -> MemberInput:
    from pjdesk import idcard

    return MemberInput(name=name, id_number=idcard.make("430626", birth, seq, male), relation=relation, **kw)


def household_input(**kw) -> HouseholdInput:
    base = dict(village="大山村", group=3, type="一般贫困户", main_cause="因病", identified_year=2015,
                other_causes=["缺资金"], registered_on=dt.date(2015, 10, 1))
    base.update(kw)
    return HouseholdInput(**base)
