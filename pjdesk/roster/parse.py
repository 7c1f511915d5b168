"""From the rows of a workbook to households and their members, as the file says them: each sheet's header
found (title rows above it skipped), every cell normalised, rows grouped by 户编号. A sheet of persons (the
national roster: one row per person, household columns repeated) and a sheet of households (the 贫困户
sheet of the monthly workbook) are both read; their household columns must agree. Nothing here looks at the
database: ``pjdesk.roster.plan`` checks the result against the registry's rules and records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .columns import (BY_KEY, HEADER_SCAN_ROWS, HOUSEHOLD, HOUSEHOLD_SHEET, MEMBER_SHEET, Header, find_header,
                      sheet_kind)
from .normalise import READERS, Bad, Warn
from .reader import Progress, SheetRows, read_workbook

ERROR, NOTE = "错误", "提示"


@dataclass(frozen=True)
class Problem:
    level: str              # 错误 (nothing is written while one remains) or 提示
    sheet: str
    row: int | None         # row number as Excel shows it; None: the whole sheet or file
    column: str             # the header as written in the file ("" when none applies)
    value: str              # the cell as read
    reason: str             # in Chinese
    household_no: str = ""


@dataclass
class RosterRow:
    sheet: str
    number: int
    values: dict             # field key → normalised value (blank cells left out)
    labels: dict             # field key → its column's header as written (shared by a sheet's rows)
    failed: frozenset = frozenset()   # fields whose cell could not be read (already reported)

    def label(self, key: str) -> str:
        """The header of ``key``'s column in this row's sheet, else the field's own name."""
        return self.labels.get(key) or (BY_KEY[key].label if key in BY_KEY else "")


@dataclass
class MemberDraft:
    row: RosterRow

    @property
    def id_number(self) -> str:
        return self.row.values.get("id_number", "")


@dataclass
class HouseholdDraft:
    household_no: str
    values: dict = field(default_factory=dict)     # household field → value (first row that gave it)
    source: dict = field(default_factory=dict)     # household field → the RosterRow it came from
    rows: list = field(default_factory=list)       # every RosterRow of the household, file order
    members: list = field(default_factory=list)    # MemberDraft, file order


@dataclass
class SheetInfo:
    name: str
    kind: str | None              # MEMBER_SHEET, HOUSEHOLD_SHEET or None (skipped)
    header: Header | None
    rows: int = 0                 # data rows read (blank rows not counted)


@dataclass
class Parsed:
    path: Path
    sheets: list[SheetInfo]
    households: dict[str, HouseholdDraft]      # by 户编号, file order
    problems: list[Problem]
    raw: dict[str, SheetRows]                  # the rows as read, for the problems workbook
    persons: int = 0


REQUIRED = {MEMBER_SHEET: ("household_no", "name", "id_number", "relation"), HOUSEHOLD_SHEET: ("household_no",)}


