"""No control character reaches the database, whichever screen or command typed it.

Intake and the agreement editor check their drafts first and show an error beside the field
(``domain.validation.text``); this is the net under every other text a user types — unit and
mediator names, the committee name and seal text, notes, reasons. Each text attribute of each
table checks what it is given as it is set: a value holding a control character raises
``TextRefused`` (Chinese, naming the field), so the service stops and its unit of work rolls
back — nothing of the action is saved, and nothing saved before is touched. What passes is
tidied: line breaks as "\\n" in multi-line columns, invisible format characters (zero-width
space, BOM…) removed from single-line ones, so a look-alike name is the same name.

``Text`` columns, and ``String`` columns marked ``info={"multiline": True}``, hold several
lines; other ``String`` columns are single lines. A column's ``info={"label": "…"}`` (or the
table below) names it in the message.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Enum, String, Text, event
from sqlalchemy.orm import Mapper
from sqlalchemy.sql.elements import NamedColumn

from ..domain.validation.text import control_character, refusal_message, tidy_text
from ..errors import TextRefused

#: How the screens call the columns a user types into outside intake and the agreement.
LABELS: dict[tuple[str, str], str] = {
    ("operator", "name"): "操作员姓名",
    ("mediator", "name"): "调解员姓名",
    ("handling_unit", "name"): "调解组织名称",
    ("centre", "name"): "调解中心名称",
    ("dispute_type", "name"): "纠纷类型名称",
    ("document_settings", "committee_name"): "调解委员会名称",
    ("document_settings", "seal_text"): "印章文字",
    ("document_settings", "default_court"): "默认法院",
    ("document_settings", "place"): "调解地点",
    ("document_settings", "font_path"): "字体文件",
    ("room", "name"): "调解室名称",
    ("mediation_case", "outcome_note"): "终止调解说明",
    ("mediation_case", "returned_materials"): "退回材料",
}
#: Labels by column name alone, for the columns not named above.
COLUMN_LABELS = {
    "name": "名称",
    "note": "备注",
    "reason": "理由",
    "address": "地址",
    "phone": "电话",
    "place": "地点",
    "title": "标题",
    "measures": "措施",
    "next_step": "下一步安排",
}


def field_label(column: NamedColumn[Any]) -> str:
    """The Chinese name of a column for a message ("" when none is known)."""
    label = column.info.get("label")
    if isinstance(label, str):
        return label
    table = getattr(column.table, "name", "")
    return LABELS.get((table, column.name)) or COLUMN_LABELS.get(column.name, "")


def _checker(multiline: bool, column: NamedColumn[Any]) -> Any:
    def check(_target: Any, value: Any, _old: Any, _initiator: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = tidy_text(value, multiline=multiline)
        if control_character(value, multiline=multiline) is not None:
            label = field_label(column)
            raise TextRefused(refusal_message(label), label)
        return value

    return check


def _guard_mapper(mapper: Mapper[Any], _class: type) -> None:
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        column_type = column.type
        if isinstance(column_type, String) and not isinstance(column_type, Enum):
            multiline = isinstance(column_type, Text) or bool(column.info.get("multiline"))
            event.listen(prop.class_attribute, "set", _checker(multiline, column), retval=True)


def install(base: type) -> None:
    """Guard the text attributes of every table mapped on ``base`` (when it is configured)."""
    event.listen(base, "mapper_configured", _guard_mapper, propagate=True)
