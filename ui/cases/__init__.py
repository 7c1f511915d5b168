"""危房改造 screens (issue #5): the case list page, the case view, the action dialogs and the household
dialog's 危改/搬迁 tab. ``ui/pages.py`` and ``ui/households/detail_dialog.py`` name them."""
