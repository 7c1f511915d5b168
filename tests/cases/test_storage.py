"""Schema 0003_cases as written by hand matches the models; the default R3.7 rates are seeded;
attachments are stored in the database (a backup copy carries them) with thumbnails."""

import io
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from PIL import Image
from sqlalchemy import text

from db import open_database
from db.models import Base
from pjdesk.cases.attachments import add_attachment, attachment_file, list_attachments, thumbnails
from pjdesk.cases.detail import case_detail
from pjdesk.cases.attachments import AttachmentInput
from pjdesk.errors import ValidationError
from tests.cases.conftest import CASE_TABLES, D
from tests.conftest import TODAY


def test_migration_matches_the_models(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    mine = [d for d in diff if any(t in repr(d) for t in CASE_TABLES)]
    assert mine == []


def test_migration_seeds_the_R3_7_rates_effective_2016_06_01(db):
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT mode, house_type, item, department, amount, to_household, effective_from "
                                 "FROM subsidy_rate ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [
        ("集中安置", 60, "建房补助", "", 40000, 1, "2016-06-01"),
        ("集中安置", 60, "基础设施配套", "扶贫部门", 20000, 0, "2016-06-01"),
        ("集中安置", 35, "建房补助", "", 30000, 1, "2016-06-01"),
        ("集中安置", 35, "基础设施配套", "扶贫部门", 10000, 0, "2016-06-01"),
        ("分散", 0, "建房补助", "住建部门", 10000, 1, "2016-06-01"),
        ("分散", 0, "建房补助", "扶贫部门", 10000, 1, "2016-06-01"),
    ]


def test_database_refuses_a_second_open_housing_case_by_itself(db, case_no):
    with db.engine.begin() as conn:
        row = conn.execute(text("SELECT household_id, village_id FROM case_file")).one()
        with pytest.raises(Exception, match="UNIQUE constraint failed"):
            conn.execute(text("INSERT INTO case_file (case_no, kind, household_id, village_id, stage, status, step, "
                              "applied_on, application_note, household_size, opened_by, created_at) VALUES "
                              "('搬迁-2026-0001', 'relocation', :h, :v, '申请', '办理中', 0, '2026-03-01', '', 3, '', "
                              "'2026-03-01 00:00:00')"), {"h": row[0], "v": row[1]})


def _png(w=1600, h=1200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), (200, 120, 80)).save(out, format="JPEG")
    return out.getvalue()


def test_photo_is_stored_with_a_thumbnail_and_a_backup_carries_it(db, case_no, tmp_path):
    photo = _png()
    aid = add_attachment(db, case_no, AttachmentInput("before.jpg", photo, "改造前照片", D(2026, 3, 1), "东侧"),
                               entered_by="测试", today=TODAY)
    pdf = add_attachment(db, case_no, AttachmentInput("鉴定表.pdf", b"%PDF-1.4 scan", "危房鉴定表"), today=TODAY)
    [a, b] = list_attachments(db, case_no)
    assert (a.id, a.mime, a.size_bytes, a.has_thumbnail, b.id, b.has_thumbnail) == (
        aid, "image/jpeg", len(photo), True, pdf, False)
    thumb = Image.open(io.BytesIO(thumbnails(db, case_no)[aid]))
    assert max(thumb.size) == 240
    assert attachment_file(db, aid) == ("before.jpg", photo)
    assert "附件：改造前照片" in [e.title for e in case_detail(db, case_no, today=TODAY).timeline]
    # the file itself holds the bytes: a backup copy of the database carries them
    copy = tmp_path / "backup.db"
    src, dst = sqlite3.connect(db.path), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    restored = open_database(copy)
    try:
        assert attachment_file(restored, aid)[1] == photo
    finally:
        restored.close()


def test_attachment_refusals(db, case_no, monkeypatch):
    with pytest.raises(ValidationError, match="附件类别“杂项”无效"):
        add_attachment(db, case_no, AttachmentInput("a.jpg", b"x", "杂项"), today=TODAY)
    with pytest.raises(ValidationError, match="是空文件"):
        add_attachment(db, case_no, AttachmentInput("a.jpg", b"", "其他"), today=TODAY)
    monkeypatch.setattr("pjdesk.cases.attachments.MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="超过0MB上限"):
        add_attachment(db, case_no, AttachmentInput("a.jpg", b"x" * 11, "其他"), today=TODAY)
    assert list_attachments(db, case_no) == []
