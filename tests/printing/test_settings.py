"""Saving the printing settings (one transaction, every value checked) and the font check."""

from __future__ import annotations

import pytest

from pjdesk import settings
from pjdesk.errors import ValidationError
from pjdesk.printing.office import check_font, office, print_settings, save_print_settings


def test_new_keys_have_defaults_in_one_place(db):
    values = print_settings(db)
    assert values["posting_place"] == "村务公开栏" and values["posting_min_days"] == 7
    assert values["policy_basis_renovation"].startswith("根据") and values["issuer_county"]
    o = office(db)
    assert o.village_issuer("大山村") == "大山村村民委员会" and o.township_issuer == "虹桥镇人民政府"


def test_save_stores_every_changed_value_in_one_transaction(db):
    changed = save_print_settings(db, {"supervision_phone_village": " 0730-6111111 ", "posting_min_days": 10,
                                       "clerk_name": ""})
    assert changed == ["supervision_phone_village", "posting_min_days"]  # clerk_name was already blank
    values = print_settings(db)
    assert values["supervision_phone_village"] == "0730-6111111" and values["posting_min_days"] == 10


@pytest.mark.parametrize("key, value, message", [
    ("id_mask_head", 7, "应在0至6之间"),
    ("id_mask_tail", -1, "应在0至4之间"),
    ("posting_min_days", 0, "应在1至60之间"),
    ("posting_min_days", "7", "不是整数"),
    ("casefile_no_format", "{乡镇}危改字{号}", "档案编号格式"),
    ("pdf_font_path", "/no/such/font.ttf", "找不到指定的字体文件"),
])
def test_an_invalid_value_stores_nothing(db, key, value, message):
    with pytest.raises(ValidationError, match=message) as err:
        save_print_settings(db, {"supervision_phone_county": "0730-6999999", key: value})
    assert err.value.field == key
    assert print_settings(db)["supervision_phone_county"] == ""


def test_unknown_setting_is_refused(db):
    with pytest.raises(KeyError):
        save_print_settings(db, {"no_such_setting": 1})
    with db.transaction() as s, pytest.raises(KeyError):
        settings.update(s, {"no_such_setting": 1})


def test_font_check_names_the_font_or_the_problem(tmp_path):
    ok, message = check_font("")
    assert ok and "可以使用" in message and "打印时嵌入 PDF" in message
    ok, message = check_font(str(tmp_path / "none.ttf"))
    assert not ok and "找不到指定的字体文件" in message
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    ok, message = check_font(str(bad))
    assert not ok and "不是 TrueType 字体" in message
