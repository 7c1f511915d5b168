"""Auto-pair (issue #4): never exceeds the limit (R2.1), covers every unassigned household when
capacity allows, says how many helpers are missing when not; nothing is written before accept."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from pjdesk.errors import RuleViolation
from pjdesk.pairing import assignments as asg
from pjdesk.pairing.aid_teams import RoleInput, add_role
from pjdesk.pairing.autopair import Slot, accept, plan, propose
from pjdesk.pairing.queries import helper_rows, unassigned_households
from tests.conftest import TODAY

from tests.pairing.conftest import helper, make_households


@pytest.mark.parametrize("seed", range(200))
def test_r2_1_plan_never_exceeds_the_limit_and_covers_all_when_it_can(seed):
    rng = random.Random(seed)
    limit = rng.choice((1, 3, 5, 5, 5))
    helpers = [Slot(i, rng.randint(0, limit)) for i in range(rng.randint(0, 12))]
    households = list(range(rng.randint(0, 50)))
    chosen, left = plan(households, helpers, limit)

    final = {h.key: h.load for h in helpers}
    for hh, key in chosen.items():
        final[key] += 1
    assert all(v <= limit for v in final.values())                      # never above the limit
    capacity = sum(limit - h.load for h in helpers)
    assert len(chosen) == min(len(households), capacity)                # all when capacity allows
    assert set(chosen) | set(left) == set(households) and not set(chosen) & set(left)
    assert left == households[len(chosen):]                            # the most urgent are served
    # balanced: a helper got new households only while no one with a free place was lower
    receivers = {key for key in chosen.values()}
    not_full = [final[h.key] for h in helpers if final[h.key] < limit]
    if receivers and not_full:
        assert max(final[k] for k in receivers) <= min(not_full) + 1


def _village_setup(db, n_households: int):
    numbers = make_households(db, n_households, village="大山村")
    add_role(db, RoleInput("大山村", "帮扶单位", "县文广新局", start_on=TODAY), today=TODAY)
    unit_cadre = helper(db, "王建国", unit="县文广新局")
    township = helper(db, "李秀英", unit="虹桥镇人民政府", level="乡镇")
    other_village = helper(db, "赵六", unit="瑶田村村民委员会", level="村级", village="瑶田村")
    other_unit = helper(db, "钱七", unit="县统计局")          # assists another village
    return numbers, unit_cadre, township, other_village, other_unit


def test_autopair_covers_every_household_balanced_and_writes_nothing_until_accepted(db):
    numbers, unit_cadre, township, other_village, other_unit = _village_setup(db, 8)
    asg.bulk_assign(db, township, make_households(db, 2, village="瑶田村", start=40), today=TODAY)

    p = propose(db, "大山村")
    assert {c.id for c in p.candidates} == {unit_cadre, township}       # the village's pool only
    assert [c.id for c in p.candidates][0] == unit_cadre               # the assisting unit first
    assert p.unserved == 0 and p.helpers_missing == 0
    got = {}
    for no, hid in p.pairs():
        got[hid] = got.get(hid, 0) + 1
    assert got == {unit_cadre: 5, township: 3}                         # 0+5 and 2+3: never above 5
    assert "待结对8户" in p.summary() and "拟结对8户" in p.summary()
    assert len(unassigned_households(db, "大山村")) == 8               # a proposal writes nothing

    assert accept(db, p, today=TODAY) == 8
    assert unassigned_households(db, "大山村") == []
    assert max(r.load for r in helper_rows(db)) == 5


def test_autopair_says_how_many_helpers_are_missing(db):
    numbers, unit_cadre, township, *_ = _village_setup(db, 17)
    p = propose(db, "大山村")
    assert len(p.pairs()) == 10 and p.unserved == 7
    assert p.helpers_missing == 2                                       # ⌈7 ÷ 5⌉
    assert "还有7户无人可结对" in p.summary() and "还缺2名帮扶责任人" in p.summary()
    accept(db, p, today=TODAY)
    assert len(unassigned_households(db, "大山村")) == 7
    assert all(r.load <= 5 for r in helper_rows(db))


def test_r2_1_an_edited_proposal_over_the_limit_is_refused_as_a_whole(db):
    numbers, unit_cadre, township, *_ = _village_setup(db, 8)
    p = propose(db, "大山村")
    for row in p.rows:               # the clerk gives every household to the same person
        row.helper_id = township
    with pytest.raises(RuleViolation) as err:
        accept(db, p, today=TODAY)
    assert "“李秀英”已帮扶0户，再分配8户将达到8户" in err.value.message and "全部未保存" in err.value.message
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM helper_assignment")).scalar() == 0
