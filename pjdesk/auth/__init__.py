"""Users, roles, login and passwords (issue 14, RULES.md R1.9)."""
