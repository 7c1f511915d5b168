"""Saving the printing settings (one transaction, every value checked) and the font check."""

from __future__ import annotations

import pytest

from pjdesk import settings
from pjdesk.errors import ValidationError
from pjdesk.office import check_font, office, page_settings, print_settings, save_page_settings


def test_new_keys_have_defaults_in_one_place(db):
    values = print_settings(db)
    assert values["posting_place"] == "村务公开栏" and values["posting_min_days"] == 7
    assert values["policy_basis_renovation"].startswith("根据") and values["issuer_county"]
    o = office(db)
    assert o.village_issuer("大山村") == "大山村村民委员会" and o.township_issuer == "虹桥镇人民政府"


def test_save_stores_every_changed_value_in_one_transaction(db):
    changed = save_page_settings(db, {"supervision_phone_village": " 0730-6111111 ", "posting_min_days": 10,
                                       "issuer_county": "平江县扶贫开发办公室"})
    assert changed == ["supervision_phone_village", "posting_min_days"]  # issuer_county was already the default
    values = print_settings(db)
    assert values["supervision_phone_village"] == "0730-6111111" and values["posting_min_days"] == 10


@pytest.mark.parametrize("key, value, message", [
    ("id_mask_head", 7, "应在0至6之间"),
    ("id_mask_tail", -1, "应在0至4之间"),
    ("posting_min_days", 0, "应在7至60之间"),
    ("posting_min_days", 6, "应在7至60之间"),      # R5.5: at least 7 days; a setting may only lengthen it
    ("posting_min_days", 61, "应在7至60之间"),
    ("posting_min_days", "7", "不是整数"),
    ("helper_household_limit", 6, "应在1至5之间"),  # R2.1: at most 5; a township may be stricter only
    ("helper_household_limit", 0, "应在1至5之间"),
    ("helper_household_limit", 4.0, "不是整数"),    # the trigger would read 4, Python 5
    ("helper_household_limit", "4", "不是整数"),
    ("helper_household_limit", True, "不是整数"),
    ("visit_overdue_days", 6, "应在7至365之间"),
    ("visit_overdue_days", 366, "应在7至365之间"),
    ("visit_overdue_days", 90.5, "不是整数"),
    ("casefile_no_format", "{乡镇}危改字{号}", "档案编号格式"),
    ("pdf_font_path", "/no/such/font.ttf", "找不到指定的字体文件"),
])
def test_an_invalid_value_stores_nothing(db, key, value, message):
    with pytest.raises(ValidationError, match=message) as err:
        save_page_settings(db, {"supervision_phone_county": "0730-6999999", key: value})
    assert err.value.field == key
    assert print_settings(db)["supervision_phone_county"] == ""


def test_r5_5_posting_days_can_only_be_lengthened(db):
    assert settings.LIMITS["posting_min_days"] == (7, 60)
    for days in (1, 6):
        with pytest.raises(ValidationError, match="应在7至60之间"):
            settings.check("posting_min_days", days)
    assert save_page_settings(db, {"posting_min_days": 7}) == []  # the default
    assert save_page_settings(db, {"posting_min_days": 14}) == ["posting_min_days"]
    assert print_settings(db)["posting_min_days"] == 14


def test_helper_settings_are_whole_numbers_in_their_range(db):
    assert settings.LIMITS["helper_household_limit"] == (1, 5)
    assert settings.LIMITS["visit_overdue_days"] == (7, 365)
    assert save_page_settings(db, {"helper_household_limit": 3, "visit_overdue_days": 30}) == [
        "helper_household_limit", "visit_overdue_days"]
    values = page_settings(db)
    assert (values["helper_household_limit"], values["visit_overdue_days"]) == (3, 30)


def test_saving_rewrites_a_value_stored_with_the_wrong_type(db):
    with db.transaction() as s:   # written by hand: the trigger reads 4, Python the default 5
        settings.set_(s, "helper_household_limit", 4.0)
    assert save_page_settings(db, {"helper_household_limit": 4}) == ["helper_household_limit"]
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT value FROM setting WHERE key = 'helper_household_limit'").scalar() == "4"


def test_unknown_setting_is_refused(db):
    with pytest.raises(KeyError):
        save_page_settings(db, {"no_such_setting": 1})
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


def test_a_value_stored_out_of_range_is_read_as_the_default(db):
    """R5.5: a file that stored posting_min_days = 3 under an older range still posts ≥ 7 days."""
    from pjdesk import settings

    with db.transaction() as s:
        settings.set_(s, "posting_min_days", 3)
        settings.set_(s, "helper_household_limit", 4.0)
    assert settings.value(db, "posting_min_days") == 7
    assert settings.value(db, "helper_household_limit") == 5
