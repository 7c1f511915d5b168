"""Checks written once (issue 9, item 4): a refusal's rule and its Chinese text live in ``pjdesk`` — the
pure ``check_*`` functions the services call — and the dialogs show what those functions return. No
refusal text is typed again in ``ui/``.

Read with ``ast`` (nothing is imported): the refusal texts of ``pjdesk/`` are the string literals, and the
literal parts of f-strings, inside a call that builds a refusal (``ValidationError(...)``,
``RuleViolation(...)``, ``NotFound(...)`` …) or returned by a function that words one (``*_problem``,
``*_refusal``). A message whose placeholders are ignored (its template) must not appear in ``ui/``, nor any
of its literal parts that reads as a sentence (has Chinese punctuation). A bare term such as a field's
label (正房建筑面积, 主要致贫原因) is shared by design: the form labels the field, the message names it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pjdesk.cases.decisions import decide
from pjdesk.cases.detail import case_detail
from pjdesk.cases.funds import disburse
from pjdesk.cases.renovation import open_renovation
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry.households import change_head
from pjdesk.registry.queries import household_detail
from tests.cases.conftest import Driver, application, make_household
from tests.conftest import TODAY
from ui.cases.action_dialogs import DecisionDialog, DisbursementDialog
from ui.households.action_dialogs import ChangeHeadDialog

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff]")
PUNCTUATION = re.compile(r"[，。：；、“”（）！？]")
REFUSALS = {"ValidationError", "RuleViolation", "NotFound", "PjdeskError", "DatabaseBusy", "DatabaseVersionError"}
WORDING_FUNCTIONS = ("_problem", "_refusal")
# ui modules allowed to build a refusal object themselves, each with its reason.
UI_BUILDS_REFUSAL: set[str] = set()


def _modules(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _texts(node: ast.AST, skip: set[int]):
    """(template, literal parts) of every string in ``node``: an f-string's placeholders become {}."""
    inside = {id(v) for n in ast.walk(node) if isinstance(n, ast.JoinedStr) for v in n.values}
    for n in ast.walk(node):
        if isinstance(n, ast.JoinedStr):
            parts = [v.value for v in n.values if isinstance(v, ast.Constant)]
            yield "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in n.values), parts
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip | inside:
            yield n.value, [n.value]


def _wordings(found: dict, where: str, texts) -> None:
    """Record a refusal's template (4 Chinese characters or more) and its sentence-like parts."""
    for template, pieces in texts:
        if len(CJK.findall(template)) >= 4:
            found.setdefault(("message", template.strip()), set()).add(where)
        for piece in pieces:
            piece = piece.strip()
            if len(CJK.findall(piece)) >= 5 and PUNCTUATION.search(piece):
                found.setdefault(("sentence", piece), set()).add(where)


def refusal_texts() -> dict[tuple[str, str], set[str]]:
    """Templates and sentence-like parts of every refusal worded in pjdesk/."""
    found: dict[tuple[str, str], set[str]] = {}
    for where, tree in _modules("pjdesk"):
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in REFUSALS:
                for arg in node.args + [k.value for k in node.keywords]:
                    _wordings(found, where, _texts(arg, skip))
            elif isinstance(node, ast.FunctionDef) and node.name.endswith(WORDING_FUNCTIONS):
                for ret in (n for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None):
                    _wordings(found, where, _texts(ret.value, skip))
    return found


def ui_texts() -> dict[tuple[str, str], set[str]]:
    """The same keys for every string typed in ui/ (docstrings aside): whole templates, and each part."""
    found: dict[tuple[str, str], set[str]] = {}
    for where, tree in _modules("ui"):
        for template, pieces in _texts(tree, _docstrings(tree)):
            found.setdefault(("message", template.strip()), set()).add(where)
            for piece in pieces:
                found.setdefault(("sentence", piece.strip()), set()).add(where)
    return found


def test_the_scan_sees_the_refusals_of_every_area():
    texts = {text for _, text in refusal_texts()}
    for sample in ("请填写审核人姓名", "“{}”须写明理由（书面说明）", "请填写状态变更原因", "请选择帮扶责任人",
                   "㎡户型标准，不能验收合格", "拨付金额超过核定补助：核定", "帮扶责任人姓名不能为空"):
        assert any(sample in t for t in texts), sample


