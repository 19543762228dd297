"""Roles and what each may do: the permission matrix, kept as data.

An account holds one or more roles (a township centre's only worker may be 调解员, 中心主任 and
系统管理员 at once); what it may do is the union of its roles' permissions. The core checks the
acting account's permission in every mutating service (``services.permissions.requires``), so
a screen that forgot to hide a button still cannot do what the role may not.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    MEDIATOR = "mediator"
    DIRECTOR = "director"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "登记员",
    Role.MEDIATOR: "调解员",
    Role.DIRECTOR: "中心主任",
    Role.ADMIN: "系统管理员",
}


class Permission(StrEnum):
    REGISTER = "register"  # 登记受理、更正登记信息、关联案件
    ROUTE = "route"  # 分流、转出、转回
    SCHEDULE = "schedule"  # 预约调解室、改期、到场签到
    MEDIATE = "mediate"  # 调解过程：笔录、调查、结果、协议、签名、生成文书、时限延长申请
    CONFIRM = "confirm"  # 司法确认材料与法院进度
    FOLLOW_UP = "follow_up"  # 回访与回手
    CASE_FILE = "case_file"  # 卷宗附件
    ARCHIVE = "archive"  # 归档与解除归档
    SUPERVISE = "supervise"  # 督办、绩效、延期审批
    SETTINGS = "settings"  # 中心、调解组织、调解员、调解室、节假日、文书、时限、回访、保管期限设置
    ACCOUNTS = "accounts"  # 账户与角色
    BACKUP = "backup"  # 备份与恢复
    AUDIT = "audit"  # 操作审计（查看与导出）
    STATISTICS = "statistics"  # 统计报表的导出（查看统计不需要权限）
    VIEW_ALL_IDS = "view_all_ids"  # 查看任一案件的完整证件号码
    VIEW_OWN_IDS = "view_own_ids"  # 查看本人承办案件的完整证件号码

    @property
    def label(self) -> str:
        return PERMISSION_LABELS[self]


PERMISSION_LABELS: dict[Permission, str] = {
    Permission.REGISTER: "登记受理",
    Permission.ROUTE: "分流",
    Permission.SCHEDULE: "预约与签到",
    Permission.MEDIATE: "调解办理",
    Permission.CONFIRM: "司法确认",
    Permission.FOLLOW_UP: "回访",
    Permission.CASE_FILE: "卷宗材料",
    Permission.ARCHIVE: "归档",
    Permission.SUPERVISE: "督办与绩效",
    Permission.SETTINGS: "中心设置",
    Permission.ACCOUNTS: "账户管理",
    Permission.BACKUP: "备份与恢复",
    Permission.AUDIT: "操作审计",
    Permission.STATISTICS: "统计报表",
    Permission.VIEW_ALL_IDS: "查看完整证件号码",
    Permission.VIEW_OWN_IDS: "查看本人案件的完整证件号码",
}

P = Permission

#: The permission matrix. The administrator keeps the system (accounts, settings, backups,
#: audit) and works no cases; the director may do all case work and sees every ID number; a
#: mediator works cases and sees the full ID numbers of the cases assigned to them only.
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({P.REGISTER, P.ROUTE, P.SCHEDULE, P.FOLLOW_UP, P.CASE_FILE}),
    Role.MEDIATOR: frozenset(
        {
            P.REGISTER,
            P.SCHEDULE,
            P.MEDIATE,
            P.CONFIRM,
            P.FOLLOW_UP,
            P.CASE_FILE,
            P.VIEW_OWN_IDS,
        }
    ),
    Role.DIRECTOR: frozenset(set(Permission) - {P.ACCOUNTS, P.VIEW_OWN_IDS}),
    Role.ADMIN: frozenset({P.ACCOUNTS, P.SETTINGS, P.BACKUP, P.AUDIT, P.STATISTICS}),
}

ALL_ROLES: frozenset[Role] = frozenset(Role)


def permissions_of(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= MATRIX[role]
    return frozenset(granted)


def roles_text(roles: Iterable[Role]) -> str:
    """ "调解员、中心主任" in the matrix's order."""
    chosen = set(roles)
    return "、".join(r.label for r in Role if r in chosen) or "无角色"


def roles_to_str(roles: Iterable[Role]) -> str:
    """How roles are stored: their codes, comma-separated, in the matrix's order."""
    chosen = set(roles)
    return ",".join(r.value for r in Role if r in chosen)


def roles_from_str(text: str) -> frozenset[Role]:
    known = {r.value: r for r in Role}
    return frozenset(known[code] for code in text.split(",") if code in known)


def who_may(permission: Permission) -> str:
    """The roles that hold ``permission``, for the refusal message."""
    return roles_text(role for role, granted in MATRIX.items() if permission in granted)


def refusal(roles: Iterable[Role], permission: Permission) -> str | None:
    """None when ``roles`` may do ``permission``; otherwise why not, in Chinese."""
    roles = frozenset(roles)
    if permission in permissions_of(roles):
        return None
    return (
        f"当前账户（{roles_text(roles)}）无权进行“{permission.label}”，"
        f"请由{who_may(permission)}办理。"
    )
