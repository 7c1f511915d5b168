"""The Qt binding must not eat references to None (PySide6 6.12.0 did: every call of a Qt method that
returns nothing dropped one, and on Python 3.11 a long session — a clerk typing into forms all day,
each keystroke re-showing the field messages — ended in "Fatal Python error: none_dealloc").
pyproject.toml pins a PySide6 without the defect; this test fails if a new pin brings it back."""

import sys

from PySide6.QtWidgets import QCheckBox, QLabel


def test_void_qt_calls_keep_the_reference_count_of_none(qtbot):
    label, box = QLabel(""), QCheckBox("x")
    qtbot.addWidget(label)
    qtbot.addWidget(box)
    for _ in range(50):                      # warm-up: one-time caches may take a few references
        label.setText("")
        box.setChecked(False)
    before = sys.getrefcount(None)
    for i in range(2000):
        label.setText(str(i))                # each of these returns None from C++ void
        label.setVisible(True)
        box.setChecked(bool(i % 2))
    drift = before - sys.getrefcount(None)
    assert drift < 100, f"None lost {drift} references over 6000 void Qt calls"
