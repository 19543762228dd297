"""The Ministry of Justice dispute-type catalogue used for statistics (domain.md §4).

Seeded into the ``dispute_type`` table; a centre may add its own rows there. Codes are stable;
a new catalogue version adds rows with a new ``CATALOG_VERSION`` instead of renaming codes.
"""

from __future__ import annotations

from typing import NamedTuple

CATALOG_VERSION = "司法部2024"


class DisputeTypeSpec(NamedTuple):
    code: str
    name: str
    parent_code: str | None = None


CATALOG: tuple[DisputeTypeSpec, ...] = (
    DisputeTypeSpec("marriage_family", "婚姻家庭"),
    DisputeTypeSpec("neighbour", "邻里"),
    DisputeTypeSpec("housing_homestead", "房屋宅基地"),
    DisputeTypeSpec("contract", "合同"),
    DisputeTypeSpec("production_business", "生产经营"),
    DisputeTypeSpec("damages", "损害赔偿"),
    DisputeTypeSpec("forest_land", "山林土地"),
    DisputeTypeSpec("land_requisition", "征地拆迁"),
    DisputeTypeSpec("environment", "环境污染"),
    DisputeTypeSpec("labour", "劳动争议"),
    DisputeTypeSpec("labour_wage_arrears", "拖欠农民工工资", "labour"),
    DisputeTypeSpec("labour_other", "其他劳动争议", "labour"),
    DisputeTypeSpec("consumer", "消费"),
    DisputeTypeSpec("consumer_travel", "旅游消费", "consumer"),
    DisputeTypeSpec("consumer_ecommerce", "电子商务消费", "consumer"),
    DisputeTypeSpec("consumer_other", "其他消费", "consumer"),
    DisputeTypeSpec("medical", "医疗"),
    DisputeTypeSpec("traffic_accident", "道路交通事故"),
    DisputeTypeSpec("property_management", "物业"),
    DisputeTypeSpec("ip", "知识产权"),
    DisputeTypeSpec("internet", "互联网"),
    DisputeTypeSpec("other", "其他"),
)


def report_name(name: str) -> str:
    """Categories read '……纠纷' in reports: 邻里 -> 邻里纠纷."""
    return name if name.endswith("纠纷") else f"{name}纠纷"
