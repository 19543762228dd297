"""The 收条: a receipt for a payment the obligor made at the centre under the agreement.

Written for the payee to sign, with the mediator who saw the money handed over as witness:
who paid whom, the amount in capitals and in figures, for which clause or instalment of
the agreement, and on which day. One per payment recorded on the performance page.
"""

from __future__ import annotations

from ..domain.dates import cn_date, numeric_date
from ..domain.document_kinds import DocumentKind
from ..domain.money import capitals, figures
from ..errors import DeskError
from .builders import DocumentData, kv_table
from .model import Document, Paragraph, Signature, Signatures, Spacer

SIGN = "（签名或按指印）"


def build_receipt(d: DocumentData) -> Document:
    """The 收条 of the payment in ``d.receipt``."""
    r = d.receipt
    if r is None:
        raise DeskError("尚未登记付款，不能出具收条")
    total = f"该项应付¥{figures(r.item_amount_fen)}，连同本次累计已付¥{figures(r.paid_total_fen)}"
    left = r.item_amount_fen - r.paid_total_fen
    total += f"，尚欠¥{figures(left)}。" if left > 0 else "，已全部付清。"
    blocks = (
        Paragraph(
            f"今收到{r.payer}依照{r.agreement_number}调解协议{r.item_label}的约定"
            f"支付的款项人民币{capitals(r.amount_fen)}（¥{figures(r.amount_fen)}）。"
        ),
        Spacer(0.5),
        kv_table(
            [
                ("付款人", r.payer, 1),
                ("收款人", r.payee, 1),
                ("金额（大写）", f"人民币{capitals(r.amount_fen)}", 1),
                ("金额（小写）", f"¥{figures(r.amount_fen)}", 1),
                ("款项", f"调解协议{r.item_label}（第{r.payment_no}笔）\n{total}", 2),
                ("付款日期", numeric_date(r.paid_on), 1),
                ("付款地点", d.committee, 1),
            ]
        ),
        Paragraph("此据。"),
        Signatures(
            (
                Signature(f"收款人：{r.payee}", SIGN),
                Signature(
                    f"见证调解员：{r.mediator}" if r.mediator else "见证调解员：", "（签名）"
                ),
            ),
            date=cn_date(r.paid_on),
        ),
    )
    return Document(
        DocumentKind.RECEIPT,
        "收　条",
        blocks,
        above_title=d.committee,
        number_line=d.case.number,
        one_page=True,
    )


BUILDERS = {DocumentKind.RECEIPT: build_receipt}
