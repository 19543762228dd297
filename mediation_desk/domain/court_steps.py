"""The court's side of judicial confirmation: submitted → accepted or not → ruling.

The steps are one small table (``STEPS``): which event may follow which step, and the Chinese
refusal for any other. The court's periods are counted like every statutory period
(民事诉讼法 art. 85, ``deadlines.period_end``):

- 3 days from receiving the application to decide whether to accept it (司法确认若干规定
  art. 4 para. 1);
- 15 days from acceptance to decide whether to confirm, 10 more with the president's approval
  (司法确认若干规定 art. 5 para. 1).

After a dismissal (驳回申请) or a refusal to accept (不予受理) the parties are told what they
may do next (民事诉讼法 art. 206, 人民调解法 arts. 32–33).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .deadlines import Deadline, period_end
from .enums import LabelledEnum
from .work_calendar import WorkCalendar

RULES_2011 = "《最高人民法院关于人民调解协议司法确认程序的若干规定》"
INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
ACCEPT_CITATION = RULES_2011 + "第四条第一款"
DECIDE_CITATION = RULES_2011 + "第五条第一款"
WITHDRAW_CITATION = RULES_2011 + "第五条第二款；" + INTERPRETATION + "第三百五十七条"
NOT_ACCEPTED_CITATION = INTERPRETATION + "第三百五十五条"
DISMISS_CITATION = (
    "《中华人民共和国民事诉讼法》第二百零六条；《中华人民共和国人民调解法》第三十三条第三款"
)

#: Days the court has to decide on accepting an application (若干规定 art. 4).
ACCEPT_DAYS = 3
#: Days from acceptance to the decision, and the extension the president may approve (art. 5).
DECIDE_DAYS = 15
DECIDE_EXTENSION_DAYS = 10


class CourtStep(LabelledEnum):
    """Where the application stands at the court."""

    @property
    def short(self) -> str:
        """A few characters, for a tab or a column."""
        return SHORT_STEP_LABELS[self]

    NOT_APPLIED = "not_applied", "尚未申请"
    SUBMITTED = "submitted", "已提交申请，待法院决定是否受理"
    ACCEPTED = "accepted", "法院已受理，待裁定"
    NOT_ACCEPTED = "not_accepted", "法院不予受理"
    CONFIRMED = "confirmed", "法院裁定确认调解协议有效"
    DISMISSED = "dismissed", "法院裁定驳回申请"
    WITHDRAWN = "withdrawn", "当事人撤回申请"


SHORT_STEP_LABELS = {
    CourtStep.NOT_APPLIED: "未申请",
    CourtStep.SUBMITTED: "待受理",
    CourtStep.ACCEPTED: "待裁定",
    CourtStep.NOT_ACCEPTED: "不予受理",
    CourtStep.CONFIRMED: "确认有效",
    CourtStep.DISMISSED: "驳回申请",
    CourtStep.WITHDRAWN: "已撤回",
}


class RulingResult(LabelledEnum):
    """The court's final word on the application, stored as ``ruling_result``."""

    CONFIRMED = "confirmed", "确认有效"
    DISMISSED = "dismissed", "驳回申请"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    WITHDRAWN = "withdrawn", "撤回"


class CourtEvent(LabelledEnum):
    SUBMIT = "submit", "登记提交申请"
    ACCEPT = "accept", "登记法院受理"
    REFUSE = "refuse", "登记不予受理"
    CONFIRM = "confirm", "登记确认有效的裁定"
    DISMISS = "dismiss", "登记驳回申请的裁定"
    WITHDRAW = "withdraw", "登记撤回申请"


#: Every allowed move. After 不予受理 or 撤回 the parties may apply again (to the right court,
#: within the period); 确认有效 and 驳回申请 end the application.
STEPS: dict[tuple[CourtStep, CourtEvent], CourtStep] = {
    (CourtStep.NOT_APPLIED, CourtEvent.SUBMIT): CourtStep.SUBMITTED,
    (CourtStep.NOT_ACCEPTED, CourtEvent.SUBMIT): CourtStep.SUBMITTED,
    (CourtStep.WITHDRAWN, CourtEvent.SUBMIT): CourtStep.SUBMITTED,
    (CourtStep.SUBMITTED, CourtEvent.ACCEPT): CourtStep.ACCEPTED,
    (CourtStep.SUBMITTED, CourtEvent.REFUSE): CourtStep.NOT_ACCEPTED,
    (CourtStep.SUBMITTED, CourtEvent.WITHDRAW): CourtStep.WITHDRAWN,
    (CourtStep.ACCEPTED, CourtEvent.CONFIRM): CourtStep.CONFIRMED,
    (CourtStep.ACCEPTED, CourtEvent.DISMISS): CourtStep.DISMISSED,
    (CourtStep.ACCEPTED, CourtEvent.WITHDRAW): CourtStep.WITHDRAWN,
}

