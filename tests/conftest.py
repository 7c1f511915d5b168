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


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory):
    """A new database file at the newest schema, made once (the migrations take ~0.2 s per file)."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_database(path).close()
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