def _shown(value) -> str:
    return "" if value is None else str(value).strip()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_workbook(path: str | Path, progress: Progress | None = None) -> Parsed:
    progress = progress or (lambda *_a: None)
    sheets = read_workbook(path, progress, keep=_is_roster)
    problems: list[Problem] = []
    infos: list[SheetInfo] = []
    rows_by_kind: dict[str, list[RosterRow]] = {HOUSEHOLD_SHEET: [], MEMBER_SHEET: []}
    total = sum(len(s.rows) for s in sheets) or 1
    done = 0
    for sheet in sheets:
        header = find_header(list(enumerate(sheet.rows[:HEADER_SCAN_ROWS], 1)))
        kind = sheet_kind(header) if header is not None else None
        info = SheetInfo(sheet.name, kind, header)
        infos.append(info)
        if kind is None:
            done += len(sheet.rows)
            continue
        for i, text in header.unknown:
            problems.append(Problem(NOTE, sheet.name, header.row, text, "", "未识别的列，已忽略"))
        for i, text in header.repeated:
            problems.append(Problem(NOTE, sheet.name, header.row, text, "", "与前面的列表示同一项，已忽略此列"))
        missing = [BY_KEY[k].label for k in REQUIRED[kind] if k not in header.keys]
        if missing:
            problems.append(Problem(ERROR, sheet.name, header.row, "", "",
                                    f"缺少必需的列：{'、'.join(missing)}（按列标题识别，如“证件号码”“与户主关系”）"))
            done += len(sheet.rows)
            continue
        rows_by_kind[kind].extend(_read_rows(sheet, header, problems))
        info.rows = sum(1 for r in rows_by_kind[kind] if r.sheet == sheet.name)
        done += len(sheet.rows)
        progress(done, total, f"正在检查“{sheet.name}”…")
    if not any(i.kind for i in infos):
        problems.append(Problem(ERROR, "", None, "", "",
                                "没有找到花名册：各工作表中都没有同时含“户编号”或“证件号码”等列标题的表头行"))
    households: dict[str, HouseholdDraft] = {}
    for row in rows_by_kind[HOUSEHOLD_SHEET]:
        draft = _draft(households, row, problems)
        if draft is not None:
            if any(r.sheet == row.sheet for r in draft.rows[:-1]):
                problems.append(Problem(ERROR, row.sheet, row.number, row.label("household_no"),
                                        draft.household_no, "户编号重复：同一户在本表中出现了两行",
                                        draft.household_no))
    persons = 0
    for row in rows_by_kind[MEMBER_SHEET]:
        draft = _draft(households, row, problems)
        if draft is not None:
            draft.members.append(MemberDraft(row))
            persons += 1
    return Parsed(Path(path), infos, households, problems, {s.name: s for s in sheets}, persons)


def _is_roster(first_rows: list[tuple]) -> bool:
    header = find_header(list(enumerate(first_rows[:HEADER_SCAN_ROWS], 1)))
    return header is not None and sheet_kind(header) is not None


def _read_rows(sheet: SheetRows, header: Header, problems: list[Problem]) -> list[RosterRow]:
    columns = [(i, key, READERS[BY_KEY[key].kind], header.labels[i]) for i, key in header.fields.items()]
    heading = {i: header_text for i, header_text in header.labels.items()}
    labels = {key: header.labels[i] for i, key in header.fields.items()}
    out = []
    for number in range(header.row + 1, len(sheet.rows) + 1):
        raw = sheet.rows[number - 1]
        if all(_blank(v) for v in raw):
            continue                        # blank rows are skipped
        if all(_shown(raw[i]) == text for i, text in heading.items() if i < len(raw)):
            continue                        # the header repeated (a printout's page break)
        values, failed = {}, set()
        for i, key, read, label in columns:
            value = raw[i] if i < len(raw) else None
            if _blank(value):
                continue
            try:
                values[key] = read(value)
            except Warn as w:
                values[key] = w.value
                problems.append(Problem(NOTE, sheet.name, number, label, _shown(value), w.message))
            except Bad as b:
                failed.add(key)
                problems.append(Problem(ERROR, sheet.name, number, label, _shown(value), b.message))
        out.append(RosterRow(sheet.name, number, values, labels, frozenset(failed)))
    return out


def _draft(households: dict[str, HouseholdDraft], row: RosterRow, problems: list[Problem]) -> HouseholdDraft | None:
    """The household ``row`` belongs to, its household columns merged in (a differing value refused)."""
    number = row.values.get("household_no")
    if not number:
        problems.append(Problem(ERROR, row.sheet, row.number, row.label("household_no"), "",
                                "户编号不能为空（各成员按户编号归户）"))
        return None
    draft = households.get(number)
    if draft is None:
        draft = households[number] = HouseholdDraft(number)
    draft.rows.append(row)
    for key, value in row.values.items():
        f = BY_KEY[key]
        if f.level != HOUSEHOLD or key == "household_no":
            continue
        if key not in draft.values:
            draft.values[key], draft.source[key] = value, row
        elif draft.values[key] != value:
            first = draft.source[key]
            where = f"“{first.sheet}”第{first.number}行" if first.sheet != row.sheet else f"第{first.number}行"
            problems.append(Problem(
                ERROR, row.sheet, row.number, row.label(key), _text(value),
                f"同一户（户编号{number}）的“{f.label}”前后不一致：{where}为“{_text(draft.values[key])}”", number))
    return draft


def _text(value) -> str:
    if isinstance(value, list):
        return "、".join(value)
    return "" if value is None else str(value)
