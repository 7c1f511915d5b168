"""``pjdesk stats``: every figure of the 统计 page (its own area: the overview reads the cases too)."""

from __future__ import annotations

from ..stats.overview import overview
from .common import emit, open_db


def cmd_stats(args) -> int:
    """Every figure of the 统计 page (pjdesk/stats/overview.py), as of today."""
    st = overview(open_db(args)).as_dict()

    def as_table(st):
        lines = [f"{st['township']}（截至{st['as_of']}）：{st['households']}户 {st['persons']}人"]
        lines += [f"  {s}：{v['households']}户 {v['persons']}人" for s, v in st["by_status"].items()]
        lines.append("各村：")
        lines += [f"  {v['village']}：{v['households']}户 {v['persons']}人" for v in st["by_village"]]
        lines.append("年度脱贫（户）与目标：")
        lines += [f"  {e['year']}年：{e['exited']}户，目标{e['target'] if e['target'] is not None else '未定'}"
                  for e in st["exits"]]
        lines.append("帮扶责任人负担（帮扶户数：人数）：" + "，".join(f"{k}户：{n}人" for k, n in st["helper_load"].items()))
        for p in st["pipelines"].values():
            lines.append(f"{p['label']}（共{p['total']}件）：" + "，".join(f"{s} {n}" for s, n in p["by_stage"].items()))
        return "\n".join(lines)
    emit(st, args.format, as_table)
    return 0


def register(sub) -> None:
    p = sub.add_parser("stats", help="统计")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)
