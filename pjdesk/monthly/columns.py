"""The stable Chinese column headers of every sheet of the monthly workbook (docs/export-format.md
lists the same; a test compares them). Each column: (header, width in characters, kind) with kind
text / int / money / date as in ``reports.xlsx.SheetColumn``. Changing a header breaks the county's
import: add columns at the end instead."""

from __future__ import annotations

T, I, M, D = "text", "int", "money", "date"

HOUSEHOLDS = (
    ("户编号", 16, T), ("村", 10, T), ("组", 8, T), ("户主姓名", 10, T), ("户主证件号码", 21, T),
    ("联系电话", 14, T), ("户类型", 12, T), ("识别标准", 8, T), ("识别年度", 8, I), ("主要致贫原因", 14, T),
    ("其他致贫原因", 18, T), ("贫困户状态", 10, T), ("计划脱贫年度", 10, I), ("脱贫年度", 8, I),
    ("家庭人口", 8, I), ("住房结构", 8, T), ("住房面积（㎡）", 10, M), ("危房等级", 8, T),
    ("工资性收入（元）", 12, I), ("生产经营性收入（元）", 14, I), ("转移性收入（元）", 12, I),
    ("财产性收入（元）", 12, I), ("生产经营支出（元）", 12, I), ("人均纯收入（元）", 12, M), ("政策兜底", 8, T),
    # issue 13: every field of the registry, so the roster import reads the township back whole
    ("详细地址", 24, T), ("开户银行", 14, T), ("银行账号", 22, T), ("建房年份", 8, I),
)
MEMBERS = (
    ("户编号", 16, T), ("村", 10, T), ("姓名", 10, T), ("证件号码", 21, T), ("与户主关系", 10, T),
    ("性别", 6, T), ("出生日期", 11, D), ("民族", 8, T), ("文化程度", 10, T), ("在校生状况", 12, T),
    ("健康状况", 10, T), ("残疾等级", 8, T), ("劳动能力", 12, T), ("务工状况", 10, T), ("低保", 6, T),
    ("特困", 6, T), ("医疗保险", 8, T), ("养老保险", 8, T), ("加入日期", 11, D), ("加入原因", 10, T),
    ("留守儿童", 8, T), ("留守老人", 8, T),     # issue 13 (the roster import)
)
HELPERS = (
    ("帮扶责任人编号", 12, I), ("姓名", 10, T), ("性别", 6, T), ("联系电话", 14, T), ("工作单位", 24, T),
    ("单位级别", 8, T), ("职务", 14, T), ("类别", 10, T), ("联系村", 10, T), ("在岗", 6, T),
    ("当前结对户数", 10, I),
)
PAIRINGS = (
    ("户编号", 16, T), ("村", 10, T), ("户主姓名", 10, T), ("帮扶责任人编号", 12, I), ("帮扶责任人", 10, T),
    ("开始日期", 11, D), ("开始原因", 16, T), ("结束日期", 11, D), ("结束原因", 16, T),
)
RENOVATION = (
    ("案件编号", 16, T), ("户编号", 16, T), ("村", 10, T), ("户主姓名", 10, T), ("危房等级", 8, T),
    ("改造方式", 10, T), ("建设类型", 10, T), ("户型（㎡）", 8, I), ("当前阶段", 10, T), ("状态", 8, T),
    ("申请日期", 11, D), ("县级批准日期", 11, D), ("核定补助（元）", 12, I), ("开工日期", 11, D),
    ("竣工日期", 11, D), ("验收日期", 11, D), ("验收结果", 8, T), ("已拨付（元）", 12, I), ("归档日期", 11, D),
)
RELOCATION = (
    ("案件编号", 16, T), ("户编号", 16, T), ("村", 10, T), ("户主姓名", 10, T), ("搬迁人数", 8, I),
    ("安置点", 16, T), ("房号", 10, T), ("安置面积（㎡）", 10, M), ("当前阶段", 10, T), ("状态", 8, T),
    ("申请日期", 11, D), ("入住日期", 11, D), ("旧房拆除日期", 11, D),
)
SITES = (
    ("安置点", 16, T), ("类型", 8, T), ("所在地", 14, T), ("年度批次", 10, T), ("计划户数", 8, I),
    ("计划人数", 8, I), ("户型", 14, T), ("状态", 8, T), ("交付日期", 11, D), ("已分配户数", 10, I),
    ("已入住户数", 10, I), ("剩余户数", 8, I),
)
CHANGES = (
    ("日期", 11, D), ("变动类别", 12, T), ("户编号", 16, T), ("村", 10, T), ("户主姓名", 10, T),
    ("变动对象", 16, T), ("变动内容", 28, T), ("金额（元）", 10, I), ("原因或说明", 30, T),
)

# (sheet title, columns) in workbook order, after 说明.
DATA_SHEETS = (
    ("贫困户", HOUSEHOLDS), ("家庭成员", MEMBERS), ("帮扶责任人", HELPERS), ("结对关系", PAIRINGS),
    ("危房改造", RENOVATION), ("易地搬迁", RELOCATION), ("安置点", SITES), ("本月变动", CHANGES),
)

# Progress sheets (../shared/forms/REFERENCE.md §3): the total row first, then each village.
RENOVATION_PROGRESS = (
    ("村", 10, T), ("计划任务（户）", 10, I), ("其中C级", 8, I), ("其中D级", 8, I),
    ("已开工（户）", 10, I), ("开工率", 8, M), ("开工C级", 8, I), ("开工D级", 8, I),
    ("已竣工（户）", 10, I), ("竣工率", 8, M), ("竣工C级", 8, I), ("竣工D级", 8, I),
    ("已验收（户）", 10, I), ("验收占比", 8, M), ("验收C级", 8, I), ("验收D级", 8, I),
    ("已拨付资金（元）", 14, I),
)
RELOCATION_PROGRESS = (
    ("村", 10, T), ("计划搬迁（户）", 10, I), ("计划搬迁（人）", 10, I), ("已分配（户）", 10, I),
    ("已入住（户）", 10, I), ("入住率", 8, M), ("旧房已拆除（户）", 12, I), ("拆除率", 8, M),
)
PROGRESS_SHEETS = (("危房改造进度", "危房改造工作进度表", RENOVATION_PROGRESS),
                   ("易地搬迁进度", "易地扶贫搬迁工作进度表", RELOCATION_PROGRESS))

# 本月变动 categories, in the order the sheet sorts a day's changes.
IDENTIFIED, PRE_EXIT, BACK_TO_POOR, EXITED, RELAPSED, CLOSED = (
    "识别建档", "标记预脱贫", "取消预脱贫", "脱贫", "返贫", "销户")
MEMBER_IN, MEMBER_OUT = "成员增加", "成员减少"
PAIR_START, PAIR_END = "结对开始", "结对结束"
STAGE_CHANGE, DISBURSEMENT = "案件阶段变更", "资金拨付"
