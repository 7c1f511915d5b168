"""The audit trail, written once and centrally (issue 14): SQLAlchemy session events on the sessions
``db.Database.transaction`` makes, so a new feature cannot forget it.

- a created record: one ``audit_log`` row (action 新建) with its values as JSON in ``new``;
- an updated record: one row per changed field, old → new (action 修改);
- a deleted record: one row with its old values as JSON in ``old`` (action 删除);
- a Core ``insert()/update()/delete()`` run through the session (the demo's bulk inserts): one row per
  inserted row for a few rows; a bulk insert of many rows is one row saying how many (the demo build of
  50,000 households must not write 250,000 audit rows); an update/delete statement: one row with its
  values and condition;
- a restore from a backup (``pjdesk.backups``): one row (table ``database``, action 恢复) written by ``note``
  into the restored data, with the file and its date.

Rows carry the household and the case they belong to (a member's, a case's decision …) so a household's
or a case's 变更记录 is one indexed query. Password hashes are never copied into the trail. The table's
triggers (schema 0007) refuse UPDATE and DELETE of audit rows.

``Actor`` is who is logged in; ``Database.user`` holds it (set by ``pjdesk.auth.users.login``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import json
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, object_session, sessionmaker

from .models.base import Base
from .models.cases import Case
from .models.users import AuditLog

CREATE, UPDATE, DELETE = "新建", "修改", "删除"
SYSTEM = "系统"              # the user name of writes made before anyone can log in (first administrator)
HIDDEN = {"password_hash", "password_salt"}   # never copied into the trail
HIDDEN_TEXT = "（已修改）"
# follow from another field: no row of their own (a new password is one row, “密码：（已修改）”)
DERIVED = {"updated_at", "name_pinyin", "name_initials", "password_salt", "password_params"}
BULK_ROWS = 50              # a Core insert of more rows than this is audited as one summary row
USER_KEY = "pjdesk_audit_user"  # session.info key: the login name the rows are written under
ACTOR_KEY = "pjdesk_actor"      # session.info key: the logged-in Actor of a write transaction (None: 系统)


@dataclasses.dataclass(frozen=True)
class Actor:
    """The logged-in user: login name (in the audit trail), display name (经办人 on records), role."""
    name: str
    display_name: str
    role: str


def _text(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"（{len(bytes(value))}字节）"   # thumbnails, attachments: the size, not the bytes
    return str(value)


def _cell(value: Any) -> str | None:
    if isinstance(value, bool):
        return "是" if value else "否"
    value = _text(value)
    return None if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


_SHAPES: dict = {}   # mapper → (column attribute keys shown, primary-key attribute keys), worked out once


def _shape(mapper) -> tuple[list[str], list[str]]:
    shape = _SHAPES.get(mapper)
    if shape is None:
        columns = [a.key for a in mapper.column_attrs if a.key not in HIDDEN]
        keys = [mapper.get_property_by_column(c).key for c in mapper.primary_key]
        shape = _SHAPES[mapper] = (columns, keys)
    return shape


_PLAIN = (str, int, float, bool, type(None))   # values _text keeps as they are
_json = json.JSONEncoder(ensure_ascii=False).encode   # json.dumps(…, ensure_ascii=False), its encoder made once


def _values(obj) -> dict[str, Any]:
    """The shown column values of ``obj`` as the trail stores them. Read from the instance's own
    dict (what ``inspect(obj).dict`` is): an import of 20,000 persons audits every row it creates."""
    values = obj.__dict__
    out = {}
    for key in _shape(inspect(obj).mapper)[0]:
        v = values.get(key)
        out[key] = v if type(v) in _PLAIN else _text(v)
    return out


def _key(obj) -> str:
    values = obj.__dict__                    # inspect(obj).dict
    keys = _shape(inspect(obj).mapper)[1]
    if len(keys) == 1:
        return str(values.get(keys[0]))
    return "/".join(str(values.get(key)) for key in keys)


def _owner_ids(obj) -> tuple[int | None, int | None]:
    """(household_id, case_id) a record belongs to, where it says so itself."""
    table = obj.__table__.name
    household = obj.id if table == "household" else getattr(obj, "household_id", None)
    case = obj.id if table == "case_file" else getattr(obj, "case_id", None)
    if not isinstance(household, int):
        household = None
    if not isinstance(case, int):
        case = None
    return household, case


PENDING = "pjdesk_audit_pending"   # session.info key: rows gathered by the mapper events of one flush


def _record(obj, action: str, field: str = "", old=None, new=None) -> None:
    """Queue one audit row for ``obj`` in its session (written by ``_after_flush``)."""
    session = object_session(obj)
    if session is None or isinstance(obj, AuditLog):
        return
    user = session.info.get(USER_KEY)
    if user is None:
        return                      # a reader's session (rolled back)
    household, case = _owner_ids(obj)
    session.info.setdefault(PENDING, []).append(dict(
        user_name=user, table_name=obj.__table__.name,
        record_key=_key(obj)[:80], household_id=household, case_id=case, action=action, field=field,
        old=old, new=new))


def _after_insert(_mapper, _conn, obj) -> None:
    session = object_session(obj)
    if session is None or session.info.get(USER_KEY) is None:
        return                      # not audited (``_record`` would queue nothing): no values to gather
    _record(obj, CREATE, new=_json(_values(obj)))


def _before_update(mapper, conn, obj) -> None:
    """One row per changed column, old → new. Where the old value is not in memory (a row replaced by a
    new object with the same key, an expired attribute) it is read from the row before it is updated."""
    state = inspect(obj)
    changed = []
    for attr in state.mapper.column_attrs:
        if attr.key in DERIVED:
            continue
        hist = state.attrs[attr.key].history
        if hist.added or hist.deleted:
            changed.append((attr, hist))
    if not changed:
        return
    stored = None
    if any(not hist.deleted for _, hist in changed):
        table = mapper.local_table
        where = [col == getattr(obj, mapper.get_property_by_column(col).key)
                 for col in table.primary_key.columns]
        stored = conn.execute(select(table).where(*where)).mappings().first()
    for attr, hist in changed:
        new = hist.added[0] if hist.added else None
        if hist.deleted:
            old = hist.deleted[0]
        else:
            column = attr.columns[0]
            old = stored.get(column.key) if stored is not None else None
        if old == new:
            continue
        if attr.key in HIDDEN:
            old, new = None, HIDDEN_TEXT
        _record(obj, UPDATE, attr.key, _cell(old), _cell(new))


def _after_delete(_mapper, _conn, obj) -> None:
    # also a row removed from a collection (delete-orphan), which session.deleted never lists
    _record(obj, DELETE, old=_json(_values(obj)))


def _fill_households(session: Session, rows: list[dict]) -> None:
    """A case's records belong to its household too (the household's 变更记录 shows its cases)."""
    cases = {r["case_id"] for r in rows if r["case_id"] is not None and r["household_id"] is None}
    if not cases:
        return
    conn = session.connection()
    owner = dict(conn.execute(select(Case.id, Case.household_id).where(Case.id.in_(cases))).all())
    for r in rows:
        if r["household_id"] is None and r["case_id"] is not None:
            r["household_id"] = owner.get(r["case_id"])


def _after_flush(session: Session, _context) -> None:
    rows = session.info.pop(PENDING, None)
    if rows:
        at = dt.datetime.now().replace(microsecond=0)
        for row in rows:
            row["at"] = at
        _fill_households(session, rows)
        session.connection().execute(insert(AuditLog), rows)


def _statement_rows(orm_state, user: str) -> list[dict]:
    """Audit rows for a Core insert/update/delete executed through the session."""
    stmt = orm_state.statement
    table = stmt.table.name
    if table == AuditLog.__tablename__:
        return []
    at = dt.datetime.now().replace(microsecond=0)
    base = dict(at=at, user_name=user, table_name=table, household_id=None, case_id=None, field="", old=None)
    params = orm_state.parameters
    if orm_state.is_insert:
        batch = params if isinstance(params, list) else [params] if params else []
        if not batch:  # insert(...).values(...): the values are in the statement
            batch = [{c.key: getattr(v, "value", None) for c, v in stmt._values.items()}] if stmt._values else [{}]
        if len(batch) > BULK_ROWS:
            return [dict(base, action=CREATE, record_key=f"批量{len(batch)}行", new=f"批量新建{len(batch)}行")]
        return [dict(base, action=CREATE, record_key=str(p.get("id", ""))[:80],
                     household_id=p.get("household_id") if table != "household" else p.get("id"),
                     case_id=p.get("case_id"),
                     new=json.dumps({k: _text(v) for k, v in p.items() if k not in HIDDEN}, ensure_ascii=False))
                for p in batch]
    action = UPDATE if orm_state.is_update else DELETE
    where = _where(stmt)
    values = {c.key if hasattr(c, "key") else str(c): _text(getattr(v, "value", None))
              for c, v in getattr(stmt, "_values", None).items()} if getattr(stmt, "_values", None) else {}
    if isinstance(params, dict):
        values.update({k: _text(v) for k, v in params.items()})
    return [dict(base, action=action, record_key=f"条件：{where}"[:80],
                 new=json.dumps(values, ensure_ascii=False) if values else None)]


def _where(stmt) -> str:
    if stmt.whereclause is None:
        return "全部"
    try:
        return str(stmt.whereclause.compile(compile_kwargs={"literal_binds": True}))
    except Exception:  # a value that cannot be written as SQL text (bytes …): the condition's form
        return str(stmt.whereclause)


def _do_orm_execute(orm_state) -> None:
    user = orm_state.session.info.get(USER_KEY)
    if user is None or not (orm_state.is_insert or orm_state.is_update or orm_state.is_delete):
        return
    rows = _statement_rows(orm_state, user)
    if rows:
        orm_state.session.connection().execute(insert(AuditLog), rows)


def wire(sessions: sessionmaker) -> None:
    """Register the audit events (called by the ``Database`` constructor): the flush and statement
    events on this database's session factory; the per-row mapper events once for every mapped class
    (they fire in every session, and queue rows only in a session of ``Database.transaction``)."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _do_orm_execute)
    if not event.contains(Base, "after_insert", _after_insert):
        event.listen(Base, "after_insert", _after_insert, propagate=True)
        event.listen(Base, "before_update", _before_update, propagate=True)
        event.listen(Base, "after_delete", _after_delete, propagate=True)


RESTORE = "恢复"             # the action of a database restored from a backup (pjdesk.backups)


def note(conn, user: str, table: str, record_key: str, action: str, *, new: str | None = None) -> None:
    """One audit row for an event that is not the change of a mapped record — a restore, which replaces
    every record at once — in the same shape as the rows of the session events (``conn``: a connection
    or session inside the write transaction of that event)."""
    conn.execute(insert(AuditLog), [dict(
        at=dt.datetime.now().replace(microsecond=0), user_name=user, table_name=table,
        record_key=record_key[:80], household_id=None, case_id=None, action=action, field="", old=None, new=new)])
