"""Clerks read rules in words, not the ids of RULES.md (issue 16): no string a user can see — a label, a
message, a printout, a CLI help text — in ``ui/``, ``pjdesk/`` or ``reports/`` contains an id such as
R5.5. Ids stay in comments, docstrings, tests and in a string that is only the id (``rule="R2.3"``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE_ID = re.compile(r"R\d+\.\d+")


def docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def shown_rule_ids(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string constant naming a rule id, and of each f-string that puts one after
    “规则” (``f"（规则{RULE}）"``)."""
    tree = ast.parse(source)
    docs = docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if RULE_ID.search(node.value) and not RULE_ID.fullmatch(node.value.strip()):
                found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            for before, after in zip(parts, parts[1:]):
                if (isinstance(before, ast.Constant) and str(before.value).endswith("规则")
                        and isinstance(after, ast.FormattedValue)):
                    found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_check_finds_an_id_in_a_message_and_an_f_string():
    source = ('"""Docstring R1.5 is fine."""\n# comment R2.1\nRULE = "R2.1"\n'
              'a = "公示不少于7天（规则R5.5）"\nb = f"最多{n}户（规则{RULE}）"\nraise X("x", rule="R2.3")\n')
    assert [line for line, _ in shown_rule_ids(source)] == [4, 5]


def test_no_rule_id_in_text_users_see():
    found = [f"{path.relative_to(ROOT)}:{line}: {text[:80]}"
             for package in ("ui", "pjdesk", "reports")
             for path in sorted((ROOT / package).rglob("*.py"))
             for line, text in shown_rule_ids(path.read_text(encoding="utf-8"))]
    assert not found, "rule ids shown to users (say the rule in words):\n" + "\n".join(found)
