"""花名册导入: read the Excel roster an office already holds into the registry (issue 13)."""
