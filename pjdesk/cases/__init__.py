"""Case files with three-level review and three public postings (三级审核、三榜公示), shared by every
case kind; 危房改造 is the first kind on it (issue #5, RULES.md §3 and §5). See docs/cases.md.

Writes, one user action each (``db`` in, one transaction): ``renovation.open_renovation``,
``decisions.decide``, ``postings.open_posting``, ``objections``, ``construction``, ``funds.disburse``,
``attachments``, ``subsidy.add_rate``; ``*_in`` variants work inside a caller's transaction (the
demo uses them). Reads: ``queries`` (lists), ``detail`` (one case). Rules: ``stages``, ``kinds`` and
``catalogue`` (the kinds in use), ``renovation_rules``; printouts: ``printouts``, ``approval``;
demo: ``demo``. This package imports nothing itself.
"""
