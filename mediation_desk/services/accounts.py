"""Accounts: signing in with a password, the first administrator, and the administrator's
account management.

An account is a row of ``operator`` (the history points at it, so rows are never deleted;
an account that may no longer work is deactivated). Passwords are stored as argon2id hashes
(``PASSWORD_HASHER``; rehashed at sign-in when the parameters change). Repeated failed
sign-ins slow the account down (``domain.accounts.wait_seconds_after``); every sign-in,
failure, unlock and account change is kept in the audited history, failures included: they
are committed before the refusal is raised. The typed password is never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Centre, Mediator, Operator
from ..db.unit_of_work import UnitOfWork
from ..domain import accounts as rules
from ..domain.accounts import normalize_account_name
from ..domain.actor import Actor
from ..domain.changes import Entity
from ..domain.roles import ALL_ROLES, Permission, Role, roles_from_str, roles_text, roles_to_str
from ..errors import DeskError
from . import history
from .indexing import initials_variants, normalize_text
from .permissions import requires

__all__ = [
    "ALL_ROLES",
    "DEMO_ACCOUNTS",
    "PASSWORD_HASHER",
    "AccountView",
    "SignInRefused",
    "account_name_key",
    "actor_for",
    "change_own_password",
    "create_account",
    "create_first_account",
    "demo_accounts",
    "find_account",
    "list_accounts",
    "needs_first_account",
    "needs_password_change",
    "normalize_account_name",
    "password_problem",
    "set_password",
    "sign_in",
    "sign_in_names",
    "sign_out",
    "system_actor",
    "update_account",
    "verify_for_unlock",
    "working_accounts",
]

#: The password hasher (argon2id). Tuned so one check takes about 100–250 ms on an office PC
#: (``bench/bench_sign_in.py``); the tests install a cheap one (``tests/conftest.py``).
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=2)

# --- the audited actions (``history_entry.action``; names in ``domain.history_actions``) ----------
SIGN_IN = "sign_in"
SIGN_OUT = "sign_out"
SIGN_IN_FAILED = "sign_in_failed"
UNLOCK = "unlock"
CREATE_ACCOUNT = "create_account"
CHANGE_ROLES = "change_roles"
DEACTIVATE_ACCOUNT = "deactivate_account"
ACTIVATE_ACCOUNT = "activate_account"
RESET_PASSWORD = "reset_password"
CHANGE_PASSWORD = "change_password"

WRONG_NAME_OR_PASSWORD = "账户名或密码不正确"


class SignInRefused(DeskError):
    """Wrong name or password, or the account is slowed down after repeated failures."""

    def __init__(self, message: str = WRONG_NAME_OR_PASSWORD, *, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds  # > 0: "请 N 秒后再试"


@dataclass(frozen=True, slots=True)
class AccountView:
    id: int
    name: str
    roles: frozenset[Role]
    roles_text: str
    mediator_id: int | None
    mediator_name: str | None
    active: bool
    has_password: bool
    last_sign_in_at: dt.datetime | None
    must_change_password: bool


# --- names and passwords -----------------------------------------------------------------


def account_name_key(raw: str) -> str:
    """The uniqueness key of an account name: the normalised name as search compares names
    (``indexing.normalize_text``: no spaces, letter case folded, any script's digits as 0–9),
    so ``测试员`` with a zero-width space, ``ＡＢＣ`` and ``abc`` are each one account."""
    return normalize_text(normalize_account_name(raw))


def password_problem(password: str, *, name: str = "") -> str | None:
    """What is wrong with ``password`` under the policy, in Chinese (for live feedback in
    forms); None when it may be used."""
    key = account_name_key(name) if name else ""
    return rules.password_problem(
        password, name_key=key, key_of_password=account_name_key(password) if key else ""
    )


def _checked_name(raw: str) -> tuple[str, str]:
    name = normalize_account_name(raw)
    problem = rules.name_problem(name)
    if problem:
        raise DeskError(problem)
    return name, account_name_key(name)


def _checked_password(password: str, name: str) -> str:
    problem = password_problem(password, name=name)
    if problem:
        raise DeskError(problem)
    return PASSWORD_HASHER.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return PASSWORD_HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_dummy_hashes: dict[int, str] = {}


def _spend_a_verification(password: str) -> None:
    """Check the password against a throw-away hash, so an unknown name takes as long to
    refuse as a wrong password (no telling which names exist by the time it takes)."""
    key = id(PASSWORD_HASHER)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = PASSWORD_HASHER.hash("not-an-account-password")
    _verify(_dummy_hashes[key], password)


# --- reading accounts --------------------------------------------------------------------


def _name_order(name: str) -> tuple[str, str]:
    """Names in the order a Chinese list reads them: by pinyin initials, then as written."""
    variants = initials_variants(name)
    return (variants[0] if variants else normalize_text(name), normalize_text(name))


def _actor(op: Operator) -> Actor:
    return Actor(op.id, op.name, roles_from_str(op.roles), op.mediator_id)


def _signs_in(op: Operator) -> bool:
    return op.active and not op.is_system and op.password_hash is not None


def _is_admin(op: Operator) -> bool:
    return _signs_in(op) and Role.ADMIN in roles_from_str(op.roles)


def _accounts(s: Session) -> list[Operator]:
    q = select(Operator).where(Operator.is_system.is_(False)).order_by(Operator.id)
    return list(s.scalars(q))


def _by_key(s: Session, key: str, *, lock: bool = False) -> Operator | None:
    q = select(Operator).where(Operator.name_key == key)
    return s.scalar(q.with_for_update() if lock else q)


def _locked(s: Session, account_id: int) -> Operator | None:
    """The account's row, locked until the commit (PostgreSQL: two counters checking and
    counting the same account's password wait for each other; SQLite's write transaction
    already serialises them)."""
    return s.get(Operator, account_id, with_for_update=True, populate_existing=True)


def _lock_accounts(s: Session) -> None:
    """Lock every active account's row (a handful), in id order, before a change that keeps
    "at least one administrator": two administrators demoting each other at two counters
    would otherwise each see the other still there (PostgreSQL; SQLite serialises writes)."""
    s.execute(
        select(Operator.id)
        .where(Operator.active.is_(True), Operator.is_system.is_(False))
        .order_by(Operator.id)
        .with_for_update()
    ).all()


def _account(s: Session, account_id: int) -> Operator:
    op = _locked(s, account_id)
    if op is None or op.is_system:
        raise DeskError("账户不存在")
    return op


def system_actor(uow: UnitOfWork) -> Actor:
    """The reserved "系统" row (made by migration 0017): the actor of failed sign-ins of
    unknown names and of upkeep no account asked for. It never signs in."""
    op = uow.read().scalar(select(Operator).where(Operator.is_system.is_(True)))
    if op is None:
        raise DeskError("数据库缺少系统账户，请升级数据库后重试")
    return Actor(op.id, op.name)


def actor_for(uow: UnitOfWork, operator_id: int) -> Actor:
    """The account as an actor (its roles and mediator filled); an inactive or reserved one
    is refused."""
    op = uow.read().get(Operator, operator_id)
    if op is None or not op.active or op.is_system:
        raise DeskError("账户不存在或已停用")
    return _actor(op)


def working_accounts(uow: UnitOfWork) -> list[Actor]:
    """The active accounts (the reserved "系统" row and look-alike duplicates excluded), by
    name: the command line's ``--operator`` chooses among them."""
    ops = [op for op in _accounts(uow.read()) if op.active and op.name_key is not None]
    return [_actor(op) for op in sorted(ops, key=lambda op: _name_order(op.name))]


