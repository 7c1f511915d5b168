"""The 统计 page's figures for the Excel and PDF writers of ``reports/`` (issue 15): the workbook holds every
figure of ``overview`` (the same numbers as ``pjdesk stats --format json``); the one-page PDF summary holds
the key figures and the charts as images made by the page."""

from __future__ import annotations

from db import Database
from reports.stats_pdf import ChartImage, StatsSummary, write_stats_pdf
from reports.stats_xlsx import StatsBook, StatsTable, write_stats_xlsx

from ..office import font_for
from ..registry import vocab
from .overview import TREND_KINDS, Overview


def stats_book(o: Overview) -> StatsBook:
    statuses = list(vocab.STATUSES)
    tables = [
        StatsTable("各状态户数", [("状态", "text"), ("户数", "int"), ("人数", "int")],
                   [[c.key, c.households, c.persons] for c in o.by_status]
                   + [["合计", o.households, o.persons]]),
        StatsTable("各村户数", [("村", "text"), ("户数", "int"), ("人数", "int")] + [(s, "int") for s in statuses],
                   [[v.village, v.households, v.persons] + [v.by_status[s] for s in statuses] for v in o.by_village]),
        StatsTable("贫困户类型", [("类型", "text"), ("户数", "int"), ("人数", "int")],
                   [[c.key, c.households, c.persons] for c in o.by_type]),
        StatsTable("致贫原因", [("致贫原因", "text"), ("主要原因户数", "int"), ("主要原因人数", "int"),
                               ("含此原因的户占比（%）", "money")],
                   [[c.key, c.households, c.persons, round(o.cause_share.get(c.key, 0) * 100, 1)]
                    for c in o.main_cause]),
        StatsTable("年度脱贫与目标", [("年度", "int"), ("脱贫户数", "int"), ("目标户数", "int"), ("目标来源", "text")],
                   [[e.year, e.exited, e.target, "" if e.target is None else "按规划折算" if e.target_is_default
                     else "本乡镇设定"] for e in o.exits]),
        StatsTable("帮扶责任人负担", [("当前帮扶户数", "int"), ("帮扶责任人数", "int")],
                   [[b.households, b.helpers] for b in o.helper_load]),
    ]
    for p in o.pipelines:
        tables.append(StatsTable(f"{p.label}进度", [("阶段", "text"), ("合计", "int")] + [(v, "int") for v in p.villages],
                                 [[st, p.stage_total(st)] + [p.counts.get((st, v), 0) for v in p.villages]
                                  for st in p.stages]))
    tables.append(StatsTable("每月变动", [("月份", "text")] + [(label, "int") for _k, label in TREND_KINDS],
                             [[m.month] + [getattr(m, k) for k, _l in TREND_KINDS] for m in o.trend]))
    return StatsBook(o.township, o.as_of, tables)


def write_stats_workbook(o: Overview, out) -> None:
    write_stats_xlsx(stats_book(o), out)


def summary(o: Overview, charts: list[tuple[str, bytes]], wide: tuple[str, ...] = ()) -> StatsSummary:
    """``charts``: (title, PNG) in the order printed, two a row; a title in ``wide`` takes a row alone."""
    active = sum(o.status(s).households for s in vocab.ACTIVE_POOR_STATUSES)
    this_year = next((e for e in o.exits if e.year == o.as_of.year), None)
    latest = this_year or (o.exits[-1] if o.exits else None)
    figures = [("建档立卡户数", f"{o.households:,} 户 / {o.persons:,} 人"),
               ("在册贫困户（未脱贫、预脱贫、返贫）", f"{active:,} 户"),
               ("已脱贫", f"{o.status(vocab.STATUS_EXITED).households:,} 户"),
               ("返贫", f"{o.status(vocab.STATUS_RELAPSED).households:,} 户")]
    if latest is not None:
        target = f"{latest.target:,} 户" if latest.target is not None else "未定"
        figures.append((f"{latest.year}年脱贫 / 目标", f"{latest.exited:,} 户 / {target}"))
    for p in o.pipelines:
        open_cases = sum(p.stage_total(st) for st in p.stages[:-2])
        figures.append((f"{p.label}办理中 / 已归档", f"{open_cases:,} 件 / {p.stage_total(p.stages[-1]):,} 件"))
    overloaded = sum(b.helpers for b in o.helper_load if b.households >= o.helper_limit)
    figures.append((f"帮扶满{o.helper_limit}户的责任人", f"{overloaded:,} 人"))
    return StatsSummary(
        title=f"{o.township}脱贫攻坚统计摘要", subtitle=f"截至{o.as_of:%Y年%m月%d日}", figures=figures,
        charts=[ChartImage(title, png, title in wide) for title, png in charts],
        note="年度目标未设定的，按规划表2.1全县目标乘以本乡镇建档立卡户数占全县贫困户（55821户）的比例折算。")


def write_summary_pdf(db: Database, o: Overview, charts: list[tuple[str, bytes]], out, progress=None,
                      wide: tuple[str, ...] = ()) -> int:
    """The one-page summary in the office's PDF font (refused first when there is none)."""
    font = font_for(db)
    return write_stats_pdf(summary(o, charts, wide), out, font, progress=progress)
