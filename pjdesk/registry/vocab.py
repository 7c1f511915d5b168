"""Closed vocabularies of the registry (建档立卡 roster). Values are the Chinese words stored and shown.

Sources: issue #2 (the national roster fields) and RULES.md R1.4–R1.7.
"""

from __future__ import annotations

HOUSEHOLD_TYPES = ("一般贫困户", "低保户", "五保户", "低保贫困户")
# R1.7: types that need flagged members (a 低保户 has a 低保 member; a 五保户 is one or two elderly
# persons without children in the household).
DIBAO_TYPES = ("低保户", "低保贫困户")
WUBAO_TYPE = "五保户"
ELDERLY_FROM = 60                  # 五保户 members and 留守老人: 60 or older
LEFT_BEHIND_CHILD_UNDER = 16       # 留守儿童: under 16
STANDARDS = ("国家", "省定", "市定")
# RULES.md R1.6 — a household has exactly one main cause and at most two others.
CAUSES = (
    "因病", "因残", "因学", "因灾", "缺土地", "缺水", "缺技术", "缺劳力", "缺资金",
    "交通条件落后", "自身发展动力不足", "其他",
)
MAX_OTHER_CAUSES = 2

# R1.4: 预脱贫 precedes 已脱贫. 已销户 is terminal.
STATUS_POOR = "未脱贫"
STATUS_PRE_EXIT = "预脱贫"
STATUS_EXITED = "已脱贫"
STATUS_RELAPSED = "返贫"
STATUS_CLOSED = "已销户"
STATUSES = (STATUS_POOR, STATUS_PRE_EXIT, STATUS_EXITED, STATUS_RELAPSED, STATUS_CLOSED)
# Which status may follow which (the clerk's actions 标记预脱贫, 确认脱贫, 返贫, 销户).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    STATUS_POOR: (STATUS_PRE_EXIT, STATUS_CLOSED),
    STATUS_PRE_EXIT: (STATUS_EXITED, STATUS_POOR, STATUS_CLOSED),
    STATUS_EXITED: (STATUS_RELAPSED, STATUS_CLOSED),
    STATUS_RELAPSED: (STATUS_PRE_EXIT, STATUS_CLOSED),
    STATUS_CLOSED: (),
}
# Households still counted as poor (need a helper, R2.1).
ACTIVE_POOR_STATUSES = (STATUS_POOR, STATUS_PRE_EXIT, STATUS_RELAPSED)

NO_HOUSE = "无房"                   # carries no house area, build year or danger grade
HOUSE_STRUCTURES = ("砖混", "砖木", "土木", "土坯", "木结构", "钢混", "其他", NO_HOUSE)
DANGER_GRADES = ("A", "B", "C", "D")

HEAD = "户主"
RELATIONS = (
    HEAD, "配偶", "子", "女", "孙子", "孙女", "父亲", "母亲", "兄弟姐妹", "儿媳", "女婿",
    "祖父母", "外孙子女", "其他",
)
SEXES = ("男", "女")
EDUCATION_LEVELS = ("文盲或半文盲", "小学", "初中", "高中", "中专", "大专", "本科及以上", "学龄前")
SCHOOL_STATUSES = ("学前", "小学", "初中", "高中", "中职", "高职大专", "本科及以上", "非在校生")
HEALTH_STATUSES = ("健康", "长期慢性病", "患有大病", "残疾")
DISABILITY_GRADES = ("", "一级", "二级", "三级", "四级")
LABOUR_ABILITIES = ("普通劳动力", "技能劳动力", "丧失劳动力", "无劳动力")
WORK_STATUSES = ("", "务农", "县内务工", "县外省内务工", "省外务工", "公益性岗位", "其他")
ETHNICITIES = ("汉族", "土家族", "苗族", "瑶族", "侗族", "回族", "壮族", "其他")

# Relations that are the head's children or their families: none in a 五保户 (R1.7).
CHILD_RELATIONS = ("子", "女", "孙子", "孙女", "儿媳", "女婿", "外孙子女")

JOIN_REASONS = ("建档", "出生", "婚入", "迁入", "其他")
LEAVE_REASONS = ("死亡", "婚出", "迁出", "分户", "其他")
