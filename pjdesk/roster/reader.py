"""Reading a roster file: .xlsx / .xlsm with openpyxl (read-only, streamed), the legacy .xls with xlrd.
What cannot be read is refused saying so plainly: a WPS .et file, a password-protected workbook (an
OLE compound file holding an ``EncryptedPackage`` stream, or an .xls that xlrd finds encrypted), a file
that is no workbook at all (a CSV or a web page renamed .xls)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import ValidationError

Progress = Callable[[int, int, str], None]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# The name of the stream an encrypted OOXML file (an .xlsx with a password to open) keeps its
# package in, as the compound file's directory spells it (UTF-16LE).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
PROGRESS_EVERY = 2000   # rows between two progress reports


@dataclass
class SheetRows:
    name: str
    rows: list[tuple] = field(default_factory=list)   # rows[i] is row number i + 1, as Excel counts

    def row(self, number: int) -> tuple:
        return self.rows[number - 1] if 0 < number <= len(self.rows) else ()


def _refuse(path: Path, why: str) -> ValidationError:
    return ValidationError("file", f"无法读取“{path.name}”：{why}")


def file_format(path: Path) -> str:
    """"xlsx" or "xls", judged by the file's first bytes (a renamed file is read as what it is);
    a file that cannot be read is refused naming the reason."""
    if path.suffix.lower() in (".et", ".ett"):
        raise _refuse(path, "这是WPS表格的.et文件，本程序不能直接读取。请在WPS中“另存为”Excel工作簿（.xlsx）后再导入")
    try:
        with path.open("rb") as f:
            head = f.read(8)
            if head == OLE_MAGIC:
                data = head + f.read()
    except FileNotFoundError:
        raise ValidationError("file", f"文件“{path}”不存在") from None
    except IsADirectoryError:
        raise ValidationError("file", f"“{path}”是一个文件夹，请选择Excel文件") from None
    except OSError as exc:
        raise _refuse(path, f"{exc.strerror or exc}") from None
    if not head:
        raise _refuse(path, "文件是空的（0字节）")
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head == OLE_MAGIC:
        if ENCRYPTED_STREAM in data:
            raise _refuse(path, "工作簿设置了打开密码（已加密）。请在Excel或WPS中打开后取消密码，另存为.xlsx再导入")
        return "xls"
    raise _refuse(path, "不是Excel工作簿（.xlsx或.xls）。如是CSV或网页格式，请在Excel中“另存为”Excel工作簿（.xlsx）后再导入")


def read_workbook(path: str | Path, progress: Progress | None = None,
                  keep: Callable[[list[tuple]], bool] | None = None) -> list[SheetRows]:
    """Every sheet's rows as tuples of cell values (text, int/float, datetime, bool or None). ``keep``
    is shown a sheet's first HEAD_ROWS rows: a sheet it does not keep is not read further (a workbook's
    说明 or 帮扶责任人 sheet costs nothing)."""
    path = Path(path)
    kind = file_format(path)
    progress = progress or (lambda *_a: None)
    keep = keep or (lambda _rows: True)
    return _read_xlsx(path, progress, keep) if kind == "xlsx" else _read_xls(path, progress, keep)


HEAD_ROWS = 30


def _read_xlsx(path: Path, progress: Progress, keep) -> list[SheetRows]:
    from openpyxl import load_workbook  # loads with the first import, not at start-up (start-up time)

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _refuse(path, f"文件已损坏或不是Excel工作簿（{type(exc).__name__}）") from None
    try:
        sheets = []
        worksheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]    # chartsheets have no cells
        sizes = _sheet_sizes(path, len(worksheets))
        total = sum(sizes) or 0
        done = 0
        progress(0, total, "正在读取工作簿…")
        for ws, size in zip(worksheets, sizes):
            sheet = SheetRows(ws.title)
            append = sheet.rows.append
            kept = None
            for values in ws.iter_rows(values_only=True):
                append(values)
                n = len(sheet.rows)
                if kept is None and n == HEAD_ROWS:
                    kept = keep(sheet.rows)
                    if not kept:
                        break
                if n % PROGRESS_EVERY == 0:
                    progress(min(done + n, total), total, f"正在读取“{ws.title}”第{n}行…")
            if kept is None and not keep(sheet.rows):
                sheet.rows = sheet.rows[:HEAD_ROWS]
            done += size
            sheets.append(sheet)
        progress(total, total, "读取完成")
        return sheets
    finally:
        wb.close()


def _sheet_sizes(path: Path, n: int) -> list[int]:
    """Each sheet's declared row count, for the progress bar (0: not declared — the bar then waits)."""
    out = []
    try:
        with zipfile.ZipFile(path) as z:
            names = sorted((i for i in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", i)),
                           key=lambda i: int(re.search(r"\d+", i.rsplit("/", 1)[1]).group()))
            for name in names[:n]:
                with z.open(name) as f:
                    head = f.read(4096).decode("utf-8", "replace")
                m = re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
                out.append(int(m.group(1)) if m else 0)
    except (zipfile.BadZipFile, OSError, ValueError):
        pass
    return (out + [0] * n)[:n]


def _read_xls(path: Path, progress: Progress, keep) -> list[SheetRows]:
    import xlrd  # only for a legacy .xls (start-up time)

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise _refuse(path, "工作簿设置了打开密码（已加密）。请在Excel或WPS中打开后取消密码，另存为.xlsx再导入") from None
        raise _refuse(path, "不是可读取的Excel 97-2003工作簿（.xls）") from None
    except Exception as exc:      # xlrd raises assorted errors on a damaged compound file
        raise _refuse(path, f"文件已损坏或不是Excel工作簿（{type(exc).__name__}）") from None
    try:
        sheets = []
        loaded = [book.sheet_by_index(i) for i in range(book.nsheets)]
        total = sum(sh.nrows for sh in loaded)
        done = 0
        progress(0, total, "正在读取工作簿…")
        for sh in loaded:
            sheet = SheetRows(sh.name)
            head = [tuple(_xls_value(c, book.datemode, xlrd) for c in sh.row(r)) for r in range(min(HEAD_ROWS, sh.nrows))]
            sheet.rows.extend(head)
            if keep(head):
                for r in range(len(head), sh.nrows):
                    sheet.rows.append(tuple(_xls_value(c, book.datemode, xlrd) for c in sh.row(r)))
                    if (r + 1) % PROGRESS_EVERY == 0:
                        progress(done + r + 1, total, f"正在读取“{sh.name}”第{r + 1}行…")
            done += sh.nrows
            sheets.append(sheet)
        progress(total, total, "读取完成")
        return sheets
    finally:
        book.release_resources()


def _xls_value(cell, datemode: int, xlrd):
    ctype = cell.ctype
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value       # text, or a float for every number (.xls stores numbers as doubles)
