"""备份与恢复 in the GUI: the 文件 menu's backup and restore, the checks when a database opens."""