def find_account(uow: UnitOfWork, name: str) -> Actor | None:
    """The active account called ``name`` (compared as account names are), or None."""
    op = _by_key(uow.read(), account_name_key(name))
    return _actor(op) if op is not None and op.active and not op.is_system else None


def needs_first_account(uow: UnitOfWork) -> bool:
    """True while no active account holds 系统管理员 with a password: the first start (or an
    upgraded centre whose operators have no passwords yet) then asks for one."""
    return not any(_is_admin(op) for op in _accounts(uow.read()))


def sign_in_names(uow: UnitOfWork) -> list[str]:
    """The active accounts that can sign in, by name, for the sign-in dialog's list."""
    return sorted((op.name for op in _accounts(uow.read()) if _signs_in(op)), key=_name_order)


def needs_password_change(uow: UnitOfWork) -> bool:
    """Whether the signed-in account must choose a new password now (set by an administrator
    or the command-line reset)."""
    op = uow.read().get(Operator, uow.actor.operator_id)
    return bool(op is not None and op.must_change_password)


# --- signing in --------------------------------------------------------------------------


def _audit(uow: UnitOfWork, actor: Actor, action: str, summary: str) -> None:
    """One audited event about an account, in ``actor``'s name."""
    history.append_entry(
        uow,
        entity=Entity.AUDIT,
        entity_id=actor.operator_id,
        action=action,
        summary=summary,
        actor=actor,
        notify=False,
    )


