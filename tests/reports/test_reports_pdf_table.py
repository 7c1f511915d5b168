"""Table PDF writer (reports/pdf_table.py), read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from reports.errors import ReportWriteError

from reports.fonts import find_cjk_font, register_cjk_font

from reports.pdf_styles import styles

from reports.pdf_table import Column, TableDocument, write_table_pdf

SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英桂花志强春梅德华小红金水冬生"
# 40 distinct characters, so "all present in order" cannot pass by accident.
LONG_NAME = "欧阳甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土天地玄黄宇宙洪荒日月盈"
assert len(LONG_NAME) == 40 and len(set(LONG_NAME)) == 40

COLUMNS = [
    Column("序号", 0.6, "center"),
    Column("户主姓名", 1.2),
    Column("身份证号码", 2.2, "center"),
    Column("家庭人口", 0.8, "right"),
    Column("帮扶责任人", 1.2),
]


def _name(i: int) -> str:
    return SURNAMES[i % 20] + GIVEN[(i * 7) % 18] + GIVEN[(i * 11) % 18]


def _rows(n: int) -> list[list[str]]:
    return [[str(i + 1), _name(i), f"430626{19500101 + i:08d}{i % 9000 + 1000:04d}", str(i % 7 + 1), _name(i + 5)] for i in range(n)]


def _doc(rows, **kw) -> TableDocument:
    base = dict(
        title="虹桥镇大山村脱贫户花名册",
        subtitle_lines=["平江县 虹桥镇 大山村"],
        intro_paragraphs=["根据有关规定，现将本村脱贫户名单予以公示。" * 40],
        columns=COLUMNS,
        rows=rows,
        footer_paragraphs=["公示时间：2026年11月28日至12月4日。"],
        signature_lines=["虹桥镇人民政府（盖章）", "2026年11月28日"],
    )
    base.update(kw)
    return TableDocument(**base)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages_text(reader: PdfReader) -> list[str]:
    return [p.extract_text() or "" for p in reader.pages]


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory):
    """3,000 rows, written once for the whole module."""
    rows = _rows(3000)
    rows[10][1] = LONG_NAME
    path = tmp_path_factory.mktemp("pdf") / "roster.pdf"
    pages = write_table_pdf(_doc(rows, seal_box=True), path)
    reader = PdfReader(str(path))
    return pages, reader, _pages_text(reader), rows


def test_page_count_matches_file(big_roster):
    pages, reader, _, _ = big_roster
    assert pages == len(reader.pages)
    assert pages > 40  # 3,000 rows cannot fit on a handful of A4 pages


def test_title_metadata_and_names(big_roster):
    _, reader, texts, rows = big_roster
    assert reader.metadata.title == "虹桥镇大山村脱贫户花名册"
    first = _compact(texts[0])
    assert "虹桥镇大山村脱贫户花名册" in first
    assert "平江县虹桥镇大山村" in first
    everything = _compact("".join(texts))
    for i in (0, 1, 1234, 2999):
        assert rows[i][1] in everything
        assert rows[i][2] in everything  # 18-digit ID printed in full
    assert "虹桥镇人民政府（盖章）" in _compact(texts[-1])
    assert "盖章处" in _compact(texts[-1])


def test_every_page_numbered(big_roster):
    pages, _, texts, _ = big_roster
    for i, text in enumerate(texts, start=1):
        found = re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text)
        assert found == [(str(i), str(pages))], f"page {i}: {found}"


def test_header_repeated_on_last_page(big_roster):
    _, _, texts, rows = big_roster
    last = _compact(texts[-1])
    for label in ("户主姓名", "身份证号码", "帮扶责任人"):
        assert label in last
    assert rows[-1][1] in last


def test_long_name_wraps_without_loss(big_roster):
    _, _, texts, _ = big_roster
    assert LONG_NAME in _compact(texts[0])


def test_only_embedded_truetype_fonts(big_roster):
    _, reader, _, _ = big_roster
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        assert len(fonts) >= 1
        for ref in fonts.values():
            font = ref.get_object()
            seen.add(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert not any("STSong" in f or "Helvetica" in f for f in seen)


def test_zero_rows_prints_header_and_none_marker(tmp_path):
    path = tmp_path / "empty.pdf"
    assert write_table_pdf(_doc([], intro_paragraphs=[], paired=True, seal_box=True), path) == 1
    text = _compact(PdfReader(str(path)).pages[0].extract_text())
    assert "（无）" in text and "户主姓名" in text and "第1页共1页" in text


def _id_positions(page, rows) -> dict[int, tuple[float, float]]:
    """Row index -> (x, y) of the start of that row's ID number on the page."""
    pos: dict[int, tuple[float, float]] = {}
    prefixes = {r[2][:14]: i for i, r in enumerate(rows)}

    def visit(text, cm, tm, font, size):
        for prefix, i in prefixes.items():
            if text.strip().startswith(prefix):
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                pos.setdefault(i, (x, y))

    page.extract_text(visitor_text=visit)
    return pos


