"""Session minutes and investigation records through the services, on SQLite and PostgreSQL:
prefilled from the session and its check-in, refused in Chinese when incomplete, recorded in
the history, corrected."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.minutes import InvestigationDraft, MinutesDraft, PresentPerson
from mediation_desk.errors import DeskError, NotFound
from mediation_desk.services import history
from mediation_desk.services.documents import generate_documents, list_generated
from mediation_desk.services.minutes import (
    RecordIncomplete,
    case_investigations,
    case_minutes,
    delete_investigation,
    minutes_for,
    record_investigation,
    save_minutes,
    update_investigation,
)
from tests.desk import run
from tests.minutes_sample import at, complete_draft, sitting_case


def test_minutes_are_prefilled_from_the_session_and_its_check_in(db, centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre)
    m = run(db, minutes_for, sit.session_id)
    assert not m.saved and m.ordinal == 1
    assert (m.lead, m.co_mediators) == ("周建国", ("王丽华",))
    assert m.mediators == "周建国（主持）、王丽华"
    assert m.draft.place == "第一调解室" and m.draft.note_taker == "陈书记"
    # only the applicant checked in at the counter: only she is ticked
    assert [(p.name, p.role, p.checked_in) for p in m.draft.present] == [("张三", "申请人", True)]
    assert [(c.name, c.role) for c in m.candidates] == [
        ("张三", "申请人"),
        ("李四", "被申请人"),
        ("王律师", "被申请人李四的委托代理人"),
        ("钱大伯", "参加人（村民代表）"),
    ]
    assert m.time_text == "2026年3月2日09时05分至10时30分"


def test_incomplete_minutes_are_refused_with_every_missing_item_in_chinese(db, centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre)
    base = run(db, minutes_for, sit.session_id).draft
    agent = PresentPerson("王律师", "被申请人李四的委托代理人", agent_of=sit.respondent)
    draft = dataclasses.replace(base, present=[*base.present, agent], note_taker=" ")
    with pytest.raises(RecordIncomplete) as refused:
        run(db, save_minutes, sit.session_id, draft, actor=centre.actor)
    text = refused.value.message
    for expected in (
        "请填写记录人",
        "请确认已向当事人告知权利义务",
        "请确认已询问当事人是否申请调解员回避",
        "请记录申请人张三的陈述",
        "请记录被申请人李四的陈述",  # absent, but his lawyer spoke for him
        "请填写调解员做的工作",
        "请填写本次调解的结果",
    ):
        assert expected in text
    assert not run(db, minutes_for, sit.session_id).saved


def test_minutes_need_a_started_session(db, centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre, start=False)
    draft = complete_draft(run(db, minutes_for, sit.session_id).draft, sit)
    with pytest.raises(DeskError, match="调解开始后才能制作调解记录"):
        run(db, save_minutes, sit.session_id, draft, actor=centre.actor)


def test_saved_minutes_read_back_keep_line_breaks_and_are_in_the_history(db, centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre)
    draft = complete_draft(run(db, minutes_for, sit.session_id).draft, sit)
    draft.present.append(PresentPerson("赵小妹", "申请人的女儿"))  # came without check-in
    saved = run(db, save_minutes, sit.session_id, draft, now=at(10, 40), actor=centre.actor)
    assert saved.saved and saved.saved_by == "测试员" and saved.saved_at == at(10, 40)
    again = run(db, minutes_for, sit.session_id)
    assert again.draft == saved.draft
    assert again.account(sit.applicant).count("\n") == 1
    assert [p.name for p in again.draft.present] == ["张三", "王律师", "赵小妹"]
    assert [p.checked_in for p in again.draft.present] == [True, False, False]
    entries = [h for h in run(db, history.case_history, sit.case_id) if h.action == "minutes"]
    assert entries[-1].summary == "填写第1次调解记录（到场：张三、王律师、赵小妹）"
    # a correction says what changed
    fixed = dataclasses.replace(again.draft, outcome="双方同意排水管改走向。")
    run(db, save_minutes, sit.session_id, fixed, now=at(11), actor=centre.actor)
    entries = [h for h in run(db, history.case_history, sit.case_id) if h.action == "minutes"]
    assert entries[-1].summary == "修改第1次调解记录：调解结果"
    assert [m.session_id for m in run(db, case_minutes, sit.case_id)] == [sit.session_id]


def test_minutes_refuse_a_party_of_another_case(db, centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre)
    draft = complete_draft(run(db, minutes_for, sit.session_id).draft, sit)
    draft.accounts[99999] = "别案当事人"
    with pytest.raises(DeskError, match="不属于本案"):
        run(db, save_minutes, sit.session_id, draft, actor=centre.actor)


def _investigation() -> InvestigationDraft:
    return InvestigationDraft(
        starts=dt.datetime(2026, 3, 9, 9, 30),
        place="城南街道幸福里12号、14号",
        investigators="周建国、王丽华",
        note_taker="陈书记",
        subjects="赵大伯（邻居）\n孙阿姨（楼长）",
        examined="现场查看墙体及排水管走向，拍照六张。",
        findings="申请人东墙墙角受潮面积约二平方米，裂缝两条。\n排水管出口距墙角约三十厘米。",
    )


def test_investigation_records_are_added_corrected_and_listed(db, centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre)
    now = dt.datetime(2026, 3, 9, 11)
    with pytest.raises(RecordIncomplete, match="请填写调查情况"):
        run(
            db,
            record_investigation,
            case_id=sit.case_id,
            draft=InvestigationDraft(starts=now, place="现场", investigators="周建国"),
            now=now,
            actor=centre.actor,
        )
    with pytest.raises(RecordIncomplete, match="调查时间不能晚于现在"):
        late = dataclasses.replace(_investigation(), starts=now + dt.timedelta(days=1))
        run(db, record_investigation, case_id=sit.case_id, draft=late, now=now, actor=centre.actor)
    v = run(
        db,
        record_investigation,
        case_id=sit.case_id,
        draft=_investigation(),
        now=now,
        actor=centre.actor,
    )
    assert v.ordinal == 1 and v.subject_names == ["赵大伯（邻居）", "孙阿姨（楼长）"]
    assert v.draft.findings.count("\n") == 1
    fixed = dataclasses.replace(v.draft, place="城南街道幸福里12号")
    run(db, update_investigation, record_id=v.id, draft=fixed, now=now, actor=centre.actor)
    (listed,) = run(db, case_investigations, sit.case_id)
    assert listed.draft.place == "城南街道幸福里12号"
    summaries = [h.summary for h in run(db, history.case_history, sit.case_id)]
    assert "填写调查记录：2026-03-09 09:30，城南街道幸福里12号、14号" in summaries
    assert "修改调查记录：2026-03-09 09:30，城南街道幸福里12号" in summaries


def test_an_empty_draft_is_refused(db, centre) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre)
    with pytest.raises(RecordIncomplete, match="请勾选到场的当事人"):
        run(db, save_minutes, sit.session_id, MinutesDraft(), actor=centre.actor)


def test_an_investigation_record_is_removed_with_its_reason_kept_in_the_history(
    db, centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(db, centre)
    now = dt.datetime(2026, 3, 9, 11)
    first = run(
        db,
        record_investigation,
        case_id=sit.case_id,
        draft=_investigation(),
        now=now,
        actor=centre.actor,
    )
    second_draft = dataclasses.replace(
        _investigation(), starts=dt.datetime(2026, 3, 9, 10, 15), place="城南街道幸福里物业办公室"
    )
    run(
        db,
        record_investigation,
        case_id=sit.case_id,
        draft=second_draft,
        now=now,
        actor=centre.actor,
    )
    run(
        db,
        generate_documents,
        case_id=sit.case_id,
        kinds=[DocumentKind.INVESTIGATION_RECORD],
        formats=[FileFormat.DOCX],
        folder=tmp_path,
        now=now,
        actor=centre.actor,
    )
    for blank in ("", "  "):
        with pytest.raises(DeskError, match="请填写删除原因"):
            run(db, delete_investigation, record_id=first.id, reason=blank, actor=centre.actor)
    with pytest.raises(DeskError, match="删除原因过长"):
        run(db, delete_investigation, record_id=first.id, reason="重" * 201, actor=centre.actor)

    left = run(
        db,
        delete_investigation,
        record_id=first.id,
        reason="误录入本案，申请人13812345678来电核实",
        now=now,
        actor=centre.actor,
    )
    assert [(v.ordinal, v.draft.place) for v in left] == [(1, "城南街道幸福里物业办公室")]
    assert run(db, case_investigations, sit.case_id) == left
    entry = next(
        h for h in run(db, history.case_history, sit.case_id) if h.action == "investigation_delete"
    )
    assert entry.summary.startswith(
        "删除调查记录：2026-03-09 09:30，城南街道幸福里12号、14号；原因：误录入本案"
    )
    assert "13812345678" not in entry.summary and "138****5678" in entry.summary
    assert entry.changes["investigation_id"] == first.id
    assert entry.changes["record"]["findings"] == _investigation().findings
    docs = run(db, list_generated, sit.case_id)
    assert len(docs) == 2 and all(d.stale for d in docs)
    assert docs[0].stale_reason == "已删除2026-03-09的调查记录"
    with pytest.raises(NotFound, match="调查记录不存在"):
        run(db, delete_investigation, record_id=first.id, reason="再删一次", actor=centre.actor)
