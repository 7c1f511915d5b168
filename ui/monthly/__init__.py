"""The 月报导出 page."""
