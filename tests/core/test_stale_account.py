"""Permission checks go by the account as stored now, not by the copy the window got at
sign-in: an administrator stopping or demoting an account at another counter takes effect at
the account's next action."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from mediation_desk.db.models import Case, HistoryEntry, Operator
from mediation_desk.db.unit_of_work import ACCOUNT_STOPPED, UnitOfWork
from mediation_desk.domain.roles import Permission, Role
from mediation_desk.errors import DeskError, PermissionDenied
from mediation_desk.services import accounts
from mediation_desk.services.accounts import SignInRefused
from mediation_desk.services.audit import reveal_id_number
from mediation_desk.services.intake import register_case
from tests.conftest import Centre
from tests.desk import add_account, reading, run, writing
from tests.factories import two_party_draft
from tests.statements import counting


def _update(db, account_id: int, roles: set[Role], *, active: bool = True, actor) -> None:  # type: ignore[no-untyped-def]
    run(
        db,
        accounts.update_account,
        account_id=account_id,
        roles=frozenset(roles),
        mediator_id=None,
        active=active,
        actor=actor,
    )


def test_a_stopped_account_can_no_longer_write(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    add_account(db, "老王", roles=frozenset({Role.DIRECTOR}), password="wang-pass-1")
    signed_in = run(db, accounts.sign_in, name="老王", password="wang-pass-1")
    _update(db, signed_in.operator_id, {Role.DIRECTOR}, active=False, actor=centre.actor)
    with pytest.raises(PermissionDenied) as refused:
        run(db, register_case, two_party_draft(centre.street_unit_id), actor=signed_in)
    assert refused.value.message == ACCOUNT_STOPPED
    with reading(db) as s:
        assert s.scalar(select(Case.id)) is None


def test_a_demoted_account_is_checked_by_its_stored_roles(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(db, "李文书", roles=frozenset({Role.CLERK, Role.DIRECTOR}))
    run(db, register_case, two_party_draft(centre.street_unit_id), actor=clerk)
    _update(db, clerk.operator_id, {Role.ADMIN}, actor=centre.actor)
    with pytest.raises(PermissionDenied, match="登记受理"):
        run(db, register_case, two_party_draft(centre.street_unit_id), actor=clerk)
    # and the other way: roles granted since sign-in work at once
    _update(db, clerk.operator_id, {Role.CLERK}, actor=centre.actor)
    stale = replace(clerk, roles=frozenset())
    assert run(db, register_case, two_party_draft(centre.street_unit_id), actor=stale).id


def test_the_full_id_number_goes_by_the_stored_mediator(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    mediator = add_account(
        db, "周建国", roles=frozenset({Role.MEDIATOR}), mediator_id=centre.mediator_id
    )
    case_id = run(db, register_case, two_party_draft(centre.street_unit_id), actor=centre.actor).id
    with writing(db) as s:
        s.get(Case, case_id).mediator_id = centre.mediator_id  # type: ignore[union-attr]
    run(db, reveal_id_number, case_id=case_id, actor=mediator)
    # the administrator unlinks the account from the mediator
    run(
        db,
        accounts.update_account,
        account_id=mediator.operator_id,
        roles=frozenset({Role.MEDIATOR}),
        mediator_id=None,
        active=True,
        actor=centre.actor,
    )
    with pytest.raises(PermissionDenied, match="本人承办案件"):
        run(db, reveal_id_number, case_id=case_id, actor=mediator)


def test_a_demoted_administrator_cannot_give_itself_the_role_back(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    admin = add_account(db, "老张", roles=frozenset({Role.ADMIN}))
    _update(db, admin.operator_id, {Role.CLERK}, actor=centre.actor)
    with pytest.raises(PermissionDenied):  # its window still says 系统管理员
        _update(db, admin.operator_id, {Role.CLERK, Role.ADMIN}, actor=admin)
    with reading(db) as s:
        assert s.get(Operator, admin.operator_id).roles == "clerk"  # type: ignore[union-attr]


def test_the_stored_account_is_read_once_per_action(sqlite_db, sqlite_centre: Centre) -> None:  # type: ignore[no-untyped-def]
    with (
        UnitOfWork(sqlite_db, actor=sqlite_centre.actor) as uow,
        counting(sqlite_db.engine) as count,
    ):
        uow.require(Permission.REGISTER)
        first = count.statements
        uow.require(Permission.REGISTER)
        uow.require(Permission.SUPERVISE)
    assert first >= 1 and count.statements == first


def test_the_old_password_check_counts_and_is_recorded(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(db, "李文书", password="first-pass-1")
    for n in range(1, 4):
        with pytest.raises(SignInRefused) as wrong:
            run(
                db,
                accounts.change_own_password,
                old_password=f"guess-{n}",
                new_password="my-own-pass-1",
                actor=clerk,
            )
        assert wrong.value.message.startswith("原密码不正确")
    with reading(db) as s:
        op = s.get(Operator, clerk.operator_id)
        assert op is not None and op.failed_attempts == 3
        failed = list(
            s.scalars(
                select(HistoryEntry.summary).where(
                    HistoryEntry.action == accounts.SIGN_IN_FAILED,
                    HistoryEntry.operator_id == clerk.operator_id,
                )
            )
        )
    assert len(failed) == 3 and all(f.startswith("修改密码失败：密码不正确") for f in failed)
    if wrong.value.wait_seconds:  # slowed down: even the right password waits
        with pytest.raises(SignInRefused, match="秒后再试"):
            run(
                db,
                accounts.change_own_password,
                old_password="first-pass-1",
                new_password="my-own-pass-1",
                actor=clerk,
            )


def test_the_offline_reset_adds_the_administrator_role_only_when_none_is_left(
    db, centre: Centre
) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(db, "李文书")
    _update(db, clerk.operator_id, {Role.CLERK}, active=False, actor=centre.actor)
    view, made_admin = run(
        db, accounts.reset_password_offline, name="李文书", password="new-pass-12"
    )
    assert view.active and view.roles == {Role.CLERK} and not made_admin  # 测试员 is still there
    # the only administrator stopped (by hand, as a damaged upgrade might leave it)
    with writing(db) as s:
        s.get(Operator, centre.actor.operator_id).active = False  # type: ignore[union-attr]
    view, made_admin = run(
        db, accounts.reset_password_offline, name="李文书", password="new-pass-13"
    )
    assert made_admin and Role.ADMIN in view.roles


def test_updating_oneself_cannot_add_roles_without_the_administrator_role(
    db, centre: Centre
) -> None:  # type: ignore[no-untyped-def]
    # the stored row holds ADMIN: adding roles to oneself is the administrator's right
    _update(db, centre.actor.operator_id, set(Role), actor=centre.actor)
    with pytest.raises(DeskError, match="系统管理员"):
        _update(db, centre.actor.operator_id, {Role.CLERK}, actor=centre.actor)
