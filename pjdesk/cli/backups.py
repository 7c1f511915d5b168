"""``pjdesk backup [--out PATH] [--list]`` and ``pjdesk restore FILE [--yes]`` (issue 14)."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import backups
from ..errors import DatabaseDamaged, PjdeskError
from . import common


def register(sub) -> None:
    p = sub.add_parser("backup", help="备份数据库（默认到备份文件夹，可用 --out 指定文件夹或U盘）")
    p.add_argument("--out", help="备份到此文件夹或文件（.db）")
    p.add_argument("--list", action="store_true", help="列出已有的备份，不新建")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="从备份文件恢复数据库（需管理员；先自动备份当前数据库）")
    p.add_argument("file", help="备份文件")
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    p.set_defaults(func=cmd_restore)


def cmd_backup(args) -> int:
    path = common.db_path(args)
    if args.list:
        rows = backups.list_backups(path)
        if not rows:
            print(f"没有找到备份（备份文件夹：{backups.backups_dir()}）")
            return 0
        print(common.table([{"time": f"{b.made_at:%Y-%m-%d %H:%M:%S}", "kind": b.kind_text,
                             "size": f"{b.size / 1_048_576:.1f} MB", "path": str(b.path)} for b in rows],
                           [("time", "时间"), ("kind", "类别"), ("size", "大小"), ("path", "文件")]))
        return 0
    db = common.open_db(args)
    try:
        out = backups.make_backup(db, args.out, kind="manual")
    finally:
        db.close()
    print(f"已备份并通过完整性检查：{out}")
    return 0


def _confirmed(plan: backups.RestorePlan, yes: bool) -> bool:
    print(plan.summary())
    if yes:
        return True
    if not sys.stdin.isatty():
        raise PjdeskError("未确认，没有恢复（在脚本中使用时请加 --yes）")
    try:
        answer = input("确认恢复吗？输入 yes 确认：")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("yes", "y", "是")


def cmd_restore(args) -> int:
    path = common.db_path(args).expanduser().resolve()
    source = Path(args.file)
    backups.refuse_if_open_elsewhere(path)     # a window has it open: restoring would pull its data away
    usable = path.exists()
    if usable:
        try:
            common.check_whole(path)
        except DatabaseDamaged:
            usable = False
    if not usable:          # missing (a new PC), empty or damaged: no one can log in to it
        plan = backups.plan_restore(path, source)
        if not _confirmed(plan, args.yes):
            print("已取消，数据库未改动")
            return 1
        result = backups.restore_unusable(path, source)
    else:
        db, _actor = common.open_with_actor(args)
        try:
            backups.may_restore(db)
            plan = backups.plan_restore(db.path, source)
            if not _confirmed(plan, args.yes):
                print("已取消，数据库未改动")
                return 1
            result = backups.restore(db, source)
        finally:
            db.close()
    if result.saved_current is not None:
        print(f"恢复前的数据库已备份到：{result.saved_current}")
    print(f"已从备份恢复：{result.plan.township}，{result.plan.households}户（备份于{result.plan.made_at:%Y-%m-%d %H:%M}）")
    return 0
