"""Realistic synthetic cases for demos and benchmarks: pure Python, deterministic with a seed.

``CaseGenerator(seed=..., today=...)`` produces ``GeneratedCase`` records: a fully filled
``CaseDraft`` plus the demo unit and mediator that handle it and a plausible status. The loader
maps ``unit_key`` / ``mediator_key`` to database ids (``routing.unit_id`` stays ``None``).

What is realistic here:

* parties: mostly two, sometimes 3-5; persons with names, gender, ethnicity, birth date and
  address consistent with a valid GB 11643 resident ID (most IDs issued around Shaoxing, where
  the demo centre is); organisations matching the dispute type (property companies, hospitals,
  employers, shops, insurers) with valid GB 32100 credit codes;
* valid mobile numbers and local landlines, rural elderly people reachable only via a relative;
* agents (lawyers, relatives, staff), minors with their legal agent, a few HMT residence
  permits, passports and missing ID numbers, a few rare (also non-BMP) characters in names;
* dispute types with a realistic mix, facts and requests from per-type templates, sources with
  referring bodies and letter numbers, risk levels, repeat visitors (the same person coming back).

Speed: tables are precomputed and the hot path uses one ``random.Random`` instance, bisect on
cumulative weights and f-strings (no regex, no pypinyin): well over 8,000 cases/s on one core.

Output depends only on ``seed``, ``centre`` and ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from mediation_desk.domain.drafts import (
    AgentDraft,
    CaseDraft,
    ParticipantDraft,
    PartyDraft,
    PhoneDraft,
    RoutingDraft,
)
from mediation_desk.domain.enums import (
    AgentAuthority,
    AgentKind,
    CaseSource,
    CaseStatus,
    ConsentStatus,
    Gender,
    IdType,
    MediatorKind,
    PartyKind,
    PartyRole,
    PhoneLabel,
    ReferralTarget,
    RefusalReason,
    RiskLevel,
    UnitKind,
)
from mediation_desk.domain.validation import credit_code_check_char, gb11643_check_char

from . import names as N
from . import regions as R

__all__ = [
    "DISPUTE_TYPE_WEIGHTS",
    "CaseGenerator",
    "DemoCentre",
    "DemoMediator",
    "DemoUnit",
    "GeneratedCase",
    "demo_centre",
    "make_resident_id",
    "make_uscc",
    "org_code_check_char",
]

T = TypeVar("T")

# --- check characters ----------------------------------------------------------------------

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUE = {c: int(c, 36) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def make_resident_id(code: str, birth: dt.date, seq: int) -> str:
    """An 18-character ID: address code, birth date, 3-digit sequence (odd = male), check."""
    body = f"{code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return body + gb11643_check_char(body)


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    c = 11 - sum(_ORG_VALUE[ch] * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc(prefix2: str, region: str, org_body8: str) -> str:
    """A credit code: registration authority + kind, region code, organisation code, check."""
    body = f"{prefix2}{region}{org_body8}{org_code_check_char(org_body8)}"
    return body + credit_code_check_char(body)


# --- weighted tables -----------------------------------------------------------------------


class _Table(Generic[T]):
    """Weighted choice by bisecting cumulative weights: one ``random()`` call per pick."""

    __slots__ = ("cum", "items", "last", "total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        pairs = [(item, w) for item, w in pairs if w > 0]
        self.items: tuple[T, ...] = tuple(p[0] for p in pairs)
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]
        self.last = len(self.items) - 1

    def pick(self, rnd: Callable[[], float]) -> T:
        return self.items[bisect_right(self.cum, rnd() * self.total, 0, self.last)]


def _pick(seq: Sequence[T], rnd: Callable[[], float]) -> T:
    return seq[int(rnd() * len(seq))]


# --- the demo centre -----------------------------------------------------------------------


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


@dataclass(frozen=True)
class GeneratedCase:
    draft: CaseDraft
    unit_key: str
    mediator_key: str | None
    status: CaseStatus


# --- static tables -------------------------------------------------------------------------

#: The app's dispute type catalogue codes with a realistic share (per mille).
DISPUTE_TYPE_WEIGHTS: dict[str, float] = {
    "neighbour": 165,
    "marriage_family": 150,
    "contract": 110,
    "damages": 105,
    "traffic_accident": 100,
    "labour_wage_arrears": 60,
    "labour_other": 50,
    "property_management": 50,
    "housing_homestead": 45,
    "production_business": 25,
    "consumer_other": 25,
    "medical": 20,
    "consumer_ecommerce": 15,
    "forest_land": 12,
    "land_requisition": 12,
    "environment": 9,
    "consumer_travel": 6,
    "internet": 7,
    "ip": 5,
    "other": 29,
}

_MOBILE_PREFIXES: tuple[tuple[str, float], ...] = tuple(
    [(f"13{d}", 10.0) for d in range(10)]
    + [(p, 6.0) for p in ("150", "151", "152", "155", "156", "157", "158", "159")]
    + [(p, 1.5) for p in ("145", "147", "166", "173", "175", "176", "177", "178")]
    + [(f"18{d}", 7.0) for d in range(10)]
    + [(p, 2.0) for p in ("191", "193", "195", "198", "199")]
)

_AGE_WEIGHTS: tuple[tuple[int, float], ...] = tuple(
    (a, 4.0 if a < 25 else 7.0 if a < 45 else 6.5 if a < 60 else 4.0 if a < 75 else 1.6)
    for a in range(18, 91)
)

_SOURCES: tuple[tuple[CaseSource, float], ...] = (
    (CaseSource.WALK_IN, 45), (CaseSource.PHONE, 8), (CaseSource.OWN_INITIATIVE, 5),
    (CaseSource.COURT_PRE_FILING, 15), (CaseSource.COURT_ENTRUSTED, 2), (CaseSource.GRID, 7),
    (CaseSource.VILLAGE, 5), (CaseSource.COMMUNITY, 5), (CaseSource.PETITIONS, 3),
    (CaseSource.POLICE, 3), (CaseSource.DEPARTMENT, 2), (CaseSource.PROCURATORATE, 0.2),
)  # fmt: skip

#: Per-type adjustments: multipliers on the base source weights.
_SOURCE_BOOST: dict[str, dict[CaseSource, float]] = {
    "neighbour": {CaseSource.GRID: 2.5, CaseSource.VILLAGE: 2, CaseSource.COMMUNITY: 2,
                  CaseSource.POLICE: 2, CaseSource.COURT_PRE_FILING: 0.3},
    "housing_homestead": {CaseSource.VILLAGE: 3, CaseSource.GRID: 1.5},
    "forest_land": {CaseSource.VILLAGE: 4, CaseSource.COURT_PRE_FILING: 0.3},
    "land_requisition": {CaseSource.PETITIONS: 6, CaseSource.VILLAGE: 2},
    "damages": {CaseSource.POLICE: 4},
    "traffic_accident": {CaseSource.POLICE: 8, CaseSource.COURT_PRE_FILING: 1.5,
                         CaseSource.GRID: 0.2, CaseSource.VILLAGE: 0.2, CaseSource.COMMUNITY: 0.2},
    "contract": {CaseSource.COURT_PRE_FILING: 2.5, CaseSource.COURT_ENTRUSTED: 2,
                 CaseSource.GRID: 0.3},
    "production_business": {CaseSource.COURT_PRE_FILING: 3, CaseSource.COURT_ENTRUSTED: 2},
    "labour_wage_arrears": {CaseSource.DEPARTMENT: 6, CaseSource.PETITIONS: 3},
    "labour_other": {CaseSource.DEPARTMENT: 4, CaseSource.COURT_PRE_FILING: 1.5},
    "consumer_travel": {CaseSource.DEPARTMENT: 8, CaseSource.PHONE: 2},
    "consumer_ecommerce": {CaseSource.DEPARTMENT: 8, CaseSource.PHONE: 2},
    "consumer_other": {CaseSource.DEPARTMENT: 8, CaseSource.PHONE: 2},
    "property_management": {CaseSource.COMMUNITY: 3, CaseSource.COURT_PRE_FILING: 2},
    "environment": {CaseSource.GRID: 3, CaseSource.PETITIONS: 2, CaseSource.DEPARTMENT: 3},
    "medical": {CaseSource.PETITIONS: 2, CaseSource.DEPARTMENT: 3, CaseSource.GRID: 0.1},
    "marriage_family": {CaseSource.COURT_PRE_FILING: 1.3, CaseSource.COMMUNITY: 1.5},
}  # fmt: skip

_DEPARTMENTS: dict[str, tuple[str, str]] = {
    # dispute type -> (department, letter abbreviation)
    "consumer_travel": ("绍兴市越城区文化和广电旅游体育局", "越文旅转"),
    "consumer_ecommerce": ("绍兴市越城区市场监督管理局", "越市监转"),
    "consumer_other": ("绍兴市越城区市场监督管理局", "越市监转"),
    "labour_wage_arrears": ("绍兴市越城区人力资源和社会保障局", "越人社转"),
    "labour_other": ("绍兴市越城区人力资源和社会保障局", "越人社转"),
    "property_management": ("绍兴市越城区住房和城乡建设局", "越建转"),
    "environment": ("绍兴市生态环境局越城分局", "越环转"),
    "medical": ("绍兴市越城区卫生健康局", "越卫健转"),
}
_POLICE_STATIONS: tuple[str, ...] = (
    "府山派出所",
    "塔山派出所",
    "北海派出所",
    "城南派出所",
    "东湖派出所",
    "皋埠派出所",
    "孙端派出所",
    "灵芝派出所",
    "斗门派出所",
)
_COURT = "绍兴市越城区人民法院"

_RISK_NOTES: dict[RiskLevel, tuple[str, ...]] = {
    RiskLevel.YELLOW: (
        "当事人情绪较为激动，多次表示若得不到解决将到区里上访。",
        "双方积怨较深，曾多次发生口角，需防止矛盾升级。",
        "申请人称已多次反映未果，对处理结果期望较高。",
        "当事人年事已高、身体状况较差，需关注情绪变化。",
    ),
    RiskLevel.ORANGE: (
        "涉及人数较多，有组织聚集到相关单位讨要说法的苗头。",
        "双方曾发生肢体冲突，派出所已出警处置，存在再次冲突风险。",
        "申请人扬言采取过激方式维权，已通报属地街道和派出所。",
        "当事人在网络上发布维权信息，存在舆情风险。",
    ),
    RiskLevel.RED: (
        "申请人多次流露轻生念头，已联系家属陪护并通报心理咨询室。",
        "当事人扬言报复对方，存在民转刑风险，已报告派出所落实稳控措施。",
    ),
}
_GROUP_RISK_NOTES: tuple[str, ...] = (
    "涉及农民工群体讨薪，人数较多，有聚集到工地或政府部门讨薪的可能。",
    "群体性讨薪，二十余人计划集体上访，已启动应急处置预案。",
)
_RISK_SHARE: dict[str, float] = {
    "medical": 0.35, "labour_wage_arrears": 0.3, "land_requisition": 0.3, "environment": 0.2,
    "marriage_family": 0.12, "neighbour": 0.1, "housing_homestead": 0.12, "damages": 0.1,
}  # fmt: skip

_LAWYER_SCOPE_SPECIAL = (
    "特别授权：代为参加调解，代为承认、放弃、变更调解请求，进行和解，代为签署调解协议"
)
_LAWYER_SCOPE_GENERAL = "一般授权：代为参加调解，陈述事实，提交证据材料"
_STAFF_RELATIONS = ("公司员工", "法务专员", "项目经理", "办公室主任", "行政主管", "财务人员")

_ILLNESSES = ("高血压", "糖尿病", "冠心病", "慢性支气管炎", "腰椎间盘突出", "关节炎", "脑梗后遗症")
_INJURIES = (
    "左腿胫骨骨折",
    "右手腕骨折",
    "多处软组织挫伤",
    "头部外伤",
    "肋骨骨折",
    "左踝关节扭伤",
    "面部擦伤",
    "锁骨骨折",
)
_GOODS: dict[str, tuple[str, ...]] = {
    "textile": ("纺织面料", "化纤原料", "坯布", "染料助剂"),
    "manufacturing": ("五金配件", "包装纸箱", "不锈钢管材", "电机配件"),
    "retail": ("建筑材料", "茶叶", "黄酒", "办公用品"),
}
_SHOP_ITEMS = (
    ("笔记本电脑一台", 4000, 9000), ("手机一部", 2000, 7000), ("空调一台", 2500, 6000),
    ("冰箱一台", 2000, 6000), ("羽绒服一件", 500, 2000), ("扫地机器人一台", 1500, 4000),
    ("电动自行车一辆", 2000, 5000), ("实木沙发一套", 5000, 15000), ("黄金手镯一只", 3000, 12000),
)  # fmt: skip
_TRAVEL = ("云南", "海南", "桂林", "张家界", "北京", "西安", "厦门", "新疆", "九寨沟", "泰国")
_DIRECTIONS = ("东", "西", "南", "北")
_VEHICLES_A = ("电动自行车", "电动自行车", "电动自行车", "二轮摩托车", "小型轿车", "小型普通客车")
_VEHICLES_B = (
    "小型轿车",
    "小型轿车",
    "小型普通客车",
    "轻型厢式货车",
    "重型半挂牵引车",
    "电动自行车",
)
_PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789012345678901234567890123456789"
_PROJECTS = ("住宅小区", "厂房", "商业综合体", "安置房", "学校教学楼", "道路改造", "农贸市场")
_WORKS = ("泥水", "钢筋", "木工", "架子", "水电安装", "油漆", "搬运")
_DIAGNOSES = (
    ("腹痛", "急性阑尾炎", "阑尾切除术", "切口感染、肠粘连"),
    ("右膝疼痛", "半月板损伤", "关节镜手术", "关节活动受限"),
    ("胸闷", "冠心病", "冠脉支架植入术", "术后出血"),
    ("孕足月", "足月妊娠", "剖宫产手术", "产后大出血"),
    ("牙痛", "牙髓炎", "根管治疗及种植牙", "种植体松动脱落"),
    ("视物模糊", "白内障", "白内障超声乳化手术", "眼内感染"),
    ("摔伤", "股骨颈骨折", "髋关节置换术", "假体脱位"),
)
_JOBS = ("挡车工", "缝纫工", "仓库管理员", "操作工", "厨师", "保洁员", "销售员", "司机", "质检员")
_ACCIDENT_PLACES = ("路口", "交叉路口", "人行横道附近", "公交站台附近", "小区出入口", "弯道处")


class _Ctx:
    """Per-case scratch state."""

    __slots__ = (
        "applicants",
        "facts",
        "participants",
        "recv",
        "recv_ord",
        "requests",
        "respondents",
        "street",
        "thirds",
        "village",
    )

    def __init__(self, recv: dt.date) -> None:
        self.recv = recv
        self.recv_ord = recv.toordinal()
        self.applicants: list[PartyDraft] = []
        self.respondents: list[PartyDraft] = []
        self.thirds: list[PartyDraft] = []
        self.participants: list[ParticipantDraft] = []
        self.facts = ""
        self.requests = ""
        self.street = ""
        self.village = ""


def _short(name: str) -> str:
    """张某 / 欧阳某 / 买某 for persons; organisations keep their full name."""
    if len(name) > 5 and not name.count("·"):
        return name
    if name[:2] in _DOUBLE:
        return name[:2] + "某"
    return name[0] + "某"


_DOUBLE = frozenset(s for s, _ in N.DOUBLE_SURNAMES)


def _money(amount: int) -> str:
    return f"{amount:,}"


def _ym(d: dt.date) -> str:
    return f"{d.year}年{d.month}月"


def _ymd(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _age(p: PartyDraft, on: dt.date) -> int:
    b = p.birth_date
    if b is None:
        return 40
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def _copy_party(p: PartyDraft, role: PartyRole) -> PartyDraft:
    return PartyDraft(
        kind=p.kind,
        role=role,
        name=p.name,
        gender=p.gender,
        ethnicity=p.ethnicity,
        birth_date=p.birth_date,
        id_type=p.id_type,
        id_number=p.id_number,
        occupation=p.occupation,
        address=p.address,
        phones=[PhoneDraft(ph.number, ph.label, ph.note) for ph in p.phones],
        consent=ConsentStatus.AGREED,
    )


# --- the generator -------------------------------------------------------------------------


class CaseGenerator:
    """Deterministic generator of realistic demo cases for one centre."""

    #: Share of cases that try to bring back a person from an earlier case.
    REPEAT_SHARE = 0.065

    def __init__(
        self,
        *,
        seed: int = 20261121,
        centre: DemoCentre | None = None,
        today: dt.date,
    ) -> None:
        self._rng = random.Random(seed)
        self._r = self._rng.random
        self.centre = centre if centre is not None else demo_centre()
        self.today = today
        self._pool: list[PartyDraft] = []
        self._issued: set[int] = set()
        self._reuse: PartyDraft | None = None
        self._build_tables()
        self._build_units()

    # --- setup ---------------------------------------------------------------------------

    def _build_tables(self) -> None:
        geo = random.Random(2260)  # fixed: the same synthetic villages for every seed
        self._types = _Table(DISPUTE_TYPE_WEIGHTS.items())
        self._builders: dict[str, Callable[[_Ctx], None]] = {
            code: getattr(self, f"_b_{code}") for code in DISPUTE_TYPE_WEIGHTS
        }
        self._regions = _Table((reg, reg.weight) for reg in R.REGIONS)
        self._home = R.REGION_BY_CODE[R.HOME_CODE]
        self._non_local = _Table((reg, reg.weight) for reg in R.REGIONS if not reg.is_home_province)
        self._ages = _Table(_AGE_WEIGHTS)
        self._mobile_prefixes = _Table(_MOBILE_PREFIXES)
        surnames = list(N.SURNAMES) + list(N.DOUBLE_SURNAMES)
        self._surnames = _Table(surnames)
        self._surnames_local = _Table(
            (s, w * N.LOCAL_SURNAME_BOOST.get(s, 1.0)) for s, w in surnames
        )
        self._given_m = N.GIVEN_MALE * 4 + N.GIVEN_NEUTRAL
        self._given_f = N.GIVEN_FEMALE * 4 + N.GIVEN_NEUTRAL
        self._eras = N.GIVEN_BY_ERA
        # ethnicity per province prefix
        minorities = [(e, w) for e, w in N.ETHNIC_WEIGHTS if e != "汉族"]
        scale = 1.5 / sum(w for _, w in minorities)
        low = _Table([("汉族", 98.5), *((e, w * scale) for e, w in minorities)])
        self._ethnic: dict[str, _Table[str]] = {}
        for reg in R.REGIONS:
            prov = reg.province_code
            if prov in self._ethnic:
                continue
            if prov == R.HOME_CODE[:2]:
                self._ethnic[prov] = _Table(N.ETHNIC_WEIGHTS_ZHEJIANG)
            elif prov in N.ETHNIC_BY_PROVINCE:
                extra = N.ETHNIC_BY_PROVINCE[prov]
                self._ethnic[prov] = _Table([("汉族", 100 - sum(w for _, w in extra)), *extra])
            else:
                self._ethnic[prov] = low
        self._occ = _Table(N.OCCUPATIONS)
        self._occ_old_urban = _Table(N.OCCUPATIONS_OLD_URBAN)
        self._occ_old_rural = _Table(N.OCCUPATIONS_OLD_RURAL)
        self._occ_young = _Table(N.OCCUPATIONS_YOUNG)
        self._forms = _Table(N.COMPANY_FORMS)
        self._company_places = _Table(N.COMPANY_PLACE_PREFIXES)
        self._rep_titles = _Table(N.COMPANY_REP_TITLES)
        self._medical = _Table((m[:3], m[3]) for m in N.MEDICAL_BODIES)
        self._sources_base = _Table(_SOURCES)
        self._sources: dict[str, _Table[CaseSource]] = {
            code: _Table((s, w * boost.get(s, 1.0)) for s, w in _SOURCES)
            for code, boost in _SOURCE_BOOST.items()
        }
        self._child_relatives = [rel for rel in N.RELATIVES if rel[2] == -1]
        # synthetic villages / communities / compounds per home street
        self._home_streets = N_streets = R.HOME_STREETS
        self._street_places: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for street, _rural in N_streets:
            villages = tuple(
                {
                    geo.choice(R.VILLAGE_FIRST) + geo.choice(R.VILLAGE_SECOND): None
                    for _ in range(10)
                }
            )
            communities = tuple(dict.fromkeys(geo.choice(R.COMMUNITY_ROOTS) for _ in range(4)))
            self._street_places[street] = (villages, communities)
        self._compounds = tuple(
            dict.fromkeys(
                geo.choice(R.COMPOUND_ROOTS) + geo.choice(R.COMPOUND_SUFFIXES) for _ in range(60)
            )
        )
        self._generic_villages = tuple(
            dict.fromkeys(
                geo.choice(R.VILLAGE_FIRST) + geo.choice(R.VILLAGE_SECOND) for _ in range(80)
            )
        )

    def _build_units(self) -> None:
        units = self.centre.units
        by_kind: dict[UnitKind, list[DemoUnit]] = {}
        for unit in units:
            by_kind.setdefault(unit.kind, []).append(unit)

        def find(kind: UnitKind, word: str = "") -> str | None:
            for unit in by_kind.get(kind, []):
                if word in unit.name:
                    return unit.key
            return None

        committees = [
            unit.key
            for unit in units
            if unit.kind
            in (
                UnitKind.STREET_COMMITTEE,
                UnitKind.TOWNSHIP_COMMITTEE,
                UnitKind.VILLAGE_COMMITTEE,
                UnitKind.COMMUNITY_COMMITTEE,
            )
        ] or [units[0].key]
        self._committees = committees
        self._intake = find(UnitKind.INTAKE_DESK) or units[0].key
        self._traffic = find(UnitKind.TRADE_COMMITTEE, "交通")
        self._medical_unit = find(UnitKind.TRADE_COMMITTEE, "医")
        self._labour = find(UnitKind.TRADE_COMMITTEE, "劳动")
        self._court = find(UnitKind.COURT_DESK)
        self._legal_aid = find(UnitKind.LEGAL_AID)
        self._counselling = find(UnitKind.COUNSELLING)
        self._street_unit = {
            street: unit.key
            for street, _ in R.HOME_STREETS
            for unit in units
            if unit.key in committees and unit.name.startswith(street)
        }
        self._mediators: dict[str, list[str]] = {}
        for m in self.centre.mediators:
            self._mediators.setdefault(m.unit_key, []).append(m.key)

    # --- small pieces --------------------------------------------------------------------

    def _past(self, c: _Ctx, lo: int, hi: int) -> dt.date:
        """A date between ``lo`` and ``hi`` days before the case was received."""
        return dt.date.fromordinal(c.recv_ord - lo - int(self._r() * (hi - lo + 1)))

    def _amount(self, lo: int, hi: int, step: int = 100) -> int:
        return (lo + int(self._r() * (hi - lo))) // step * step or step

    def mobile(self) -> str:
        """A mobile number matching ``^1[3-9]\\d{9}$``."""
        return f"{self._mobile_prefixes.pick(self._r)}{int(self._r() * 100_000_000):08d}"

    def _landline(self, code: str) -> str:
        area = R.AREA_CODES.get(code[:4], "0575")
        return f"{area}-8{int(self._r() * 10_000_000):07d}"

    def person_name(
        self,
        gender: Gender,
        birth_year: int = 1975,
        *,
        surname: str | None = None,
        local: bool = True,
        force_rare: bool = False,
    ) -> str:
        """A Han-style name: surname (1 or 2 chars) + given name (1 or 2 chars)."""
        r = self._r
        if surname is None:
            surname = (self._surnames_local if local else self._surnames).pick(r)
        male = gender is Gender.MALE
        u = r()
        if u < N.SINGLE_GIVEN_SHARE:
            given = _pick(self._given_m if male else self._given_f, r)
        elif u < 0.55:
            for before, m_names, f_names in self._eras:
                if birth_year < before:
                    given = _pick(m_names if male else f_names, r)
                    break
        else:
            pool = self._given_m if male else self._given_f
            given = _pick(pool, r) + _pick(pool, r)
        if force_rare or r() < N.RARE_NAME_SHARE:
            rare = _pick(N.RARE_NON_BMP, r) if r() < 0.5 else _pick(N.RARE_BMP, r)
            given = given[:-1] + rare
        return surname + given

    def _minority_name(self, ethnicity: str, gender: Gender) -> str | None:
        r = self._r
        male = gender is Gender.MALE
        if ethnicity == "维吾尔族" and r() < 0.9:
            first = _pick(N.UYGHUR_MALE if male else N.UYGHUR_FEMALE, r)
            return f"{first}·{_pick(N.UYGHUR_MALE, r)}"
        if ethnicity == "藏族" and r() < 0.8:
            parts = N.TIBETAN_PARTS_MALE if male else N.TIBETAN_PARTS_FEMALE
            return _pick(N.TIBETAN_PARTS_MALE, r) + _pick(parts, r)
        if ethnicity == "蒙古族" and r() < 0.4:
            return _pick(N.MONGOL_MALE if male else N.MONGOL_FEMALE, r)
        return None

    def _home_addr(
        self, rural: bool | None = None, street: str | None = None, place: str | None = None
    ) -> tuple[str, str, str, bool]:
        """A home-district address: (text, street, village or compound, rural)."""
        r = self._r
        if street is None:
            street, street_rural = _pick(self._home_streets, r)
            if rural is None:
                rural = r() < (0.7 if street_rural else 0.1)
        elif rural is None:
            rural = False
        villages, _communities = self._street_places[street]
        prefix = self._home.prefix
        if rural:
            village = place or _pick(villages, r)
            return (
                f"{prefix}{street}{village}村{1 + int(r() * 260)}号",
                street,
                village,
                True,
            )
        compound = place or _pick(self._compounds, r)
        room = f"{1 + int(r() * 18)}0{1 + int(r() * 4)}"
        return (
            f"{prefix}{street}{compound}{1 + int(r() * 30)}幢{1 + int(r() * 3)}单元{room}室",
            street,
            compound,
            False,
        )

    def _addr_for(self, reg: R.Region) -> tuple[str, bool]:
        """An address in ``reg`` and whether it is rural."""
        if reg is self._home:
            text, _s, _p, rural = self._home_addr()
            return text, rural
        r = self._r
        rural = r() < (0.3 if reg.is_district else 0.65)
        prefix = reg.prefix
        if rural:
            village = _pick(self._generic_villages, r)
            town = _pick(R.TOWN_ROOTS, r)
            if reg.is_home_province:
                return f"{prefix}{town}镇{village}村{1 + int(r() * 300)}号", True
            return f"{prefix}{town}镇{village}村{1 + int(r() * 12)}组{1 + int(r() * 90)}号", True
        road = _pick(R.ROAD_ROOTS, r)
        if r() < 0.5:
            return f"{prefix}{road}路{1 + int(r() * 600)}号", False
        compound = _pick(self._compounds, r)
        return (
            f"{prefix}{road}路{compound}{1 + int(r() * 30)}幢"
            f"{1 + int(r() * 25)}0{1 + int(r() * 4)}室",
            False,
        )

    def _id_for(self, reg: R.Region, birth: dt.date, male: bool) -> str:
        code = reg.code
        legacy = R.LEGACY_CODES.get(code)
        if legacy is not None and birth.year < legacy[1] and self._r() < 0.8:
            code = legacy[0]
        return self._unique_id(code, birth, male)

    def _unique_id(self, code: str, birth: dt.date, male: bool) -> str:
        """A resident ID not issued before by this generator (only repeat visitors share one).

        Without this, 200,000 cases would hold thousands of accidental duplicates (same county,
        birth date and sequence number), which would look like false repeat visits.
        """
        r = self._r
        issued = self._issued
        parity = 1 if male else 0
        for _ in range(50):
            number = make_resident_id(code, birth, int(r() * 500) * 2 + parity)
            key = int(number[:17])
            if key not in issued:
                issued.add(key)
                return number
        return number

    # --- persons -------------------------------------------------------------------------

    def _person(
        self,
        c: _Ctx,
        role: PartyRole,
        *,
        gender: Gender | None = None,
        age: int | None = None,
        region: R.Region | None = None,
        surname: str | None = None,
        address: tuple[str, bool] | None = None,
        occupation: str | None = None,
        local: bool = False,
    ) -> PartyDraft:
        """A natural person. ``local``: living in the home district (ID mostly from there)."""
        r = self._r
        if (
            self._reuse is not None
            and role is PartyRole.APPLICANT
            and address is None
            and age is None
            and surname is None
            and (gender is None or gender is self._reuse.gender)
        ):
            reused = _copy_party(self._reuse, role)
            self._reuse = None
            return reused
        if gender is None:
            gender = Gender.MALE if r() < 0.52 else Gender.FEMALE
        male = gender is Gender.MALE
        if age is None:
            age = self._ages.pick(r)
        elif age > 90:
            age = 90
        if region is None:
            if local or address is not None:
                region = self._home if r() < 0.8 else self._regions.pick(r)
            else:
                region = self._regions.pick(r)
        birth = dt.date.fromordinal(c.recv_ord - int(age * 365.2425) - int(r() * 364) - 1)
        prov = region.code[:2]
        ethnicity = self._ethnic[prov].pick(r)
        name = None
        if ethnicity != "汉族" and surname is None:
            name = self._minority_name(ethnicity, gender)
        if name is None:
            name = self.person_name(
                gender, birth.year, surname=surname, local=region.is_home_province
            )
        # identity document
        u = r()
        id_type = IdType.RESIDENT_ID
        if u < 0.03:
            id_number = ""
        elif u < 0.034:
            id_type = IdType.HMT_RESIDENCE_PERMIT
            hmt = "810000" if u < 0.0355 else "820000" if u < 0.0365 else "830000"
            id_number = self._unique_id(hmt, birth, male)
        elif u < 0.036:
            id_type = IdType.PASSPORT
            id_number = f"E{int(r() * 100_000_000):08d}"
        else:
            id_number = self._id_for(region, birth, male)
        if address is None:
            if local:
                text, _s, _p, rural = self._home_addr()
            else:
                text, rural = self._addr_for(region)
        else:
            text, rural = address
        if occupation is None:
            if age < 23:
                occupation = self._occ_young.pick(r)
            elif age >= 60:
                occupation = (self._occ_old_rural if rural else self._occ_old_urban).pick(r)
            else:
                occupation = self._occ.pick(r)
        # phones
        if rural and age >= 65 and r() < 0.5:
            rel, rel_gender, _gen, same = _pick(self._child_relatives, r)
            rel_name = self.person_name(
                Gender(rel_gender), birth.year + 28, surname=name[0] if same else None
            )
            phones = [PhoneDraft(self.mobile(), PhoneLabel.RELATIVE, f"{rel} {rel_name}")]
        else:
            phones = [PhoneDraft(self.mobile())]
            if r() < 0.15:
                lives_home = local or address is not None
                if (lives_home or region.is_home_province) and r() < 0.6:
                    area = R.HOME_CODE if lives_home else region.code
                    phones.append(PhoneDraft(self._landline(area), PhoneLabel.SELF, "家庭电话"))
                else:
                    phones.append(PhoneDraft(self.mobile(), PhoneLabel.WORK))
        party = PartyDraft(
            kind=PartyKind.PERSON,
            role=role,
            name=name,
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            id_type=id_type,
            id_number=id_number,
            occupation=occupation,
            address=text,
            phones=phones,
            consent=ConsentStatus.AGREED,
        )
        if age < 18:
            self._legal_agent(party, c)
        elif r() < 0.10:
            self._agent(party, c)
        return party

    def _legal_agent(self, child: PartyDraft, c: _Ctx) -> None:
        r = self._r
        father = r() < 0.6
        gender = Gender.MALE if father else Gender.FEMALE
        byear = (child.birth_date.year if child.birth_date else 2015) - 26 - int(r() * 10)
        name = self.person_name(gender, byear, surname=_surname(child.name) if father else None)
        birth = dt.date(byear, 1 + int(r() * 12), 1 + int(r() * 28))
        phone = self.mobile()
        child.phones = [
            PhoneDraft(phone, PhoneLabel.RELATIVE, f"{'父亲' if father else '母亲'} {name}")
        ]
        child.occupation = "学生"
        child.agents.append(
            AgentDraft(
                name=name,
                kind=AgentKind.LEGAL,
                authority=AgentAuthority.STATUTORY,
                relation="父亲" if father else "母亲",
                id_number=self._id_for(self._home, birth, father),
                phone=phone,
            )
        )

    def _agent(self, party: PartyDraft, c: _Ctx) -> None:
        """An entrusted agent: a lawyer, a relative, or (for organisations) a staff member."""
        r = self._r
        u = r()
        byear = c.recv.year - 28 - int(r() * 25)
        gender = Gender.MALE if r() < 0.6 else Gender.FEMALE
        birth = dt.date(byear, 1 + int(r() * 12), 1 + int(r() * 28))
        id_number = self._id_for(self._home, birth, gender is Gender.MALE)
        if u < 0.45:
            firm = _pick(N.LAW_FIRM_PATTERNS, r).format(t=_pick(N.TRADE_NAMES, r))
            special = r() < 0.6
            scope = _LAWYER_SCOPE_SPECIAL if special else _LAWYER_SCOPE_GENERAL
            agent = AgentDraft(
                name=self.person_name(gender, byear),
                authority=AgentAuthority.SPECIAL if special else AgentAuthority.GENERAL,
                authority_note=f"{firm}律师；{scope}",
                relation="律师",
                id_number=id_number,
                phone=self.mobile(),
            )
        elif party.kind is PartyKind.ORGANISATION:
            special = r() < 0.5
            agent = AgentDraft(
                name=self.person_name(gender, byear),
                authority=AgentAuthority.SPECIAL if special else AgentAuthority.GENERAL,
                authority_note=_LAWYER_SCOPE_SPECIAL if special else _LAWYER_SCOPE_GENERAL,
                relation=_pick(_STAFF_RELATIONS, r),
                id_number=id_number,
                phone=self.mobile(),
            )
        else:
            rel, rel_gender, _gen, same = _pick(N.RELATIVES, r)
            special = r() < 0.25
            agent = AgentDraft(
                name=self.person_name(
                    Gender(rel_gender), byear, surname=_surname(party.name) if same else None
                ),
                authority=AgentAuthority.SPECIAL if special else AgentAuthority.GENERAL,
                authority_note=_LAWYER_SCOPE_SPECIAL if special else _LAWYER_SCOPE_GENERAL,
                relation=rel,
                id_number=self._id_for(self._home, birth, rel_gender == "male"),
                phone=self.mobile(),
            )
        party.agents.append(agent)

    # --- organisations -------------------------------------------------------------------

    def _org_body(self) -> str:
        r = self._r
        if r() < 0.55:  # organisation codes issued since 2015 start with MA
            chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
            return "MA" + "".join(chars[int(r() * 31)] for _ in range(6))
        return f"{1 + int(r() * 7)}{int(r() * 10_000_000):07d}"

    def _org(
        self,
        c: _Ctx,
        role: PartyRole,
        name: str,
        *,
        prefix2: str = "91",
        title: str | None = None,
        reg_code: str | None = None,
        address: str | None = None,
        agent_share: float = 0.5,
    ) -> PartyDraft:
        r = self._r
        if reg_code is None:
            reg_code = R.HOME_CODE if r() < 0.75 else "330600"
        if address is None:
            text, _s, _p, _rural = self._home_addr(rural=False)
            if r() < 0.6:
                road = _pick(R.ROAD_ROOTS, r)
                text = (
                    f"{self._home.prefix}{_pick(self._home_streets, r)[0]}{road}路"
                    f"{1 + int(r() * 800)}号"
                )
            address = text
        rep_gender = Gender.MALE if r() < 0.75 else Gender.FEMALE
        phones = [PhoneDraft(self._landline(R.HOME_CODE), PhoneLabel.WORK)]
        if r() < 0.5:
            phones.append(PhoneDraft(self.mobile(), PhoneLabel.WORK, "经办人"))
        party = PartyDraft(
            kind=PartyKind.ORGANISATION,
            role=role,
            name=name,
            credit_code=make_uscc(prefix2, reg_code, self._org_body()),
            representative=self.person_name(rep_gender, 1960 + int(r() * 30)),
            representative_title=title or self._rep_titles.pick(r),
            address=address,
            phones=phones,
            consent=ConsentStatus.AGREED,
        )
        if r() < agent_share:
            self._agent(party, c)
        return party

    def _company(self, c: _Ctx, role: PartyRole, industry: str, **kw: object) -> PartyDraft:
        r = self._r
        name = (
            f"{self._company_places.pick(r)}{_pick(N.TRADE_NAMES, r)}"
            f"{_pick(N.INDUSTRY[industry], r)}{self._forms.pick(r)}"
        )
        return self._org(c, role, name, **kw)  # type: ignore[arg-type]

    def _shop(self, c: _Ctx, role: PartyRole) -> PartyDraft:
        r = self._r
        name = _pick(N.SHOP_KINDS, r).format(t=_pick(N.TRADE_NAMES, r))
        return self._org(c, role, name, prefix2="92", title="经营者", agent_share=0.2)

    def _coop(self, c: _Ctx, role: PartyRole, street: str, village: str) -> PartyDraft:
        return self._org(
            c,
            role,
            f"绍兴市越城区{street}{village}村股份经济合作社",
            prefix2="N2",
            title="董事长",
            reg_code=R.HOME_CODE,
            address=f"{self._home.prefix}{street}{village}村",
            agent_share=0.3,
        )

    # --- dispute builders ----------------------------------------------------------------
    # Each fills c.applicants / c.respondents / c.thirds, c.facts and c.requests.

    def _b_neighbour(self, c: _Ctx) -> None:
        r = self._r
        A_ = PartyRole.APPLICANT
        rural = r() < 0.55
        text, street, place, _ = self._home_addr(rural)
        a = self._person(c, A_, address=(text, rural))
        b_text = self._home_addr(rural, street, place)[0]
        b = self._person(c, PartyRole.RESPONDENT, address=(b_text, rural))
        c.applicants.append(a)
        c.respondents.append(b)
        if r() < 0.1:
            spouse = self._person(
                c,
                PartyRole.RESPONDENT,
                gender=Gender.FEMALE if b.gender is Gender.MALE else Gender.MALE,
                age=max(18, _age(b, c.recv) - 3 + int(r() * 6)),
                address=(b_text, rural),
            )
            c.respondents.append(spouse)
        c.street, c.village = street, place if rural else ""
        sa, sb = _short(a.name), _short(b.name)
        when = self._past(c, 20, 400)
        amount = self._amount(800, 30000)
        v = r()
        if rural:
            if v < 0.4:
                c.facts = (
                    f"申请人{sa}与被申请人{sb}系{place}村同村邻居。{_ym(when)}，被申请人在自家宅基地"
                    f"翻建房屋时，将排水管引至申请人房屋墙角，致使申请人墙体受潮开裂。申请人多次"
                    f"与被申请人协商，要求其改变排水管走向并赔偿损失，被申请人以排水管在自家范围"
                    f"内为由拒绝，双方因此多次发生争吵。"
                )
                c.requests = f"请求被申请人赔偿修缮费用人民币{_money(amount)}元并改正排水管走向"
            elif v < 0.7:
                c.facts = (
                    f"申请人{sa}与被申请人{sb}均系{place}村村民，两家房屋前后相邻，中间有一条通道"
                    f"供两家出入。{_ym(when)}起，被申请人在通道上堆放柴草、砖块等杂物，并砌筑约"
                    f"{1 + int(r() * 3)}米长的围墙，阻碍申请"
                    "人家人及车辆通行。村委会曾上门劝解未果。"
                )
                c.requests = "请求被申请人拆除围墙、清理通道内杂物，恢复通道正常通行"
            else:
                c.facts = (
                    f"申请人{sa}与被申请人{sb}系{place}村邻居。被申请人在两家交界处种植的香樟树"
                    f"逐年长高，树枝伸入申请人院内，遮挡申请人房屋采光，落叶堵塞屋檐排水沟，"
                    f"{_ym(when)}大风天气时树枝折断砸坏申请人屋顶瓦片。申请人要求被申请人修剪或"
                    f"移除树木，被申请人不同意。"
                )
                c.requests = (
                    "请求被申请人修剪越界树枝，并赔偿屋顶维修"
                    f"费用人民币{_money(amount // 4 or 500)}元"
                )
        elif v < 0.45:
            c.facts = (
                f"申请人{sa}与被申请人{sb}系{place}上下楼邻居。自{_ym(when)}起，被申请人家中经常在"
                f"夜间十点以后发出拖动家具、儿童跑跳等较大噪音，影响申请人家人休息，申请人"
                f"多次上门沟通未果，双方曾发生口角，物业和社区网格员上门劝解后仍未解决。"
            )
            c.requests = "请求被申请人在夜间控制噪音，采取铺设地垫等降噪措施，并向申请人赔礼道歉"
        elif v < 0.85:
            c.facts = (
                f"申请人{sa}系{place}住户，被申请人{sb}系其楼上住户。{_ym(when)}，被申请人家卫生间"
                f"漏水，致使申请人家天花板及墙面发霉脱落、木地板起拱，经物业查看确认系被申请人"
                f"家防水层损坏所致。申请人要求被申请人维修并赔偿损失，被申请人认为损失金额过高，"
                f"双方协商未果。"
            )
            c.requests = f"请求被申请人修复卫生间防水层，并赔偿装修损失人民币{_money(amount)}元"
        else:
            c.facts = (
                f"申请人{sa}与被申请人{sb}系{place}同一单元邻居。被申请人长期在楼道内堆放纸板、"
                f"旧家具等杂物，并饲养大型犬只未拴绳，申请人认为存在消防隐患和安全风险，多次"
                f"要求清理未果。{_ym(when)}双方为此发生争执并互相推搡。"
            )
            c.requests = "请求被申请人清理楼道杂物，文明养犬，并保证不再发生类似冲突"

    def _b_marriage_family(self, c: _Ctx) -> None:
        r = self._r
        A_, B_ = PartyRole.APPLICANT, PartyRole.RESPONDENT
        v = r()
        if v < 0.35:  # divorce
            a = self._person(c, A_, local=True)
            age = max(22, min(60, _age(a, c.recv)))
            other = Gender.FEMALE if a.gender is Gender.MALE else Gender.MALE
            b = self._person(c, B_, gender=other, age=max(20, age - 4 + int(r() * 8)), local=True)
            c.applicants.append(a)
            c.respondents.append(b)
            married = max(c.recv.year - int(r() * 20) - 2, (a.birth_date or c.recv).year + 22)
            kid_age = max(1, min(c.recv.year - married - 1, 1 + int(r() * 16)))
            child = "儿子" if r() < 0.5 else "女儿"
            asset = _pick(("住房一套", "商品房一套及小型轿车一辆", "存款若干", "住房一套及存款"), r)
            support = self._amount(800, 3000)
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(b.name)}经人介绍相识，于{married}年登记结婚，"
                f"婚后育有一{child}，现年{kid_age}岁。近年来双方因家庭琐事及经济问题经常争吵，"
                f"{c.recv.year - int(r() * 2)}年起分居至今。申请人认为夫妻感情确已破裂，要求离婚，"
                f"双方就子女抚养及共同财产（{asset}）的分割存在较大争议。"
            )
            c.requests = (
                f"请求调解离婚事宜：{child}由申请人抚养，被申请人每月支付抚养费人民币"
                f"{_money(support)}元至其年满十八周岁，夫妻共同财产依法分割"
            )
        elif v < 0.65:  # support of elderly parents
            text, street, place, _ = self._home_addr(True)
            a = self._person(c, A_, age=70 + int(r() * 18), address=(text, True))
            surname = _surname(a.name)
            n = 2 + int(r() * 3)
            c.applicants.append(a)
            c.street, c.village = street, place
            for _ in range(n):
                c.respondents.append(
                    self._person(
                        c,
                        B_,
                        gender=Gender.MALE if r() < 0.6 else Gender.FEMALE,
                        age=max(30, _age(a, c.recv) - 22 - int(r() * 12)),
                        surname=surname,
                        local=True,
                    )
                )
            kids = "、".join(_short(p.name) for p in c.respondents)
            monthly = self._amount(300, 1500, 50)
            c.facts = (
                f"申请人{_short(a.name)}现年{_age(a, c.recv)}岁，育有{len(c.respondents)}名子女，"
                f"即被申请人{kids}。申请人年老体弱，患有{_pick(_ILLNESSES, r)}，无固定收入。"
                f"{_ym(self._past(c, 30, 300))}起，被申请人之间因赡养费分摊及轮流照料问题互相"
                f"推诿，致使申请人生活困难，医疗费用无人承担。"
            )
            c.requests = (
                f"请求被申请人每人每月支付赡养费人民币{_money(monthly)}元，轮流照料申请人生活"
                f"起居，医疗费用凭票据由被申请人平均分担"
            )
        elif v < 0.85:  # inheritance among siblings
            a = self._person(c, A_, age=40 + int(r() * 30), local=True)
            c.applicants.append(a)
            surname = _surname(a.name)
            for _ in range(1 + int(r() * 2)):
                c.respondents.append(
                    self._person(
                        c,
                        B_,
                        age=max(30, _age(a, c.recv) - 6 + int(r() * 12)),
                        surname=surname if r() < 0.7 else None,
                        local=True,
                    )
                )
            text, street, place, _ = self._home_addr(True)
            c.street, c.village = street, place
            year = c.recv.year - 1 - int(r() * 8)
            amount = self._amount(200_000, 1_500_000, 10_000)
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(c.respondents[0].name)}等系兄弟姐妹关系。"
                f"父亲于{year}年去世，留有位于{place}村的房屋一处及存款若干，未立遗嘱。母亲去世后，"
                f"该房屋被列入征迁范围，获得补偿款人民币{_money(amount)}元，双方就补偿款的分配"
                f"发生争议，多次协商未果。"
            )
            c.requests = "请求依法分割父母遗产，申请人按法定继承份额分得房屋补偿款"
        else:  # child support after divorce
            a = self._person(c, A_, gender=Gender.FEMALE, age=28 + int(r() * 15), local=True)
            b = self._person(c, B_, gender=Gender.MALE, age=max(22, _age(a, c.recv) + int(r() * 5)))
            c.applicants.append(a)
            c.respondents.append(b)
            year = c.recv.year - 1 - int(r() * 5)
            owed = self._amount(5000, 40000)
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(b.name)}原系夫妻，于{year}年协议离婚，约定"
                "婚生子由申请人抚养，被申请人每月支付抚养费"
                f"人民币{_money(self._amount(800, 2500))}元。"
                f"{_ym(self._past(c, 60, 500))}起，被申请人以收入减少为由未再支付抚养费，"
                f"累计拖欠人民币{_money(owed)}元。"
            )
            c.requests = (
                f"请求被申请人一次性支付拖欠的抚养费人民币{_money(owed)}元，今后按月按时支付"
            )

    def _b_housing_homestead(self, c: _Ctx) -> None:
        r = self._r
        text, street, place, _ = self._home_addr(True)
        a = self._person(c, PartyRole.APPLICANT, address=(text, True))
        b = self._person(
            c, PartyRole.RESPONDENT, address=(self._home_addr(True, street, place)[0], True)
        )
        c.applicants.append(a)
        c.respondents.append(b)
        c.street, c.village = street, place
        sa, sb = _short(a.name), _short(b.name)
        when = self._past(c, 10, 300)
        if r() < 0.6:
            c.facts = (
                f"申请人{sa}与被申请人{sb}均系{place}村村民，双方宅基地东西相邻。{_ym(when)}，"
                f"被申请人拆除旧房原地翻建，新房地基向申请人一侧越界约{20 + int(r() * 80)}厘米，"
                f"并将滴水檐伸至申请人宅基地上方。申请人认为被申请人侵占其宅基地，要求停止施工，"
                f"双方为此多次争吵，施工已停滞。"
            )
            c.requests = "请求被申请人按原宅基地界址建房，拆除越界部分，滴水檐不得伸入申请人宅基地"
        else:
            amount = self._amount(30_000, 300_000, 1000)
            c.facts = (
                f"{_ymd(when)}，申请人{sa}与被申请人{sb}签订房屋买卖协议，约定被申请人将其位于{place}村"
                f"的农村房屋一处以人民币{_money(amount)}元出售给申请人，申请人已付清房款并入住。"
                f"现被申请人以买卖农村房屋违法、房屋价格上涨为由，要求申请人搬离并退还房屋。"
            )
            c.requests = "请求确认双方房屋买卖关系，或由被申请人返还购房款并赔偿装修等损失"

    def _b_contract(self, c: _Ctx) -> None:
        r = self._r
        A_, B_ = PartyRole.APPLICANT, PartyRole.RESPONDENT
        v = r()
        when = self._past(c, 60, 900)
        if v < 0.5:  # private loan
            a = self._person(c, A_)
            b = self._person(c, B_)
            c.applicants.append(a)
            c.respondents.append(b)
            if r() < 0.15:
                c.respondents.append(
                    self._person(
                        c, B_, gender=Gender.FEMALE if b.gender is Gender.MALE else Gender.MALE
                    )
                )
            amount = self._amount(10_000, 500_000, 1000)
            paid = amount * int(r() * 5) // 10 // 1000 * 1000
            rest = amount - paid
            rel = _pick(("朋友", "同乡", "同事", "生意伙伴", "亲戚"), r)
            paid_text = f"仅归还人民币{_money(paid)}元" if paid else "分文未还"
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(b.name)}系{rel}关系。{_ymd(when)}，被申请人"
                f"因资金周转需要向申请人借款人民币{_money(amount)}元，约定{3 + int(r() * 10)}个月内"
                f"归还，并出具借条一张，申请人通过银行转账交付借款。借款到期后，经申请人多次"
                f"催讨，被申请人{paid_text}。"
            )
            c.requests = f"请求被申请人归还借款人民币{_money(rest)}元，并按约定支付逾期利息"
        elif v < 0.75:  # home decoration
            a = self._person(c, A_, local=True)
            b = self._company(c, B_, "decoration") if r() < 0.6 else self._person(c, B_)
            c.applicants.append(a)
            c.respondents.append(b)
            price = self._amount(50_000, 400_000, 1000)
            loss = self._amount(3000, max(4000, price // 5))
            c.facts = (
                f"{_ymd(when)}，申请人{_short(a.name)}与被申请人{_short(b.name)}签订《家庭装修合同》，"
                f"约定由被申请人对申请人的住房进行装修，合同总价人民币{_money(price)}元。施工过程中"
                f"出现墙面开裂、地板起拱、卫生间渗水等质量问题，且工期逾期{10 + int(r() * 90)}天，"
                f"双方就返修及赔偿问题协商未果。"
            )
            c.requests = (
                f"请求被申请人对质量问题进行返修，并赔偿逾期及维修损失人民币{_money(loss)}元"
            )
        else:  # tenancy
            a = self._person(c, A_, local=True)
            b = self._person(c, B_)
            c.applicants.append(a)
            c.respondents.append(b)
            rent = self._amount(1200, 6000, 100)
            months = 2 + int(r() * 8)
            c.facts = (
                f"申请人{_short(a.name)}于{_ymd(when)}将其房屋出租给被申请人{_short(b.name)}居住，"
                f"双方签订租赁合同，约定月租金人民币{_money(rent)}元，按季度支付。被申请人自"
                f"{_ym(self._past(c, 30, 200))}起拖欠租金，累"
                f"计{months}个月，经申请人多次催讨仍未支付。"
            )
            c.requests = (
                f"请求被申请人支付拖欠的租金人民币{_money(rent * months)}元，解除租赁合同并腾退房屋"
            )

    def _b_production_business(self, c: _Ctx) -> None:
        r = self._r
        A_, B_ = PartyRole.APPLICANT, PartyRole.RESPONDENT
        when = self._past(c, 60, 700)
        if r() < 0.6:
            ind = _pick(("textile", "manufacturing", "retail"), r)
            goods = _pick(_GOODS[ind], r)
            a = (
                self._company(c, A_, ind)
                if r() < 0.7
                else self._person(c, A_, occupation="个体经营")
            )
            b = self._company(c, B_, _pick(("textile", "manufacturing", "construction"), r))
            c.applicants.append(a)
            c.respondents.append(b)
            amount = self._amount(20_000, 800_000, 100)
            c.facts = (
                f"申请人与被申请人长期存在业务往来，由申请人向被申请人供应{goods}。"
                f"截至{_ymd(when)}，经双方对账确认，被申请人尚欠申请人货款人民币{_money(amount)}元，"
                f"约定分期支付，但被申请人至今未按约付款。"
            )
            c.requests = f"请求被申请人支付货款人民币{_money(amount)}元，并支付逾期付款利息"
        else:
            a = self._person(c, A_, occupation="个体经营")
            b = self._person(c, B_, occupation="个体经营")
            c.applicants.append(a)
            c.respondents.append(b)
            share = self._amount(50_000, 300_000, 10_000)
            shop = _pick(("餐馆", "服装店", "农家乐", "建材店", "茶叶店", "小型加工厂"), r)
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(b.name)}于{when.year}年合伙经营一家{shop}，"
                f"各出资人民币{_money(share)}元，约定利润平分。后因经营亏损及理念不合，双方决定散伙，"
                f"但就合伙财产清算、剩余存货及对外债务的分担产生争议。"
            )
            c.requests = "请求对合伙期间的财产和债务进行清算，被申请人返还申请人应得的合伙财产份额"

    def _b_damages(self, c: _Ctx) -> None:
        r = self._r
        A_, B_ = PartyRole.APPLICANT, PartyRole.RESPONDENT
        when = self._past(c, 3, 120)
        v = r()
        amount = self._amount(2000, 60_000)
        if v < 0.35:  # dog bite, sometimes a child
            child = r() < 0.35
            a = (
                self._person(c, A_, age=6 + int(r() * 11), local=True)
                if child
                else self._person(c, A_, local=True)
            )
            b = self._person(c, B_, local=True)
            c.applicants.append(a)
            c.respondents.append(b)
            who = "（未成年人）" if child else ""
            c.facts = (
                f"{_ymd(when)}傍晚，申请人{_short(a.name)}{who}在小区道路上行走时，被被申请人"
                f"{_short(b.name)}饲养的未拴绳犬只咬伤左小腿，当即前往医院清创并接种狂犬疫苗，"
                f"共花费医疗费人民币{_money(amount // 10 or 800)}元。双方就赔偿金额协商未果。"
            )
            c.requests = (
                f"请求被申请人赔偿医疗费、误工费、交通费等共计人民币{_money(amount // 5 or 1500)}元"
            )
        elif v < 0.75:  # fight
            a = self._person(c, A_)
            b = self._person(c, B_)
            c.applicants.append(a)
            c.respondents.append(b)
            injury = _pick(_INJURIES, r)
            c.facts = (
                f"{_ymd(when)}，申请人{_short(a.name)}与被申请人{_short(b.name)}因"
                f"{_pick(('停车', '琐事', '工钱结算', '言语冲突'), r)}"
                f"发生口角，继而相互推搡，申请人倒地致{injury}。派出所出警处理后，建议双方就民事"
                f"赔偿部分进行调解。申请人住院治疗{3 + int(r() * 20)}天。"
            )
            c.requests = (
                f"请求被申请人赔偿医疗费、误工费、护理费、营养费等共计人民币{_money(amount)}元"
            )
        else:  # property damage / falling object
            a = self._person(c, A_, local=True)
            b = self._person(c, B_, local=True)
            c.applicants.append(a)
            c.respondents.append(b)
            c.facts = (
                f"{_ymd(when)}，被申请人{_short(b.name)}家阳台上的花盆坠落，砸中申请人{_short(a.name)}"
                f"停放在楼下的小型轿车，造成车辆前挡风玻璃及引擎盖损坏。经维修点评估，维修费用为"
                f"人民币{_money(amount // 4 or 1000)}元，被申请人对赔偿金额有异议。"
            )
            c.requests = f"请求被申请人赔偿车辆维修费人民币{_money(amount // 4 or 1000)}元"

    def _b_forest_land(self, c: _Ctx) -> None:
        r = self._r
        text, street, place, _ = self._home_addr(True)
        a = self._person(c, PartyRole.APPLICANT, address=(text, True), age=45 + int(r() * 35))
        c.applicants.append(a)
        c.street, c.village = street, place
        if r() < 0.3:
            c.respondents.append(self._coop(c, PartyRole.RESPONDENT, street, place))
            mu = 2 + int(r() * 10)
            c.facts = (
                f"申请人{_short(a.name)}系{place}村村民，承包本村土地"
                f"{mu}亩用于种植苗木。{_ym(self._past(c, 30, 300))}，"
                f"被申请人将包括申请人承包地在内的土地统一流转给他人经营，申请人认为流转未经其"
                f"同意，且流转费标准过低，双方多次协商未果。"
            )
            c.requests = (
                "请求被申请人按每亩每年人民币"
                f"{_money(self._amount(800, 2000, 50))}元的标准支付流转费或返还承包地"
            )
        else:
            b = self._person(
                c, PartyRole.RESPONDENT, address=(self._home_addr(True, street, place)[0], True)
            )
            c.respondents.append(b)
            n = 30 + int(r() * 200)
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(b.name)}均系{place}村村民，双方承包的责任山相邻。"
                f"{_ym(self._past(c, 10, 200))}，被申请人雇人采伐毛竹时，越界砍伐申请人承包山林内的"
                f"毛竹约{n}株，申请人发现后要求赔偿，被申请人称山界不清，拒绝赔偿。"
            )
            c.requests = f"请求确认双方山林界址，由被申请人赔偿毛竹损失人民币{_money(n * 30)}元"

    def _b_land_requisition(self, c: _Ctx) -> None:
        r = self._r
        text, street, place, _ = self._home_addr(True)
        a = self._person(c, PartyRole.APPLICANT, address=(text, True), age=40 + int(r() * 40))
        c.applicants.append(a)
        c.street, c.village = street, place
        project = _pick(("道路拓宽工程", "工业园区建设项目", "安置小区建设项目", "河道整治工程"), r)
        if r() < 0.5:
            c.respondents.append(self._coop(c, PartyRole.RESPONDENT, street, place))
            c.facts = (
                f"申请人{_short(a.name)}系{place}村村民，其房"
                f"屋及附属用房于{c.recv.year - int(r() * 2)}年"
                f"被列入{project}征收范围。申请人认为附属用房、围墙及果树未列入评估，且被申请人"
                f"发放的土地补偿款分配方案将其出嫁女儿排除在外，双方多次协商未果。"
            )
            c.requests = "请求被申请人对遗漏的附属物重新评估补偿，并按村民同等标准分配土地补偿款"
        else:
            b = self._person(
                c, PartyRole.RESPONDENT, surname=_surname(a.name), address=(text, True)
            )
            c.respondents.append(b)
            amount = self._amount(300_000, 2_000_000, 10_000)
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(b.name)}系兄弟关系，父母生前与双方共同居住在"
                f"{place}村老宅。老宅因{project}被征收，获得征收补偿款人民币{_money(amount)}元，"
                f"款项由被申请人领取。申请人要求按户内人口平均分配，被申请人认为其出资翻建过房屋应多分。"
            )
            c.requests = "请求对房屋征收补偿款进行合理分配，被申请人支付申请人应得份额"

    def _b_environment(self, c: _Ctx) -> None:
        r = self._r
        text, street, place, rural = self._home_addr()
        c.street = street
        if rural:
            c.village = place
        where = f"{place}村" if rural else place
        for i in range(1 + int(r() * 4)):
            addr = text if i == 0 else self._home_addr(rural, street, place)[0]
            c.applicants.append(self._person(c, PartyRole.APPLICANT, address=(addr, rural)))
        b = self._company(
            c, PartyRole.RESPONDENT, _pick(("textile", "manufacturing", "catering"), r)
        )
        c.respondents.append(b)
        n = len(c.applicants)
        who = (
            f"申请人{_short(c.applicants[0].name)}等{n}人"
            if n > 1
            else f"申请人{_short(c.applicants[0].name)}"
        )
        c.facts = (
            f"{who}居住在{where}，被申请人{b.name}的生产车间与"
            f"住户相距不足百米。{_ym(self._past(c, 20, 300))}"
            f"起，被申请人经常夜间生产，机器噪声及刺鼻异味较大，影响周边住户正常休息，部分老人"
            f"出现失眠、咳嗽等症状。住户多次向企业反映未果。"
        )
        c.requests = (
            "请求被申请人停止夜间生产、加装降噪除味设施，并补"
            f"偿每户人民币{_money(self._amount(2000, 10_000))}元"
        )

    def _b_labour_wage_arrears(self, c: _Ctx) -> None:
        r = self._r
        n = _pick((1, 1, 1, 1, 2, 2, 3, 3, 4, 4), r)
        for _ in range(n):
            region = self._non_local.pick(r) if r() < 0.7 else None
            c.applicants.append(
                self._person(
                    c,
                    PartyRole.APPLICANT,
                    gender=Gender.MALE if r() < 0.85 else Gender.FEMALE,
                    region=region,
                    occupation=_pick(N.OCCUPATIONS_WORKER, r),
                )
            )
        project = _pick(_PROJECTS, r)
        if r() < 0.5:
            boss = self._person(
                c,
                PartyRole.RESPONDENT,
                gender=Gender.MALE,
                age=35 + int(r() * 25),
                occupation="包工头",
            )
            c.respondents.append(boss)
            who = f"被申请人{_short(boss.name)}承包的"
            if n <= 3 and r() < 0.6:  # the main contractor joins as third party
                c.thirds.append(self._company(c, PartyRole.THIRD_PARTY, "construction"))
                who = f"被申请人{_short(boss.name)}从第三人{c.thirds[0].name}分包的"
        else:
            company = self._company(c, PartyRole.RESPONDENT, "construction")
            c.respondents.append(company)
            who = f"被申请人{company.name}承建的"
        wage = self._amount(250, 500, 10)
        total = sum(self._amount(8000, 60_000) for _ in range(n))
        first = _short(c.applicants[0].name)
        apps = f"申请人{first}等{n}人" if n > 1 else f"申请人{first}"
        c.facts = (
            f"{apps}于{_ym(self._past(c, 90, 500))}起在"
            f"{who}{project}工地从事{_pick(_WORKS, r)}工作，"
            f"约定日工资人民币{wage}元。工程完工后，被申请人以工程款未结清为由拖欠工资共计人民币"
            f"{_money(total)}元，经多次讨要未果。"
        )
        c.requests = f"请求被申请人支付拖欠的工资共计人民币{_money(total)}元"

    def _b_labour_other(self, c: _Ctx) -> None:
        r = self._r
        a = self._person(c, PartyRole.APPLICANT, age=22 + int(r() * 35), occupation="工人")
        c.applicants.append(a)
        if r() < 0.9:
            b = self._company(
                c,
                PartyRole.RESPONDENT,
                _pick(("textile", "manufacturing", "catering", "logistics", "retail"), r),
            )
        else:
            b = self._shop(c, PartyRole.RESPONDENT)
        c.respondents.append(b)
        joined = self._past(c, 200, 3000)
        job = _pick(_JOBS, r)
        if r() < 0.55:
            amount = self._amount(10_000, 120_000)
            c.facts = (
                f"申请人{_short(a.name)}于{_ym(joined)}入职被申请人处从事{job}工作，双方签订了书面"
                f"劳动合同。{_ymd(self._past(c, 5, 60))}，被申请人以经营困难为由单方解除与申请人的"
                f"劳动关系，但未支付经济补偿金，亦未结清当月工资。"
            )
            c.requests = f"请求被申请人支付解除劳动合同经济补偿金及工资共计人民币{_money(amount)}元"
        else:
            amount = self._amount(30_000, 300_000, 1000)
            c.facts = (
                f"申请人{_short(a.name)}系被申请人处{job}。"
                f"{_ymd(self._past(c, 60, 400))}，申请人在工作中"
                f"左手被机器轧伤，经人力资源和社会保障部门认定为工伤，经劳动能力鉴定为"
                f"{_pick(('七', '八', '九', '十'), r)}级伤"
                "残。被申请人未为申请人缴纳工伤保险，双方就"
                f"工伤待遇协商未果。"
            )
            c.requests = (
                f"请求被申请人支付一次性伤残补助金、医疗费等工伤待遇共计人民币{_money(amount)}元"
            )

    def _b_consumer_travel(self, c: _Ctx) -> None:
        r = self._r
        a = self._person(c, PartyRole.APPLICANT)
        c.applicants.append(a)
        for _ in range(int(r() * 3) if r() < 0.3 else 0):
            c.applicants.append(self._person(c, PartyRole.APPLICANT))
        b = self._company(c, PartyRole.RESPONDENT, "travel")
        c.respondents.append(b)
        fee = self._amount(2000, 12_000)
        dest = _pick(_TRAVEL, r)
        c.facts = (
            f"申请人{_short(a.name)}于{_ymd(self._past(c, 10, 120))}与"
            f"被申请人签订旅游合同，参加{dest}"
            f"{4 + int(r() * 5)}日游，团费每人人民币{_money(fee)}元。行程中被申请人擅自减少合同"
            f"约定的景点，降低住宿标准，并多次安排购物，申请人要求退还部分团费遭拒。"
        )
        c.requests = (
            "请求被申请人退还未履行项目费用并赔偿损失，每"
            f"人人民币{_money(fee * 3 // 10 // 10 * 10)}元"
        )

    def _b_consumer_ecommerce(self, c: _Ctx) -> None:
        r = self._r
        a = self._person(c, PartyRole.APPLICANT)
        c.applicants.append(a)
        b = (
            self._company(c, PartyRole.RESPONDENT, "ecommerce")
            if r() < 0.75
            else self._person(c, PartyRole.RESPONDENT, occupation="网店经营者")
        )
        c.respondents.append(b)
        item, lo, hi = _pick(_SHOP_ITEMS, r)
        price = self._amount(lo, hi, 10)
        c.facts = (
            f"申请人{_short(a.name)}于{_ymd(self._past(c, 10, 200))}通"
            "过网络购物平台在被申请人经营的"
            f"网店购买{item}，支付价款人民币{_money(price)}元。收货后发现商品存在质量问题，"
            f"与宣传不符，申请人申请退货退款，被申请人以已超过退货期限、商品已使用为由拒绝。"
        )
        c.requests = f"请求被申请人退货并退还货款人民币{_money(price)}元，承担往返运费"

    def _b_consumer_other(self, c: _Ctx) -> None:
        r = self._r
        a = self._person(c, PartyRole.APPLICANT, local=True)
        c.applicants.append(a)
        v = r()
        if v < 0.5:
            b = (
                self._shop(c, PartyRole.RESPONDENT)
                if r() < 0.5
                else self._company(c, PartyRole.RESPONDENT, "beauty")
            )
            amount = self._amount(1000, 20_000)
            c.respondents.append(b)
            c.facts = (
                f"申请人{_short(a.name)}于{self._past(c, 60, 600).year}年"
                "在被申请人处办理会员预付卡，"
                f"累计充值人民币{_money(amount)}元。{_ym(self._past(c, 5, 60))}，被申请人突然停业"
                "装修并更换经营者，申请人卡内尚余人民币"
                f"{_money(amount // 2)}元无法使用，要求退款未果。"
            )
            c.requests = f"请求被申请人退还预付卡余额人民币{_money(amount // 2)}元"
        else:
            b = self._company(c, PartyRole.RESPONDENT, "car")
            c.respondents.append(b)
            amount = self._amount(3000, 40_000)
            c.facts = (
                f"申请人{_short(a.name)}于{_ymd(self._past(c, 20, 400))}在"
                "被申请人处购买小型轿车一辆，"
                f"提车后不久即出现发动机异响、仪表盘故障灯常亮等问题，经多次维修仍未解决。申请人"
                f"要求换车，被申请人仅同意继续维修。"
            )
            c.requests = (
                f"请求被申请人更换同型号车辆，或赔偿车辆贬值及误工损失人民币{_money(amount)}元"
            )

    def _b_medical(self, c: _Ctx) -> None:
        r = self._r
        pattern, prefix2, title = self._medical.pick(r)
        hospital = self._org(
            c,
            PartyRole.RESPONDENT,
            pattern.format(t=_pick(N.TRADE_NAMES, r)),
            prefix2=prefix2,
            title=title,
            agent_share=0.7,
        )
        symptom, diagnosis, procedure, complication = _pick(_DIAGNOSES, r)
        died = r() < 0.15
        if procedure == "剖宫产手术":
            patient = self._person(
                c, PartyRole.APPLICANT, gender=Gender.FEMALE, age=24 + int(r() * 14)
            )
        else:
            patient = self._person(c, PartyRole.APPLICANT)
        sp = _short(patient.name)
        when = self._past(c, 20, 500)
        if died:
            # the family applies: spouse and children
            spouse_gender = Gender.FEMALE if patient.gender is Gender.MALE else Gender.MALE
            age = _age(patient, c.recv)
            c.applicants.append(
                self._person(c, PartyRole.APPLICANT, gender=spouse_gender, age=max(20, age - 2))
            )
            for _ in range(1 + int(r() * 2)):
                if age >= 40:
                    c.applicants.append(
                        self._person(
                            c, PartyRole.APPLICANT, age=age - 25, surname=_surname(patient.name)
                        )
                    )
            amount = self._amount(300_000, 1_200_000, 1000)
            c.facts = (
                f"申请人系患者{sp}的近亲属。{_ymd(when)}，{sp}因{symptom}至被申请人处就诊，被诊断为"
                f"{diagnosis}并行{procedure}，术后出现{complication}，经抢救无效死亡。申请人认为"
                f"被申请人存在诊疗过错，双方对死亡原因及责任存在争议。"
            )
            c.requests = (
                "请求被申请人赔偿医疗费、死亡赔偿金、丧葬费、"
                f"精神损害抚慰金等共计人民币{_money(amount)}元"
            )
        else:
            c.applicants.append(patient)
            amount = self._amount(20_000, 300_000, 1000)
            c.facts = (
                f"申请人{sp}于{_ymd(when)}因{symptom}至被申请人处就诊，被诊断为{diagnosis}并行"
                f"{procedure}。术后出现{complication}，再次"
                f"住院治疗{5 + int(r() * 40)}天。申请人认为"
                f"被申请人术前告知不充分、术后观察不及时，存在过错，要求赔偿，被申请人不予认可。"
            )
            c.requests = f"请求被申请人赔偿医疗费、护理费、误工费等共计人民币{_money(amount)}元"
        c.respondents.append(hospital)

    def _b_traffic_accident(self, c: _Ctx) -> None:
        r = self._r
        a = self._person(c, PartyRole.APPLICANT)
        b = self._person(c, PartyRole.RESPONDENT, age=22 + int(r() * 40))
        c.applicants.append(a)
        c.respondents.append(b)
        insured = r() < 0.4
        if insured:
            insurer = self._org(
                c,
                PartyRole.THIRD_PARTY,
                _pick(N.INSURERS, r).format(t=_pick(N.TRADE_NAMES, r)),
                prefix2="91",
                title="负责人",
                reg_code="330600",
                agent_share=0.9,
            )
            c.thirds.append(insurer)
        when = self._past(c, 5, 200)
        plate = "".join(_pick(_PLATE_CHARS, r) for _ in range(5))
        liability = _pick(("全部", "主要", "主要", "同等"), r)
        mine = {"全部": "无", "主要": "次要", "同等": "同等"}[liability]
        road = _pick(R.ROAD_ROOTS, r)
        d1, d2 = _pick(_DIRECTIONS, r), _pick(_DIRECTIONS, r)
        amount = self._amount(5000, 250_000)
        c.facts = (
            f"{_ymd(when)}{7 + int(r() * 14)}时许，被申请人"
            f"{_short(b.name)}驾驶{R.HOME_PLATE_PREFIX}{plate}号"
            f"{_pick(_VEHICLES_B, r)}沿{road}路由{d1}向{d2}行"
            f"驶至{_pick(_ACCIDENT_PLACES, r)}时，与申请人"
            f"{_short(a.name)}驾驶的{_pick(_VEHICLES_A, r)}发"
            "生碰撞，致申请人受伤、车辆损坏。经交警部门"
            f"认定，被申请人负事故{liability}责任，申请人负{mine}责任。"
        )
        c.requests = (
            f"请求被申请人赔偿医疗费、误工费、护理费、车辆损失等共计人民币{_money(amount)}元"
            + ("，第三人在交强险及商业三者险限额内先行赔付" if insured else "")
        )

    def _b_property_management(self, c: _Ctx) -> None:
        r = self._r
        A_, B_ = PartyRole.APPLICANT, PartyRole.RESPONDENT
        text, street, compound, _ = self._home_addr(False)
        c.street = street
        if r() < 0.35:  # the property company claims unpaid fees
            company = self._company(c, A_, "property")
            owner = self._person(c, B_, address=(text, False))
            c.applicants.append(company)
            c.respondents.append(owner)
            months = 6 + int(r() * 30)
            fee = self._amount(1500, 8000, 10)
            c.facts = (
                f"申请人{company.name}系{compound}的物业服务企业，被申请人{_short(owner.name)}系该小区业主。"
                f"被申请人自{_ym(self._past(c, months * 30, months * 30 + 30))}起以物业服务不到位、"
                f"楼顶渗水未修复为由拒交物业费，累计拖欠{months}个"
                f"月，计人民币{_money(fee * months // 12)}元。"
            )
            c.requests = f"请求被申请人支付拖欠的物业服务费人民币{_money(fee * months // 12)}元"
        else:
            n = _pick((1, 1, 1, 1, 2, 3, 4), r)
            for i in range(n):
                addr = text if i == 0 else self._home_addr(False, street, compound)[0]
                c.applicants.append(self._person(c, A_, address=(addr, False)))
            company = self._company(c, B_, "property")
            c.respondents.append(company)
            amount = self._amount(3000, 60_000)
            first = _short(c.applicants[0].name)
            apps = f"申请人{first}等{n}人" if n > 1 else f"申请人{first}"
            c.facts = (
                f"{apps}系{compound}业主，被申请人为该小区物"
                f"业服务企业。{_ymd(self._past(c, 5, 200))}"
                f"暴雨期间，小区地下车库排水泵故障未及时处置，导致车库大面积积水，申请人停放的"
                f"车辆被淹受损。申请人认为被申请人未尽管理维护义务，要求赔偿。"
            )
            c.requests = f"请求被申请人赔偿车辆维修及贬值损失人民币{_money(amount)}元"

    def _b_other(self, c: _Ctx) -> None:
        r = self._r
        a = self._person(c, PartyRole.APPLICANT)
        b = self._person(c, PartyRole.RESPONDENT)
        c.applicants.append(a)
        c.respondents.append(b)
        sa, sb = _short(a.name), _short(b.name)
        if r() < 0.5:
            amount = self._amount(2000, 50_000)
            c.facts = (
                f"申请人{sa}与被申请人{sb}等人于"
                f"{_ym(self._past(c, 30, 400))}合伙购买体育彩票并中奖，"
                f"奖金人民币{_money(amount)}元由被申请人领取。双方对出资比例及奖金分配方式说法不一，"
                f"申请人要求按出资比例分配，被申请人不同意。"
            )
            c.requests = f"请求被申请人按出资比例向申请人支付奖金人民币{_money(amount // 3)}元"
        else:
            c.facts = (
                f"申请人{sa}与被申请人{sb}系同一村民小组村民"
                f"。{_ym(self._past(c, 10, 200))}，双方因祖坟"
                f"迁移及墓地周边林木归属发生争执，被申请人擅自砍伐墓地旁的松柏，申请人认为"
                f"其破坏了祖坟风水，要求赔礼道歉并补种树木。"
            )
            c.requests = "请求被申请人赔礼道歉，补种被砍伐的树木，并恢复墓地原状"

    def _b_ip(self, c: _Ctx) -> None:
        r = self._r
        a = self._company(c, PartyRole.APPLICANT, _pick(("textile", "retail", "manufacturing"), r))
        b = (
            self._shop(c, PartyRole.RESPONDENT)
            if r() < 0.6
            else self._person(c, PartyRole.RESPONDENT, occupation="个体经营")
        )
        c.applicants.append(a)
        c.respondents.append(b)
        brand = _pick(N.TRADE_NAMES, r)
        amount = self._amount(5000, 100_000)
        c.facts = (
            f"申请人系“{brand}”注册商标的权利人，该商标核定使用"
            f"于第{_pick(('24', '25', '30', '33'), r)}类商品。"
            f"{_ym(self._past(c, 10, 200))}，申请人发现被申请人在其经营场所销售标有“{brand}”商标的"
            f"商品，经比对系假冒商品。申请人要求停止销售并赔偿，被申请人称不知情。"
        )
        c.requests = (
            f"请求被申请人停止销售侵权商品，并赔偿经济损失及合理维权费用人民币{_money(amount)}元"
        )

    def _b_internet(self, c: _Ctx) -> None:
        r = self._r
        if r() < 0.5:
            a = self._person(c, PartyRole.APPLICANT, age=30 + int(r() * 20))
            c.applicants.append(a)
            b = self._company(c, PartyRole.RESPONDENT, "internet")
            amount = self._amount(1000, 50_000)
            c.respondents.append(b)
            c.facts = (
                f"申请人{_short(a.name)}之子（未成年）于"
                f"{_ym(self._past(c, 10, 200))}期间，使用申请人的手机"
                f"在被申请人运营的网络游戏中多次充值，累计人民币{_money(amount)}元，申请人发现后"
                f"要求被申请人退还，被申请人以无法核实操作人为由拒绝全额退款。"
            )
            c.requests = f"请求被申请人退还未成年人充值款项人民币{_money(amount)}元"
        else:
            a = self._person(c, PartyRole.APPLICANT)
            c.applicants.append(a)
            b = self._person(c, PartyRole.RESPONDENT)
            c.respondents.append(b)
            c.facts = (
                f"申请人{_short(a.name)}与被申请人{_short(b.name)}因"
                f"生意往来产生矛盾。{_ymd(self._past(c, 5, 120))}起，"
                f"被申请人在微信群、朋友圈及短视频平台多次发布指名道姓的不实言论，称申请人欠钱"
                f"不还、为人不诚信，造成申请人社会评价降低，生意受到影响。"
            )
            c.requests = "请求被申请人删除相关不实言论，在原发布范围内公开赔礼道歉，并赔偿损失"

    # --- case level ----------------------------------------------------------------------

    def _source(self, code: str, received: dt.datetime, c: _Ctx) -> tuple[CaseSource, str, str]:
        r = self._r
        source = self._sources.get(code, self._sources_base).pick(r)
        year = received.year
        doy = received.timetuple().tm_yday
        if source is CaseSource.COURT_PRE_FILING:
            no = doy * 9 + int(r() * 9) + 1
            return source, _COURT, f"（{year}）{R.HOME_COURT_CODE}民诉前调{no}号"
        if source is CaseSource.COURT_ENTRUSTED:
            no = doy * 25 + int(r() * 25) + 1
            return source, _COURT, f"（{year}）{R.HOME_COURT_CODE}民初{no}号"
        if source is CaseSource.PROCURATORATE:
            return source, "绍兴市越城区人民检察院", f"越检民移〔{year}〕{1 + doy // 30}号"
        if source is CaseSource.POLICE:
            station = _pick(_POLICE_STATIONS, r)
            if code == "traffic_accident":
                return (
                    source,
                    "绍兴市公安局交通警察支队越城大队",
                    f"越公交调移〔{year}〕{doy * 3 + int(r() * 3) + 1}号",
                )
            return (
                source,
                f"绍兴市公安局越城区分局{station}",
                f"越公（{station[:2]}）调移〔{year}〕{doy + 1}号",
            )
        if source is CaseSource.PETITIONS:
            return source, "绍兴市越城区信访局", f"越信转〔{year}〕{doy * 2 + int(r() * 2) + 1}号"
        if source is CaseSource.DEPARTMENT:
            body, abbr = _DEPARTMENTS.get(code, ("绍兴市越城区司法局", "越司转"))
            return source, body, f"{abbr}〔{year}〕{doy + int(r() * 5)}号"
        street = c.street or _pick(self._home_streets, r)[0]
        if source is CaseSource.VILLAGE:
            village = c.village or _pick(self._street_places[street][0], r)
            return source, f"{street}{village}村村民委员会", ""
        if source is CaseSource.COMMUNITY:
            community = _pick(self._street_places[street][1], r)
            return source, f"{street}{community}社区居民委员会", ""
        if source is CaseSource.GRID:
            community = _pick(self._street_places[street][1], r)
            who = _short(self.person_name(Gender.MALE if r() < 0.4 else Gender.FEMALE))
            ticket = f"WG{year}{received.month:02d}{received.day:02d}{int(r() * 10000):04d}"
            return source, f"{street}{community}社区网格员 {who}", ticket
        return source, "", ""

    def _unit_for(self, code: str, source: CaseSource, c: _Ctx) -> str:
        r = self._r
        if code == "traffic_accident" and self._traffic:
            return self._traffic
        if code == "medical" and self._medical_unit:
            return self._medical_unit
        if code.startswith("labour_"):
            if code == "labour_wage_arrears" and self._legal_aid and r() < 0.1:
                return self._legal_aid
            if self._labour:
                return self._labour
        if source in (CaseSource.COURT_PRE_FILING, CaseSource.COURT_ENTRUSTED) and self._court:
            return self._court
        if code == "marriage_family" and self._counselling and r() < 0.06:
            return self._counselling
        unit = self._street_unit.get(c.street)
        if unit is not None and r() < 0.85:
            return unit
        return _pick(self._committees, r)

    def _participants(self, code: str, c: _Ctx) -> None:
        r = self._r
        if c.village and r() < 0.5:
            name = self.person_name(Gender.MALE if r() < 0.7 else Gender.FEMALE, 1965)
            c.participants.append(
                ParticipantDraft(name, "村干部", self.mobile(), f"{c.village}村村委会主任")
            )
            return
        first = c.applicants[0]
        if first.kind is PartyKind.PERSON:
            rel, rel_gender, _gen, same = _pick(N.RELATIVES, r)
            name = self.person_name(
                Gender(rel_gender), 1975, surname=_surname(first.name) if same else None
            )
            c.participants.append(
                ParticipantDraft(name, "亲属", self.mobile(), f"申请人{_short(first.name)}之{rel}")
            )
        else:
            name = self.person_name(Gender.MALE if r() < 0.5 else Gender.FEMALE, 1980)
            c.participants.append(ParticipantDraft(name, "社区网格员", self.mobile(), ""))

    def _status(self, age_days: int) -> CaseStatus:
        u = self._r()
        if age_days <= 3:
            return (
                CaseStatus.ACCEPTED
                if u < 0.6
                else CaseStatus.IN_MEDIATION
                if u < 0.92
                else CaseStatus.SUCCEEDED
            )
        if age_days <= 30:
            if u < 0.15:
                return CaseStatus.ACCEPTED
            if u < 0.5:
                return CaseStatus.IN_MEDIATION
            if u < 0.88:
                return CaseStatus.SUCCEEDED
            return CaseStatus.FAILED if u < 0.97 else CaseStatus.WITHDRAWN
        if age_days <= 90:
            if u < 0.04:
                return CaseStatus.IN_MEDIATION
            if u < 0.3:
                return CaseStatus.ARCHIVED
            if u < 0.84:
                return CaseStatus.SUCCEEDED
            return CaseStatus.FAILED if u < 0.97 else CaseStatus.WITHDRAWN
        if u < 0.8:
            return CaseStatus.ARCHIVED
        if u < 0.9:
            return CaseStatus.SUCCEEDED
        return CaseStatus.FAILED if u < 0.98 else CaseStatus.WITHDRAWN

    def _refer(self, code: str) -> tuple[ReferralTarget, str, str]:
        if code.startswith("consumer_") or code in ("property_management", "environment"):
            body = _DEPARTMENTS.get(code, ("绍兴市越城区市场监督管理局", ""))[0]
            return ReferralTarget.DEPARTMENT, body, "属行政职能部门处理事项，已告知当事人并移送"
        if code == "labour_other":
            return (
                ReferralTarget.ARBITRATION,
                "绍兴市越城区劳动人事争议仲裁委员会",
                "调解不成，引导当事人申请劳动仲裁",
            )
        if code == "labour_wage_arrears":
            return (
                ReferralTarget.LEGAL_AID,
                "绍兴市越城区法律援助中心",
                "申请人经济困难，转法律援助",
            )
        if code == "land_requisition":
            return (
                ReferralTarget.PETITIONS,
                "绍兴市越城区信访局",
                "涉及征迁政策问题，转信访部门办理",
            )
        if code == "damages" and self._r() < 0.3:
            return ReferralTarget.POLICE, "绍兴市公安局越城区分局", "涉嫌违法行为，移送公安机关处理"
        return ReferralTarget.COURT_FILING, f"{_COURT}立案庭", "当事人坚持诉讼，引导至法院立案"

    def case(self, received_at: dt.datetime) -> GeneratedCase:
        """One case received at ``received_at``; its status depends on ``today``."""
        r = self._r
        recv = received_at.date()
        c = _Ctx(recv)
        pool = self._pool
        self._reuse = pool[int(r() * len(pool))] if pool and r() < self.REPEAT_SHARE else None
        code = self._types.pick(r)
        self._builders[code](c)
        self._reuse = None
        parties = c.applicants + c.respondents + c.thirds

        source, referring_body, letter = self._source(code, received_at, c)
        age_days = (self.today - recv).days
        u = r()
        refusal: list[RefusalReason] = []
        refusal_note = ""
        routing = RoutingDraft()
        unit = self._unit_for(code, source, c)
        if u < 0.03:
            status = CaseStatus.REFUSED
            refuser = c.respondents[0]
            refuser.consent = ConsentStatus.REFUSED
            refusal = [RefusalReason.PARTY_REFUSES]
            refusal_note = f"被申请人{_short(refuser.name)}明确表示不同意调解"
            unit = self._intake
        elif u < 0.036:
            status = CaseStatus.REFUSED
            reason = _pick(
                (
                    RefusalReason.COURT_ACCEPTED,
                    RefusalReason.ADMIN_ACCEPTED,
                    RefusalReason.NOT_CIVIL,
                    RefusalReason.SPECIALISED_AUTHORITY,
                ),
                r,
            )
            refusal = [reason]
            refusal_note = {
                RefusalReason.COURT_ACCEPTED: "经查，该纠纷人民法院已立案受理",
                RefusalReason.ADMIN_ACCEPTED: "经查，该纠纷公安机关已受理并作出处理",
                RefusalReason.NOT_CIVIL: "所涉事项不属于民间纠纷",
                RefusalReason.SPECIALISED_AUTHORITY: "依法应由专门机关处理",
            }[reason]
            for p in c.respondents:
                p.consent = ConsentStatus.PENDING
            unit = self._intake
        elif u < 0.06 and age_days > 2:
            status = CaseStatus.REFERRED_OUT
            routing.refer_to, routing.refer_body, routing.refer_note = self._refer(code)
            unit = self._intake
        else:
            status = self._status(age_days)
            if status is CaseStatus.ACCEPTED:
                for p in c.respondents:
                    if r() < 0.4:
                        p.consent = ConsentStatus.PENDING

        mediator: str | None = None
        if status not in (CaseStatus.REFUSED, CaseStatus.REFERRED_OUT):
            candidates = self._mediators.get(unit)
            if candidates and (status is not CaseStatus.ACCEPTED or r() < 0.5):
                mediator = _pick(candidates, r)

        risk = RiskLevel.NONE
        risk_note = ""
        if r() < _RISK_SHARE.get(code, 0.05):
            v = r()
            risk = RiskLevel.YELLOW if v < 0.65 else RiskLevel.ORANGE if v < 0.9 else RiskLevel.RED
            if code == "labour_wage_arrears" and risk is not RiskLevel.YELLOW:
                risk_note = _pick(_GROUP_RISK_NOTES, r)
            else:
                risk_note = _pick(_RISK_NOTES[risk], r)

        if r() < 0.08:
            self._participants(code, c)

        first = c.applicants[0]
        if (
            first.kind is PartyKind.PERSON
            and first.id_type is IdType.RESIDENT_ID
            and first.id_number
            and not first.agents
            and r() < 0.3
        ):
            kept = _copy_party(first, PartyRole.APPLICANT)
            if len(pool) < 4000:
                pool.append(kept)
            else:
                pool[int(r() * 4000)] = kept

        draft = CaseDraft(
            source=source,
            referring_body=referring_body,
            referral_letter_no=letter,
            received_at=received_at,
            dispute_type_code=code,
            facts=c.facts,
            requests=c.requests,
            risk_level=risk,
            risk_note=risk_note,
            parties=parties,
            participants=c.participants,
            routing=routing,
            refused=status is CaseStatus.REFUSED,
            refusal_reasons=refusal,
            refusal_note=refusal_note,
        )
        return GeneratedCase(draft=draft, unit_key=unit, mediator_key=mediator, status=status)

    def received_times(self, n: int, *, days_back: int = 1500) -> list[dt.datetime]:
        """``n`` sorted reception times on working days (Mon-Fri) of the last ``days_back`` days.

        Office hours 08:30-11:30 and 13:30-17:00; public holidays are not excluded.
        """
        r = self._r
        end = self.today.toordinal()
        days = [d for d in range(end - days_back, end + 1) if d % 7 not in (6, 0)]
        # date.fromordinal(d).weekday() == (d + 6) % 7, so Saturday (5) and Sunday (6) are
        # ordinals with d % 7 == 6 and d % 7 == 0.
        if not days:
            days = [end]
        nd = len(days)
        stamps = []
        for _ in range(n):
            day = days[int(r() * nd)]
            # mornings 08:30-11:30 are busier than afternoons 13:30-17:00
            sec = 30_600 + int(r() * 10_800) if r() < 0.62 else 48_600 + int(r() * 12_600)
            stamps.append(day * 86_400 + sec)
        stamps.sort()
        out = []
        midnight = dt.time()
        cache: dict[int, dt.datetime] = {}
        for s in stamps:
            day, sec = divmod(s, 86_400)
            base = cache.get(day)
            if base is None:
                base = cache[day] = dt.datetime.combine(dt.date.fromordinal(day), midnight)
            out.append(base + dt.timedelta(seconds=sec))
        return out

    def cases(self, n: int, *, days_back: int = 1500) -> Iterator[GeneratedCase]:
        """``n`` cases received over the last ``days_back`` days, in ascending time order."""
        for received_at in self.received_times(n, days_back=days_back):
            yield self.case(received_at)


def _surname(name: str) -> str:
    return name[:2] if name[:2] in _DOUBLE else name[0]
