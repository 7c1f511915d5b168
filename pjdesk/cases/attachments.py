"""Photos (before / during / after) and scanned documents kept inside the database with the case, so
a backup of the file carries them. A small thumbnail is made once, when the file is added."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import mimetypes
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from db import Database
from db.models.cases import Attachment

from ..errors import NotFound, ValidationError
from .state import check_date, find_case

CATEGORIES = ("改造前照片", "施工中照片", "竣工后照片", "申请书", "身份及户籍材料", "危房鉴定表", "评议记录",
              "公示照片", "改造协议", "验收表", "拨付凭证", "其他")
MAX_BYTES = 25 * 1024 * 1024
CASE_MAX_BYTES = 300 * 1024 * 1024   # all of one case's files together (a backup stays copyable)
THUMB_SIZE = (240, 240)
THUMB_MAX_PIXELS = 40_000_000        # a bigger picture is not decoded for a thumbnail (12000×12000 took 1.3 GB)


@dataclass(frozen=True)
class AttachmentInput:
    filename: str
    data: bytes
    category: str
    taken_on: Optional[dt.date] = None
    note: str = ""


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    case_id: int
    category: str
    filename: str
    mime: str
    size_bytes: int
    taken_on: Optional[dt.date]
    note: str
    entered_by: str
    entered_at: dt.datetime
    has_thumbnail: bool


def make_thumbnail(data: bytes) -> bytes | None:
    """A PNG no larger than 240×240 for an image file; None for anything Pillow cannot read."""
    try:
        from PIL import Image, ImageOps  # Pillow loads only when a picture is read (start-up time)

        with warnings.catch_warnings():             # the size is judged below (THUMB_MAX_PIXELS)
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))          # reads the header only
        with img:
            if img.format == "JPEG":
                img.draft("RGB", THUMB_SIZE)                # decode at 1/2 … 1/8 scale: cheap for any size
            if img.size[0] * img.size[1] > THUMB_MAX_PIXELS:
                return None
            img = ImageOps.exif_transpose(img)
            img.thumbnail(THUMB_SIZE)
            if img.mode not in ("RGB", "RGBA", "L"):
                img = img.convert("RGB")
            out = io.BytesIO()
            img.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except Exception:  # not an image (PDF scan, Word file …): no thumbnail
        return None


def read_file(path: str | Path) -> tuple[str, bytes]:
    """(name, bytes) of a file the clerk chose, its size checked BEFORE it is read (a 600 MB file is
    refused without taking 600 MB of memory)."""
    p = Path(path)
    if not p.is_file():
        raise ValidationError("filename", f"文件不存在：{p.name}")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ValidationError("filename", _too_big(p.name, size))
    try:
        return p.name, p.read_bytes()
    except OSError as exc:
        raise ValidationError("filename", f"无法读取文件“{p.name}”（{exc.strerror or exc}）") from None


def _too_big(name: str, size: int) -> str:
    return f"文件“{name}”有{size / 1048576:.1f}MB，超过{MAX_BYTES // 1048576}MB上限，请压缩后再添加"


def add_attachment(db: Database, case_ref: int | str, a: AttachmentInput, *, entered_by: str = "",
                   today: dt.date | None = None) -> int:
    """Store one file (and its thumbnail) with the case. Returns the attachment id."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return add_attachment_in(s, find_case(s, case_ref), a, entered_by=entered_by, today=today).id


def add_attachment_in(s, case, a: AttachmentInput, *, entered_by: str, today: dt.date) -> Attachment:
    name = Path(a.filename or "").name.strip()
    if not name:
        raise ValidationError("filename", "请选择文件")
    if a.category not in CATEGORIES:
        raise ValidationError("category", f"附件类别“{a.category}”无效，可选：{'、'.join(CATEGORIES)}")
    if not a.data:
        raise ValidationError("filename", f"文件“{name}”是空文件")
    if len(a.data) > MAX_BYTES:
        raise ValidationError("filename", _too_big(name, len(a.data)))
    held = s.scalar(select(func.coalesce(func.sum(Attachment.size_bytes), 0)).where(Attachment.case_id == case.id))
    if held + len(a.data) > CASE_MAX_BYTES:
        raise ValidationError("filename", f"该案件的附件已有{held / 1048576:.0f}MB，加上“{name}”将超过每个案件"
                                          f"{CASE_MAX_BYTES // 1048576}MB的上限，请压缩照片后再添加")
    if a.taken_on is not None:
        check_date("taken_on", "拍摄/形成日期", a.taken_on, today)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    row = Attachment(case_id=case.id, category=a.category, filename=name, mime=mime, size_bytes=len(a.data),
                     sha256=hashlib.sha256(a.data).hexdigest(), data=a.data, thumbnail=make_thumbnail(a.data),
                     taken_on=a.taken_on, note=(a.note or "").strip(), entered_by=entered_by)
    s.add(row)
    s.flush()
    return row


def attachments_of(s, case_id: int) -> list[AttachmentInfo]:
    rows = s.execute(select(Attachment, Attachment.thumbnail.isnot(None)).where(Attachment.case_id == case_id)
                     .order_by(Attachment.id))
    return [AttachmentInfo(a.id, a.case_id, a.category, a.filename, a.mime, a.size_bytes, a.taken_on, a.note,
                           a.entered_by, a.entered_at, bool(has)) for a, has in rows]


def list_attachments(db: Database, case_ref: int | str) -> list[AttachmentInfo]:
    with db.reader() as s:
        return attachments_of(s, find_case(s, case_ref).id)


def thumbnails(db: Database, case_ref: int | str) -> dict[int, bytes]:
    """Thumbnail bytes of a case's attachments, by attachment id (those that have one)."""
    with db.reader() as s:
        case = find_case(s, case_ref)
        return {i: t for i, t in s.execute(select(Attachment.id, Attachment.thumbnail)
                                           .where(Attachment.case_id == case.id, Attachment.thumbnail.isnot(None)))}


def attachment_file(db: Database, attachment_id: int) -> tuple[str, bytes]:
    """(file name, bytes) to open or save a copy."""
    with db.reader() as s:
        a = s.scalar(select(Attachment).options(undefer(Attachment.data)).where(Attachment.id == attachment_id))
        if a is None:
            raise NotFound(f"附件（编号{attachment_id}）不存在")
        return a.filename, a.data
