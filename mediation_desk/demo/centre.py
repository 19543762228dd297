"""The synthetic district centre all demo cases belong to: its units and mediators."""

from __future__ import annotations

from dataclasses import dataclass

from mediation_desk.domain.enums import MediatorKind, UnitKind

__all__ = ["DemoCentre", "DemoMediator", "DemoUnit", "demo_centre"]


@dataclass(frozen=True)
class DemoUnit:
    """A handling unit of the demo centre; ``number_format`` uses ``{year}`` and ``{seq}``."""

    key: str
    name: str
    kind: UnitKind
    number_format: str


@dataclass(frozen=True)
class DemoMediator:
    key: str
    name: str
    kind: MediatorKind
    unit_key: str


@dataclass(frozen=True)
class DemoCentre:
    name: str
    units: list[DemoUnit]
    mediators: list[DemoMediator]
    operators: list[str]


def demo_centre() -> DemoCentre:
    """The synthetic district centre all demo cases belong to."""
    u = UnitKind
    units = [
        DemoUnit(
            "intake", "越城区矛调中心综合受理窗口", u.INTAKE_DESK, "（{year}）越城矛调登字第{seq}号"
        ),
        DemoUnit(
            "fushan", "府山街道人民调解委员会", u.STREET_COMMITTEE, "（{year}）府山人调字第{seq}号"
        ),
        DemoUnit(
            "tashan", "塔山街道人民调解委员会", u.STREET_COMMITTEE, "（{year}）塔山人调字第{seq}号"
        ),
        DemoUnit(
            "chengnan",
            "城南街道人民调解委员会",
            u.STREET_COMMITTEE,
            "（{year}）城南人调字第{seq}号",
        ),
        DemoUnit("gaobu", "皋埠街道人民调解委员会", u.STREET_COMMITTEE, "皋调〔{year}〕{seq}号"),
        DemoUnit(
            "sunduan", "孙端街道人民调解委员会", u.STREET_COMMITTEE, "（{year}）孙端人调字第{seq}号"
        ),
        DemoUnit(
            "lingzhi", "灵芝街道人民调解委员会", u.STREET_COMMITTEE, "（{year}）灵芝人调字第{seq}号"
        ),
        DemoUnit(
            "traffic",
            "越城区道路交通事故纠纷人民调解委员会",
            u.TRADE_COMMITTEE,
            "（{year}）越城交调字第{seq}号",
        ),
        DemoUnit(
            "medical", "越城区医疗纠纷人民调解委员会", u.TRADE_COMMITTEE, "越医调〔{year}〕{seq}号"
        ),
        DemoUnit(
            "labour",
            "越城区劳动人事争议人民调解委员会",
            u.TRADE_COMMITTEE,
            "（{year}）越城劳调字第{seq}号",
        ),
        DemoUnit(
            "court", "越城区人民法院诉调对接窗口", u.COURT_DESK, "（{year}）越法诉调字第{seq}号"
        ),
        DemoUnit("legal_aid", "越城区法律援助中心工作站", u.LEGAL_AID, "越法援调〔{year}〕{seq}号"),
        DemoUnit("counselling", "心理咨询室", u.COUNSELLING, "（{year}）越城心咨字第{seq}号"),
    ]
    k = MediatorKind
    people = [
        ("陈国良", k.PEOPLES, "fushan"), ("俞美芳", k.PEOPLES, "fushan"),
        ("王建平", k.PEOPLES, "tashan"), ("沈丽娟", k.PEOPLES, "tashan"),
        ("金志刚", k.PEOPLES, "chengnan"), ("宣海英", k.PEOPLES, "chengnan"),
        ("孙炳荣", k.PEOPLES, "gaobu"), ("傅彩萍", k.PEOPLES, "gaobu"),
        ("章关林", k.PEOPLES, "sunduan"), ("鲁秀芳", k.PEOPLES, "sunduan"),
        ("陶永福", k.PEOPLES, "lingzhi"), ("裘亚萍", k.PEOPLES, "lingzhi"),
        ("徐卫东", k.PEOPLES, "traffic"), ("邵建伟", k.PEOPLES, "traffic"),
        ("楼海波", k.LAWYER, "traffic"),
        ("蒋德明", k.INVITED, "medical"), ("钱晓红", k.PEOPLES, "medical"),
        ("周立新", k.PEOPLES, "labour"), ("茅丽琴", k.PEOPLES, "labour"),
        ("胡志强", k.JUDGE, "court"), ("马晓燕", k.JUDGE, "court"),
        ("应国平", k.INVITED, "court"), ("朱利锋", k.INVITED, "court"),
        ("竺梅", k.INVITED, "court"),
        ("叶剑锋", k.LAWYER, "legal_aid"), ("汪晓雯", k.LAWYER, "legal_aid"),
        ("顾静怡", k.PSYCHOLOGIST, "counselling"),
    ]  # fmt: skip
    mediators = [
        DemoMediator(f"m{i:02d}", name, kind, unit)
        for i, (name, kind, unit) in enumerate(people, 1)
    ]
    return DemoCentre(
        name="绍兴市越城区矛盾纠纷多元化解中心",
        units=units,
        mediators=mediators,
        operators=["李婷婷", "赵佳怡", "黄晓丽", "吴思远", "郑雨欣"],
    )
