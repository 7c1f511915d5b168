"""Issue #6: 取消 works while a PDF is being drawn, not only before. The writers report every page
(the page template's hook) to the job's ``Progress``, which raises ``Cancelled`` once the clerk
pressed 取消; the exception propagates and no file is left behind."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk.cases.printouts import write_case_file_pdf
from pjdesk.office import write_pdf
from reports.disclosure import Contact, PostingTerms, RenovationDisclosure, RenovationRow, write_renovation_disclosure
from ui.runner import Cancelled, Progress

from .conftest import FULL

D = dt.date
TERMS = PostingTerms(D(2026, 3, 7), D(2026, 3, 13), "村务公开栏", "大山村村民委员会或虹桥镇人民政府",
                     [Contact("大山村村民委员会", "0730-6123456")], "大山村村民委员会")


class _Signals:
    """Stands in for the job's Qt signals; the clerk presses 取消 once ``cancel_at`` pages are drawn."""

    def __init__(self, cancel_at: int):
        self.cancel_at, self.seen, self.progress = cancel_at, [], self
        self.job: Progress | None = None

    def emit(self, done, total, text) -> None:
        self.seen.append((done, total, text))
        pages = [t for _d, _t, t in self.seen if "页）" in t]
        if len(pages) >= self.cancel_at:
            self.job.cancel()


def clerk_cancels_at_page(n: int) -> tuple[Progress, _Signals]:
    signals = _Signals(n)
    progress = Progress(signals)  # type: ignore[arg-type]
    signals.job = progress
    return progress, signals


def disclosure(rows: int) -> RenovationDisclosure:
    return RenovationDisclosure(
        "虹桥镇大山村2026年农村危房改造对象第一榜公示", "平江县　虹桥镇　大山村　第一榜", "根据政策依据甲，",
        "经村民代表大会评议，", ["分散改造每户20000元"], "评议通过，报乡镇审核。",
        [RenovationRow(f"{i % 9 + 1}组", f"户主{i:04d}", i % 6 + 1, "分散·原地重建", "D", 20000) for i in range(rows)],
        TERMS)


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_cancel_while_a_3000_row_list_is_drawn_leaves_no_file(pdb, folder):
    out = folder / "list.pdf"
    progress, signals = clerk_cancels_at_page(3)
    with pytest.raises(Cancelled):
        write_pdf(pdb, "公示名单", lambda: disclosure(3000), write_renovation_disclosure, out, progress)
    assert not out.exists() and list(folder.iterdir()) == []     # no partial file, no temporary file
    texts = [t for _d, _t, t in signals.seen]
    assert texts[:2] == ["正在整理公示名单…", "正在生成 PDF…"]
    assert "正在排版3000行的名单（第3页）…" in texts             # stopped while drawing page 3 of ~80


def test_cancel_while_a_case_file_is_drawn_leaves_no_file(pdb, refs, folder):
    out = folder / "casefile.pdf"
    progress, signals = clerk_cancels_at_page(2)
    with pytest.raises(Cancelled):
        write_case_file_pdf(pdb, refs[FULL], out, progress)
    assert not out.exists() and list(folder.iterdir()) == []
    assert any("第2页" in t for _d, _t, t in signals.seen)


def test_every_page_is_reported_when_nobody_cancels(pdb, tmp_path):
    seen = []
    pages = write_pdf(pdb, "公示名单", lambda: disclosure(120), write_renovation_disclosure, tmp_path / "l.pdf",
                      lambda d, t, text: seen.append((d, text)))
    assert pages >= 3 and [d for d, text in seen if "页）" in text] == list(range(1, pages + 1))
