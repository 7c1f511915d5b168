"""Issue 14, defect 10: an attachment's size is checked before the file is read, a huge picture is not
decoded for its thumbnail, and a case's attachments have a total limit."""

import io
import tracemalloc

import pytest
from PIL import Image

from pjdesk.cases import attachments as att
from pjdesk.cases.attachments import AttachmentInput, add_attachment, read_file
from pjdesk.errors import ValidationError
from tests.conftest import TODAY


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "录像.mp4"
    with open(big, "wb") as f:                      # a sparse 600 MB file: no disk, no memory
        f.truncate(600 * 1024 * 1024)
    tracemalloc.start()
    with pytest.raises(ValidationError, match="600.0MB，超过25MB上限"):
        read_file(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_a_picture_of_144_megapixels_gets_no_thumbnail_and_is_not_decoded():
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")       # small on disk, huge when decoded
    tracemalloc.start()
    assert att.make_thumbnail(out.getvalue()) is None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_a_large_jpeg_gets_a_thumbnail_decoded_at_reduced_scale():
    out = io.BytesIO()
    Image.new("RGB", (8000, 6000), "white").save(out, format="JPEG")
    thumb = Image.open(io.BytesIO(att.make_thumbnail(out.getvalue())))
    assert max(thumb.size) <= 240


def test_a_case_has_a_total_limit(db, case_no, monkeypatch):
    monkeypatch.setattr(att, "CASE_MAX_BYTES", 3000)
    add_attachment(db, case_no, AttachmentInput("a.pdf", b"x" * 2000, "申请书"), today=TODAY)
    with pytest.raises(ValidationError, match="该案件的附件已有"):
        add_attachment(db, case_no, AttachmentInput("b.pdf", b"x" * 2000, "申请书"), today=TODAY)
