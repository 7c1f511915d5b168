"""``pjdesk print …``: write a printout as PDF. Only reads the database; a refusal (no such batch,
no font, a posting period shorter than the minimum …) prints the Chinese reason and exits 2.

    pjdesk print disclosure --batch ID --out F.pdf
    pjdesk print approval CASE_ID | --village V [--batch ID] --out F.pdf
    pjdesk print casefile CASE_ID --out F.pdf
    pjdesk print rejection CASE_ID --out F.pdf
    pjdesk print roster --village V --out F.pdf
    pjdesk print posting identification|exit --village V --year Y --start YYYY-MM-DD [--end …] --out F.pdf
    pjdesk print ledger [--year Y] --out F.pdf          易地搬迁台帐 (every year when --year is left out)
    pjdesk print sites --out F.pdf                      安置点入住情况表
    pjdesk print agreement CASE_ID --out F.pdf          搬迁协议摘要 of one relocation case

disclosure / approval / casefile / rejection print relocation cases as they print renovation ones.
"""

from __future__ import annotations

from ..errors import ValidationError
from .common import open_db, parse_date, whole_number, wrote


def cmd_disclosure(args) -> int:
    from ..cases.printouts import write_batch_disclosure  # reportlab loads only for printing (start-up time)

    return wrote(args.out, "公示名单", write_batch_disclosure(open_db(args), args.batch, args.out))


def cmd_approval(args) -> int:
    from ..cases.printouts import write_approval_batch  # reportlab loads only for printing (start-up time)

    if bool(args.case_id) + bool(args.village) + (args.batch is not None) != 1:
        raise ValidationError("case_id", "请指定一个案件编号，或 --village 村名，或 --batch 公示批次（三者选一）")
    pages = write_approval_batch(open_db(args), args.out, case=args.case_id, village=args.village, batch=args.batch)
    return wrote(args.out, "审批表", pages)


def cmd_casefile(args) -> int:
    from ..cases.printouts import write_case_file_pdf  # reportlab loads only for printing (start-up time)

    return wrote(args.out, "一户一册", write_case_file_pdf(open_db(args), args.case_id, args.out))


def cmd_rejection(args) -> int:
    from ..cases.printouts import write_rejection_pdf  # reportlab loads only for printing (start-up time)

    return wrote(args.out, "不予通过告知书", write_rejection_pdf(open_db(args), args.case_id, args.out))


def cmd_roster(args) -> int:
    from ..registry.printouts import write_village_roster  # reportlab loads only for printing (start-up time)

    return wrote(args.out, "花名册", write_village_roster(open_db(args), args.village, args.out, status=args.status or ""))


def cmd_posting(args) -> int:
    from ..office import supervision_warning  # reportlab loads only for printing (start-up time)
    from ..registry.printouts import RegistryPostingRequest, left_out_note, write_registry_posting  # reportlab loads only for printing (start-up time)

    req = RegistryPostingRequest(args.kind, args.village, args.year, parse_date(args.start, "start_on"),
                                 parse_date(args.end, "end_on"), parse_date(args.date, "issued_on"))
    db = open_db(args)
    result = wrote(args.out, "公示", write_registry_posting(db, req, args.out))
    # What the preview warns about, said after the file is written (no personal data in either).
    for note in (left_out_note(db, req), supervision_warning(db, req.village)):
        if note:
            print(f"提示：{note}")
    return result


def cmd_ledger(args) -> int:
    from ..cases.relocation_printouts import write_ledger_pdf  # reportlab loads only for printing (start-up time)

    return wrote(args.out, "易地搬迁台帐", write_ledger_pdf(open_db(args), args.out, year=args.year))


def cmd_sites(args) -> int:
    from ..cases.relocation_printouts import write_site_occupancy_pdf  # reportlab loads only for printing (start-up time)

    return wrote(args.out, "安置点入住情况表", write_site_occupancy_pdf(open_db(args), args.out))


def cmd_agreement(args) -> int:
    from ..cases.relocation_printouts import write_agreement_pdf  # reportlab loads only for printing (start-up time)

    return wrote(args.out, "搬迁协议摘要", write_agreement_pdf(open_db(args), args.case_id, args.out))


def register(sub) -> None:
    pr = sub.add_parser("print", help="打印：公示名单、审批表、一户一册、花名册、搬迁台帐（PDF）").add_subparsers(
        dest="sub", required=True)

    p = pr.add_parser("disclosure", help="公示批次的公示名单")
    p.add_argument("--batch", type=whole_number, required=True, help="公示批次编号")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_disclosure)

    p = pr.add_parser("approval", help="审批表：一个案件，或一个村、一个公示批次的全部案件")
    p.add_argument("case_id", nargs="?")
    p.add_argument("--village")
    p.add_argument("--batch", type=whole_number)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_approval)

    p = pr.add_parser("casefile", help="一户一册")
    p.add_argument("case_id")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_casefile)

    p = pr.add_parser("rejection", help="不予通过告知书")
    p.add_argument("case_id")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_rejection)

    p = pr.add_parser("roster", help="村花名册（身份证号脱敏）")
    p.add_argument("--village", required=True)
    p.add_argument("--status")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_roster)

    p = pr.add_parser("posting", help="贫困户识别公示 / 拟脱贫户公示")
    p.add_argument("kind", choices=("identification", "exit"))
    p.add_argument("--village", required=True)
    p.add_argument("--year", type=whole_number, required=True, help="识别年度 / 脱贫年度")
    p.add_argument("--start", required=True, help="公示开始日期 YYYY-MM-DD")
    p.add_argument("--end", help="公示结束日期（默认按最短公示天数）")
    p.add_argument("--date", help="落款日期（默认公示开始日期）")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_posting)

    p = pr.add_parser("ledger", help="易地扶贫搬迁台帐（按计划年度、分村）")
    p.add_argument("--year", type=whole_number, help="计划年度（申请年度）；不填为全部年度")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_ledger)

    p = pr.add_parser("sites", help="易地扶贫搬迁安置点入住情况表")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_sites)

    p = pr.add_parser("agreement", help="易地扶贫搬迁协议摘要（一个搬迁案件）")
    p.add_argument("case_id")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_agreement)
