"""Time the 易地扶贫搬迁 printouts at county scale, from report data (no database):

- the yearly ledger of 4,762 households (the plan's 2017 target, RULES.md R4.5) in 24 townships' villages;
- a 3,000-household relocation disclosure list;
- the occupancy list of the plan's 370 sites (R4.4);
- 500 relocation approval sheets;
- and, as the reference measured in the same run (the machine may be busy), the 3,000-household renovation
  list of bench_printing.py.

Run by hand:  python benchmarks/bench_relocation_prints.py
Prints figures only; no assertions.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reports.approval_sheet import ApprovalSheet, Member, Opinion, RelocationPlan, write_approval_sheets  # noqa: E402
from reports.disclosure import (  # noqa: E402
    Contact, PostingTerms, RelocationDisclosure, RelocationRow, RenovationDisclosure, RenovationRow, write_disclosure,
)
from reports.relocation_ledger import LedgerCase, LedgerCount, RelocationLedger, write_relocation_ledger  # noqa: E402
from reports.site_occupancy import SiteLine, SiteOccupancy, write_site_occupancy  # noqa: E402

D = dt.date
VILLAGES = [f"第{i}村" for i in range(1, 200)]


def timed(label: str, fn) -> None:
    t = time.perf_counter()
    pages = fn(io.BytesIO())
    print(f"{label}: {time.perf_counter() - t:.2f} s, {pages} pages")


def main() -> None:
    cases = [LedgerCase(2017, VILLAGES[i % len(VILLAGES)], f"{i % 12 + 1}组", "王建国", f"搬迁-2017-{i + 1:04d}",
                        1 + i % 6, "土坯" if i % 5 else "无房", "洪家塅安置区 二期", f"{i % 9 + 1}栋{i % 900 + 101}",
                        25.0 * (1 + i % 6), D(2017, 1, 5), "已归档", D(2017, 6, 1), D(2017, 9, 1))
             for i in range(4762)]
    counts = [LedgerCount(2017, v, 24, 24, 77, 24, 20, 18, 10, 0) for v in VILLAGES]
    ledger = RelocationLedger("平江县2017年易地扶贫搬迁台帐", D(2017, 12, 31), counts, cases, "平江县扶贫开发办公室")
    timed("ledger, 4,762 households", lambda out: write_relocation_ledger(ledger, out))

    terms = PostingTerms(D(2017, 3, 1), D(2017, 3, 7), "村务公开栏", "村民委员会或乡镇人民政府",
                         [Contact("村民委员会", "0730-6123456")], "村民委员会")
    rows = [RelocationRow(f"{i % 12 + 1}组", "李春梅", 1 + i % 6, 1 + i % 6, "土坯", "洪家塅安置区 二期（中心城区）",
                          25.0 * (1 + i % 6), "标准未设定") for i in range(3000)]
    posting = RelocationDisclosure("某村2017年易地扶贫搬迁对象第一榜公示", "平江县", "根据……，", "经……，", "标准未设定",
                                   "以上农户……", rows, terms)
    timed("relocation disclosure list, 3,000 households", lambda out: write_disclosure(posting, out))
    reference = RenovationDisclosure("某村2017年农村危房改造对象第一榜公示", "平江县", "根据……，", "经……，", [], "以上农户……",
                                     [RenovationRow(f"{i % 12 + 1}组", "李春梅", 1 + i % 6, "分散·原地重建（60㎡）", "D", 20000)
                                      for i in range(3000)], terms)
    timed("reference: renovation disclosure list, 3,000 households", lambda out: write_disclosure(reference, out))

    sites = [SiteLine(f"S{i}", f"第{i}集中安置点", "村级", "某乡镇", 2016 + i % 4, "", "已交付", D(2017, 12, 20),
                      "60/35（危改户型标准）", 30, 90, 28, 80, 20, 60) for i in range(370)]
    timed("site occupancy, 370 sites", lambda out: write_site_occupancy(SiteOccupancy("安置点入住情况表", D(2017, 12, 31),
                                                                                     sites), out))

    plan = RelocationPlan("洪家塅安置区 二期", "中心城区", "3栋502", 75.0, 3, ("王建国", "刘秀英", "王小明"),
                          sole_house=True, willing_signed_on=D(2017, 1, 5), willing_signer="户主本人",
                          priority="居住偏远", demolition_due_on=D(2017, 9, 1), subsidy_standard="标准未设定")
    sheet = ApprovalSheet("平江县易地扶贫搬迁申请审批表", "搬迁-2017-0001", "虹桥镇", "大山村", "3组", "王建国", "男",
                          "430626196002041011", 3, "一般贫困户",
                          members=[Member("王建国", "户主", "男", "430626196002041011", "健康", "普通劳动力")] * 3,
                          house_structure="土坯", house_area=64.0, built_year=1982, reason="自愿申请",
                          applied_on=D(2017, 1, 6), opinions=(Opinion("通过", "同意", "李村长", D(2017, 1, 20)),) * 3,
                          relocation=plan)
    timed("approval sheets, 500", lambda out: write_approval_sheets([sheet] * 500, out))


if __name__ == "__main__":
    main()
