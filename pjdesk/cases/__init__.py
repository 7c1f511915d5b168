"""Case files with three-level review and three public postings (三级审核、三榜公示), shared by every
case kind; 危房改造 is the first kind on it (issue #5, RULES.md §3 and §5). See docs/cases.md.

Importing the package registers the kinds it holds. Services take ``db`` and do one transaction each;
``*_in`` variants work inside a caller's transaction (the demo builder uses them).
"""

from . import renovation  # noqa: F401  (registers the 危房改造 kind)
from .attachments import AttachmentInput, add_attachment, attachment_file, list_attachments, thumbnails
from .construction import AcceptanceInput, record_acceptance, record_construction
from .decisions import DecisionInput, decide
from .detail import CaseDetail, DecisionInfo, TimelineEntry, case_detail, decisions_of
from .funds import DisbursementInput, disburse
from .objections import ObjectionInput, VerificationInput, record_objection, verify_objection
from .postings import PostingBatchInfo, PostingInput, batches, open_posting
from .queries import CaseFilter, CaseRow, cases_of_household, filter_case_rows, load_case_rows, stage_counts
from .renovation import open_renovation
from .renovation_rules import ExclusionAnswer, RenovationApplication
from .subsidy import RateInput, add_rate, list_rates

__all__ = [
    "AcceptanceInput", "AttachmentInput", "CaseDetail", "CaseFilter", "CaseRow", "DecisionInfo", "DecisionInput",
    "DisbursementInput", "ExclusionAnswer", "ObjectionInput", "PostingBatchInfo", "PostingInput", "RateInput",
    "RenovationApplication", "TimelineEntry", "VerificationInput", "add_attachment", "add_rate",
    "attachment_file", "batches", "case_detail", "cases_of_household", "decide", "decisions_of", "disburse",
    "filter_case_rows", "list_attachments", "list_rates", "load_case_rows", "open_posting", "open_renovation",
    "record_acceptance", "record_construction", "record_objection", "stage_counts", "thumbnails",
    "verify_objection",
]
