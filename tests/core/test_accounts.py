"""Accounts: names, passwords, the first administrator, sign-in and its slow-down, the audit of
each event, the administrator's protections, the demo accounts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from mediation_desk.db.models import HistoryEntry, Operator
from mediation_desk.domain.accounts import normalize_account_name, wait_seconds_after
from mediation_desk.domain.actor import Actor
from mediation_desk.domain.roles import Role
from mediation_desk.errors import DeskError, PermissionDenied
from mediation_desk.services import accounts
from mediation_desk.services.accounts import (
    DEMO_ACCOUNTS,
    SignInRefused,
    account_name_key,
    password_problem,
)
from mediation_desk.services.audit import action_label
from tests.conftest import TEST_ACCOUNT, TEST_PASSWORD, Centre
from tests.desk import add_account, reading, run, writing

T0 = dt.datetime(2026, 3, 2, 9, 0, 0)
ADMIN_ONLY = frozenset({Role.ADMIN})


def _history(db, action: str | None = None) -> list[HistoryEntry]:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        q = select(HistoryEntry).order_by(HistoryEntry.id)
        if action is not None:
            q = q.where(HistoryEntry.action == action)
        return list(s.scalars(q))


def _account(db, name: str) -> Operator:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        op = s.scalar(select(Operator).where(Operator.name == name))
        assert op is not None
        return op


def _sign_in(db, name: str, password: str, at: dt.datetime = T0) -> Actor:  # type: ignore[no-untyped-def]
    return run(db, accounts.sign_in, name=name, password=password, now=at)


# --- names and the password policy --------------------------------------------------------


def test_names_are_normalised_for_display_and_compared_by_key() -> None:
    assert normalize_account_name("  测试\u200b员 \ufeff ") == "测试员"
    assert normalize_account_name("ＡＢＣ\u3000 Li  Hua") == "ABC Li Hua"
    assert normalize_account_name("张\u202e三\x07") == "张三"
    key = account_name_key("测试员")
    assert account_name_key("测试员\u200b") == key == account_name_key(" 测 试 员 ")
    assert account_name_key("ＡＢＣ") == account_name_key("abc") == "abc"
    assert account_name_key("Li Hua") == account_name_key("lihua")


def test_password_policy_in_chinese() -> None:
    assert password_problem("short1") == "密码至少需要 8 个字符"
    assert password_problem("aaaaaaaaaa") == "密码不能由同一个字符重复组成"
    assert password_problem("Li Hua 2026", name="lihua2026") == "密码不能与账户名相同"
    assert password_problem("ＬＩＨＵＡ２０２６", name="lihua2026") == "密码不能与账户名相同"
    assert password_problem("lihua-2026", name="lihua2026") is None
    assert password_problem("correct horse") is None


def test_the_slow_down_doubles_from_the_third_failure_up_to_five_minutes() -> None:
    waits = [wait_seconds_after(n) for n in range(1, 11)]
    assert waits == [0, 0, 5, 10, 20, 40, 80, 160, 300, 300]
    assert wait_seconds_after(1000) == 300


# --- the first administrator ---------------------------------------------------------------


def test_first_account_is_an_administrator_signed_in_and_audited(db) -> None:  # type: ignore[no-untyped-def]
    assert run(db, accounts.needs_first_account)
    actor = run(
        db,
        accounts.create_first_account,
        name=" 张丽\u200b",
        password="first-pass-1",
        roles=frozenset({Role.DIRECTOR}),
        now=T0,
    )
    assert actor.name == "张丽" and actor.roles == {Role.ADMIN, Role.DIRECTOR}
    assert not run(db, accounts.needs_first_account)
    assert run(db, accounts.sign_in_names) == ["张丽"]
    created = _history(db, accounts.CREATE_ACCOUNT)
    assert [h.operator_id for h in created] == [actor.operator_id]
    assert [h.operator_id for h in _history(db, accounts.SIGN_IN)] == [actor.operator_id]
    assert _account(db, "张丽").last_sign_in_at == T0
    with pytest.raises(DeskError, match="已有系统管理员"):
        run(db, accounts.create_first_account, name="李四", password="second-pass-2")


def test_first_account_checks_the_name_and_the_password(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DeskError, match="请填写账户名"):
        run(db, accounts.create_first_account, name=" \u200b ", password="first-pass-1")
    with pytest.raises(DeskError, match="至少需要 8 个字符"):
        run(db, accounts.create_first_account, name="张丽", password="short")
    with pytest.raises(DeskError, match="不能与账户名相同"):
        run(db, accounts.create_first_account, name="zhangli01", password="ZhangLi01")
    with pytest.raises(DeskError, match="已被使用"):
        run(db, accounts.create_first_account, name="系统", password="first-pass-1")
    assert run(db, accounts.needs_first_account)


def test_the_reserved_system_row_never_signs_in(db) -> None:  # type: ignore[no-untyped-def]
    system = run(db, accounts.system_actor)
    assert system.name == "系统" and system.roles == frozenset()
    with pytest.raises(SignInRefused):
        _sign_in(db, "系统", "anything-at-all")
    with pytest.raises(DeskError):
        run(db, accounts.actor_for, system.operator_id)


# --- signing in ----------------------------------------------------------------------------


def test_sign_in_gives_the_account_with_its_roles_and_mediator(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    mediator = add_account(
        db, "周建国", roles=frozenset({Role.MEDIATOR}), mediator_id=centre.mediator_id
    )
    actor = _sign_in(db, "周建国\u200b", "test-pass-1")
    assert actor == mediator
    assert actor.roles == {Role.MEDIATOR} and actor.mediator_id == centre.mediator_id
    assert _account(db, "周建国").last_sign_in_at == T0
    (entry,) = _history(db, accounts.SIGN_IN)[-1:]
    assert entry.operator_id == actor.operator_id and entry.summary == "登录"
    assert run(db, accounts.actor_for, actor.operator_id) == actor


def test_wrong_password_and_unknown_name_get_the_same_answer_and_are_kept(
    db, centre: Centre
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SignInRefused) as wrong:
        _sign_in(db, TEST_ACCOUNT, "not-the-password")
    with pytest.raises(SignInRefused) as unknown:
        _sign_in(db, "王\u200b五", "not-the-password")
    with pytest.raises(SignInRefused):  # a password typed into the name box
        _sign_in(db, "my-secret-pass-9", "")
    assert wrong.value.message == unknown.value.message == "账户名或密码不正确"
    assert wrong.value.wait_seconds == unknown.value.wait_seconds == 0
    failed = _history(db, accounts.SIGN_IN_FAILED)  # committed although the call raised
    system = run(db, accounts.system_actor)
    assert [h.operator_id for h in failed] == [centre.actor.operator_id, *[system.operator_id] * 2]
    assert "连续第 1 次" in failed[0].summary
    # the typed name of an unknown account is not kept: it may be a password typed there
    assert failed[1].summary == failed[2].summary == "登录失败：未知账户名"
    assert _account(db, TEST_ACCOUNT).failed_attempts == 1
    everything = json.dumps([(h.summary, h.changes) for h in _history(db)], ensure_ascii=False)
    assert "not-the-password" not in everything  # never the typed password
    assert "my-secret-pass-9" not in everything and "王五" not in everything


def test_an_inactive_account_or_one_without_password_cannot_sign_in(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(db, "李文书")
    run(
        db,
        accounts.update_account,
        account_id=clerk.operator_id,
        roles=frozenset({Role.CLERK}),
        mediator_id=None,
        active=False,
        actor=centre.actor,
    )
    with pytest.raises(SignInRefused, match="账户名或密码不正确"):
        _sign_in(db, "李文书", "test-pass-1")
    assert "账户已停用" in _history(db, accounts.SIGN_IN_FAILED)[-1].summary
    assert "李文书" not in run(db, accounts.sign_in_names)


def test_repeated_failures_slow_the_account_down(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    at = T0
    for _ in range(2):
        with pytest.raises(SignInRefused) as refused:
            _sign_in(db, TEST_ACCOUNT, "wrong-password", at)
        assert refused.value.wait_seconds == 0
    with pytest.raises(SignInRefused) as third:
        _sign_in(db, TEST_ACCOUNT, "wrong-password", at)
    assert third.value.wait_seconds == 5 and "请 5 秒后再试" in third.value.message
    # while slowed down even the right password is refused at once, and nothing more counts
    with pytest.raises(SignInRefused) as blocked:
        _sign_in(db, TEST_ACCOUNT, TEST_PASSWORD, at + dt.timedelta(seconds=2))
    assert blocked.value.wait_seconds == 3
    assert blocked.value.message == "登录失败次数过多，请 3 秒后再试"
    assert _account(db, TEST_ACCOUNT).failed_attempts == 3
    at += dt.timedelta(seconds=5)
    with pytest.raises(SignInRefused) as fourth:
        _sign_in(db, TEST_ACCOUNT, "wrong-password", at)
    assert fourth.value.wait_seconds == 10
    assert _account(db, TEST_ACCOUNT).blocked_until == at + dt.timedelta(seconds=10)
    at += dt.timedelta(seconds=10)
    assert _sign_in(db, TEST_ACCOUNT, TEST_PASSWORD, at).name == TEST_ACCOUNT
    op = _account(db, TEST_ACCOUNT)
    assert op.failed_attempts == 0 and op.blocked_until is None
    failures = [h.summary for h in _history(db, accounts.SIGN_IN_FAILED)]
    assert len(failures) == 5 and "连续失败过多" in failures[3]


def test_unlock_counts_failures_like_sign_in(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    me = centre.actor.operator_id
    with pytest.raises(SignInRefused):
        run(db, accounts.verify_for_unlock, operator_id=me, password="wrong-password", now=T0)
    assert _account(db, TEST_ACCOUNT).failed_attempts == 1
    assert "解锁失败" in _history(db, accounts.SIGN_IN_FAILED)[-1].summary
    actor = run(db, accounts.verify_for_unlock, operator_id=me, password=TEST_PASSWORD, now=T0)
    assert actor == centre.actor
    assert _account(db, TEST_ACCOUNT).failed_attempts == 0
    assert _history(db)[-1].action == accounts.UNLOCK
    assert action_label(accounts.UNLOCK) == "解锁"


def test_sign_out_is_recorded_under_the_account(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    run(db, accounts.sign_out, actor=centre.actor)
    last = _history(db)[-1]
    assert (last.action, last.operator_id) == (accounts.SIGN_OUT, centre.actor.operator_id)


def test_a_changed_hasher_rehashes_at_sign_in(db, centre: Centre, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    before = _account(db, TEST_ACCOUNT).password_hash
    monkeypatch.setattr(
        accounts, "PASSWORD_HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    )
    _sign_in(db, TEST_ACCOUNT, TEST_PASSWORD)
    after = _account(db, TEST_ACCOUNT).password_hash
    assert after != before and after is not None and "t=2" in after
    assert _sign_in(db, TEST_ACCOUNT, TEST_PASSWORD).name == TEST_ACCOUNT


# --- the administrator's work --------------------------------------------------------------


def test_create_account_refuses_look_alike_names(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    def create(name: str) -> object:
        return run(
            db,
            accounts.create_account,
            name=name,
            password="first-pass-1",
            roles=frozenset({Role.CLERK}),
            actor=centre.actor,
        )

    with pytest.raises(DeskError, match="已有账户名“测试员”"):
        create("测试员\u200b")
    create("ＡＢＣ")
    with pytest.raises(DeskError, match="与“ABC”视为同一名称"):
        create("abc")
    with pytest.raises(DeskError, match="请至少选择一个角色"):
        run(
            db,
            accounts.create_account,
            name="无角色",
            password="first-pass-1",
            roles=frozenset(),
            actor=centre.actor,
        )


def test_account_management_needs_the_accounts_permission(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(db, "李文书")
    with pytest.raises(PermissionDenied):
        run(db, accounts.list_accounts, actor=clerk)
    with pytest.raises(PermissionDenied):
        run(db, accounts.set_password, account_id=clerk.operator_id, password="x" * 9, actor=clerk)
    names = [a.name for a in run(db, accounts.list_accounts, actor=centre.actor)]
    assert names == ["测试员", "李文书"]  # by pinyin initials; not the reserved "系统" row


def test_new_accounts_must_change_their_first_password(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    view = run(
        db,
        accounts.create_account,
        name="李文书",
        password="first-pass-1",
        roles=frozenset({Role.CLERK}),
        actor=centre.actor,
    )
    assert view.must_change_password and view.has_password and view.roles_text == "登记员"
    clerk = _sign_in(db, "李文书", "first-pass-1")
    assert run(db, accounts.needs_password_change, actor=clerk)
    with pytest.raises(DeskError, match="原密码不正确"):
        run(
            db,
            accounts.change_own_password,
            old_password="wrong-pass",
            new_password="my-own-pass-1",
            actor=clerk,
        )
    with pytest.raises(DeskError, match="至少需要 8 个字符"):
        run(
            db,
            accounts.change_own_password,
            old_password="first-pass-1",
            new_password="short",
            actor=clerk,
        )
    run(
        db,
        accounts.change_own_password,
        old_password="first-pass-1",
        new_password="my-own-pass-1",
        actor=clerk,
    )
    assert not run(db, accounts.needs_password_change, actor=clerk)
    with pytest.raises(SignInRefused):
        _sign_in(db, "李文书", "first-pass-1")
    assert _sign_in(db, "李文书", "my-own-pass-1") == clerk
    changed = _history(db, accounts.CHANGE_PASSWORD)
    assert [h.operator_id for h in changed] == [clerk.operator_id]
    assert action_label(accounts.CHANGE_PASSWORD) == "修改密码"


def test_set_password_resets_the_slow_down_and_is_audited(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(db, "李文书")
    for _ in range(3):
        with pytest.raises(SignInRefused):
            _sign_in(db, "李文书", "wrong-password")
    run(
        db,
        accounts.set_password,
        account_id=clerk.operator_id,
        password="reset-pass-1",
        actor=centre.actor,
    )
    op = _account(db, "李文书")
    assert op.failed_attempts == 0 and op.blocked_until is None and op.must_change_password
    assert _sign_in(db, "李文书", "reset-pass-1") == clerk
    (reset,) = _history(db, accounts.RESET_PASSWORD)[-1:]
    assert reset.operator_id == centre.actor.operator_id and "李文书" in reset.summary
    assert action_label(accounts.RESET_PASSWORD) == "重置密码"


def test_roles_changes_and_deactivation_are_audited(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    clerk = add_account(db, "李文书")

    def update(**kw: object) -> accounts.AccountView:
        return run(
            db, accounts.update_account, account_id=clerk.operator_id, actor=centre.actor, **kw
        )  # type: ignore[arg-type]

    view = update(
        roles=frozenset({Role.CLERK, Role.MEDIATOR}), mediator_id=centre.mediator_id, active=True
    )
    assert view.roles_text == "登记员、调解员" and view.mediator_name == "周建国"
    assert run(db, accounts.actor_for, clerk.operator_id).mediator_id == centre.mediator_id
    update(roles=frozenset({Role.CLERK}), mediator_id=None, active=False)
    actions = [h.action for h in _history(db) if h.entity == "operator"][-2:]
    assert actions == [accounts.CHANGE_ROLES, accounts.DEACTIVATE_ACCOUNT]
    assert [action_label(a) for a in actions] == ["修改角色", "停用账户"]
    with pytest.raises(DeskError):
        run(db, accounts.actor_for, clerk.operator_id)


def test_one_mediator_one_account(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    add_account(db, "周建国", roles=frozenset({Role.MEDIATOR}), mediator_id=centre.mediator_id)
    with pytest.raises(DeskError, match="一位调解员只能对应一个账户"):
        add_account(db, "周二", roles=frozenset({Role.MEDIATOR}), mediator_id=centre.mediator_id)


def test_the_centre_keeps_an_administrator(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    me = centre.actor.operator_id
    everything = frozenset(Role) - {Role.ADMIN}
    with pytest.raises(DeskError, match="不能取消自己的系统管理员角色"):
        run(
            db,
            accounts.update_account,
            account_id=me,
            roles=everything,
            mediator_id=None,
            active=True,
            actor=centre.actor,
        )
    with pytest.raises(DeskError, match="不能停用当前登录的账户"):
        run(
            db,
            accounts.update_account,
            account_id=me,
            roles=frozenset(Role),
            mediator_id=None,
            active=False,
            actor=centre.actor,
        )
    other = add_account(db, "第二管理员", roles=ADMIN_ONLY)
    # another administrator may take the role away: one is left
    run(
        db,
        accounts.update_account,
        account_id=me,
        roles=everything,
        mediator_id=None,
        active=True,
        actor=other,
    )
    assert Role.ADMIN not in run(db, accounts.actor_for, me).roles
    assert not run(db, accounts.needs_first_account)


def test_the_last_administrator_cannot_be_removed_by_anyone(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    # an account holding ACCOUNTS through a role other than ADMIN does not exist in the
    # matrix; the last check still holds for any path: the only administrator signs in with
    # a password, so taking the password's account away from ADMIN is refused
    with reading(db) as s:
        admins = [
            o for o in s.scalars(select(Operator)) if o.roles and "admin" in o.roles.split(",")
        ]
    assert [o.name for o in admins] == [TEST_ACCOUNT]
    # an active administrator that cannot sign in (no password) is not the administrator
    # itself, and does not count as one that can
    helper = add_account(db, "外部", roles=ADMIN_ONLY)
    with writing(db) as s:
        s.get(Operator, helper.operator_id).password_hash = None  # type: ignore[union-attr]
    with pytest.raises(DeskError, match="至少一个可登录的系统管理员"):
        run(
            db,
            accounts.update_account,
            account_id=centre.actor.operator_id,
            roles=frozenset({Role.CLERK}),
            mediator_id=None,
            active=True,
            actor=helper,
        )


# --- the demo ------------------------------------------------------------------------------


def test_demo_accounts_only_on_the_demo_centre(db, centre: Centre) -> None:  # type: ignore[no-untyped-def]
    assert run(db, accounts.demo_accounts) == []


def test_the_demo_centre_has_one_account_per_role(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.demo.loader import seed_demo_centre

    seeded = run(sqlite_db, seed_demo_centre, now=T0)
    shown = run(sqlite_db, accounts.demo_accounts)
    assert [(n, p) for n, p, _ in shown] == [(n, p) for n, p, _ in DEMO_ACCOUNTS]
    assert [r for _, _, r in shown] == ["登记员", "调解员", "中心主任", "系统管理员"]
    for name, password, roles in DEMO_ACCOUNTS:
        actor = _sign_in(sqlite_db, name, password)
        assert actor.roles == roles
        if Role.MEDIATOR in roles:
            assert actor.mediator_id in seeded.mediator_ids.values()
    assert not run(sqlite_db, accounts.needs_first_account)
