"""A handful of demo cases taken through their whole life by the real services.

The bulk loader writes thousands of cases straight into the tables; these few go through
``register_case``, the agreement and signatures, ``move_case`` and the time-limit services, so
the demo shows every state a case can reach with the history, documents and deadlines the app
itself writes: succeeded (written and oral agreement), terminated on each ground, withdrawn,
referred to court and to a department, closed by the small-claims court, closed, and open
cases that are overdue, due soon, or had their time limit extended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..db.unit_of_work import UnitOfWork
from ..domain.agreements import AgreementDraft, AgreementForm, ClauseDraft, ClauseKind, SignerRole
from ..domain.case_flow import CaseEvent
from ..domain.drafts import CaseDraft
from ..domain.enums import CaseSource, CaseStatus, ReferralTarget
from ..domain.outcomes import TerminationReason
from ..services.agreements import record_signature, save_agreement
from ..services.case_flow import move_case
from ..services.cases import get_case
from ..services.intake import register_case, warning_key
from ..services.time_limits import extend_time_limit
from .generator import CaseGenerator
from .places import drop_unknown_place

COURT = "绍兴市越城区人民法院"


@dataclass(frozen=True)
class Story:
    """One demo case: how many days ago it came in, and what happened to it since."""

    key: str
    days_ago: int
    source: CaseSource | None
    then: Callable[[UnitOfWork, int, dt.date], None]


def _written_agreement(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    ids = [p.id for p in get_case(uow, case_id).parties]
    draft = AgreementDraft(
        facts="双方经调解，就纠纷的处理自愿达成如下协议。",
        disputes="双方对赔偿数额存在争议。",
        clauses=[
            ClauseDraft(
                kind=ClauseKind.PAYMENT,
                payer_party_id=ids[-1],
                payee_party_id=ids[0],
                amount_fen=1_200_000,
                method="银行转账",
                account="申请人本人银行账户",
                due_date=on + dt.timedelta(days=30),
            ),
            ClauseDraft(kind=ClauseKind.TEXT, text="双方就本纠纷再无其他争议"),
        ],
        intends_confirmation=True,
        mediator_name="周建国",
        recorder_name="李秀英",
    )
    save_agreement(uow, case_id=case_id, draft=draft)
    for pid in ids:
        record_signature(uow, case_id=case_id, role=SignerRole.PARTY, party_id=pid, signed_on=on)
    for role in (SignerRole.MEDIATOR, SignerRole.RECORDER, SignerRole.SEAL):
        record_signature(uow, case_id=case_id, role=role, signed_on=on)


def _oral_agreement(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    ids = [p.id for p in get_case(uow, case_id).parties]
    draft = AgreementDraft(
        form=AgreementForm.ORAL,
        facts="双方因琐事发生口角，经现场调解达成口头协议。",
        clauses=[
            ClauseDraft(
                kind=ClauseKind.ACT,
                obligor_party_id=ids[-1],
                act="当面向对方赔礼道歉并清理堆放的杂物",
                due_date=on + dt.timedelta(days=3),
            )
        ],
        mediator_name="周建国",
        recorder_name="李秀英",
        reached_on=on,
    )
    save_agreement(uow, case_id=case_id, draft=draft)


def _terminate(reason: TerminationReason, note: str = "") -> Callable[..., None]:
    def then(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
        move_case(uow, case_id=case_id, event=CaseEvent.TERMINATE, reason=reason, note=note, on=on)

    return then


def _withdraw(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    move_case(uow, case_id=case_id, event=CaseEvent.WITHDRAW, note="双方已自行和解", on=on)


def _back_to_court(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    move_case(
        uow,
        case_id=case_id,
        event=CaseEvent.TERMINATE,
        reason=TerminationReason.FAR_APART,
        note="被申请人不同意调解方案",
        returned_materials="民事起诉状副本一份\n证据材料复印件一组",
        on=on,
    )
    move_case(uow, case_id=case_id, event=CaseEvent.REFER_COURT, receiver=COURT, on=on)


def _to_arbitration(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    move_case(
        uow,
        case_id=case_id,
        event=CaseEvent.REFER_DEPARTMENT,
        refer_to=ReferralTarget.ARBITRATION,
        receiver="越城区劳动人事争议仲裁委员会",
        note="涉及劳动关系确认，告知申请仲裁",
        on=on,
    )


def _fast_track(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    _back_to_court(uow, case_id, on)
    move_case(uow, case_id=case_id, event=CaseEvent.FAST_TRACK, receiver=COURT + "速裁庭", on=on)


def _closed(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    _written_agreement(uow, case_id, on)
    move_case(uow, case_id=case_id, event=CaseEvent.CLOSE, note="协议已履行完毕", on=on)


def _extended(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    ids = [p.id for p in get_case(uow, case_id).parties]
    extend_time_limit(
        uow,
        case_id,
        consenting_party_ids=frozenset(ids),
        note="双方同意延长调解期限，待鉴定结论出具后继续调解",
        days=15,
    )


def _left_open(uow: UnitOfWork, case_id: int, on: dt.date) -> None:
    """Nothing happened since intake: overdue or due soon, depending on when it came in."""


STORIES: tuple[Story, ...] = (
    Story("written", 20, None, _written_agreement),
    Story("oral", 3, None, _oral_agreement),
    Story("far_apart", 25, None, _terminate(TerminationReason.FAR_APART, "双方对赔偿数额分歧较大")),
    Story("refuses", 12, None, _terminate(TerminationReason.REFUSES)),
    Story("time_limit", 40, None, _terminate(TerminationReason.TIME_LIMIT)),
    Story("withdrawn", 9, None, _withdraw),
    Story("back_to_court", 28, CaseSource.COURT_PRE_FILING, _back_to_court),
    Story("arbitration", 6, None, _to_arbitration),
    Story("fast_track", 35, CaseSource.COURT_PRE_FILING, _fast_track),
    Story("closed", 45, None, _closed),
    Story("overdue", 45, None, _left_open),
    Story("overdue_court", 40, CaseSource.COURT_PRE_FILING, _left_open),
    Story("due_soon", 28, None, _left_open),
    Story("extended", 27, None, _extended),
)


def _drafts(seed: int, today: dt.date) -> Iterator[CaseDraft]:
    """Plain two-party drafts from the demo generator (accepted, routed to a committee)."""
    generator = CaseGenerator(seed=seed, today=today)
    for generated in generator.cases(400, days_back=1):
        d = generated.draft
        if len(d.parties) == 2 and not d.refused and d.routing.refer_to is None:
            yield d


def seed_lifecycle_cases(
    uow: UnitOfWork, unit_id: int, *, mediator_id: int | None = None, seed: int = 7
) -> dict[str, int]:
    """Register the demo stories with the unit ``unit_id`` (and its mediator) and work them;
    returns each story's case id."""
    uow.as_system()  # system work: no account asked for it
    from ..domain.validation import validate_party

    today = uow.today()
    out: dict[str, int] = {}
    drafts = _drafts(seed, today)
    for story in STORIES:
        draft = next(drafts)
        received = today - dt.timedelta(days=story.days_ago)
        draft.received_at = dt.datetime.combine(received, dt.time(9, 30))
        draft.routing.unit_id, draft.routing.mediator_id = unit_id, mediator_id
        if story.source is not None:
            draft.source, draft.referring_body = story.source, COURT
            draft.referral_letter_no = f"（{received.year}）浙0602诉前调{1000 + len(out)}号"
        warnings = {
            warning_key(w)
            for i, p in enumerate(draft.parties)
            for w in validate_party(p, i, today=received)
            if not w.is_error
        }
        acknowledged = frozenset(warnings) | {
            "requests:requests_empty",
            "parties:respondent_missing",
        }
        drop_unknown_place(uow, draft)
        case_id = register_case(uow, draft, acknowledged=acknowledged).id
        happened = min(received + dt.timedelta(days=max(story.days_ago // 2, 1)), today)
        story.then(uow, case_id, happened)
        out[story.key] = case_id
    return out


def expected_statuses() -> dict[str, CaseStatus]:
    """Where each story ends (the demo test checks the services got it there)."""
    return {
        "written": CaseStatus.SUCCEEDED,
        "oral": CaseStatus.SUCCEEDED,
        "far_apart": CaseStatus.FAILED,
        "refuses": CaseStatus.FAILED,
        "time_limit": CaseStatus.FAILED,
        "withdrawn": CaseStatus.WITHDRAWN,
        "back_to_court": CaseStatus.REFERRED_OUT,
        "arbitration": CaseStatus.REFERRED_OUT,
        "fast_track": CaseStatus.FAST_TRACK_CLOSED,
        "closed": CaseStatus.CLOSED,
        "overdue": CaseStatus.ACCEPTED,
        "overdue_court": CaseStatus.ACCEPTED,
        "due_soon": CaseStatus.ACCEPTED,
        "extended": CaseStatus.ACCEPTED,
    }