def _refuse(uow: UnitOfWork, refusal: SignInRefused) -> SignInRefused:
    """Keep the failure's record (and counters) before the refusal is raised: the unit of
    work rolls back what an error leaves uncommitted."""
    uow.commit()
    return refusal


def _attempt(
    uow: UnitOfWork,
    op: Operator | None,
    password: str,
    *,
    what: str,
    wrong: str = WRONG_NAME_OR_PASSWORD,
) -> Actor:
    """Check ``password`` for ``op`` (None: no such account; a row locked by the caller) with
    the slow-down; records the outcome. ``what`` is 登录, 解锁 or 修改密码 (the old password
    asked again); ``wrong`` is the refusal's message.

    The name typed for an unknown account is not recorded: it is often a password typed into
    the name box, and the history keeps it for ever."""
    now = uow.now().replace(microsecond=0)
    if op is None or not _signs_in(op):
        _spend_a_verification(password)
        if uow.db.read_only:
            raise SignInRefused(wrong)
        if op is None:
            _audit(uow, system_actor(uow), SIGN_IN_FAILED, f"{what}失败：未知账户名")
        else:
            why = "账户已停用" if not op.active else "账户未设置密码"
            _audit(uow, _actor(op), SIGN_IN_FAILED, f"{what}失败：{why}")
        raise _refuse(uow, SignInRefused(wrong))
    if op.blocked_until is not None and op.blocked_until > now:
        wait = max(1, math.ceil((op.blocked_until - now).total_seconds()))
        if not uow.db.read_only:
            _audit(uow, _actor(op), SIGN_IN_FAILED, f"{what}被拒绝：连续失败过多，需等待 {wait} 秒")
            uow.commit()
        raise SignInRefused(f"登录失败次数过多，请 {wait} 秒后再试", wait_seconds=wait)
    assert op.password_hash is not None
    if not _verify(op.password_hash, password):
        if uow.db.read_only:  # nothing can be recorded: refuse only
            raise SignInRefused(wrong)
        op.failed_attempts += 1
        wait = rules.wait_seconds_after(op.failed_attempts)
        op.blocked_until = now + dt.timedelta(seconds=wait) if wait else None
        note = f"，需等待 {wait} 秒后再试" if wait else ""
        _audit(
            uow,
            _actor(op),
            SIGN_IN_FAILED,
            f"{what}失败：密码不正确（连续第 {op.failed_attempts} 次）{note}",
        )
        if wait:
            message = f"{wrong}。失败次数过多，请 {wait} 秒后再试"
            raise _refuse(uow, SignInRefused(message, wait_seconds=wait))
        raise _refuse(uow, SignInRefused(wrong))
    actor = _actor(op)
    uow.act_as(actor)
    if uow.db.read_only:  # a damaged database opened to read: signed in, nothing recorded
        return actor
    if PASSWORD_HASHER.check_needs_rehash(op.password_hash):
        op.password_hash = PASSWORD_HASHER.hash(password)
    op.failed_attempts, op.blocked_until = 0, None
    if what == "登录":
        op.last_sign_in_at = now
        _audit(uow, actor, SIGN_IN, "登录")
    elif what == "解锁":
        _audit(uow, actor, UNLOCK, "解锁（输入密码继续使用）")
    return actor


