"""Issue 15: every figure of the 统计 page (``pjdesk.stats.overview``) is what ``pjdesk stats --format json``
prints, and each counts what the household or case list shows for the same filter; the yearly exit targets
(defaults scaled from the plan's 表2.1, the office's own figures dated and bounded)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from pjdesk import settings
from pjdesk.cases.queries import CaseFilter, filter_case_rows, load_case_rows
from pjdesk.cli.main import main
from pjdesk.errors import ValidationError
from pjdesk.registry import vocab
from pjdesk.registry.queries import RegistryFilter, filter_rows, load_rows
from pjdesk.stats.overview import overview
from pjdesk.stats.targets import county_exit_targets, exit_targets, set_exit_targets


def test_every_overview_figure_equals_stats_json(demo_db, capsys):
    """The page, the CLI and the exports read one function: the whole JSON is the overview's, key by key."""
    code = main(["--db", str(demo_db.path), "stats", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    printed = json.loads(out)
    expected = overview(demo_db).as_dict()
    assert printed.keys() == expected.keys()
    for key in expected:
        assert printed[key] == expected[key], key
    # the figures are there and not all zero (a demo township with households, exits, cases and helpers)
    assert printed["households"] == 300 and sum(printed["exits_by_year"].values()) > 0
    assert printed["pipelines"]["renovation"]["total"] > 0 and printed["helper_load"]


def test_household_figures_count_what_the_list_shows(demo_db):
    """R1.6 main cause, status, type, village (× status) and exit year: each equals the household list
    filtered the same way (what the drill-down opens)."""
    o = overview(demo_db)
    rows = load_rows(demo_db)
    count = lambda **kw: len(filter_rows(rows, RegistryFilter(**kw)))  # noqa: E731
    assert o.households == len(rows) and o.persons == sum(r.size for r in rows)
    for c in o.by_status:
        assert c.households == count(status=c.key), c.key
        assert c.persons == sum(r.size for r in filter_rows(rows, RegistryFilter(status=c.key)))
    for c in o.by_type:
        assert c.households == count(type=c.key), c.key
    for c in o.main_cause:
        assert c.households == count(main_cause=c.key), c.key
    for v in o.by_village:
        assert v.households == count(village=v.village)
        for st in vocab.STATUSES:
            assert v.by_status[st] == count(village=v.village, status=st), (v.village, st)
    for e in o.exits:
        assert e.exited == count(exit_year=e.year), e.year
    assert sum(c.households for c in o.main_cause) == o.households


def test_pipelines_count_what_the_case_list_shows(demo_db):
    o = overview(demo_db)
    rows = load_case_rows(demo_db)
    for p in o.pipelines:
        for stage in p.stages:
            status = {"不予通过": "不予通过", "已归档": "已归档"}.get(stage, "办理中")
            flt_stage = "" if stage in ("不予通过", "已归档") else stage
            for village in ("",) + p.villages:
                listed = filter_case_rows(rows, CaseFilter(p.kind, flt_stage, village, status))
                assert p.stage_total(stage, village) == len(listed), (p.kind, stage, village)
    assert o.pipeline("renovation").total == len([r for r in rows if r.kind == "renovation"]) > 0


def test_helper_load_and_trend_from_the_records(demo_db):
    o = overview(demo_db)
    con = sqlite3.connect(demo_db.path)
    helpers = con.execute("SELECT count(*) FROM helper WHERE active").fetchone()[0]
    assert sum(b.helpers for b in o.helper_load) == helpers
    assert [b.households for b in o.helper_load][:o.helper_limit + 1] == list(range(o.helper_limit + 1))
    paired = con.execute("SELECT count(*) FROM helper_assignment a JOIN helper h ON h.id = a.helper_id "
                         "WHERE a.end_on IS NULL AND h.active").fetchone()[0]
    assert sum(b.households * b.helpers for b in o.helper_load) == paired
    for kind, to_status in (("exited", "已脱贫"), ("returned", "返贫"), ("struck_off", "已销户")):
        n = con.execute("SELECT count(*) FROM status_change WHERE to_status = ?", (to_status,)).fetchone()[0]
        assert sum(getattr(m, kind) for m in o.trend) == n, kind
    first = con.execute("SELECT count(*) FROM status_change WHERE to_status = '未脱贫' "
                        "AND coalesce(from_status, '') = ''").fetchone()[0]
    assert sum(m.identified for m in o.trend) == first == o.households
    months = [m.month for m in o.trend]
    assert months == sorted(months) and months[-1] == f"{dt.date.today():%Y-%m}" and len(set(months)) == len(months)


def test_default_targets_are_the_plans_scaled_by_the_townships_share(demo_db):
    """表2.1 county households per year × (township households / 55,821 county poor households)."""
    county = county_exit_targets()
    assert county[2016] == 5699 and 2020 not in county       # the plan leaves 2020 blank
    targets = {t.year: t for t in exit_targets(demo_db)}
    for year, n in county.items():
        assert targets[year].households == round(n * 300 / 55821) and targets[year].is_default


def test_own_targets_are_dated_bounded_and_removable(demo_db):
    day = dt.date(2026, 11, 28)
    assert set_exit_targets(demo_db, {2017: "１２０", 2020: 40}, today=day) == [2017, 2020]   # full-width digits
    targets = {t.year: t for t in exit_targets(demo_db)}
    assert (targets[2017].households, targets[2017].set_on, targets[2017].is_default) == (120, day, False)
    assert targets[2020].households == 40 and targets[2016].is_default
    exits = {e.year: e for e in overview(demo_db).exits}
    assert exits[2017].target == 120 and not exits[2017].target_is_default and exits[2020].target == 40
    for bad in ("abc", -1, 100_001, 1.5, float("nan"), True, "9" * 5000, "-3", "1e3"):
        with pytest.raises(ValidationError) as refused:
            set_exit_targets(demo_db, {2018: bad, 2019: 3})
        assert "2018年的脱贫目标" in refused.value.message
    for year in (1999, "9" * 5000, "二〇一八"):
        with pytest.raises(ValidationError) as refused:
            set_exit_targets(demo_db, {year: 3})
        assert "应为2014至2030之间的年份" in refused.value.message
    with demo_db.reader() as s:    # nothing of a refused call was stored
        assert set(settings.get(s, "exit_targets")) == {"2017", "2020"}
    assert set_exit_targets(demo_db, {2017: None}) == [2017]
    assert {t.year: t for t in exit_targets(demo_db)}[2017].is_default
