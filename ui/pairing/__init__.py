"""帮扶责任人 and 驻村帮扶 screens (issue #4) and the household dialog's 帮扶 tab. ``ui/pages.py`` and
``ui/households/detail_dialog.py`` name them."""