def _begin(uow: UnitOfWork) -> Session:
    """Sign-in work needs no permission (nobody is signed in yet); it writes its record."""
    uow.as_system()
    return uow.read() if uow.db.read_only else uow.write()


def sign_in(uow: UnitOfWork, *, name: str, password: str) -> Actor:
    """The account ``name`` with ``password``, signed in (the unit of work acts as it from
    then on). Raises ``SignInRefused``: the same message whether the name or the password is
    wrong; after repeated failures the account waits (``wait_seconds``)."""
    s = _begin(uow)
    typed = normalize_account_name(name)[: rules.MAX_NAME_LENGTH]
    op = _by_key(s, account_name_key(name), lock=not uow.db.read_only) if typed else None
    if op is not None and op.is_system:
        op = None
    return _attempt(uow, op, password, what="登录")


def verify_for_unlock(uow: UnitOfWork, *, operator_id: int, password: str) -> Actor:
    """The idle lock's unlock: the locked account's password again. Failures count and are
    recorded as at sign-in."""
    s = _begin(uow)
    op = s.get(Operator, operator_id) if uow.db.read_only else _locked(s, operator_id)
    if op is not None and op.is_system:
        op = None
    return _attempt(uow, op, password, what="解锁")


def sign_out(uow: UnitOfWork) -> None:
    """Record that the signed-in account left."""
    actor = uow.actor
    if uow.db.read_only:
        return
    uow.as_system()
    _audit(uow, actor, SIGN_OUT, "退出登录")


def change_own_password(uow: UnitOfWork, *, old_password: str, new_password: str) -> None:
    """The signed-in account changes its own password (the old one is asked again); clears
    the 必须修改密码 flag. The old password is checked as at sign-in: failures count towards
    the slow-down and are recorded (a window left signed in is no way round it). Raises
    ``SignInRefused`` ("原密码不正确", or the wait) for a wrong old password."""
    actor = uow.actor
    uow.as_system()  # any signed-in account may: no permission
    s = uow.write()
    op = _locked(s, actor.operator_id)
    if op is None or not _signs_in(op):
        raise DeskError("账户不存在或已停用")
    _attempt(uow, op, old_password, what="修改密码", wrong="原密码不正确")
    if new_password == old_password:
        raise DeskError("新密码不能与原密码相同")
    op.password_hash = _checked_password(new_password, op.name)
    op.must_change_password = False
    history.record(
        uow,
        entity=Entity.OPERATOR,
        entity_id=op.id,
        action=CHANGE_PASSWORD,
        summary=f"修改密码：{op.name}",
    )


# --- the first administrator -------------------------------------------------------------


def create_first_account(
    uow: UnitOfWork,
    *,
    name: str,
    password: str,
    roles: frozenset[Role] = frozenset({Role.ADMIN, Role.DIRECTOR}),
) -> Actor:
    """The centre's first administrator (系统管理员 always among its roles), signed in.

    Refused once an administrator exists. On an upgraded centre whose operators have no
    password yet, an existing operator of the same name becomes the account (its history
    stays its own)."""
    uow.as_system()
    s = uow.write()
    if not needs_first_account(uow):
        raise DeskError("本中心已有系统管理员，请由系统管理员登录后新建账户")
    name, key = _checked_name(name)
    password_hash = _checked_password(password, name)
    roles = frozenset(roles) | {Role.ADMIN}
    op = _by_key(s, key)
    if op is not None and (op.is_system or op.password_hash is not None):
        raise DeskError(f"账户名“{name}”已被使用，请换一个")
    created = op is None
    if op is None:
        op = Operator(name=name, name_key=key, created_at=uow.now())
        s.add(op)
    op.active = True
    op.password_hash = password_hash
    op.roles = roles_to_str(roles)
    op.must_change_password = False
    op.failed_attempts, op.blocked_until = 0, None
    op.last_sign_in_at = uow.now().replace(microsecond=0)
    s.flush()
    actor = _actor(op)
    uow.act_as(actor)
    history.record(
        uow,
        entity=Entity.OPERATOR,
        entity_id=op.id,
        action=CREATE_ACCOUNT,
        summary=f"{'新建' if created else '启用'}首个系统管理员账户：{op.name}"
        f"（{roles_text(roles)}）",
        changes={"roles": roles_to_str(roles)},
    )
    _audit(uow, actor, SIGN_IN, "登录")
    return actor


