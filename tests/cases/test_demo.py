"""The demo township (``pjdesk demo``, 1,500 households) holds renovation cases in every stage for
several villages, split 原地重建 / 集中安置 as the plan's renovation tables (renovation_tasks.csv) split
them for those villages, and every demo record obeys the rules a clerk's would (R3.7, R5.4, R5.5)."""

from collections import Counter, defaultdict

from sqlalchemy import select

from db.models import Household
from db.models.cases import Case, CaseDecision, CompletionAcceptance, Disbursement, PostingBatch, RenovationDetail
from db.models.household_records import HouseChange
from pjdesk import seed
from pjdesk.cases.attachments import list_attachments, thumbnails
from pjdesk.cases.queries import filter_case_rows, load_case_rows
from pjdesk.cases.demo import SCALE
from pjdesk.cases.queries import CaseFilter

OPEN_STAGES = ["申请", "村级评议", "一榜公示", "乡镇审核", "二榜公示", "县级审批", "三榜公示", "实施", "竣工验收", "资金拨付"]


def test_every_stage_for_several_villages(demo1500):
    rows = load_case_rows(demo1500)
    by_village: dict[str, set] = defaultdict(set)
    for r in rows:
        by_village[r.village].add(r.stage if r.status == "办理中" else r.status)
    complete = [v for v, seen in by_village.items() if set(OPEN_STAGES) | {"已归档"} <= seen]
    assert len(complete) >= 4, by_village
    everywhere = set().union(*by_village.values())
    assert set(OPEN_STAGES) | {"已归档", "不予通过"} <= everywhere
    notes = Counter(r.note for r in rows if r.status == "办理中")
    assert notes["公示中"] and notes["待公示"] and any("异议待核实" in n for n in notes)


def test_demo_follows_the_plan_renovation_table_for_its_villages(demo1500):
    plan = {}
    for r in seed.renovation_tasks():
        if r["township_candidate"] == "虹桥镇":
            plan.setdefault(r["village"], r)
    rows = [r for r in load_case_rows(demo1500) if r.kind == "renovation"]   # 易地搬迁 has no plan table here
    villages = {r.village for r in rows}
    assert villages == set(plan)                       # 青石、瑶田、柘坪、天岳关、大山、大兴、枧源
    for village, p in plan.items():
        mine = [r for r in rows if r.village == village]
        rebuild, conc = int(p["rebuild_in_place_households"] or 0), int(p["concentrated_households"] or 0)
        assert len(mine) <= round(int(p["eligible_households"]) * SCALE)
        n_conc = sum(1 for r in mine if r.facts["mode"] == "集中安置")
        assert abs(n_conc - len(mine) * conc / (rebuild + conc)) <= 1, village
        if conc == 0:
            assert n_conc == 0, village                 # 天岳关村: all rebuilt in place
        if rebuild == 0:
            assert n_conc == len(mine), village         # 大山村: all into the cluster site
    # the plan's two columns; a 无房 household in the 原地重建 column builds new on its homestead (分散新建)
    assert {"原地重建", "集中新建"} <= {r.facts["build_type"] for r in rows} <= {"原地重建", "集中新建", "分散新建"}
    for r in rows:
        assert (r.facts["build_type"] == "分散新建") == (r.facts["mode"] == "分散" and r.facts["danger_grade"] == "无房")


def test_demo_records_obey_the_rules(demo1500):
    with demo1500.reader() as s:
        min_days = min((b.end_on - b.start_on).days + 1 for b in s.scalars(select(PostingBatch)))
        assert min_days >= 7
        for case in s.scalars(select(Case)):
            dates = [d.decided_on for d in case.decisions]
            assert dates == sorted(dates) and (not dates or dates[0] >= case.applied_on), case.case_no
            paid = sum(x.amount for x in s.scalars(select(Disbursement).where(Disbursement.case_id == case.id)))
            approved = sum(l.amount for l in case.subsidy_lines if l.to_household)
            assert paid <= approved
            if case.status == "已归档" and case.kind == "renovation":   # R4.7: no relocation subsidy
                assert paid == approved > 0
        returned = s.scalars(select(CaseDecision).where(CaseDecision.decision == "退回")).all()
        assert returned
    archived = filter_case_rows(load_case_rows(demo1500), CaseFilter(status="已归档"))
    assert all(r.applied_on.year in (2016, 2017) for r in archived)     # the plan's period


def test_demo_cases_have_photos_with_thumbnails(demo1500):
    rows = filter_case_rows(load_case_rows(demo1500), CaseFilter(status="已归档"))
    with_photos = [r for r in rows if list_attachments(demo1500, r.id)]
    assert with_photos
    thumbs = thumbnails(demo1500, with_photos[0].id)
    assert thumbs and all(t.startswith(b"\x89PNG") for t in thumbs.values())


def test_small_demo_has_cases_too(demo_db):
    rows = load_case_rows(demo_db)
    assert len({r.village for r in rows}) >= 5
    assert {r.stage for r in rows if r.status == "办理中"} >= {"申请", "一榜公示", "实施"}


def test_demo_follows_the_household_record_rules_of_issue_10(demo1500):
    """No second subsidy, payments after the 合格 acceptance (no advance share in the demo), no repair of a
    D-grade house, and every accepted case has updated its household's house (A/B, HouseChange row)."""
    with demo1500.reader() as s:
        per_household = Counter(s.scalars(select(Case.household_id).where(Case.status != "不予通过")))
        assert max(per_household.values()) == 1
        for case in s.scalars(select(Case).where(Case.kind == "renovation")):
            d = s.get(RenovationDetail, case.id)
            assert not (d.build_type == "修缮加固" and d.danger_grade == "D"), case.case_no
            accepted = s.scalar(select(CompletionAcceptance.accepted_on).where(
                CompletionAcceptance.case_id == case.id, CompletionAcceptance.result == "合格"))
            paid_on = list(s.scalars(select(Disbursement.paid_on).where(Disbursement.case_id == case.id)))
            assert all(accepted is not None and p >= accepted for p in paid_on), case.case_no
            if accepted is None:
                continue
            change = s.scalar(select(HouseChange).where(HouseChange.case_id == case.id))
            assert change is not None and change.source == f"危房改造 {case.case_no} 竣工验收"
            assert s.get(Household, case.household_id).danger_grade in ("A", "B"), case.case_no
