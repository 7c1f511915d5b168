"""Closed vocabularies of the helpers feature (RULES.md §2). Values are the Chinese words stored."""

from __future__ import annotations

# Unit level of a helper's work unit (issue #4).
UNIT_LEVELS = ("省直", "市直", "县直", "乡镇", "村级", "其他")
# Levels of the resident assisting units (驻村帮扶单位, R2.2).
UNIT_AID_LEVELS = ("省直", "市直", "县直")
# Kind of helper (issue #4; R2.2 adds 企业经理层人员).
KINDS = ("干部", "党员", "能人", "社会爱心人士", "企业经理层人员")
SEXES = ("", "男", "女")

# Village aid team roles (六个一, R2.5). The sixth "一" is a helper for every household.
ROLE_LEADER = "责任领导"
ROLE_UNIT = "帮扶单位"
ROLE_SECRETARY = "第一书记"
ROLE_TEAM = "驻村工作队"
ROLE_AGRONOMIST = "驻村农技员"
ROLE_HELPERS = "帮扶责任人"
VILLAGE_ROLES = (ROLE_LEADER, ROLE_UNIT, ROLE_SECRETARY, ROLE_TEAM, ROLE_AGRONOMIST)
SIX_ONES = VILLAGE_ROLES + (ROLE_HELPERS,)
TEAM_POSTS = ("队长", "队员")

# Help record measures (issue #4). 走访 is a visit; every record is a dated contact.
MEASURE_VISIT = "走访"
MEASURES = ("走访", "政策宣传", "产业帮扶", "就业帮扶", "教育帮扶", "健康帮扶", "危房改造", "易地搬迁",
            "低保兜底", "小额信贷", "其他")

# Income projects (增收项目, R2.3): one or two per household.
PROJECT_CATEGORIES = ("种植", "养殖", "务工", "光伏", "电商", "乡村旅游", "农产品加工", "其他")
MAX_INCOME_PROJECTS = 2

# Reasons written when a pairing ends.
END_CLOSED = "销户"
END_REASSIGNED = "更换帮扶责任人"
END_DEFAULT = "解除结对"
START_DEFAULT = "结对帮扶"
