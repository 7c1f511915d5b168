"""One dialog base (issue 9, item 5): every dialog that records an action derives from
``ui.widgets.action_dialog.ActionDialog`` — the form with an error line per field, 确定 disabled while a
check fails, the refusal shown inside the dialog, which stays open. Read with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
QT_DIALOGS = {"QDialog", "QWizard"}
# Dialogs on Qt's own classes, each with its reason.
OWN_BASE = {
    "ui/first_run.py:FirstRunDialog",           # runs before there is a database (no context, no service)
    "ui/printing/preview.py:PreviewDialog",     # shows a PDF; records nothing
    "ui/households/new_household.py:NewHouseholdWizard",  # four pages (QWizard); its forms use the same checks
    "ui/auth/users_dialog.py:UsersDialog",      # lists the users; each change is an ActionDialog of its own
}


def _classes():
    for path in sorted((ROOT / "ui").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                yield f"{where}:{node.name}", bases


def test_every_action_dialog_uses_the_one_base():
    on_qt = {name for name, bases in _classes() if bases & QT_DIALOGS}
    assert on_qt == OWN_BASE | {"ui/widgets/action_dialog.py:ActionDialog"}


def test_the_case_dialogs_shim_is_gone():
    assert not (ROOT / "ui" / "cases" / "form_dialog.py").exists()

