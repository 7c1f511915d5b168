"""Report writers (PDF and Excel) for pjdesk.

Pure rendering: no Qt and no database imports. Callers pass plain data
(dataclasses, lists of strings) and a destination path or binary stream.
"""

from .errors import FontNotFoundError, ReportError, ReportWriteError
from .fonts import CjkFont, find_cjk_font, register_cjk_font
from .pdf_styles import PdfStyles, para_text, styles
from .pdf_table import Column, TableDocument, write_table_pdf
from .xlsx import Sheet, SheetColumn, write_workbook

__all__ = [
    "ReportError",
    "FontNotFoundError",
    "ReportWriteError",
    "CjkFont",
    "find_cjk_font",
    "register_cjk_font",
    "PdfStyles",
    "styles",
    "para_text",
    "Column",
    "TableDocument",
    "write_table_pdf",
    "Sheet",
    "SheetColumn",
    "write_workbook",
]
