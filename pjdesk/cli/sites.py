"""``pjdesk sites …``: the resettlement-site registry (安置点) with occupancy (issue 11).

Each command is one service call; a refusal prints the Chinese reason and exits 2 (pjdesk.cli.main).
"""

from __future__ import annotations

import json

from ..cases.sites import site_rows
from ..registry.township import get_township
from .common import open_db, table


def _print(data, fmt: str, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else text)



SITE_COLUMNS = [("code", "编号"), ("name", "安置点"), ("kind", "类型"), ("year", "年度"), ("status", "状态"),
                ("planned_households", "规划户数"), ("planned_persons", "规划人数"), ("allocated_households", "已分配户"),
                ("allocated_persons", "已分配人"), ("moved_in_households", "已入住户"), ("moved_in_persons", "已入住人"),
                ("capacity_left", "剩余户数")]


def cmd_sites_list(args) -> int:
    db = open_db(args)
    with db.reader() as s:
        township = get_township(s).name if not args.all else None
    rows = [r.as_json() for r in site_rows(db, township=township)]
    _print(rows, args.format, table(rows, SITE_COLUMNS) + f"\n共 {len(rows)} 个安置点")
    return 0


def register(sub) -> None:
    ss = sub.add_parser("sites", help="易地搬迁安置点：名册及入住情况").add_subparsers(dest="sub", required=True)
    p = ss.add_parser("list", help="安置点名册：规划户数、已分配、已入住、剩余")
    p.add_argument("--all", action="store_true", help="列出全县的安置点（默认本乡镇及县城安置区）")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_sites_list)
