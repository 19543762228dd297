"""Every mutating service checks the acting account's permission, for every role.

The matrix: each ``@requires`` service (``GUARDED``) is called by an account holding one role;
it is refused (``PermissionDenied``, nothing written) exactly when the role lacks the service's
permission, and otherwise gets past the check (dummy arguments may then fail in the body). The
completeness scan: no public service in ``mediation_desk/services`` that writes (or calls a
guarded service) is left without ``@requires``, except the short list below. Then the checks
that depend on the data: the case's moves (``EVENT_PERMISSION``) and the full ID number.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import mediation_desk.services as services_package
from mediation_desk.db.database import Database
from mediation_desk.db.models import Case, HistoryEntry, Operator
from mediation_desk.domain.actor import Actor
from mediation_desk.domain.case_flow import EVENT_PERMISSION, CaseEvent
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.domain.roles import MATRIX, Permission, Role
from mediation_desk.errors import PermissionDenied
from mediation_desk.services import accounts
from mediation_desk.services.audit import REVEAL_ID, reveal_id_number
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.follow_ups import hui_shou
from mediation_desk.services.intake import register_case
from mediation_desk.services.permissions import GUARDED, Guarded
from tests.conftest import Centre, open_database, seed_centre
from tests.desk import add_account, run, writing
from tests.factories import two_party_draft

SERVICES = Path(services_package.__file__).parent
for _module in pkgutil.iter_modules([str(SERVICES)]):  # every decorator registered
    importlib.import_module(f"mediation_desk.services.{_module.name}")

ENTRIES = sorted(GUARDED.values(), key=lambda g: g.name)


def history_count(db: Database) -> int:
    with writing(db) as s:  # a fresh transaction: sees every commit so far
        return s.scalar(select(func.count()).select_from(HistoryEntry)) or 0


def only(db: Database, role: Role, mediator_id: int | None = None) -> Actor:
    """A real account holding just ``role`` (as ``mediator_id``), made on first use: the
    checks read the account as stored, so a copy of another actor with other roles would not
    do. The mediator is set on the row directly (it may be one that does not exist)."""
    name = f"矩阵{role.value}{mediator_id or 0}"
    found = run(db, accounts.find_account, name)
    if found is not None:
        return found
    actor = add_account(db, name, roles=frozenset({role}))
    with writing(db) as s:
        op = s.get(Operator, actor.operator_id)
        assert op is not None
        op.mediator_id = mediator_id
    return replace(actor, mediator_id=mediator_id)


@pytest.fixture(scope="module")
def matrix_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Centre]]:
    """One seeded centre for the whole matrix (a few hundred calls, each its own action)."""
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'm.db'}")
    yield db, seed_centre(db)
    db.dispose()


def dummy_arguments(entry: Guarded, folder: Path) -> tuple[list[Any], dict[str, Any]]:
    """Values for the service's required parameters: the check runs before any of them is
    looked at; an allowed call may then fail on them, which is fine here."""
    by_type: dict[str, Any] = {"int": 999_999, "str": "测试", "bool": False, "Path": folder}
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    params = list(inspect.signature(entry.call).parameters.values())[1:]  # after uow
    for p in params:
        if p.default is not inspect.Parameter.empty or p.kind is p.VAR_KEYWORD:
            continue
        value = by_type.get(str(p.annotation).split("|")[0].strip())
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    return args, kwargs


def test_the_matrix_knows_the_services() -> None:
    """The decorator found its services: at least one per permission the core enforces."""
    assert len(GUARDED) >= 60
    enforced = {g.permission for g in GUARDED.values()}
    assert enforced >= set(Permission) - {
        Permission.ACCOUNTS,  # services/accounts.py (the accounts branch)
        Permission.VIEW_ALL_IDS,  # data-dependent: reveal_id_number, tested below
        Permission.VIEW_OWN_IDS,
    }


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda g: g.name.removeprefix("mediation_desk."))
def test_each_role_is_refused_exactly_what_it_may_not_do(
    matrix_centre: tuple[Database, Centre], entry: Guarded, role: Role, tmp_path: Path
) -> None:
    db, centre = matrix_centre
    actor = only(db, role, centre.mediator_id)
    args, kwargs = dummy_arguments(entry, tmp_path)
    before = history_count(db)
    call: Callable[..., object] = entry.call
    if entry.permission in MATRIX[role]:
        try:
            run(db, call, *args, actor=actor, **kwargs)
        except PermissionDenied as error:  # pragma: no cover - the failure itself
            pytest.fail(f"{role.label} was refused {entry.name}: {error.message}")
        except Exception:
            pass
        return
    with pytest.raises(PermissionDenied) as refused:
        run(db, call, *args, actor=actor, **kwargs)
    assert refused.value.permission is entry.permission
    assert role.label in refused.value.message and entry.permission.label in refused.value.message
    assert history_count(db) == before


# --- completeness: no writing service without its check ----------------------------------

#: Public functions in services/ that write but carry no ``@requires``, and why. Each kind is
#: checked below: the system's call ``uow.as_system()``, the self-checking ``uow.require``.
INTERNAL = {
    # rows other services write as part of their own (checked) action
    "history.record",
    "history.record_status",
    "history.append_entry",
    "audit.audit_event",  # the audited event; its callers check (reveal, export, sign-in)
    "session_actions.session_event",  # the session's own log (booking, session_actions)
    "follow_up_tasks.sync_tasks",  # planned visits follow the agreement and the case's moves
    "performance.sync_schedule",  # the payment schedule follows the agreement
    "accounts.add_demo_accounts",  # part of the demo's load (demo/loader.py, a system pass)
    "backup_jobs.restore_and_record",  # restore_in_place (BACKUP), the CLI, the damaged file
}
SELF_CHECKING = {
    "case_flow.apply_event",  # EVENT_PERMISSION of the event (回手 goes through it)
    "audit.reveal_id_number",  # VIEW_ALL_IDS, or VIEW_OWN_IDS on the mediator's own cases
}
SYSTEM = {  # start-up upkeep, under uow.as_system()
    "startup.prepare_database",
    "reference.ensure_reference_data",
    "time_limits.fill_missing_time_limits",
    "search_index.rebuild_outdated_tokens",
    "backup_jobs.back_up_automatically",  # the daily and at-exit backups, whoever is signed in
}
#: Who is signing in is proved by the password, not by a role: these pass as the system and
#: check the account themselves (the first account only while no administrator exists; the
#: offline reset only on the machine that holds the data).
SIGN_IN_WORK = {
    "accounts.sign_in",
    "accounts.verify_for_unlock",
    "accounts.sign_out",
    "accounts.change_own_password",
    "accounts.create_first_account",
    "accounts.reset_password_offline",
}
#: The refusal of a damaged database at start-up offers the latest good backup before anyone
#: can sign in (the damaged file is kept aside, nothing is lost).
BEFORE_SIGN_IN = {
    "restore_offer.restore_latest",
    "backup_jobs.restore_latest_good_backup",
}
OWNED_ELSEWHERE: set[str] = set()
ALLOWLIST = INTERNAL | SELF_CHECKING | SYSTEM | SIGN_IN_WORK | BEFORE_SIGN_IN | OWNED_ELSEWHERE

WRITING_CALLS = {"record", "record_status", "move_case", "audit_event", "append_history"}


class _Module:
    def __init__(self, path: Path) -> None:
        self.name = path.stem
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.functions = {n.name: n for n in self.tree.body if isinstance(n, ast.FunctionDef)}
        self.imports: dict[str, tuple[str, str | None]] = {}  # local name -> (module, name)
        for node in ast.walk(self.tree):  # function-level imports too (they load on demand)
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for alias in node.names:
                    local = alias.asname or alias.name
                    if node.module is None:
                        self.imports[local] = (alias.name, None)
                    else:
                        self.imports[local] = (node.module, alias.name)


def _scan() -> tuple[dict[str, ast.FunctionDef], set[str]]:
    """Every top-level function of services/ by "module.name", and those that write or reach
    a guarded service (directly, or through any function of services/ that does)."""
    modules = [_Module(p) for p in sorted(SERVICES.glob("*.py"))]
    functions: dict[str, ast.FunctionDef] = {}
    direct: set[str] = set()
    calls: dict[str, set[str]] = {}
    for m in modules:
        for name, fn in m.functions.items():
            key = f"{m.name}.{name}"
            functions[key] = fn
            calls[key] = set()
            if _decorated(fn):
                direct.add(key)
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                f = node.func
                if isinstance(f, ast.Attribute):
                    if (f.attr == "write" and not node.args) or f.attr in WRITING_CALLS:
                        direct.add(key)
                    if isinstance(f.value, ast.Name):
                        target = m.imports.get(f.value.id)
                        if target and target[1] is None:
                            calls[key].add(f"{target[0]}.{f.attr}")
                elif isinstance(f, ast.Name):
                    if f.id in WRITING_CALLS:
                        direct.add(key)
                    if f.id in m.functions:
                        calls[key].add(f"{m.name}.{f.id}")
                    elif f.id in m.imports and m.imports[f.id][1]:
                        module, name = m.imports[f.id]
                        calls[key].add(f"{module}.{name}")
    sensitive = set(direct)
    grown = True
    while grown:
        grown = False
        for key, callees in calls.items():
            if key not in sensitive and callees & sensitive:
                sensitive.add(key)
                grown = True
    return functions, sensitive


def _decorated(fn: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "requires"
        for d in fn.decorator_list
    )


def _calls(fn: ast.FunctionDef, attr: str) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == attr
        for n in ast.walk(fn)
    )


def _calls_name(fn: ast.FunctionDef, name: str) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
        for n in ast.walk(fn)
    )


def test_every_public_writing_service_is_guarded_or_listed() -> None:
    functions, sensitive = _scan()
    public = {k for k in sensitive if not k.split(".")[1].startswith("_")}
    unguarded = sorted(k for k in public if not _decorated(functions[k]) and k not in ALLOWLIST)
    assert not unguarded, f"writes without @requires(...) (or add to the allowlist): {unguarded}"
    assert set(functions) >= ALLOWLIST, "the allowlist names a function that is gone"
    assert not {k for k in ALLOWLIST if _decorated(functions[k])}, "listed but decorated"


def test_the_allowlisted_check_themselves_or_pass_as_the_system() -> None:
    functions, _ = _scan()
    for key in SYSTEM:
        assert _calls(functions[key], "as_system"), key
    for key in SELF_CHECKING:
        assert _calls(functions[key], "require"), key
    for key in SIGN_IN_WORK:
        fn = functions[key]
        assert _calls(fn, "as_system") or _calls_name(fn, "_begin"), key


def test_the_scan_sees_what_the_decorator_registered() -> None:
    """The AST scan and the registry agree: a decorated function is one GUARDED knows."""
    functions, _ = _scan()
    scanned = {f"mediation_desk.services.{k}" for k, fn in functions.items() if _decorated(fn)}
    services = {name for name in GUARDED if name.startswith("mediation_desk.services.")}
    assert scanned == services  # (a test may decorate a function of its own)


# --- the checks that depend on the data ----------------------------------------------------


def test_every_move_has_its_permission_and_the_services_agree() -> None:
    assert set(EVENT_PERMISSION) == set(CaseEvent)
    services = "mediation_desk.services."
    for event, service in (
        (CaseEvent.START, "session_actions.start_session"),
        (CaseEvent.AGREEMENT_EFFECTIVE, "agreements.record_signature"),
        (CaseEvent.AGREEMENT_LAPSED, "agreements.remove_signature"),
        (CaseEvent.ARCHIVE, "case_file.archive_case"),
        (CaseEvent.UNARCHIVE, "case_file.unlock_case"),
        (CaseEvent.ROUTE_OUT, "cases.route_case"),
        (CaseEvent.ROUTE_BACK, "cases.route_case"),
        (CaseEvent.FOLLOW_UP_REOPEN, "follow_ups.hui_shou"),
    ):
        assert GUARDED[services + service].permission is EVENT_PERMISSION[event], event


def _closed_case(db: Database, centre: Centre) -> int:
    case_id = run(db, register_case, two_party_draft(centre.street_unit_id), actor=centre.actor).id
    run(db, move_case, case_id=case_id, event=CaseEvent.WITHDRAW, actor=centre.actor)
    run(db, move_case, case_id=case_id, event=CaseEvent.CLOSE, actor=centre.actor)
    return case_id


def test_the_moves_check_their_own_permission(db: Database, centre: Centre) -> None:
    case_id = _closed_case(db, centre)
    mediator, clerk, director = (only(db, r) for r in (Role.MEDIATOR, Role.CLERK, Role.DIRECTOR))
    before = history_count(db)
    # 撤销结案 is the director's, though the mediator may move a case otherwise
    with pytest.raises(PermissionDenied, match="督办与绩效") as refused:
        run(
            db,
            move_case,
            case_id=case_id,
            event=CaseEvent.REOPEN_CLOSED,
            note="误点结案",
            actor=mediator,
        )
    assert refused.value.permission is Permission.SUPERVISE
    # the clerk moves no case by hand (终止、撤回、结案 are the mediator's)
    with pytest.raises(PermissionDenied, match="调解办理"):
        run(
            db,
            move_case,
            case_id=case_id,
            event=CaseEvent.REOPEN_CLOSED,
            note="误点结案",
            actor=clerk,
        )
    assert history_count(db) == before
    back = run(
        db,
        move_case,
        case_id=case_id,
        event=CaseEvent.REOPEN_CLOSED,
        note="误点结案",
        actor=director,
    )
    assert back.status is CaseStatus.WITHDRAWN


def test_hui_shou_needs_the_visit_permission_not_the_mediators(
    db: Database, centre: Centre
) -> None:
    case_id = _closed_case(db, centre)
    with pytest.raises(PermissionDenied, match="回访"):
        run(db, hui_shou, case_id, "当事人反映未履行", actor=only(db, Role.ADMIN))
    again = run(db, hui_shou, case_id, "当事人反映未履行", actor=only(db, Role.CLERK))
    assert again.status is CaseStatus.IN_MEDIATION


def _case_of(db: Database, centre: Centre, mediator_id: int | None) -> int:
    case_id = run(db, register_case, two_party_draft(centre.street_unit_id), actor=centre.actor).id
    with writing(db) as s:
        case = s.get(Case, case_id)
        assert case is not None
        case.mediator_id = mediator_id
    return case_id


def _reveals(db: Database, case_id: int) -> int:
    """The audited full-ID views of the case."""
    with writing(db) as s:
        q = select(func.count()).where(
            HistoryEntry.action == REVEAL_ID, HistoryEntry.case_id == case_id
        )
        return s.scalar(q) or 0


def test_the_full_id_number_of_an_own_case_only(db: Database, centre: Centre) -> None:
    mine = _case_of(db, centre, centre.mediator_id)
    unassigned = _case_of(db, centre, None)
    mediator = only(db, Role.MEDIATOR, centre.mediator_id)
    run(db, reveal_id_number, case_id=mine, whose="张三", actor=mediator)
    assert _reveals(db, mine) == 1  # allowed, and audited
    other = only(db, Role.MEDIATOR, centre.mediator_id + 1000)
    no_mediator = only(db, Role.MEDIATOR, None)
    refused = {role: only(db, role) for role in (Role.CLERK, Role.ADMIN)}
    before = history_count(db)
    for actor, case_id in (
        (other, mine),  # another mediator's case
        (mediator, unassigned),  # no mediator yet: not anyone's own case
        (no_mediator, mine),  # an account that is no mediator
    ):
        with pytest.raises(PermissionDenied, match="本人承办案件"):
            run(db, reveal_id_number, case_id=case_id, whose="张三", actor=actor)
    for role in (Role.CLERK, Role.ADMIN):
        with pytest.raises(PermissionDenied, match="查看本人案件的完整证件号码"):
            run(db, reveal_id_number, case_id=mine, actor=refused[role])
    assert history_count(db) == before  # a refusal records nothing
    director = only(db, Role.DIRECTOR)
    run(db, reveal_id_number, case_id=unassigned, whose="李四", actor=director)
    run(db, reveal_id_number, case_id=mine, actor=director)
    assert (_reveals(db, mine), _reveals(db, unassigned)) == (2, 1)


def test_a_system_pass_skips_the_check_but_a_plain_write_fails_in_tests(db: Database) -> None:
    """The tests run strict: a write no check came before is a bug, caught here."""
    from mediation_desk.db.unit_of_work import UnitOfWork

    assert UnitOfWork.strict_permissions
    with UnitOfWork(db) as uow, pytest.raises(RuntimeError, match="permission check"):
        uow.write()
    with UnitOfWork(db) as uow:
        uow.as_system()
        uow.require(Permission.ACCOUNTS)  # no account at all, and still allowed
        uow.write()
