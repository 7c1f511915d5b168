"""Helpers for relocation tests: a site, a complete application and a driver through the review."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.models import Household, Member
from pjdesk.cases.postings import PostingInput, open_posting
from pjdesk.cases.relocation_rules import RelocationApplication
from pjdesk.cases.sites import SiteInput, add_site
from tests.cases.conftest import Driver
from tests.conftest import TODAY

D = dt.date


def site(db, code="T-1", *, planned=20, types="25,50,75,100,125,150", status="已交付", delivered=D(2026, 1, 10),
         follows=False, kind="集镇") -> str:
    add_site(db, SiteInput(code=code, name=f"测试安置区{code}", kind=kind, year=2026, planned_households=planned,
                           planned_persons=planned * 3, township="虹桥镇", house_types=types, status=status,
                           delivered_on=delivered if status == "已交付" else None, follows_house_standard=follows))
    return code


def member_ids(db, household_no: str) -> list[int]:
    with db.reader() as s:
        hid = s.scalar(select(Household.id).where(Household.household_no == household_no))
        return list(s.scalars(select(Member.id).where(Member.household_id == hid, Member.left_on.is_(None))
                              .order_by(Member.id)))


def relocation(household_no: str, site_code: str = "T-1", **kw) -> RelocationApplication:
    base = dict(household_no=household_no, applied_on=D(2026, 3, 2), site=site_code, unit="3栋502", area=75.0,
                sole_house=True, willing_signed_on=D(2026, 2, 25), willing_signer="户主本人",
                priority="居住在深山区，一方水土养不活一方人", note="自愿搬迁")
    base.update(kw)
    return RelocationApplication(**base)


class RelocationDriver(Driver):
    def post(self, stage: str, days: int = 7, start_after: int = 1) -> int:
        start = self.later(start_after)
        end = start + dt.timedelta(days=days - 1)
        self.day = end
        return open_posting(self.db, PostingInput(self.village, stage, start, end, cases=[self.case_no],
                                                  kind="relocation"), entered_by="测试", today=TODAY)
