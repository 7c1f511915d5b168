"""Personal data never reaches a log file or stderr: a database error carries no row values, the log of
an uncaught exception and the CLI's refusals cut ID numbers, phones and bank accounts
(pjdesk/redact.py), while household and case numbers stay so a message still names its row."""

import logging
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pjdesk import idcard
from pjdesk.redact import redact
from tests.gui import when_modal

ID = idcard.make("430626", __import__("datetime").date(1990, 1, 1), 123, True)


def test_redact_cuts_ids_phones_and_accounts_but_keeps_office_numbers():
    line = f"{ID} 43062619900101123 13812345678 6230901000012345 户编号43062601040001 危改-2017-0004 2017年 40000元"
    out = redact(line)
    for personal in (ID, "13812345678", "6230901000012345"):
        assert personal not in out
    assert out.startswith(ID[:2] + "*" * 14 + ID[-2:])
    assert "户编号43062601040001 危改-2017-0004 2017年 40000元" in out


def test_a_database_error_carries_no_row_values(db):
    with pytest.raises(IntegrityError) as exc:
        with db.transaction() as s:
            s.execute(text("INSERT INTO member (household_id, name, id_number, relation, sex, birth_date, joined_on)"
                           " VALUES (999999, :name, :id, '户主', '男', '1990-01-01', '2020-01-01')"),
                      {"name": "王秘密", "id": ID})
    assert ID not in str(exc.value) and "王秘密" not in str(exc.value)


def test_the_log_of_an_uncaught_exception_keeps_no_id_number(qtbot, tmp_path):
    from ui.errors import install_excepthook

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Keep()
    logging.getLogger("pjdesk").addHandler(handler)
    old = sys.excepthook
    try:
        install_excepthook(str(tmp_path / "pjdesk.log"))
        shown = []
        watch = when_modal(lambda box: (shown.append(box.text()), box.close()))
        try:
            raise ValueError(f"无法处理身份证号{ID}，电话13812345678")
        except ValueError as err:
            sys.excepthook(ValueError, err, err.__traceback__)
        assert not watch.timed_out
    finally:
        sys.excepthook = old
        logging.getLogger("pjdesk").removeHandler(handler)
    assert records and all(ID not in r and "13812345678" not in r for r in records)
    assert ID not in shown[0]


def test_cli_refusal_on_stderr_keeps_no_id_number(db, capsys):
    """A clerk types an ID number where the household number goes: the refusal echoes it cut."""
    from pjdesk.cli.main import main

    assert main(["--db", str(db.path), "households", "show", ID]) == 2
    err = capsys.readouterr().err
    assert ID not in err and "不存在" in err and ID[:2] + "*" * 14 + ID[-2:] in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_database_backup_copy_and_log_are_readable_by_their_owner_only(tmp_path):
    import os
    import shutil
    import stat

    from db import open_database
    from ui.errors import setup_logging

    old = os.umask(0o022)                                # the usual mask: new files would be world-readable
    try:
        d = open_database(tmp_path / "new.db")
        d.close()
        shutil.copy(__import__("pathlib").Path(__file__).parent / "data" / "schema-0001.sqlite3", tmp_path / "old.db")
        os.chmod(tmp_path / "old.db", 0o600)
        migrated = open_database(tmp_path / "old.db")
        backup = migrated.backup_path
        migrated.close()
        logfile = setup_logging()
    finally:
        os.umask(old)
        for h in list(logging.getLogger().handlers):         # leave no handler on a deleted folder
            if getattr(h, "baseFilename", None) and str(tmp_path) in h.baseFilename:
                logging.getLogger().removeHandler(h)
                h.close()
    for path in (tmp_path / "new.db", backup, logfile):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