#: The ruling result each final event stores.
RESULT_OF_EVENT = {
    CourtEvent.REFUSE: RulingResult.NOT_ACCEPTED,
    CourtEvent.CONFIRM: RulingResult.CONFIRMED,
    CourtEvent.DISMISS: RulingResult.DISMISSED,
    CourtEvent.WITHDRAW: RulingResult.WITHDRAWN,
}
EVENT_OF_RESULT = {r: e for e, r in RESULT_OF_EVENT.items()}
STEP_OF_RESULT = {
    RulingResult.CONFIRMED: CourtStep.CONFIRMED,
    RulingResult.DISMISSED: CourtStep.DISMISSED,
    RulingResult.NOT_ACCEPTED: CourtStep.NOT_ACCEPTED,
    RulingResult.WITHDRAWN: CourtStep.WITHDRAWN,
}


def allowed(step: CourtStep, event: CourtEvent) -> bool:
    return (step, event) in STEPS


def refusal(step: CourtStep, event: CourtEvent) -> str:
    """Why ``event`` cannot be recorded at ``step`` (Chinese); '' when it can."""
    if allowed(step, event):
        return ""
    if step is CourtStep.NOT_APPLIED:
        return f"尚未登记提交司法确认申请，不能{event.label}"
    if event is CourtEvent.SUBMIT:
        return f"本案司法确认申请{step.label}，不能再次登记提交"
    if step is CourtStep.SUBMITTED:
        return (
            "法院尚未受理申请，请先登记受理"
            "（双方同时到法院申请、当即受理的，受理日期与裁定日期可为同一天）"
        )
    if step is CourtStep.ACCEPTED:
        return "法院已受理申请，不能再登记是否受理"
    return f"本案司法确认申请{step.label}，不能再{event.label}"


def step_of(
    *, submitted_on: dt.date | None, accepted: bool | None, ruling_result: str
) -> CourtStep:
    """The step the stored record is at."""
    if submitted_on is None:
        return CourtStep.NOT_APPLIED
    if ruling_result:
        return STEP_OF_RESULT[RulingResult(ruling_result)]
    return CourtStep.ACCEPTED if accepted else CourtStep.SUBMITTED


@dataclass(frozen=True, slots=True)
class CourtRecord:
    """What the centre recorded of the court's handling (the stored columns)."""

    submitted_on: dt.date | None = None
    court: str = ""
    receipt_number: str = ""
    acceptance_on: dt.date | None = None  # the day the court accepted, or refused to
    accepted: bool | None = None
    acceptance_reason: str = ""
    court_case_number: str = ""
    ruling_on: dt.date | None = None
    ruling_result: str = ""  # a ``RulingResult`` value, '' while none
    ruling_note: str = ""


