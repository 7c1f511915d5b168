"""统计 page (issue 15): charts of pjdesk.stats.overview, drill-down, exports. ``ui/pages.py`` names it."""