# --- the administrator's account management ---------------------------------------------


def _mediator_name(s: Session, mediator_id: int | None) -> str | None:
    if mediator_id is None:
        return None
    m = s.get(Mediator, mediator_id)
    return m.name if m is not None else None


def _view(s: Session, op: Operator) -> AccountView:
    roles = roles_from_str(op.roles)
    return AccountView(
        id=op.id,
        name=op.name,
        roles=roles,
        roles_text=roles_text(roles),
        mediator_id=op.mediator_id,
        mediator_name=_mediator_name(s, op.mediator_id),
        active=op.active,
        has_password=op.password_hash is not None,
        last_sign_in_at=op.last_sign_in_at,
        must_change_password=op.must_change_password,
    )


def _check_roles(
    s: Session, roles: frozenset[Role], mediator_id: int | None, *, account: int
) -> None:
    if not roles:
        raise DeskError("请至少选择一个角色")
    if mediator_id is None:
        return
    m = s.get(Mediator, mediator_id)
    if m is None or not m.active:
        raise DeskError("所选调解员不存在或已停用")
    other = s.scalar(
        select(Operator.name).where(
            Operator.mediator_id == mediator_id, Operator.id != account, Operator.active.is_(True)
        )
    )
    if other:
        raise DeskError(f"调解员“{m.name}”已对应账户“{other}”，一位调解员只能对应一个账户")


@requires(Permission.ACCOUNTS)
def list_accounts(uow: UnitOfWork) -> list[AccountView]:
    """Every account, active first, by name (the reserved "系统" row is not one)."""
    s = uow.read()
    accounts = sorted(_accounts(s), key=lambda op: (not op.active, *_name_order(op.name)))
    return [_view(s, op) for op in accounts]


@requires(Permission.ACCOUNTS)
def create_account(
    uow: UnitOfWork,
    *,
    name: str,
    password: str,
    roles: frozenset[Role],
    mediator_id: int | None = None,
) -> AccountView:
    """A new account with a first password the person changes at their first sign-in."""
    s = uow.write()
    name, key = _checked_name(name)
    roles = frozenset(roles)
    _check_roles(s, roles, mediator_id, account=0)
    other = _by_key(s, key)
    if other is not None:
        same = "" if other.name == name else f"（与“{other.name}”视为同一名称）"
        raise DeskError(f"已有账户名“{name}”{same}，请换一个")
    password_hash = _checked_password(password, name)
    op = Operator(
        name=name,
        name_key=key,
        active=True,
        created_at=uow.now(),
        password_hash=password_hash,
        roles=roles_to_str(roles),
        mediator_id=mediator_id,
        must_change_password=True,
        failed_attempts=0,
    )
    s.add(op)
    s.flush()
    history.record(
        uow,
        entity=Entity.OPERATOR,
        entity_id=op.id,
        action=CREATE_ACCOUNT,
        summary=f"新建账户：{name}（{roles_text(roles)}）",
        changes={"roles": roles_to_str(roles), "mediator_id": mediator_id},
    )
    return _view(s, op)


