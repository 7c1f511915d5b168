"""Roster workbooks for the tests and the benchmark, laid out as the national roster offices hold it:
title rows, then a header, one row per person with the household's columns repeated."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

from pjdesk import idcard

NATIONAL = ("序号", "县", "乡镇", "行政村", "村民小组", "户编号", "户主姓名", "姓名", "证件号码", "与户主关系", "性别",
            "民族", "文化程度", "在校生状况", "健康状况", "劳动技能", "务工状况", "贫困户属性", "主要致贫原因",
            "其他致贫原因", "联系电话", "开户银行", "银行账号", "识别年度", "脱贫年度")
TITLE = ("平江县虹桥镇建档立卡贫困户花名册", "制表单位：虹桥镇扶贫工作站　　制表日期：2026年11月")
SURNAMES = "李张王刘陈吴黄钟余凌方罗杨周胡彭徐朱汤邓何童毛傅"
GIVEN = "建国伟军华明红梅兰英秀芳桂平志强勇春秋冬雪丽娟霞玉凤金银福寿德才文武海涛林森松柏"


def person_rows(households: int, villages: list[str], *, seed: int = 13, area: str = "430626") -> list[dict]:
    """Rows (header → value) of ``households`` valid households of two to five persons."""
    rng = random.Random(seed)
    rows, n, used = [], 0, set()

    def new_id(birth: dt.date, male: bool) -> str:
        seq = rng.randint(0, 499)
        number = idcard.make(area, birth, seq, male)
        while number in used:
            seq = (seq + 1) % 500
            number = idcard.make(area, birth, seq, male)
        used.add(number)
        return number

    for i in range(1, households + 1):
        village = villages[i % len(villages)]
        no = f"4306260103{i:06d}"
        surname = rng.choice(SURNAMES)
        head_birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 35 * 365))
        people = [("户主", head_birth, True)]
        size = rng.choice((2, 3, 3, 4, 4, 5))
        if size >= 2:
            people.append(("配偶", head_birth + dt.timedelta(days=rng.randint(-900, 900)), False))
        for _ in range(size - 2):
            male = rng.random() < .5
            people.append(("子" if male else "女", dt.date(1995, 1, 1) + dt.timedelta(days=rng.randint(0, 20 * 365)), male))
        head_name = surname + rng.choice(GIVEN) + rng.choice(GIVEN)
        causes = rng.sample(("因病", "缺资金", "缺技术", "因学", "因残", "缺劳力"), 2)
        for k, (relation, birth, male) in enumerate(people):
            n += 1
            name = head_name if k == 0 else (surname if relation != "配偶" else rng.choice(SURNAMES)) + rng.choice(GIVEN) + rng.choice(GIVEN)
            child = birth.year >= 2010
            rows.append({
                "序号": n, "县": "平江县", "乡镇": "虹桥镇", "行政村": village, "村民小组": f"{i % 9 + 1}组",
                "户编号": no, "户主姓名": head_name, "姓名": name, "证件号码": new_id(birth, male),
                "与户主关系": relation, "性别": "男" if male else "女", "民族": "汉族", "文化程度": "小学" if child else "初中",
                "在校生状况": "小学" if child else "非在校生", "健康状况": "健康", "劳动技能": "普通劳动力",
                "务工状况": "务农", "贫困户属性": "一般贫困户", "主要致贫原因": causes[0], "其他致贫原因": causes[1],
                "联系电话": f"139{i:08d}", "开户银行": "平江县农村信用合作联社", "银行账号": f"6228{i:015d}",
                "识别年度": 2014 + i % 4, "脱贫年度": None,
            })
    return rows


def write_roster(path: Path, rows: list[dict], *, columns=NATIONAL, title=TITLE, sheet: str = "花名册") -> Path:
    """Title rows, the header, the rows; text cells for every ID, household number, phone and account."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for line in title:
        ws.append([line])
    ws.append(list(columns))
    for r in rows:
        ws.append([r.get(c) for c in columns])
    wb.save(path)
    return Path(path)