@dataclass(frozen=True, slots=True)
class CourtProgress:
    """The court's handling as the law's periods make it (pure)."""

    record: CourtRecord
    step: CourtStep
    accept_due: Deadline | None  # while the court decides on acceptance (and after)
    decide_due: Deadline | None  # once accepted
    decide_due_extended: Deadline | None  # with the president's approval
    late_application: bool  # submitted after the 30-day application period

    @property
    def result(self) -> RulingResult | None:
        return RulingResult(self.record.ruling_result) if self.record.ruling_result else None

    @property
    def effective(self) -> bool:
        """The court confirmed the agreement (an enforceable ruling, 民诉法 art. 206)."""
        return self.step is CourtStep.CONFIRMED

    @property
    def next_steps(self) -> str:
        return next_steps(self.step)

    def overdue(self, today: dt.date) -> str:
        """The court step whose expected day has passed (short Chinese), '' when none."""
        if self.step is CourtStep.SUBMITTED and self.accept_due and self.accept_due.due < today:
            late = (today - self.accept_due.due).days
            day = _day(self.accept_due)
            return f"法院最迟应于{day}决定是否受理，已过{late}天，尚未登记受理情况"
        if self.step is CourtStep.ACCEPTED and self.decide_due and self.decide_due.due < today:
            late = (today - self.decide_due.due).days
            text = f"法院最迟应于{_day(self.decide_due)}作出裁定，已过{late}天，尚未登记裁定"
            if self.decide_due_extended is not None:
                text += f"（经院长批准延长的，至{_day(self.decide_due_extended)}）"
            return text
        return ""

    def expected_text(self) -> str:
        """What the court should do by when, for the clerk (Chinese; ※ beyond the table)."""
        if self.step is CourtStep.SUBMITTED and self.accept_due:
            return (
                f"法院应在收到申请后三日内决定是否受理，最迟{_day(self.accept_due)}"
                f"（{ACCEPT_CITATION}）"
            )
        if self.step is CourtStep.ACCEPTED and self.decide_due and self.decide_due_extended:
            return (
                f"法院应自受理之日起十五日内作出是否确认的裁定，最迟{_day(self.decide_due)}；"
                f"经院长批准可延长十日，至{_day(self.decide_due_extended)}（{DECIDE_CITATION}）"
            )
        return ""


def _day(deadline: Deadline) -> str:
    mark = "※" if deadline.beyond_table else ""
    return f"{deadline.due.year}年{deadline.due.month}月{deadline.due.day}日{mark}"


def court_progress(
    record: CourtRecord,
    *,
    application_due: dt.date | None = None,
    calendar: WorkCalendar | None = None,
) -> CourtProgress:
    """The step, the court's expected days and whether the application came late.

    ``application_due`` is the last day of the 30-day application period (人民调解法 art. 33).
    """
    step = step_of(
        submitted_on=record.submitted_on,
        accepted=record.accepted,
        ruling_result=record.ruling_result,
    )
    accept_due = decide = extended = None
    if record.submitted_on is not None:
        accept_due = period_end(record.submitted_on, ACCEPT_DAYS, calendar)
    if record.accepted and record.acceptance_on is not None:
        decide = period_end(record.acceptance_on, DECIDE_DAYS, calendar)
        extended = period_end(record.acceptance_on, DECIDE_DAYS + DECIDE_EXTENSION_DAYS, calendar)
    late = (
        record.submitted_on is not None
        and application_due is not None
        and record.submitted_on > application_due
    )
    return CourtProgress(record, step, accept_due, decide, extended, late)


#: Nothing recorded yet: the default of a pack without a row.
NO_COURT_RECORD = CourtRecord()
NOT_APPLIED = court_progress(NO_COURT_RECORD)

#: What the parties may do when the court did not confirm the agreement.
NEXT_STEPS: dict[CourtStep, str] = {
    CourtStep.DISMISSED: (
        "人民法院裁定驳回申请的，当事人可以：\n"
        "1. 通过人民调解方式变更原调解协议，或者达成新的调解协议"
        "（新协议生效后，双方认为有必要的，可以自生效之日起三十日内再次共同申请司法确认）；\n"
        "2. 向人民法院提起诉讼。\n"
        f"（{DISMISS_CITATION}）"
    ),
    CourtStep.NOT_ACCEPTED: (
        "人民法院裁定不予受理的（" + NOT_ACCEPTED_CITATION + "），当事人可以：\n"
        "1. 因不属于该院管辖而不予受理的，向有管辖权的人民法院重新申请"
        "（应在调解协议生效之日起三十日内，《中华人民共和国民事诉讼法》第二百零五条）；\n"
        "2. 因协议涉及身份关系或者物权、知识产权确权等内容的，通过人民调解方式变更原调解协议"
        "或者达成新的调解协议；\n"
        "3. 就调解协议的履行或者内容发生争议的，向人民法院提起诉讼"
        "（《中华人民共和国人民调解法》第三十二条）。"
    ),
}


def next_steps(step: CourtStep) -> str:
    """What the parties may do next after the court refused; '' otherwise."""
    return NEXT_STEPS.get(step, "")
