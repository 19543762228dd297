"""The documents the centre produces for a case."""

from __future__ import annotations

from .agreements import AgreementForm
from .confirmation_rules import COURT_SOURCES, confirmation_unavailable
from .enums import CaseSource, CaseStatus, LabelledEnum


class DocumentKind(LabelledEnum):
    APPLICATION = "application", "人民调解申请书"
    REGISTRATION = "registration", "人民调解受理登记表"
    RIGHTS_NOTICE = "rights_notice", "当事人权利义务告知书"
    SESSION_RECORD = "session_record", "调解笔录（空白）"  # to fill in by hand
    SESSION_MINUTES = "session_minutes", "调解记录"  # one per session, from its minutes
    INVESTIGATION_RECORD = "investigation_record", "调查记录"  # one per investigation
    FOLLOW_UP_RECORD = "follow_up_record", "回访记录"  # one per visit recorded
    AGREEMENT = "agreement", "人民调解协议书"
    ORAL_AGREEMENT = "oral_agreement", "口头协议登记表"
    TERMINATION = "termination", "终止调解告知书"
    REFUSAL = "refusal", "不予受理通知书"
    CONFIRMATION_APPLICATION = "confirmation_application", "司法确认申请书"
    COURT_REPORT = "court_report", "致法院调解情况报告"
    FILE_COVER = "file_cover", "卷宗封面"
    FILE_CONTENTS = "file_contents", "卷内目录"
    RECEIPT = "receipt", "收条"  # one per payment recorded on the performance page


class FileFormat(LabelledEnum):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX（可编辑）"


def unavailable_reason(
    kind: DocumentKind,
    *,
    status: CaseStatus,
    agreement_form: AgreementForm | None,
    agreement_effective: bool,
    source: CaseSource | None = None,
    minutes_saved: int = 0,
    investigations: int = 0,
    visits: int = 0,
    payments: int = 0,
) -> str:
    """Why the case cannot produce ``kind`` now; '' when it can."""
    if kind is DocumentKind.SESSION_MINUTES and not minutes_saved:
        return "尚无已保存的调解记录（在调解场次中填写）"
    if kind is DocumentKind.INVESTIGATION_RECORD and not investigations:
        return "尚无调查记录"
    if kind is DocumentKind.FOLLOW_UP_RECORD and not visits:
        return "尚无回访记录（在“回访”页登记）"
    if kind is DocumentKind.RECEIPT and not payments:
        return "尚未登记付款（在“履行”页登记已履行或部分履行后出具收条）"
    if kind is DocumentKind.CONFIRMATION_APPLICATION:
        never = confirmation_unavailable(
            source=source or CaseSource.WALK_IN,
            status=status,
            oral=agreement_form is AgreementForm.ORAL,
        )
        if never:
            return never
    if kind is DocumentKind.AGREEMENT and agreement_form is not AgreementForm.WRITTEN:
        return "尚无书面调解协议"
    if kind is DocumentKind.ORAL_AGREEMENT and agreement_form is not AgreementForm.ORAL:
        return "尚无口头调解协议"
    if kind is DocumentKind.CONFIRMATION_APPLICATION and not agreement_effective:
        return "调解协议尚未生效"
    if kind is DocumentKind.REFUSAL and status is not CaseStatus.REFUSED:
        return "本案未被不予受理"
    if kind in MEDIATION_FORMS and status is CaseStatus.REFUSED:
        return "本案不予受理，没有进行调解"
    if kind is DocumentKind.COURT_REPORT:
        return _no_court_report(status, source)
    if kind is DocumentKind.TERMINATION and status is not CaseStatus.FAILED:
        return NOT_TERMINATED.get(status, "本案未终止调解（终止调解时记录原因后出具）")
    return ""


#: Forms of a mediation that took place: none for a case that was refused.
MEDIATION_FORMS = frozenset(
    {DocumentKind.RIGHTS_NOTICE, DocumentKind.SESSION_RECORD, DocumentKind.TERMINATION}
)
#: Kinds printed once per record (per session's minutes, investigation, visit, payment), not
#: once per case.
PER_RECORD = frozenset(
    {
        DocumentKind.SESSION_MINUTES,
        DocumentKind.INVESTIGATION_RECORD,
        DocumentKind.FOLLOW_UP_RECORD,
        DocumentKind.RECEIPT,
    }
)
#: Cases whose mediation here did not end without agreement (人民调解法 art. 26).
NOT_TERMINATED = {
    CaseStatus.SUCCEEDED: "本案已调解成功，不是终止调解",
    CaseStatus.REFERRED_OUT: "本案已移送其他单位，不在本委员会调解",
}


def _no_court_report(status: CaseStatus, source: CaseSource | None) -> str:
    """Only a court-referred case reports back, once mediation here has ended (特邀调解规定
    arts. 19–21, 26)."""
    if source not in COURT_SOURCES:
        return "本案不是人民法院委派或委托调解的案件，无需向法院报告"
    if status.is_open:
        return "调解尚未结束：达成协议或终止调解后，向委派、委托的人民法院书面报告"
    if status is CaseStatus.REFUSED:
        return "本案不予受理，没有进行调解"
    return ""
