"""The 督办 board: open cases by due day, by unit and by mediator; instructions and replies;
escalation. A fixed number of statements however many open cases."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.db.supervision_models import SupervisionInstruction
from mediation_desk.domain.clock import fixed_clock
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.domain.supervision import (
    DueGroup,
    EscalationLevel,
    InstructionFact,
    InstructionState,
    days_text,
    due_group,
    escalation,
    suggested_level,
)
from mediation_desk.errors import DeskError
from mediation_desk.services.history import case_history
from mediation_desk.services.supervision import (
    case_instructions,
    ducha_board,
    issue_instruction,
    parties_label,
    reply_instruction,
)
from tests.desk import reading, run
from tests.statements import counting
from tests.supervision_data import NOW, TODAY, open_all_demo_cases, open_case

D = dt.timedelta(days=1)


# --- the rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_in", "group", "text"),
    [
        (-1, DueGroup.OVERDUE, "超期1天"),
        (0, DueGroup.DUE_SOON, "今日到期"),
        (3, DueGroup.DUE_SOON, "剩3天"),
        (4, DueGroup.ON_TIME, "剩4天"),
        (None, DueGroup.NO_LIMIT, ""),
    ],
)
def test_a_case_is_grouped_by_its_due_day(due_in, group, text) -> None:  # type: ignore[no-untyped-def]
    due = None if due_in is None else TODAY + due_in * D
    assert due_group(due, TODAY) is group
    assert days_text(due, TODAY) == text


@pytest.mark.parametrize(
    ("over", "level"),
    [
        (0, None),
        (1, EscalationLevel.MEDIATOR),
        (3, EscalationLevel.MEDIATOR),
        (4, EscalationLevel.UNIT_HEAD),
        (10, EscalationLevel.UNIT_HEAD),
        (11, EscalationLevel.CENTRE_HEAD),
        (400, EscalationLevel.CENTRE_HEAD),
    ],
)
def test_an_overdue_case_climbs_the_ladder(over, level) -> None:  # type: ignore[no-untyped-def]
    assert escalation(TODAY - over * D, TODAY) is level


def test_an_unanswered_instruction_past_its_day_lifts_the_case_one_rung() -> None:
    late = InstructionFact(EscalationLevel.UNIT_HEAD, TODAY - D, replied=False)
    answered = InstructionFact(EscalationLevel.UNIT_HEAD, TODAY - D, replied=True)
    waiting = InstructionFact(EscalationLevel.UNIT_HEAD, TODAY, replied=False)
    on_time = TODAY + 5 * D
    assert escalation(on_time, TODAY, (late,)) is EscalationLevel.CENTRE_HEAD
    assert escalation(on_time, TODAY, (answered,)) is None
    assert escalation(on_time, TODAY, (waiting,)) is None
    top = InstructionFact(EscalationLevel.CENTRE_HEAD, TODAY - D, replied=False)
    assert escalation(TODAY - 2 * D, TODAY, (top,)) is EscalationLevel.CENTRE_HEAD


def test_instructions_are_offered_at_least_at_the_unit_head() -> None:
    assert suggested_level(None) is EscalationLevel.UNIT_HEAD
    assert suggested_level(EscalationLevel.MEDIATOR) is EscalationLevel.UNIT_HEAD
    assert suggested_level(EscalationLevel.CENTRE_HEAD) is EscalationLevel.CENTRE_HEAD


def test_parties_label_names_the_first_of_each_side() -> None:
    assert parties_label(["张三"], ["李四"]) == "张三 与 李四"
    assert parties_label(["张三", "王五"], ["某公司"]) == "张三等2人 与 某公司"
    assert parties_label(["张三"], []) == "张三"


# --- the board ------------------------------------------------------------------------------


def test_the_board_groups_open_cases_by_unit_and_mediator(db, centre) -> None:  # type: ignore[no-untyped-def]
    late = open_case(db, centre, due_in=-5, applicant="赵一")
    soon = open_case(db, centre, due_in=2, applicant="钱二")
    fine = open_case(
        db, centre, due_in=9, applicant="孙三", unit_id=centre.traffic_unit_id, mediator=False
    )
    none = open_case(db, centre, due_in=None, applicant="李五")
    open_case(db, centre, due_in=-3, applicant="周六", status=CaseStatus.SUCCEEDED)
    board = run(db, ducha_board, TODAY, actor=centre.actor, now=NOW)
    assert [r.case_id for r in board.rows] == [late, soon, fine, none]  # closed case left out
    assert board.counts == {
        DueGroup.OVERDUE: 1,
        DueGroup.DUE_SOON: 1,
        DueGroup.ON_TIME: 1,
        DueGroup.NO_LIMIT: 1,
    }
    first = board.rows[0]
    assert first.parties == "赵一 与 李四"
    assert (first.days_over, first.group, first.mediator_name) == (5, DueGroup.OVERDUE, "周建国")
    assert first.escalation is EscalationLevel.UNIT_HEAD
    units = {g.name: (g.counts[DueGroup.OVERDUE], g.total) for g in board.by_unit}
    assert units == {"城南街道人民调解委员会": (1, 3), "交通事故纠纷人民调解委员会": (0, 1)}
    mediators = {g.name: g.total for g in board.by_mediator}
    assert mediators == {"周建国": 3, "（未指定调解员）": 1}
    assert next(r for r in board.rows if r.case_id == fine).mediator_id is None


def test_an_instruction_and_its_reply_are_kept_on_the_case(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = open_case(db, centre, due_in=-2)
    issued = run(
        db,
        issue_instruction,
        case_id=case_id,
        level=EscalationLevel.UNIT_HEAD,
        text="  请于本周内组织双方再次调解  ",
        respond_by=TODAY + 2 * D,
        actor=centre.actor,
        now=NOW,
    )
    assert (issued.text, issued.issued_by, issued.state) == (
        "请于本周内组织双方再次调解",
        "测试员",
        InstructionState.WAITING,
    )
    row = run(db, ducha_board, TODAY, actor=centre.actor, now=NOW).rows[0]
    assert row.latest is not None and row.waiting is not None and row.waiting.id == issued.id
    assert row.latest.state_text == "待回复（限2026年12月4日）"
    replied = run(
        db,
        reply_instruction,
        instruction_id=issued.id,
        text="已约定12月3日再次调解",
        actor=centre.actor,
        now=NOW + D,
    )
    assert replied.replied and replied.replied_by == "测试员"
    assert replied.state is InstructionState.REPLIED
    views = run(db, case_instructions, case_id, actor=centre.actor, now=NOW + D)
    assert [v.reply_text for v in views] == ["已约定12月3日再次调解"]
    summaries = [h.summary for h in run(db, case_history, case_id, actor=centre.actor)]
    assert "下达督办（单位负责人）：请于本周内组织双方再次调解，限2026年12月4日前回复" in summaries
    assert "回复督办（单位负责人）：已约定12月3日再次调解" in summaries
    with pytest.raises(DeskError, match="该督办已回复，不能重复回复"):
        run(db, reply_instruction, instruction_id=issued.id, text="再回复一次", actor=centre.actor)


def test_a_late_instruction_escalates_the_case_on_the_board(db, centre) -> None:  # type: ignore[no-untyped-def]
    case_id = open_case(db, centre, due_in=-1)
    run(
        db,
        issue_instruction,
        case_id=case_id,
        level=EscalationLevel.UNIT_HEAD,
        text="限期办结",
        respond_by=TODAY,
        actor=centre.actor,
        now=NOW,
    )
    row = run(db, ducha_board, TODAY + D, actor=centre.actor, now=NOW + D).rows[0]
    assert row.latest is not None and row.latest.state is InstructionState.LATE
    assert row.escalation is EscalationLevel.CENTRE_HEAD


@pytest.mark.parametrize(
    ("level", "text", "respond_by", "message"),
    [
        (EscalationLevel.UNIT_HEAD, "   ", TODAY, "请填写督办内容"),
        (EscalationLevel.UNIT_HEAD, "催办", TODAY - D, "回复期限不能早于今天"),
        (EscalationLevel.MEDIATOR, "催办", TODAY, "督办须以单位负责人或中心主任的名义下达"),
        (EscalationLevel.CENTRE_HEAD, "催" * 401, TODAY, "督办内容不能超过400字"),
    ],
)
def test_bad_instructions_are_refused_in_chinese(
    db, centre, level, text, respond_by, message
) -> None:  # type: ignore[no-untyped-def]
    case_id = open_case(db, centre, due_in=-1)
    with pytest.raises(DeskError, match=message):
        run(
            db,
            issue_instruction,
            case_id=case_id,
            level=level,
            text=text,
            respond_by=respond_by,
            actor=centre.actor,
            now=NOW,
        )
    with reading(db) as s:
        assert s.query(SupervisionInstruction).count() == 0


def test_a_closed_case_needs_no_instruction_and_a_reply_needs_text(db, centre) -> None:  # type: ignore[no-untyped-def]
    closed = open_case(db, centre, due_in=-1, status=CaseStatus.SUCCEEDED)
    with pytest.raises(DeskError, match="本案调解成功，不需要督办"):
        run(
            db,
            issue_instruction,
            case_id=closed,
            level=EscalationLevel.UNIT_HEAD,
            text="催办",
            respond_by=TODAY,
            actor=centre.actor,
            now=NOW,
        )
    case_id = open_case(db, centre, due_in=-1)
    issued = run(
        db,
        issue_instruction,
        case_id=case_id,
        level=EscalationLevel.CENTRE_HEAD,
        text="催办",
        respond_by=TODAY,
        actor=centre.actor,
        now=NOW,
    )
    with pytest.raises(DeskError, match="请填写回复内容"):
        run(db, reply_instruction, instruction_id=issued.id, text=" ", actor=centre.actor)


# --- a fixed number of statements -----------------------------------------------------------


def _demo_db(tmp_path, n: int):  # type: ignore[no-untyped-def]
    from mediation_desk.demo.loader import load_demo
    from tests.conftest import open_database

    db = open_database(f"sqlite:///{tmp_path / f'demo-{n}.db'}")
    seeded = run(db, lambda uow: load_demo(uow, n_cases=n, seed=7), now=NOW)
    open_all_demo_cases(db, TODAY)
    for case_id in (1, 2, 3):
        run(
            db,
            issue_instruction,
            case_id=case_id,
            level=EscalationLevel.UNIT_HEAD,
            text="请尽快办结",
            respond_by=TODAY,
            actor=seeded.actor,
            now=NOW,
        )
    return db


def test_the_board_reads_in_a_fixed_number_of_statements(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from mediation_desk.db.models import Case
    from mediation_desk.db.unit_of_work import UnitOfWork
    from tests.desk import reading

    counts = []
    for n in (10, 200):
        db = _demo_db(tmp_path, n)
        with counting(db.engine) as count, UnitOfWork(db, clock=fixed_clock(NOW)) as uow:
            board = ducha_board(uow, TODAY)
        with reading(db) as s:  # the bulk-loaded cases and the demo's stories, all made open
            cases = s.scalar(select(func.count()).select_from(Case))
        assert len(board.rows) == cases
        assert sum(g.total for g in board.by_unit) == cases
        counts.append(count.statements)
        db.dispose()
    # cases, parties, instructions, performance (+ BEGIN)
    assert counts[0] == counts[1] <= 5, counts
