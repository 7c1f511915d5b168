"""The structure the code must keep (issue 9): rules hold whatever was imported, no import cycles,
imports inside functions only to save start-up time, and the layers ui → pjdesk → db, pjdesk → reports."""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text

from pjdesk.cases.renovation import open_renovation
from pjdesk.pairing.assignments import bulk_assign
from tests.cases.conftest import application, make_household
from tests.conftest import TODAY
from tests.pairing.conftest import helper

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pjdesk", "db", "ui", "reports")


# ---------------------------------------------------------------- 1. rules hold whatever was imported

def test_strike_off_rules_hold_in_an_interpreter_that_imports_only_the_registry_service(db):
    """R1.4 销户 in a fresh interpreter that imports nothing but ``pjdesk.registry.households``: refused
    while the household has an open renovation case; allowed otherwise, and the pairing ends with it."""
    with_case = make_household(db)
    case_no = open_renovation(db, application(with_case), today=TODAY)
    paired = make_household(db, village="青石村")
    bulk_assign(db, helper(db), [paired], on=dt.date(2026, 1, 5), today=TODAY)
    db.close()

    script = textwrap.dedent(f"""
        import datetime as dt, json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from db import open_database
        from pjdesk.registry.households import change_status
        db = open_database({str(db.path)!r})
        from pjdesk.auth.users import login
        login(db, "admin", "demo")    # issue 14: writes need a logged-in user (tests/conftest.py's admin)
        out = {{}}
        for no in ({with_case!r}, {paired!r}):
            try:
                change_status(db, no, "已销户", dt.date(2026, 11, 1), "全户迁出", today=dt.date(2026, 11, 28))
                out[no] = "done"
            except Exception as exc:
                out[no] = type(exc).__name__ + ": " + getattr(exc, "message", str(exc))
        db.close()
        print(json.dumps(out, ensure_ascii=False))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out[with_case].startswith("RuleViolation") and case_no in out[with_case] and "不能销户" in out[with_case]
    assert out[paired] == "done"

    from db import open_database
    db2 = open_database(db.path)
    with db2.engine.connect() as c:
        status = dict(c.execute(text("SELECT household_no, status FROM household")).all())
        pairing = c.execute(text("SELECT a.end_on, a.end_reason FROM helper_assignment a JOIN household h "
                                 "ON h.id = a.household_id WHERE h.household_no = :no"), {"no": paired}).one()
    db2.close()
    assert status[with_case] == "未脱贫" and status[paired] == "已销户"
    assert pairing == ("2026-11-01", "销户")


# ---------------------------------------------------------------- 2. imports

def _modules() -> dict[str, Path]:
    out = {}
    for top in PACKAGES:
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            name = ".".join(rel.parts)
            out[name[: -len(".__init__")] if name.endswith(".__init__") else name] = path
    out["main"] = ROOT / "main.py"
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, ast.stmt]]:
    """(imported project module, statement) for every import in the file, inside functions too. An
    import names the module it loads: ``from a.b import c`` is a.b.c when that is a module, else a.b."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".") if is_package else name.split(".")[:-1]
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node))
    return found


def test_no_import_cycles_anywhere_counting_imports_inside_functions():
    modules = _modules()
    graph = {m: {t for t, _ in _imports(m, p, modules)} for m, p in modules.items()}
    cycles, state, stack = [], {}, []

    def visit(m):
        state[m] = "open"
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == "open":
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert cycles == [], "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_an_import_inside_a_function_says_it_saves_start_up_time():
    """Only where it keeps a library out of start-up, with a comment saying so (on its line or the one above)."""
    unexplained = []
    for name, path in _modules().items():
        if ".migrations." in name:
            continue  # alembic runs migration scripts by path; their upgrade() bodies are not start-up
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)):
                        here = lines[sub.lineno - 1] + lines[sub.lineno - 2]
                        if "start-up" not in here:
                            unexplained.append(f"{path.relative_to(ROOT)}:{sub.lineno}: {lines[sub.lineno - 1].strip()}")
    assert unexplained == []


def _third_party(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            tops |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            tops.add(node.module.split(".")[0])
    return tops


def test_layers_point_one_way():
    """ui → pjdesk → db, pjdesk → reports: no Qt below ui/, no SQL in ui/, reports knows no database."""
    wrong = []
    for name, path in _modules().items():
        top, used = name.split(".")[0], _third_party(path)
        if top in ("pjdesk", "db", "reports") and {"PySide6", "pyqtgraph", "ui"} & used:
            wrong.append(f"{name} imports Qt or ui")
        if top == "ui" and {"sqlalchemy", "sqlite3"} & used:
            wrong.append(f"{name} runs SQL")
        if top == "reports" and {"pjdesk", "db", "sqlalchemy"} & used:
            wrong.append(f"{name} reads the database")
        if top == "db" and {"pjdesk", "reports"} & used:
            wrong.append(f"{name} imports a higher layer")
    assert wrong == []
