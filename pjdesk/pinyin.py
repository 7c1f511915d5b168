"""Pinyin search keys for Chinese names, with surname readings pypinyin gets wrong.

pypinyin reads a character with its commonest reading (曾 → ceng, 单 → dan, 解 → jie …);
as a surname these read differently, so the surname is looked up here first.
"""

from __future__ import annotations

from functools import lru_cache

# Compound surnames first (longest match), then single-character surnames whose
# surname reading differs from pypinyin's default.
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


def _split_surname(name: str) -> tuple[list[str], str]:
    if name[:2] in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[name[:2]].split(), name[2:]
    if name[:1] in SURNAMES:
        return [SURNAMES[name[0]]], name[1:]
    return [], name


@lru_cache(maxsize=65536)
def syllables(name: str) -> tuple[str, ...]:
    """Tone-less syllables of a person's name, surname read as a surname."""
    name = (name or "").strip()
    if not name:
        return ()
    # pypinyin (0.4 s to import: its phrase dictionary) loads on the first name to key; reading the
    # registry needs no pinyin, only saving a name does (start-up time)
    from pypinyin.seg.simpleseg import seg

    head, rest = _split_surname(name)
    # lazy_pinyin(rest) is its segments (pypinyin's own seg: words of its phrase dictionary, runs of
    # other characters) converted one by one; a roster of 20,000 mostly distinct names has few distinct
    # segments, so each is converted once (the same result, a fraction of the time)
    tail = [s for word in seg(rest) for s in _word(word)] if rest else []
    return tuple(s.lower().replace("ü", "v") for s in head + tail)


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, ...]:
    """``lazy_pinyin`` of one segment, passed as already segmented (a list: not segmented again)."""
    from pypinyin import Style, lazy_pinyin  # see syllables (start-up time)

    return tuple(lazy_pinyin([word], style=Style.NORMAL, errors="ignore"))


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials): 张三丰 → ("zhangsanfeng", "zsf")."""
    parts = syllables(name)
    return "".join(parts), "".join(p[0] for p in parts if p)
