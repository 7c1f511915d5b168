"""取消 (or any failure) during the import's write rolls the whole transaction back: the batches already
flushed are not kept (issue 13: all or nothing). The GUI's 取消 raises from the progress callback, as here."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import Household, Member, StatusChange
from pjdesk import seed
from pjdesk.roster import apply
from pjdesk.roster.apply import import_roster, preview
from tests.roster.builders import person_rows, write_roster


class Stop(Exception):
    pass


def test_cancel_after_the_first_batch_leaves_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(apply, "BATCH", 2)
    roster = write_roster(tmp_path / "花名册.xlsx", person_rows(5, [v for v, _ in seed.villages_of("虹桥镇")]))
    plan = preview(db, roster)
    seen = []

    def progress(done, total, text=""):
        seen.append((done, total))
        if done == 2:                    # the first two households are flushed inside the transaction
            with db.engine.connect() as other:      # another connection sees none of them (not committed)
                assert other.execute(select(func.count()).select_from(Household)).scalar() == 0
            raise Stop()

    with pytest.raises(Stop):
        import_roster(db, plan, actor="测试", progress=progress)
    assert (2, 5) in seen
    with db.reader() as s:
        for model in (Household, Member, StatusChange):
            assert s.scalar(select(func.count()).select_from(model)) == 0
    assert import_roster(db, plan, actor="测试").households_new == 5     # the same plan, not cancelled
