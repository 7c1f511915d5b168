"""The office's own texts for printouts (issuers, supervision phones, policy basis …) read from 设置,
the PDF font (``font_for``: the one place a PDF's font is looked up), and saving the 设置 page in one
transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from db import Database
from reports.errors import FontNotFoundError
from reports.fonts import CjkFont, find_cjk_font
from reports.disclosure import Contact

from . import settings
from .auth.roles import ADMIN, require
from .errors import ValidationError
from .registry.township import get_township

# The settings the 设置 page edits for printing, in the order it shows them.
PRINT_SETTINGS = (
    "issuer_village", "issuer_township", "issuer_county", "supervision_phone_village",
    "supervision_phone_township", "supervision_phone_county", "posting_place", "policy_basis_poverty",
    "policy_basis_renovation", "posting_min_days", "posting_confirm_days", "rejection_appeal_days",
    "id_mask_head", "id_mask_tail",
    "casefile_no_format", "pdf_font_path",
)
# Settings of the helpers feature the 设置 page shows too, saved in the same transaction (issue #4).
HELPER_SETTINGS = ("helper_household_limit", "visit_overdue_days")
# Rules of cases and exits a county may set (issue 10), on the same page and in the same transaction.
RULE_SETTINGS = ("renovation_advance_share", "assessment_max_age_months", "survey_required_for_posting",
                 "exit_income_lines")
# The screen lock after an idle period (issue 14).
SECURITY_SETTINGS = ("idle_lock_minutes", "backup_keep")   # backup_keep: automatic backups kept (pjdesk/backups.py)
# Everything the 设置 page edits.
PAGE_SETTINGS = PRINT_SETTINGS + HELPER_SETTINGS + RULE_SETTINGS + SECURITY_SETTINGS
VILLAGE_PLACEHOLDER = "{村}"
FILE_NO_FIELDS = ("乡镇", "年", "序号")


@dataclass(frozen=True)
class Office:
    county: str
    township: str
    values: dict[str, Any]               # every printing setting, defaults filled in

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def village_issuer(self, village: str) -> str:
        text = self.values["issuer_village"]
        if not text:
            return f"{village}村民委员会"
        return text.replace(VILLAGE_PLACEHOLDER, village)

    @property
    def township_issuer(self) -> str:
        return self.values["issuer_township"] or f"{self.township}人民政府"

    @property
    def county_issuer(self) -> str:
        return self.values["issuer_county"] or f"{self.county}扶贫开发办公室"

    def contacts(self, village: str) -> list[Contact]:
        return [Contact(self.village_issuer(village), self.values["supervision_phone_village"]),
                Contact(self.township_issuer, self.values["supervision_phone_township"]),
                Contact(self.county_issuer, self.values["supervision_phone_county"])]

    def object_to(self, village: str) -> str:
        return f"{self.village_issuer(village)}或{self.township_issuer}"

    def mask_digits(self) -> tuple[int, int]:
        return self.values["id_mask_head"], self.values["id_mask_tail"]

    def file_no(self, year: int, seq: int) -> str:
        return format_file_no(self.values["casefile_no_format"], self.township, year, seq)


def office(db: Database) -> Office:
    with db.reader() as s:
        t = get_township(s)
        values = settings.all_settings(s)
        return Office(t.county, t.name, values)


def print_settings(db: Database) -> dict[str, Any]:
    """The current values of ``PRINT_SETTINGS`` (defaults filled in)."""
    with db.reader() as s:
        values = settings.all_settings(s)
    return {key: values[key] for key in PRINT_SETTINGS}


def page_settings(db: Database) -> dict[str, Any]:
    """The current values of every setting the 设置 page edits (``PAGE_SETTINGS``, defaults filled in)."""
    with db.reader() as s:
        values = settings.all_settings(s)
    return {key: values[key] for key in PAGE_SETTINGS}


def format_file_no(fmt: str, township: str, year: int, seq: int) -> str:
    try:
        return fmt.format_map({"乡镇": township, "年": year, "序号": seq})
    except (KeyError, ValueError, IndexError) as exc:
        raise ValidationError("casefile_no_format",
                              f"档案编号格式“{fmt}”无效：只能使用{{乡镇}}、{{年}}、{{序号}}（{exc}）") from None


def font_for(db: Database) -> CjkFont:
    """The font PDFs are printed in: the file chosen in 设置, else the first usable system font.
    Raises FontNotFoundError (a Chinese message to show before printing)."""
    with db.reader() as s:
        path = settings.get(s, "pdf_font_path")
    return find_cjk_font(path or None)


def write_pdf(db: Database, what: str, build: Callable[[], Any], write: Callable, out,
              progress: Callable[[int, int, str], None] | None = None) -> int:
    """The common shape of a printout: find the font (refused first, before any work), build the
    report data, write the PDF with ``write(data, out, font, progress=…)``. Returns the page count.

    ``progress`` hears of both steps and then of every page as it is laid out, so the user's 取消
    (``ui.runner.Progress`` raises ``Cancelled``) stops a long list or case file mid-drawing; the
    exception propagates and ``out`` is not written (the writers write a path atomically)."""
    report = progress or (lambda *_a: None)
    font = font_for(db)
    report(0, 2, f"正在整理{what}…")
    data = build()
    report(1, 2, "正在生成 PDF…")
    return write(data, out, font, progress=progress)


def font_problem(db: Database) -> str | None:
    """None when PDFs can be printed; else the Chinese reason (checked before a job starts)."""
    try:
        font_for(db)
    except FontNotFoundError as exc:
        return str(exc)
    return None


def check_font(path: str) -> tuple[bool, str]:
    """(usable, message) for the 检查字体 button: the font found, or why there is none."""
    try:
        font = find_cjk_font(path.strip() or None)
    except FontNotFoundError as exc:
        return False, str(exc)
    return True, f"可以使用：{font.family}（{font.path}），打印时嵌入 PDF。"


def save_page_settings(db: Database, values: dict[str, Any]) -> list[str]:
    """Store the 设置 page's values (any of ``PAGE_SETTINGS``) in one transaction; returns the keys
    that changed. Raises ValidationError (field = the setting key) and stores nothing when a value is
    invalid (``settings.check``: whole numbers within ``settings.LIMITS``). Only a 管理员 saves settings."""
    require(db, ADMIN)
    unknown = set(values) - set(PAGE_SETTINGS)
    if unknown:
        raise KeyError(sorted(unknown)[0])
    if "casefile_no_format" in values:
        format_file_no(str(values["casefile_no_format"]), "虹桥镇", dt.date.today().year, 1)
    font_path = str(values.get("pdf_font_path") or "").strip()
    if font_path:
        ok, message = check_font(font_path)
        if not ok:
            raise ValidationError("pdf_font_path", message)
    with db.transaction() as s:
        # A value stored with the wrong JSON type (e.g. 4.0 written by hand: Python reads the helper
        # limit as the default 5, the database trigger as 4) equals the checked 4 in Python, so
        # ``update`` would keep it; write it again as the checked value.
        wrong_type = [key for key, value in values.items()
                      if type(settings.get(s, key)) is not type(settings.check(key, value))]
        changed = settings.update(s, values)
        for key in wrong_type:
            if key not in changed:
                settings.set_(s, key, settings.check(key, values[key]))
                changed.append(key)
        return changed


def supervision_warning(db: Database, village: str) -> str:
    """What the preview of a public notice warns about: supervision phones not set (the notice prints
    a blank line to write each on). "" when every level has its phone."""
    missing = [c.office for c in office(db).contacts(village) if not c.phone]
    if not missing:
        return ""
    return f"监督电话未设置，将打印空白横线（{'、'.join(missing)}）。可在“设置”中填写监督电话。"
