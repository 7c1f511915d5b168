"""Hypothesis keeps no example database in the working tree (the tests use fixed, small example counts)."""

from hypothesis import settings

settings.register_profile("pjdesk", database=None, deadline=None)
settings.load_profile("pjdesk")
