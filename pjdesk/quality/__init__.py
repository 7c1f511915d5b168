"""Data-quality checks (数据质量检查). Import pjdesk.quality.checks directly."""
