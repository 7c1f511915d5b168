"""Pinyin keys: surnames with a special reading (issue #3)."""

import pytest

from pjdesk.pinyin import name_keys


@pytest.mark.parametrize("name, full, initials", [
    ("张三丰", "zhangsanfeng", "zsf"),
    ("曾小明", "zengxiaoming", "zxm"),
    ("单雄信", "shanxiongxin", "sxx"),
    ("解缙", "xiejin", "xj"),
    ("仇英", "qiuying", "qy"),
    ("朴明", "piaoming", "pm"),
    ("区华", "ouhua", "oh"),
    ("查良", "zhaliang", "zl"),
    ("覃红", "qinhong", "qh"),
    ("尉迟恭", "yuchigong", "ycg"),
    ("万俟卨", "moqixie", "mqx"),
])
def test_surname_reading(name, full, initials):
    assert name_keys(name) == (full, initials)


def test_same_character_inside_a_given_name_keeps_its_common_reading():
    # 曾 as a given-name character is read ceng (曾经), only the surname slot is overridden.
    assert name_keys("李曾")[0] == "liceng"
