"""Pinyin search keys for member names, computed once and stored (issue #3), backfilled here.

The keys are computed with a frozen copy of the surname table as it was when this revision was
written, so later changes to pjdesk/pinyin.py cannot change what this old step does.

Revision ID: 0002_member_pinyin
Revises: 0001_registry
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_member_pinyin"
down_revision = "0001_registry"
branch_labels = None
depends_on = None


# Frozen copy (2026-11) of pjdesk.pinyin's surname readings.
COMPOUND_SURNAMES = {
    "尉迟": "yu chi", "万俟": "mo qi", "欧阳": "ou yang", "司马": "si ma", "诸葛": "zhu ge",
    "上官": "shang guan", "皇甫": "huang fu", "东方": "dong fang", "令狐": "ling hu",
    "长孙": "zhang sun", "单于": "chan yu", "澹台": "tan tai", "公孙": "gong sun",
    "夏侯": "xia hou", "慕容": "mu rong", "宇文": "yu wen", "司徒": "si tu", "轩辕": "xuan yuan",
}
SURNAMES = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha",
    "覃": "qin", "繁": "po", "盖": "ge", "员": "yun", "乐": "yue", "召": "shao", "种": "chong",
    "秘": "bi", "冼": "xian", "隗": "wei", "缪": "miao", "翟": "zhai", "折": "she", "黑": "he",
    "尉": "wei", "万": "wan", "朝": "chao", "句": "gou", "牟": "mou", "纪": "ji", "沈": "shen",
    "柏": "bai", "薄": "bo", "贲": "ben", "费": "fei", "过": "guo", "鲜": "xian", "能": "nai",
    "重": "chong", "长": "chang", "藏": "zang", "阚": "kan", "蕃": "pi", "宿": "su", "曲": "qu",
    "祭": "zhai", "逄": "pang", "眭": "sui", "洗": "xian", "应": "ying", "都": "du", "红": "hong",
}



def _name_keys(name: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin

    name = (name or "").strip()
    if name[:2] in COMPOUND_SURNAMES:
        head, rest = COMPOUND_SURNAMES[name[:2]].split(), name[2:]
    elif name[:1] in SURNAMES:
        head, rest = [SURNAMES[name[0]]], name[1:]
    else:
        head, rest = [], name
    parts = [p.lower().replace("ü", "v") for p in head + lazy_pinyin(rest, style=Style.NORMAL, errors="ignore")]
    return "".join(parts), "".join(p[0] for p in parts if p)


def upgrade() -> None:
    op.add_column("member", sa.Column("name_pinyin", sa.String(120), nullable=False, server_default=""))
    op.add_column("member", sa.Column("name_initials", sa.String(20), nullable=False, server_default=""))
    op.create_index("ix_member_name_initials", "member", ["name_initials"])
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM member")).all()
    updates = []
    for member_id, name in rows:
        full, initials = _name_keys(name)
        updates.append({"id": member_id, "p": full, "i": initials})
    if updates:
        conn.execute(sa.text("UPDATE member SET name_pinyin = :p, name_initials = :i WHERE id = :id"), updates)
