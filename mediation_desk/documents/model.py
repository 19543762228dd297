"""The structured document: built once from the case data, rendered to PDF and to DOCX.

Blocks are plain frozen data; renderers (``pdf_render``, ``docx_render``) map each block type
to their own layout, so the two files never disagree on content.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..domain.dates import cn_number

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True, slots=True)
class Line:
    """A one-off line: committee name above the title, the number line, a date."""

    text: str
    align: Align = "center"
    bold: bool = False
    size: Literal["small", "body", "large"] = "body"


@dataclass(frozen=True, slots=True)
class Heading:
    """A bold section heading (no first-line indent)."""

    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text; ``label`` is printed bold before the text (e.g. ``申请人：``)."""

    text: str
    label: str = ""
    indent: bool = True  # first-line indent of two characters
    keep_with_next: bool = False  # e.g. 此致 with its addressee, a lead-in with its list
    align: Align = "justify"


@dataclass(frozen=True, slots=True)
class Clauses:
    """Numbered clauses 一、二、三… (the numbers are part of the model, not of the renderer)."""

    items: tuple[str, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    span: int = 1
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    min_lines: int = 1  # room to write by hand


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table; ``widths`` are fractions of the text width, one per column.

    The first ``header_rows`` rows are a header: shaded, and repeated on every page."""

    widths: tuple[float, ...]
    rows: tuple[Row, ...]
    header_rows: int = 0


@dataclass(frozen=True, slots=True)
class Signature:
    """One signer's line: who, and how (签名 / 签名、盖章或按指印)."""

    label: str
    hint: str = "（签名）"
    date_line: bool = True


@dataclass(frozen=True, slots=True)
class Signatures:
    """Signing space: each signer with room for a signature or thumbprint and a date."""

    signers: tuple[Signature, ...]
    seal: str = ""  # e.g. （人民调解委员会印）, printed right-aligned under the signers
    date: str = ""  # the document's date, under the seal


@dataclass(frozen=True, slots=True)
class Spacer:
    lines: float = 1.0


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Line | Heading | Paragraph | Clauses | Table | Signatures | Spacer | PageBreak


@dataclass(frozen=True, slots=True)
class Document:
    kind: str  # what it is (a DocumentKind value, or e.g. "day_sheet")
    title: str
    blocks: tuple[Block, ...]
    above_title: str = ""  # committee name line
    number_line: str = ""
    page_numbers: bool = True
    one_page: bool = False  # a form: set tighter rather than spill onto a second page
    landscape: bool = False  # A4 across (a notice-board sheet), with narrow margins
    meta: dict[str, str] = field(default_factory=dict)

    def texts(self) -> Iterator[str]:
        """Every string the document prints (for font-coverage checks and tests)."""
        yield from (self.above_title, self.title, self.number_line)
        for b in self.blocks:
            if isinstance(b, Line | Heading):
                yield b.text
            elif isinstance(b, Paragraph):
                yield b.label
                yield b.text
            elif isinstance(b, Clauses):
                yield from clause_lines(b)
            elif isinstance(b, Table):
                for r in b.rows:
                    yield from (c.text for c in r.cells)
            elif isinstance(b, Signatures):
                for s in b.signers:
                    yield from (s.label, s.hint)
                yield from (b.seal, b.date, "年月日")
        yield "第页共—0123456789"  # page numbers, in the default and the usual formats

    def all_text(self) -> str:
        return "\n".join(t for t in self.texts() if t)


def short_list(block: Clauses) -> bool:
    """A list short enough to keep on one page (a materials checklist), not the body of an
    agreement whose clauses run on across pages."""
    return len(block.items) <= 10 and sum(len(t) for t in block.items) <= 300


def clause_lines(block: Clauses) -> list[str]:
    return [f"{cn_number(block.start + i)}、{text}" for i, text in enumerate(block.items)]