@requires(Permission.ACCOUNTS)
def update_account(
    uow: UnitOfWork,
    *,
    account_id: int,
    roles: frozenset[Role],
    mediator_id: int | None,
    active: bool,
) -> AccountView:
    """Change an account's roles, mediator and whether it may work. Refused when it would
    leave the centre without an active administrator, or take 系统管理员 (or the account
    itself) away from the administrator doing it."""
    s = uow.write()
    _lock_accounts(s)
    op = _account(s, account_id)
    roles = frozenset(roles)
    me = uow.actor.operator_id == op.id
    stored = roles_from_str(op.roles)
    if me and not active:
        raise DeskError("不能停用当前登录的账户")
    if me and Role.ADMIN in stored and Role.ADMIN not in roles:
        raise DeskError("不能取消自己的系统管理员角色，请由另一位系统管理员办理")
    if me and Role.ADMIN not in stored and roles - stored:
        raise DeskError("不能给自己增加角色，请由系统管理员办理")
    if active:
        _check_roles(s, roles, mediator_id, account=op.id)
    elif not roles:
        roles = roles_from_str(op.roles)  # a deactivated account keeps what it had
    if active and op.name_key is None:
        raise DeskError("该账户与另一账户名称相同（升级时已停用），不能再启用，请新建账户")
    before = (roles_from_str(op.roles), op.mediator_id, op.active)
    op.roles, op.mediator_id, op.active = roles_to_str(roles), mediator_id, active
    s.flush()
    if not any(_is_admin(other) for other in _accounts(s)):
        raise DeskError("本中心需要至少一个可登录的系统管理员账户，此修改未保存")
    if before == (roles, mediator_id, active):
        return _view(s, op)
    if before[2] and not active:
        action, summary = DEACTIVATE_ACCOUNT, f"停用账户：{op.name}"
    elif active and not before[2]:
        action, summary = ACTIVATE_ACCOUNT, f"启用账户：{op.name}（{roles_text(roles)}）"
    else:
        action, summary = CHANGE_ROLES, f"修改角色：{op.name}（{roles_text(roles)}）"
    history.record(
        uow,
        entity=Entity.OPERATOR,
        entity_id=op.id,
        action=action,
        summary=summary,
        changes={
            "roles": [roles_to_str(before[0]), roles_to_str(roles)],
            "mediator_id": [before[1], mediator_id],
            "active": [before[2], active],
        },
    )
    return _view(s, op)


@requires(Permission.ACCOUNTS)
def set_password(
    uow: UnitOfWork, *, account_id: int, password: str, must_change: bool = True
) -> None:
    """The administrator sets (resets) an account's password; the slow-down is lifted. With
    ``must_change`` the person chooses their own at the next sign-in."""
    s = uow.write()
    op = _account(s, account_id)  # locked: a sign-in counting failures waits for the reset
    _reset_password(uow, op, password, must_change=must_change)


def _reset_password(uow: UnitOfWork, op: Operator, password: str, *, must_change: bool) -> None:
    op.password_hash = _checked_password(password, op.name)
    op.must_change_password = must_change
    op.failed_attempts, op.blocked_until = 0, None
    history.record(
        uow,
        entity=Entity.OPERATOR,
        entity_id=op.id,
        action=RESET_PASSWORD,
        summary=f"重置密码：{op.name}",
        changes={"must_change_password": must_change},
    )