def test_paired_puts_two_rows_side_by_side():
    rows = _rows(9)
    buf = io.BytesIO()
    assert write_table_pdf(_doc(rows, intro_paragraphs=[], paired=True), buf) == 1
    page = PdfReader(buf).pages[0]
    assert _compact(page.extract_text()).count("户主姓名") == 2  # header printed twice
    pos = _id_positions(page, rows)
    assert sorted(pos) == list(range(9))
    width = float(page.mediabox.width)
    for k in range(0, 8, 2):  # rows 1|2, 3|4, ... share a printed line
        (xl, yl), (xr, yr) = pos[k], pos[k + 1]
        assert abs(yl - yr) < 1 and xl < width / 2 < xr
        assert pos[k + 2][1] < yl  # next pair is lower on the page
    assert pos[8][0] < width / 2  # odd last row on the left


def test_unpaired_one_row_per_line():
    rows = _rows(4)
    buf = io.BytesIO()
    write_table_pdf(_doc(rows, intro_paragraphs=[]), buf)
    pos = _id_positions(PdfReader(buf).pages[0], rows)
    ys = [pos[i][1] for i in range(4)]
    assert ys == sorted(ys, reverse=True) and len(set(round(y) for y in ys)) == 4


def test_landscape_and_stream_output():
    buf = io.BytesIO()
    write_table_pdf(_doc(_rows(3), landscape=True), buf)
    assert buf.getvalue().startswith(b"%PDF")
    box = PdfReader(buf).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_text_is_escaped_not_markup(tmp_path):
    rows = [["1", "<b>李四&王五</b>", "x\x00y", "3", "a<br/>b"]]
    path = tmp_path / "esc.pdf"
    write_table_pdf(_doc(rows, intro_paragraphs=["说明 <i>不是标记</i> & 符号"]), path)
    text = _compact(PdfReader(str(path)).pages[0].extract_text())
    assert "<b>李四&王五</b>" in text
    assert "<i>不是标记</i>&符号" in text
    assert "a<br/>b" in text


def test_cell_taller_than_a_page_is_continued(tmp_path):
    remark = "".join(f"第{i}条说明；" for i in range(900))  # several pages in one cell
    rows = _rows(3)
    rows[1][4] = remark
    path = tmp_path / "tall.pdf"
    pages = write_table_pdf(_doc(rows, intro_paragraphs=[]), path)
    assert pages >= 3
    header = "序号户主姓名身份证号码家庭人口帮扶责任人"
    body = ""
    for text in _pages_text(PdfReader(str(path))):  # drop page furniture
        text = re.sub(r"第\d+页共\d+页", "", _compact(text))
        body += text.replace(header, "")
    assert remark in body  # nothing lost or reordered at the cuts
    assert body.index(remark) < body.index(rows[2][1] + rows[2][2])


def test_missing_folder_raises_chinese_write_error(tmp_path):
    target = tmp_path / "no-such-folder" / "x.pdf"
    with pytest.raises(ReportWriteError, match="无法写入文件"):
        write_table_pdf(_doc(_rows(1)), target)


def test_row_with_wrong_cell_count_rejected():
    with pytest.raises(ValueError, match="row 0"):
        write_table_pdf(_doc([["1", "张三"]]), io.BytesIO())


def test_comma_never_starts_a_line():
    """Chinese punctuation must hang at line end, not start the next line."""
    name = register_cjk_font(find_cjk_font())
    st = styles(name)
    text = "根据有关规定，现将本村脱贫户、监测对象名单予以公示；如有异议，请于七日内反映。" * 3
    starts = []
    for width in range(60, 400, 7):
        p = Paragraph(text, st.body)
        p.wrap(width, 10_000)
        for line in p.blPara.lines:
            words = line[1] if isinstance(line, (list, tuple)) else getattr(line, "words", [])
            s = "".join(w if isinstance(w, str) else getattr(w, "text", "") for w in words)
            starts.append(s[:1])
    assert len(starts) > 100
    assert not set(starts) & set("，；、。")


def test_precomputed_row_heights_match_reportlab(monkeypatch):
    """The one-line height shortcut must equal what reportlab itself measures."""
    import reports.pdf_table as pt

    rows = _rows(5) + [["", "", "", "", ""], ["7", "", "", "", "王五"], ["8", LONG_NAME, "", "", ""]]
    st = styles(register_cjk_font(find_cjk_font()))
    ours = pt._build_table(_doc(rows), st, 500, 700)
    assert None not in ours._argH[1:-1]  # shortcut used for the one-line rows
    assert ours._argH[-1] is None  # the wrapped 40-char name is left to reportlab
    monkeypatch.setattr(pt, "_known_height", lambda *a: None)
    theirs = pt._build_table(_doc(rows), st, 500, 700)
    ours.wrap(500, 10_000)
    theirs.wrap(500, 10_000)
    assert ours._rowHeights == pytest.approx(theirs._rowHeights)
