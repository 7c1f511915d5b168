"""The printing layouts in reports/ (no database), read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from reports.approval_sheet import ApprovalSheet, Member, Opinion, SubsidyPart, write_approval_sheets
from reports.casefile import (AttachmentRecord, CaseFile, CaseFileCover, HouseholdSheet, PaymentRecord,
                              SECTION_TITLES, write_case_file)
from reports.disclosure import (Contact, HouseholdPosting, HouseholdPostingRow, PostingTerms, RenovationDisclosure,
                                RenovationRow, write_household_posting, write_renovation_disclosure)
from reports.pdf_blocks import capital_amount
from reports.rejection import RejectionLetter, write_rejection_letter

from .conftest import compact, pdf_text

D = dt.date
TERMS = PostingTerms(D(2026, 3, 7), D(2026, 3, 13), "村务公开栏", "大山村村民委员会或虹桥镇人民政府",
                     [Contact("大山村村民委员会", "0730-6123456"), Contact("虹桥镇人民政府", "")], "大山村村民委员会")
FILLED = (Opinion("通过", "经村民代表大会评议同意", "李村长", D(2026, 3, 6), "一榜公示：2026年3月7日至3月13日，无异议"),
          Opinion("退回", "面积超标，请重新核定", "张站长", D(2026, 3, 16)),
          Opinion("不予通过", "子女有住房", "刘股长", D(2026, 3, 26)))


def sheet(**kw) -> ApprovalSheet:
    base = dict(title="平江县农村危房改造申请审批表", case_no="危改-2026-0001", township="虹桥镇", village="大山村",
                group="3组", head_name="王建国", head_sex="男", head_id_number="430626195802041015", size=2,
                household_type="一般贫困户", members=[Member("王建国", "户主", "男", "430626195802041015", "健康")],
                mode="分散", build_type="原地重建", house_type="35㎡户型", main_area=35, annex_area=0, homestead_area=55,
                applied_on=D(2026, 3, 2))
    base.update(kw)
    return ApprovalSheet(**base)


def fonts_of(reader: PdfReader) -> list:
    out = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            out.append(font.get_object())
    return out


def assert_embedded(path_or_reader) -> None:
    reader = path_or_reader if isinstance(path_or_reader, PdfReader) else PdfReader(str(path_or_reader))
    fonts = fonts_of(reader)
    assert fonts
    for f in fonts:
        desc = f.get("/FontDescriptor") or f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in desc.get_object(), f"font {f.get('/BaseFont')} is not an embedded TrueType font"


def assert_numbered(pages: list[str]) -> None:
    for i, text in enumerate(pages, 1):
        assert f"第{i}页共{len(pages)}页" in compact(text)


def test_capital_amounts():
    assert capital_amount(20000) == "贰万元整"
    assert capital_amount(10500) == "壹万零伍佰元整"
    assert capital_amount(1001) == "壹仟零壹元整"
    assert capital_amount(100010000) == "壹亿零壹万元整"
    assert capital_amount(0) == "零元整"


def test_disclosure_has_the_four_public_blocks_and_repeats_its_header(tmp_path):
    rows = [RenovationRow(f"{i % 9 + 1}组", f"户主{i:03d}", 3, "分散·原地重建", "D", 20000) for i in range(90)]
    d = RenovationDisclosure("虹桥镇大山村2026年农村危房改造对象第一榜公示", "平江县　虹桥镇　大山村　第一榜",
                             "根据政策依据甲，", "经村民代表大会评议，", ["分散改造每户20000元"], "评议通过，报乡镇审核。",
                             rows, TERMS)
    path = tmp_path / "d.pdf"
    pages = write_renovation_disclosure(d, path)
    text = pdf_text(path)
    assert pages == len(text) >= 2
    assert_numbered(text)
    assert_embedded(path)
    first, everything = compact(text[0]), compact("".join(text))
    assert first.startswith("虹桥镇大山村2026年农村危房改造对象第一榜公示")
    for block in ("根据政策依据甲，经村民代表大会评议，现将90户270人的名单予以公示。", "补助标准：分散改造每户20000元",
                  "审核审批结果：评议通过", "公示时间：2026年3月7日至2026年3月13日（共7天）", "监督电话：大山村村民委员会0730-6123456",
                  "合计：90户270人，补助资金合计1800000元", "盖章处"):
        assert block in everything
    assert all("序号村民小组户主姓名家庭人口" in compact(t) for t in text)  # header on every page
    assert [f"户主{i:03d}" in everything for i in range(90)] == [True] * 90


def test_household_posting_prints_two_households_a_line(tmp_path):
    rows = [HouseholdPostingRow(f"{i}组", name, i) for i, name in enumerate(("甲一", "乙二", "丙三"), 1)]
    p = HouseholdPosting("关于大山村2026年拟脱贫户的公示", "平江县　虹桥镇　大山村　脱贫年度：2026年",
                         ["根据规定，现予以公示。"], rows, TERMS)
    path = tmp_path / "p.pdf"
    write_household_posting(p, path)
    page = PdfReader(str(path)).pages[0]
    assert compact(page.extract_text()).count("户主姓名") == 2  # the four columns printed twice
    pos = {}

    def visit(text, cm, tm, _font, _size):  # where each text run starts on the page
        pos.setdefault(text.strip(), (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))
    page.extract_text(visitor_text=visit)
    mid = float(page.mediabox.width) / 2
    (x1, y1), (x2, y2), (x3, y3) = pos["甲一"], pos["乙二"], pos["丙三"]
    assert abs(y1 - y2) < 1 and x1 < mid < x2  # households 1 | 2 share a line
    assert y3 < y1 and x3 < mid


def test_posting_that_ends_before_it_starts_is_refused():
    bad = PostingTerms(D(2026, 3, 7), D(2026, 3, 1), "村务公开栏", "村委会")
    with pytest.raises(ValueError):
        write_household_posting(HouseholdPosting("t", "", [], [], bad), io.BytesIO())


def test_approval_sheet_all_levels_filled_on_one_page(tmp_path):
    path = tmp_path / "a.pdf"
    parts = [SubsidyPart("建房补助", "住建部门", 10000), SubsidyPart("建房补助", "扶贫部门", 10000),
             SubsidyPart("基础设施配套", "扶贫部门", 20000, False)]
    assert write_approval_sheets([sheet(opinions=FILLED, subsidy=parts)], path) == 1
    text = compact(pdf_text(path)[0])
    for title in ("村民委员会评议意见", "乡镇人民政府审核意见", "县级审批意见"):
        assert title in text
    for o in FILLED:
        assert o.opinion in text and o.reviewer in text
    assert "■通过□退回□不予通过" in text and "□通过■退回□不予通过" in text and "□通过□退回■不予通过" in text
    assert "2026年3月6日" in text and "2026年3月26日" in text and "一榜公示：2026年3月7日至3月13日" in text
    assert "补助到户合计：20000元（大写：贰万元整）" in text and "不发放到户" in text
    assert text.count("盖章处") == 3
    assert_embedded(path)


def test_approval_sheet_with_no_decision_prints_open_boxes(tmp_path):
    path = tmp_path / "a.pdf"
    write_approval_sheets([sheet()], path)
    text = compact(pdf_text(path)[0])
    assert "■" not in text
    assert text.count("□通过□退回□不予通过") == 3
    assert "负责人（签字）：________________________年____月____日" in text
    assert "补助到户合计：________________元" in text


def test_long_member_list_is_kept_whole(tmp_path):
    members = [Member(f"成员{i:02d}", "子", "男", f"43062619900101{i:04d}") for i in range(14)]
    path = tmp_path / "a.pdf"
    pages = write_approval_sheets([sheet(members=members, opinions=FILLED)], path)
    text = compact("".join(pdf_text(path)))
    assert all(f"成员{i:02d}" in text for i in range(14))
    assert pages <= 2 and "县级审批意见" in text


def test_batch_of_sheets_reports_progress_and_can_be_cancelled(tmp_path):
    sheets = [sheet(case_no=f"危改-2026-{i:04d}", head_name=f"户主{i}") for i in range(4)]
    seen = []
    path = tmp_path / "batch.pdf"
    assert write_approval_sheets(sheets, path, progress=lambda d, t, _x: seen.append((d, t))) == 4
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4)]
    pages = pdf_text(path)
    assert [f"户主{i}" in compact(p) for i, p in enumerate(pages)] == [True] * 4
    assert_numbered(pages)

    class Stop(Exception):
        pass

    def stop(done, _t, _x):
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        write_approval_sheets(sheets, tmp_path / "cancelled.pdf", progress=stop)
    assert not (tmp_path / "cancelled.pdf").exists()


def test_rejection_letter(tmp_path):
    path = tmp_path / "r.pdf"
    write_rejection_letter(RejectionLetter("危改-2026-0003", "赵冬生", "虹桥镇大山村2组", "农村危房改造", D(2026, 3, 2),
                                           "村民委员会评议", D(2026, 3, 6), "子女有住房", "虹桥镇人民政府", 15,
                                           TERMS.contacts, "大山村村民委员会"), path)
    text = compact(pdf_text(path)[0])
    assert text.startswith("不予通过告知书")
    assert "赵冬生（户主，虹桥镇大山村2组）" in text and "理由：子女有住房。" in text
    assert "收到本告知书之日起15日内向虹桥镇人民政府书面申请复核" in text and "回执" in text


def _casefile(images: list[bytes | None]) -> CaseFile:
    cover = CaseFileCover("平江县农村危房改造档案", "虹桥镇危改字〔2026〕1号", "王建国", "大山村3组", "", "危改-2026-0001",
                          D(2026, 3, 2), "办理中", None, "虹桥镇人民政府")
    hh = HouseholdSheet("43062601030001", "大山村", "3组", "王建国", "一般贫困户", "国家", 2015, "未脱贫", "因病", [],
                        "", "")
    return CaseFile(cover, hh, sheet(), payments=[PaymentRecord(D(2026, 7, 20), 10000, "住建部门", "6230901600000000001")],
                    approved_total=20000,
                    attachments=[AttachmentRecord("改造前照片", f"p{i}.png", D(2026, 3, 1), "", data)
                                 for i, data in enumerate(images)])


def test_case_file_contents_list_gives_the_right_pages(tmp_path):
    from .conftest import _png

    path = tmp_path / "c.pdf"
    pages = write_case_file(_casefile([_png((200, 0, 0)), _png((0, 200, 0)), _png((0, 0, 200)), None]), path)
    text = [compact(t) for t in pdf_text(path)]
    assert len(text) == pages
    assert_numbered(text)
    toc = text[0]
    assert "虹桥镇危改字〔2026〕1号" in toc and "卷内目录" in toc
    for n, (key, title) in enumerate(SECTION_TITLES.items(), 1):
        page = next(i for i, t in enumerate(text, 1) if (title in t and i > 1) or
                    (key == "approval" and "申请审批表" in t and i > 1))
        assert f"{n}{title}{page}" in toc
    assert "****0001" in "".join(text) and "6230901600000000001" not in "".join(text)
    assert "p3.png" in "".join(text)  # not an image: listed by name
    images = sum(len([x for x in (p["/Resources"].get("/XObject") or {}).values()])
                 for p in PdfReader(str(path)).pages)
    assert images == 3