def test_no_refusal_text_in_both_ui_and_pjdesk():
    ui = ui_texts()
    twice = {f"{text}  (pjdesk: {', '.join(sorted(where))}; ui: {', '.join(sorted(ui[(kind, text)]))})"
             for (kind, text), where in refusal_texts().items() if (kind, text) in ui}
    assert not twice, "refusal text typed again in ui/ — call the pjdesk check instead:\n" + "\n".join(sorted(twice))


def test_ui_builds_no_refusals_of_its_own():
    """Every message a dialog shows beside a field comes from a pjdesk check (or a service's refusal)."""
    built = []
    for where, tree in _modules("ui"):
        if where in UI_BUILDS_REFUSAL:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in REFUSALS:
                built.append(f"{where}:{node.lineno} {ast.unparse(node)[:80]}")
    assert not built, "ui/ words a refusal itself:\n" + "\n".join(built)


def test_the_scan_would_catch_retyped_messages():
    """The scan itself: what the old dialogs typed (a whole message, a message reworded around the same
    sentence) is found; a field's label is not."""
    refusals = refusal_texts()

    def caught(source: str) -> bool:
        keys = set()
        for template, pieces in _texts(ast.parse(source), set()):
            keys.add(("message", template.strip()))
            keys.update(("sentence", p.strip()) for p in pieces)
        return bool(keys & set(refusals))

    assert caught('ValidationError("opinion", f"“{word}”须写明理由（书面说明）")')
    assert caught('ValidationError("inspectors", "请填写验收人员")')
    assert caught('msg = f"拨付金额超过核定补助：核定{a}元，已拨付{b}元，本次{c}元，最多还能拨付{d}元"')
    assert not caught('form.add("main_area", "正房建筑面积", box)')


# ---- the dialogs run the services' own checks: the same input, the same words

def test_disbursement_dialog_shows_word_for_word_what_the_service_refuses(ctx, qtbot):
    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    Driver(ctx.db, no).to_stage("实施")
    dlg = DisbursementDialog(ctx, case_detail(ctx.db, no, today=TODAY), today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.department.setCurrentText("住建部门")
    dlg.amount.lineEdit().selectAll()
    qtbot.keyClicks(dlg.amount, "16000")
    shown = dlg.form.errors["amount"].text()
    assert "住建部门拨付超过核定" in shown and not dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    with pytest.raises(RuleViolation) as refused:
        disburse(ctx.db, no, dlg.value(), today=TODAY)
    assert refused.value.message == shown


def test_decision_dialog_shows_word_for_word_what_the_service_refuses(ctx, qtbot):
    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    dlg = DecisionDialog(ctx, case_detail(ctx.db, no, today=TODAY), today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.reviewer, "Zhang")
    dlg.decision.setCurrentText("不予通过")
    shown = dlg.form.errors["opinion"].text()
    assert shown and not dlg.ok.isEnabled()
    with pytest.raises(ValidationError) as refused:
        decide(ctx.db, no, dlg.value(), today=TODAY)
    assert (refused.value.field, refused.value.message) == ("opinion", shown)


def test_change_head_dialog_shows_word_for_word_what_the_service_refuses(ctx, qtbot):
    no = make_household(ctx.db)
    before = household_detail(ctx.db, no)
    dlg = ChangeHeadDialog(ctx, before)
    qtbot.addWidget(dlg)
    dlg.show()
    shown = dlg.form.errors["member"].text()            # no new head chosen yet
    assert shown and not dlg.ok.isEnabled()
    with pytest.raises(ValidationError) as refused:
        change_head(ctx.db, no, dlg.chosen_id(), "配偶")
    assert refused.value.message == shown
    qtbot.keyClick(dlg.new_head, Qt.Key.Key_Down)       # the first member who is not the head
    assert dlg.ok.isEnabled() and dlg.form.errors["member"].isHidden()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    after = {m.name: m.relation for m in household_detail(ctx.db, no).members}
    assert not dlg.isVisible()
    assert (after[before.members[0].name], after[before.members[1].name]) == ("配偶", "户主")
