"""Report writers (PDF and Excel) for pjdesk.

Pure rendering: no Qt and no database imports. Callers pass plain data (dataclasses, lists of
strings) and a destination path or binary stream. Import from the module that holds a writer
(``reports.pdf_table``, ``reports.xlsx``, ``reports.fonts`` …): this package imports nothing, so a
caller loads reportlab or openpyxl only when it writes that kind of file.
"""
