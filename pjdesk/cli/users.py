"""``pjdesk users add|list|passwd|lock|unlock`` and ``pjdesk audit``: users and the audit trail from the
command line (issue 14). Every command acts as ``--user`` / PJDESK_USER under the same roles as the GUI."""

from __future__ import annotations

import getpass
import os

from ..auth import passwords, trail, users
from ..errors import ValidationError, raise_first
from .common import emit, open_db, open_with_actor, parse_date, table

USER_COLUMNS = [("name", "用户名"), ("display_name", "姓名"), ("role", "角色"), ("status", "状态")]
AUDIT_COLUMNS = [("at", "时间"), ("user", "用户"), ("table", "记录"), ("record", "编号"), ("action", "操作"),
                 ("field", "字段"), ("old", "原值"), ("new", "新值")]


def _password(args, prompt: str) -> str:
    """A new password: ``--password-env VAR`` names an environment variable holding it, else asked twice."""
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise ValidationError("password", f"环境变量 {args.password_env} 未设置")
        return value
    first = getpass.getpass(prompt)
    raise_first(passwords.confirm_errors(first, getpass.getpass("再次输入密码："), "password"))
    return first


def cmd_add(args) -> int:
    db, _ = open_with_actor(args)
    users.add_user(db, args.name, args.display_name or args.name, args.role,
                   _password(args, f"为用户“{args.name}”设置密码："))
    print(f"已添加用户：{args.name}（{args.role}）")
    return 0


def cmd_list(args) -> int:
    rows = [dict(name=u.name, display_name=u.display_name, role=u.role, status=u.status())
            for u in users.list_users(open_db(args))]
    emit(rows, args.format, lambda data: table(data, USER_COLUMNS))
    return 0


def cmd_passwd(args) -> int:
    """Without a name: the user's own password (the old one is asked); with one: an administrator's reset."""
    db, _ = open_with_actor(args)
    if args.name and args.name != db.user.name:
        users.reset_password(db, args.name, _password(args, f"用户“{args.name}”的新密码："))
        print(f"已重设用户“{args.name}”的密码")
    else:
        old = os.environ.get("PJDESK_OLD_PASSWORD")
        old = old if old is not None else getpass.getpass("原密码：")
        users.change_password(db, old, _password(args, "新密码："))
        print("已修改密码")
    return 0


def cmd_lock(args) -> int:
    db, _ = open_with_actor(args)
    users.set_active(db, args.name, False)
    print(f"已停用用户：{args.name}")
    return 0


def cmd_unlock(args) -> int:
    db, _ = open_with_actor(args)
    users.set_active(db, args.name, True)
    print(f"已启用用户：{args.name}（连续输错的锁定已解除）")
    return 0


def cmd_audit(args) -> int:
    rows = trail.search(open_db(args), household_no=args.household or "", case_no=args.case or "",
                        user=args.by or "", since=parse_date(args.since, "since"), until=parse_date(args.until, "until"))
    emit([r.as_dict() for r in rows], args.format, lambda data: table(data, AUDIT_COLUMNS))
    return 0


def register(sub) -> None:
    us = sub.add_parser("users", help="用户与角色").add_subparsers(dest="sub", required=True)
    p = us.add_parser("add", help="添加用户（管理员）")
    p.add_argument("name", help="用户名")
    p.add_argument("--display-name", default=None, help="姓名（记录上的经办人，默认同用户名）")
    p.add_argument("--role", required=True, choices=users.ROLES, help="角色")
    p.add_argument("--password-env", default=None, help="从该环境变量读取新密码（默认提示输入两次）")
    p.set_defaults(func=cmd_add)
    p = us.add_parser("list", help="列出用户")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_list)
    p = us.add_parser("passwd", help="修改自己的密码，或（管理员）重设他人的密码")
    p.add_argument("name", nargs="?", default=None, help="要重设密码的用户名（不填：修改自己的密码）")
    p.add_argument("--password-env", default=None, help="从该环境变量读取新密码（默认提示输入两次）")
    p.set_defaults(func=cmd_passwd)
    p = us.add_parser("lock", help="停用用户（管理员）")
    p.add_argument("name", help="用户名")
    p.set_defaults(func=cmd_lock)
    p = us.add_parser("unlock", help="启用用户并解除锁定（管理员）")
    p.add_argument("name", help="用户名")
    p.set_defaults(func=cmd_unlock)

    # ``audit --user U`` filters by the user who made the changes (issue 14's command line); the user a
    # command acts as is then given before the command (``pjdesk --user NAME audit …``) or by PJDESK_USER.
    p = sub.add_parser("audit", help="变更记录（审计日志）", conflict_handler="resolve")
    p.add_argument("--household", default=None, help="户编号")
    p.add_argument("--case", default=None, help="项目编号")
    p.add_argument("--user", dest="by", default=None, help="只看该用户（用户名）所做的修改")
    p.add_argument("--since", default=None, help="起始日期 YYYY-MM-DD")
    p.add_argument("--until", default=None, help="截止日期 YYYY-MM-DD")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_audit)
