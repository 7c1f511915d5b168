"""Login, users, the screen lock and the audit trail views (issue 14)."""
