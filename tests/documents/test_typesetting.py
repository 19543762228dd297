"""Chinese typesetting (domain.md §13, GB/T 9704): line breaking by clreq, blanks that keep
their width, one-page forms on one page, signature blocks never alone on a page.

The line-breaking rules are tested on ``cjk_text`` directly, then on the text extracted from the
PDF of every document of every scenario (parties in every order and of every kind). Each page is
also rendered to PNG (``MEDIATION_DESK_GALLERY`` keeps them, for a person to look at)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from mediation_desk.documents.cjk_text import (
    CANNOT_END,
    CANNOT_START,
    Span,
    TextLine,
    break_lines,
    em_width,
    signer_text,
)
from mediation_desk.documents.model import Document, Signatures
from mediation_desk.documents.pdf_render import BLANK_DATE, render_pdf_pages
from mediation_desk.domain.document_kinds import DocumentKind
from mediation_desk.services.case_data import load_case_data
from mediation_desk.services.documents import build_document, document_options
from tests.desk import run
from tests.documents.cases import SCENARIOS

POPPLER = shutil.which("pdftoppm") is not None
needs_poppler = pytest.mark.skipif(
    not POPPLER and not os.environ.get("CI"),  # CI installs poppler-utils
    reason="poppler-utils not installed",
)


def _em(text: str, font: str) -> float:
    """A measure where a wide character is 10 and anything else 5 (so 1 em = 10)."""
    return em_width(text) * 10


def _lines(text: str, chars: float, indent: float = 0) -> list[str]:
    return [ln.text for ln in _break(text, chars, indent)]


def _break(text: str, chars: float, indent: float = 0) -> list[TextLine]:
    return break_lines([Span(text, "f")], _em, chars * 10, indent * 10)


def _assert_clreq(lines: list[str]) -> None:
    for line in lines:
        assert line, lines
        assert line[0] not in CANNOT_START, (line, lines)
        assert line[-1] not in CANNOT_END, (line, lines)


# --- line breaking -------------------------------------------------------------------------


@pytest.mark.parametrize("width", range(14, 32))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width: int) -> None:
    text = (
        "一、李四向张三支付人民币叁万伍仟陆佰元整（¥35,600.00），分两期支付：第一期于"
        "2024年9月30日前支付；第二期于2024年12月31日前支付。双方确认：“本协议一式三份”。"
        "各方（含第三人）签字后生效！是否清楚？"
    )
    lines = _lines(text, width)
    _assert_clreq(lines)
    assert "".join(lines) == text  # nothing lost or added


@pytest.mark.parametrize("width", range(14, 26))
def test_amounts_dates_and_case_numbers_are_never_split(width: int) -> None:
    units = [
        "人民币叁万伍仟陆佰元整",
        "¥35,600.00",
        "2024年12月31日",
        "二〇二四年九月一日",
        "（2026）城南人调字第12号",
        "6228480000000000000",
        "第二期",
    ]
    text = "甲于" + "前支付给乙，并且".join(units) + "。"
    lines = _lines(text, width)
    for unit in units:
        assert any(unit in line for line in lines), (unit, lines)


def test_full_width_spaces_keep_their_width() -> None:
    lines = _break("日期：" + BLANK_DATE, 20)
    assert lines[0].text == "日期：" + BLANK_DATE
    assert lines[0].width == pytest.approx(em_width("日期：" + BLANK_DATE) * 10)


def test_ascii_spaces_vanish_at_line_ends_but_full_width_spaces_stay() -> None:
    lines = _lines("中国农业银行 6228480000000000000 户名张三", 10)
    assert all(not ln.startswith(" ") and not ln.endswith(" ") for ln in lines)
    assert _lines("　　记录人", 10) == ["　　记录人"]


def test_a_one_character_last_line_takes_a_companion() -> None:
    text = "各方当事人应当按照约定履行协议，不得擅自变更或者解除，否则应当依法承担责任。"
    lines = _lines(text, 19)
    assert len(lines[-1].rstrip("。")) >= 2, lines


def test_first_line_indent_is_room_taken_from_the_first_line_only() -> None:
    lines = _break("申" * 30, 10, indent=2)
    assert [len(ln.text) for ln in lines] == [8, 10, 10, 2]


def test_forced_breaks_end_lines_that_are_not_justified() -> None:
    lines = _break("甲方\n乙方", 10)
    assert [ln.text for ln in lines] == ["甲方", "乙方"] and all(ln.last for ln in lines)


def test_signer_hint_goes_whole_to_its_own_line_when_it_does_not_fit() -> None:
    assert signer_text("申请人：张三", "（签名或按指印）", 18) == "申请人：张三（签名或按指印）"
    wrapped = signer_text("特别授权代理人：王律师", "（签名或按指印）", 18)
    assert wrapped == "特别授权代理人：王律师\n（签名或按指印）"


# --- every document of every scenario, as printed -------------------------------------------


def _documents(db: Any, centre: Any) -> list[tuple[str, DocumentKind, Document]]:
    out = []
    for name, scenario in SCENARIOS.items():
        case_id = scenario(db, centre)
        options = run(db, lambda uow, c=case_id: document_options(load_case_data(uow.read(), c)))
        for option in options:
            if option.available:
                out.append(
                    (
                        name,
                        option.kind,
                        run(db, build_document, case_id, option.kind, actor=centre.actor),
                    )
                )
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory, fonts) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Each document's PDF pages as extracted text and as PNG files."""
    from tests.conftest import open_database, seed_centre

    if not POPPLER:
        pytest.fail("poppler-utils (pdftoppm) is not installed")
    keep = os.environ.get("MEDIATION_DESK_GALLERY")
    out_dir = Path(keep) if keep else tmp_path_factory.mktemp("gallery")
    out_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('type') / 't.db'}")
    docs = _documents(db, seed_centre(db))
    db.dispose()
    results = []
    for scenario, kind, doc in docs:
        data, pages, _ = render_pdf_pages(doc, fonts)
        pdf = out_dir / f"{scenario}-{kind.value}.pdf"
        pdf.write_bytes(data)
        reader = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() for page in reader.pages]
        subprocess.run(
            ["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(pdf.with_suffix(""))],
            check=True,
        )
        pngs = sorted(out_dir.glob(f"{pdf.stem}-*.png"))
        results.append(
            {
                "name": f"{scenario}/{kind.value}",
                "doc": doc,
                "pages": pages,
                "texts": texts,
                "pngs": pngs,
            }
        )
    return results


def _text_lines(page: str) -> list[str]:
    """A page's lines without the page number, with the ASCII spaces the extraction puts
    between spread characters (and before indented lines) removed."""
    lines = [ln.replace(" ", "") for ln in page.splitlines()]
    return [ln for ln in lines if ln and not (ln.startswith("—") and ln.endswith("—"))]


@needs_poppler
def test_every_scenario_gives_every_kind_of_document(printed) -> None:  # type: ignore[no-untyped-def]
    kinds = {r["name"].split("/")[1] for r in printed}
    assert kinds == {k.value for k in DocumentKind}
    assert len({r["name"].split("/")[0] for r in printed}) == len(SCENARIOS)


@needs_poppler
def test_printed_lines_follow_the_chinese_line_breaking_rules(printed) -> None:  # type: ignore[no-untyped-def]
    for r in printed:
        for page in r["texts"]:
            for line in _text_lines(page):
                assert line[0] not in CANNOT_START, (r["name"], line)
                assert line[-1] not in CANNOT_END, (r["name"], line)


@needs_poppler
def test_printed_blanks_keep_their_full_width_spaces(printed) -> None:  # type: ignore[no-untyped-def]
    dated = [
        r for r in printed if any(b.signers for b in r["doc"].blocks if isinstance(b, Signatures))
    ]
    assert dated
    for r in dated:
        if any(
            s.date_line for b in r["doc"].blocks if isinstance(b, Signatures) for s in b.signers
        ):
            assert BLANK_DATE in "".join(r["texts"]), r["name"]
    record = next(r for r in printed if r["name"].endswith("/session_record"))
    assert "　　年　　月　　日　　时" in "".join(record["texts"])


@needs_poppler
def test_one_page_forms_fit_on_one_page(printed) -> None:  # type: ignore[no-untyped-def]
    forms = [r for r in printed if r["doc"].one_page]
    assert {r["name"].split("/")[1] for r in forms} >= {"registration", "rights_notice"}
    for r in forms:
        assert r["pages"] == 1, r["name"]


@needs_poppler
def test_no_signature_block_stands_alone_on_a_page(printed) -> None:  # type: ignore[no-untyped-def]
    for r in printed:
        blocks = [b for b in r["doc"].blocks if isinstance(b, Signatures) and b.signers]
        if not blocks:
            continue
        first = blocks[-1].signers[0].label[:8]  # a long label wraps
        last = blocks[-1].signers[-1].label[:8]
        pages = [i for i, t in enumerate(r["texts"]) if first in t.replace(" ", "")]
        assert pages, (r["name"], first)
        page = _text_lines(r["texts"][pages[-1]])
        at = next(i for i, ln in enumerate(page) if ln.startswith(first))
        kept = {
            "此致",
            *(
                getattr(b, "text", "")
                for b in r["doc"].blocks
                if getattr(b, "keep_with_next", False)
            ),
        }
        body = [ln for ln in page[:at] if ln not in kept and not ln.endswith("人民法院")]
        assert body, (r["name"], "the signatures, with no text of the document above them")
        assert any(ln.startswith(last) for ln in page[at:]), (r["name"], "signers split")


@needs_poppler
def test_addressee_stays_with_zhici_and_the_date_is_printed_once(printed) -> None:  # type: ignore[no-untyped-def]
    for r in printed:
        if not r["name"].endswith("/application"):
            continue
        texts = [t.replace(" ", "") for t in r["texts"]]
        blocks = list(r["doc"].blocks)
        at_zhici = next(i for i, b in enumerate(blocks) if getattr(b, "text", "") == "此致")
        addressee = blocks[at_zhici + 1].text  # type: ignore[union-attr]
        at = next(i for i, t in enumerate(texts) if "此致" in t)
        assert addressee in texts[at].split("此致", 1)[1], r["name"]
        date = next(b for b in r["doc"].blocks if isinstance(b, Signatures)).date
        assert date and "".join(texts).count(date) == 1, r["name"]


@needs_poppler
def test_every_page_is_rendered_and_carries_ink(printed) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    for r in printed:
        assert len(r["pngs"]) == r["pages"], r["name"]
        for png in r["pngs"]:
            with Image.open(png) as im:
                low, _high = im.convert("L").getextrema()
            assert low < 100, (r["name"], png.name)  # something is printed on it


def test_a_blank_rule_is_not_spaced_out_by_justification() -> None:
    lines = _break("请求＿＿＿＿＿＿＿＿＿＿人民法院对协议予以司法确认。", 14)
    rules = [p for ln in lines for p in ln.pieces if "＿" in p.text]
    assert "".join(p.text for p in rules) == "＿" * 10
    assert all(len(p.text) > 1 for p in rules)  # drawn as runs, not one spaced character each


def test_closer_lines_bring_the_signatures_back_rather_than_a_page_of_their_own(fonts) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704 7.3.5.1: the line spacing gives a little before the closing block is moved."""
    from mediation_desk.documents import pdf_render
    from mediation_desk.documents.fonts import register_for_reportlab
    from mediation_desk.documents.model import Paragraph, Signature
    from mediation_desk.documents.page_style import GBT_9704

    body, title = register_for_reportlab(fonts.body), register_for_reportlab(fonts.title)
    signers = Signatures(
        tuple(Signature(f"{r}：张{i}", "（签名）") for i, r in enumerate(["申请人", "被申请人"])),
        seal="（印）",
        date="二〇二六年十二月一日",
    )
    outcomes = set()
    for n in range(4, 16):
        text = tuple(
            Paragraph("双方当事人自愿达成如下协议，并保证按约履行。" * 2) for _ in range(n)
        )
        doc = Document(DocumentKind.AGREEMENT, "人民调解协议书", (*text, signers))
        plain = pdf_render._build(doc, body, title, GBT_9704)
        _data, pages, used = render_pdf_pages(doc, fonts)
        assert pages <= plain.pages
        if pages < plain.pages:
            assert used.leading < GBT_9704.leading and used.body_pt >= GBT_9704.body_pt - 1
        outcomes.add(pages < plain.pages)
    assert outcomes == {True, False}  # it happens only when closer lines are enough


@needs_poppler
def test_docx_keeps_the_same_things_together(printed) -> None:  # type: ignore[no-untyped-def]
    """Word and WPS lay the DOCX out themselves: it carries the keeps the PDF was set with."""
    import docx

    from mediation_desk.documents.docx_render import render_docx

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for r in printed:
        doc = r["doc"]
        if not any(isinstance(b, Signatures) and b.signers for b in doc.blocks):
            continue
        d = docx.Document(io.BytesIO(render_docx(doc)))
        body = d.element.body
        # from the paragraph before the signature table to the seal, each keeps with the next
        table = body.findall(f"{W}tbl")[-1]
        before = table.getprevious()
        while before is not None and not "".join(before.itertext()).strip():
            before = before.getprevious()
        assert before is not None and before.find(f"{W}pPr/{W}keepNext") is not None, r["name"]
        block = next(b for b in doc.blocks if isinstance(b, Signatures))
        rows = table.findall(f"{W}tr")
        for i, row in enumerate(rows):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None, r["name"]
            kept = [p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p")]
            # every row keeps with the next; the last with the seal and date, when there are
            assert all(kept) == (i < len(rows) - 1 or bool(block.seal or block.date)), r["name"]
        # after the table: the seal keeps with the date, the date ends the document
        after = [p for p in d.paragraphs if p._p.getparent() is body][-2:]
        if block.seal and block.date:
            assert [p.text for p in after] == [block.seal, block.date], r["name"]
            assert after[0].paragraph_format.keep_with_next, r["name"]
        styles = d.styles.element
        assert styles.find(f".//{W}kinsoku") is not None, "Chinese line breaking is on"


def test_a_run_longer_than_a_line_is_cut_and_the_comma_stays_behind() -> None:
    """A long account number or web address: cut between characters, never past the edge."""
    text = "收款账户：" + "6" * 80 + "，户名张三。"
    lines = _break(text, 20)
    assert all(ln.width <= 200.01 for ln in lines), [ln.width for ln in lines]
    assert "".join(ln.text for ln in lines) == text
    _assert_clreq([ln.text for ln in lines])


def test_a_runt_after_a_space_still_takes_a_companion() -> None:
    lines = _lines("甲乙双方一致同意本协议内容 的 任。", 8)
    assert lines[-1] != "任。", lines


def test_a_table_cell_longer_than_a_page_goes_on_over_the_next(fonts) -> None:  # type: ignore[no-untyped-def]
    """reportlab cannot break a row: a long 纠纷主要事实 in a form once stopped the PDF."""
    from mediation_desk.documents.model import Cell, Row, Table

    facts = "双方因宅基地边界发生争议，多次协商未果。" * 120
    table = Table(
        widths=(0.22, 0.78),
        rows=(
            Row((Cell("纠纷主要事实"), Cell(facts))),
            Row((Cell("当事人请求"), Cell("请求确认边界。")), min_lines=2),
        ),
    )
    doc = Document(DocumentKind.ORAL_AGREEMENT, "口头协议登记表", (table,))
    data, pages, _ = render_pdf_pages(doc, fonts)
    assert pages >= 2
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    flat = "".join(text.split())
    assert flat.count("多次协商未果") == 120 and "请求确认边界" in flat


def test_docx_lets_only_a_long_row_break_across_pages() -> None:
    import docx

    from mediation_desk.documents.docx_render import render_docx
    from mediation_desk.documents.model import Cell, Row, Table

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    table = Table(
        widths=(0.22, 0.78),
        rows=(
            Row((Cell("编号"), Cell("（2026）城南人调字第1号"))),
            Row((Cell("纠纷主要事实"), Cell("多次协商未果。" * 200))),
        ),
    )
    d = docx.Document(
        io.BytesIO(render_docx(Document(DocumentKind.REGISTRATION, "登记表", (table,))))
    )
    rows = d.element.body.find(f"{W}tbl").findall(f"{W}tr")
    assert [r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows] == [True, False]


def test_a_case_number_wider_than_its_cell_breaks_after_the_year() -> None:
    assert _lines("（2026）测矛调登字第1号", 10) == ["（2026）", "测矛调登字第1号"]
