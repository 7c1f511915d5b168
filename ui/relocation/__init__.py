"""易地搬迁 screens (issue 11): the page with its 案件 / 安置点 / 年度台帐 tabs, the relocation case view and
the dialogs of the relocation steps and sites. ``ui/pages.py`` names the page."""
