"""What each kind of history entry is called where a person reads it.

``history_entry.action`` holds a short code written by the services (``book``, ``move``,
``agreement_sign``…); the case window's history, the audit viewer, its filter and its Excel
export show the Chinese name from here. A test reads the core's source for every code the
services write and checks each has a name, so a new action cannot reach the screen raw.
"""

from __future__ import annotations

#: Code → Chinese name, grouped by what the action concerns.
ACTION_NAMES: dict[str, str] = {
    # the case
    "register": "登记",
    "correct": "更正登记",
    "status": "状态变更",
    "route": "分流/移送",
    "link": "关联案件",
    "extend_time_limit": "延长期限",
    # sessions (the session log's kinds too: ``domain.sessions.EventKind``)
    "book": "预约调解",
    "move": "改期/换室",
    "override": "特批越规",
    "arrived": "当事人签到",
    "started": "开始调解",
    "finished": "调解结束",
    "no_show": "未到场",
    "cancelled": "取消场次",
    "mediator": "确定承办调解员",
    # records, agreement, documents
    "minutes": "调解记录",
    "investigation": "调查记录",
    "investigation_delete": "删除调查记录",
    "agreement_create": "起草协议",
    "agreement_update": "修改协议",
    "agreement_sign": "签名盖章",
    "agreement_unsign": "撤销签名",
    "document": "生成文书",
    # judicial confirmation and the court
    "confirmation_material": "司法确认材料",
    "confirmation_court": "确定受理法院",
    "confirmation_applied": "申请司法确认",
    "confirmation_scope": "司法确认范围",
    "court_submitted": "提交司法确认申请",
    "court_acceptance": "法院受理情况",
    "court_ruling": "法院裁定",
    # performance and follow-up visits
    "performance_mark": "登记履行",
    "follow_up_plan": "安排回访",
    "follow_up_cancel": "取消回访",
    "follow_up_visit": "登记回访",
    "follow_up_policy": "回访规则",
    # supervision
    "supervision_issued": "下达督办",
    "supervision_replied": "回复督办",
    # the case file
    "attachment": "添加附件",
    "attachment_removed": "移除附件",
    "archive": "归档",
    "unarchive": "解除归档",
    "retention_rule": "保管期限规则",
    # the centre's settings
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "save": "保存",
    "profile": "调解员排期资料",
    "leave": "登记请假",
    "leave_removed": "取消请假",
    "closure": "调解室停用",
    "closure_removed": "取消调解室停用",
    "targets": "办理时限目标",
    "place_add": "新增村（社区）",
    "place_update": "修改村（社区）",
    "place_move": "调整村（社区）顺序",
    # accounts and audited events
    "reveal_id": "查看完整证件号",
    "export": "导出",
    "sign_in": "登录",
    "sign_out": "退出登录",
    "sign_in_failed": "登录失败",
    "unlock": "解锁",
    "create_account": "新建账户",
    "change_roles": "修改角色",
    "deactivate_account": "停用账户",
    "activate_account": "启用账户",
    "reset_password": "重置密码",
    "change_password": "修改密码",
    "backup": "备份",
    "restore": "恢复",
    "restore_backup": "从备份恢复",
    "rebuild_stats": "重算统计数据",
}

#: What an unknown code (written by a newer version, or by hand) shows as: never the raw code.
UNKNOWN_ACTION = "其他操作"


def action_name(code: str) -> str:
    """The Chinese name of a history action code."""
    return ACTION_NAMES.get(code, UNKNOWN_ACTION)
