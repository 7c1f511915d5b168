"""花名册导入 (issue 13): the import dialog."""
