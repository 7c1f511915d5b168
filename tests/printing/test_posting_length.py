"""A posting's length is counted in one place, ``pjdesk.cases.postings``: both ends included
(3月1日至3月7日 = 7天, Chinese administrative practice; docs/cases.md). The registry's postings, the
case postings and the 开启公示 dialog use that one rule and refuse a short posting alike."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk.cases import postings
from pjdesk.errors import ValidationError
from pjdesk.registry import printouts as registry
from pjdesk.registry.printouts import EXIT, RegistryPostingRequest, registry_posting

D = dt.date


def test_the_rule_counts_both_ends():
    assert postings.posting_days(D(2026, 3, 1), D(2026, 3, 7)) == 7
    assert postings.posting_end(D(2026, 3, 1), 7) == D(2026, 3, 7)
    assert postings.posting_days(D(2026, 2, 26), postings.posting_end(D(2026, 2, 26), 7)) == 7  # over a month end


def test_the_registry_uses_the_cases_rule_not_a_copy():
    assert registry.check_period is postings.check_period
    assert registry.posting_end is postings.posting_end


def _refusal(fn) -> str:
    with pytest.raises(ValidationError) as err:
        fn()
    return err.value.message


def test_a_registry_posting_and_a_case_posting_are_measured_alike(pdb):
    start = D(2026, 11, 2)
    p = registry_posting(pdb, RegistryPostingRequest(EXIT, "大山村", 2026, start))
    assert (p.terms.end, p.terms.days) == (D(2026, 11, 8), 7)                      # default: 7 days, both ends
    assert registry_posting(pdb, RegistryPostingRequest(EXIT, "大山村", 2026, start, D(2026, 11, 8))).terms.days == 7
    short = D(2026, 11, 7)
    registry_refusal = _refusal(lambda: registry_posting(pdb, RegistryPostingRequest(EXIT, "大山村", 2026, start,
                                                                                     short)))
    assert registry_refusal == _refusal(lambda: postings.check_period(start, short, 7))
    assert registry_refusal == "公示期不足7天（2026-11-02至2026-11-07，共6天），最短7天"