def reset_password_offline(
    uow: UnitOfWork, *, name: str, password: str
) -> tuple[AccountView, bool]:
    """The command line's reset (``mediation-desk admin reset-password``), for a centre whose
    administrator forgot the password: no one is signed in. The account (``name``, or the
    only administrator when empty) gets ``password`` (to be changed at the next sign-in),
    its slow-down lifted; when no active administrator is left it becomes one. Returns the
    account and whether it was made administrator."""
    uow.as_system()
    s = uow.write()
    _lock_accounts(s)
    if name.strip():
        op = _by_key(s, account_name_key(name), lock=True)
        if op is None or op.is_system:
            raise DeskError(f"没有名为“{normalize_account_name(name)}”的账户")
    else:
        admins = [o for o in _accounts(s) if o.active and Role.ADMIN in roles_from_str(o.roles)]
        if len(admins) != 1:
            names = "、".join(o.name for o in admins) or "无"
            raise DeskError(f"请用 --name 指定账户（现有系统管理员：{names}）")
        op = admins[0]
    if op.name_key is None:
        raise DeskError("该账户与另一账户名称相同（升级时已停用），请指定另一账户")
    uow.act_as(system_actor(uow))
    _reset_password(uow, op, password, must_change=True)
    before, was_active = roles_from_str(op.roles), op.active
    op.active = True
    s.flush()
    if not any(_is_admin(o) for o in _accounts(s)):  # only when no administrator is left
        op.roles = roles_to_str(before | {Role.ADMIN})
    made_admin = Role.ADMIN in roles_from_str(op.roles) and Role.ADMIN not in before
    if made_admin:
        history.record(
            uow,
            entity=Entity.OPERATOR,
            entity_id=op.id,
            action=CHANGE_ROLES,
            summary=f"命令行恢复系统管理员：{op.name}（{roles_text(roles_from_str(op.roles))}）",
            changes={"roles": [roles_to_str(before), op.roles], "active": [was_active, True]},
        )
    elif not was_active:
        history.record(
            uow,
            entity=Entity.OPERATOR,
            entity_id=op.id,
            action=ACTIVATE_ACCOUNT,
            summary=f"命令行启用账户：{op.name}（{roles_text(before)}）",
            changes={"active": [False, True]},
        )
    s.flush()
    return _view(s, op), made_admin


# --- the demo centre ---------------------------------------------------------------------

#: The demo centre's accounts, one per role (name, password, roles); the demo's sign-in
#: screen shows them. A real centre never has a default password.
DEMO_ACCOUNTS: list[tuple[str, str, frozenset[Role]]] = [
    ("演示登记员", "demo-1234", frozenset({Role.CLERK})),
    ("演示调解员", "demo-1234", frozenset({Role.MEDIATOR})),
    ("演示中心主任", "demo-1234", frozenset({Role.DIRECTOR})),
    ("演示管理员", "demo-1234", frozenset({Role.ADMIN})),
]


def add_demo_accounts(uow: UnitOfWork, *, mediator_id: int | None) -> list[Actor]:
    """Create ``DEMO_ACCOUNTS`` (the 调解员 one as ``mediator_id``) and mark the centre as the
    demo; for the demo loader, in its system pass."""
    s = uow.write()
    actors = []
    for name, password, roles in DEMO_ACCOUNTS:
        op = Operator(
            name=name,
            name_key=account_name_key(name),
            active=True,
            created_at=uow.now(),
            password_hash=PASSWORD_HASHER.hash(password),
            roles=roles_to_str(roles),
            mediator_id=mediator_id if Role.MEDIATOR in roles else None,
        )
        s.add(op)
        s.flush()
        actors.append(_actor(op))
        history.record(
            uow,
            actor=actors[-1],
            entity=Entity.OPERATOR,
            entity_id=op.id,
            action=CREATE_ACCOUNT,
            summary=f"新建演示账户：{name}（{roles_text(roles)}）",
        )
    centre = s.scalar(select(Centre).order_by(Centre.id).limit(1))
    if centre is None:
        raise DeskError("演示中心尚未建立")
    centre.is_demo = True
    return actors


def demo_accounts(uow: UnitOfWork) -> list[tuple[str, str, str]]:
    """(name, password, roles_text) of the demo accounts still active, when this centre is
    the generated demo centre; [] for a real centre."""
    s = uow.read()
    centre = s.scalar(select(Centre).order_by(Centre.id).limit(1))
    if centre is None or not centre.is_demo:
        return []
    shown = []
    for name, password, roles in DEMO_ACCOUNTS:
        op = _by_key(s, account_name_key(name))
        if op is not None and _signs_in(op):
            shown.append((name, password, roles_text(roles_from_str(op.roles) or roles)))
    return shown
