"""What the statistics count, as data: the MoJ people's-mediation table (人民调解案件统计表) and
the centre's figures (domain.md §4, §9, §12). ``services.statistics`` turns these definitions
into SQL; the screens, the XLSX export and the command line read the same definitions.

受理 (accepted) — defined once, here, and used by every figure
-------------------------------------------------------------
The MoJ form counts 受理: the disputes a people's mediation committee *accepted for mediation*
(人民调解法 art. 17: a committee mediates once it has accepted the application, or took the
dispute up on its own initiative). A case counts as 受理 in a period when

* it was registered (``received_at``) in the period, and
* it was not refused (不予受理: the committee declined it, art. 18 / the refusal reasons), and
* it was not handed on at intake without mediation (分流时移送: still ``referred_out`` with no
  ``ended_on``; such a case is another body's, the committee never mediated it).

Everything else the centre registered counts, whatever happened after: still in mediation,
succeeded, terminated, withdrawn, referred to court after trying (``ended_on`` set), or closed
by the court's small-claims team. A 结案 or 归档 case counts by the outcome it was closed from
(``closed_from``). So 受理 = 调解成功 + 调解不成 + 速裁结案 + 撤回 + 正在调解, for every row.

The period selects cases by the day they were received (the cohort of the period); each
column tells where those cases stand now. A report for March therefore reads "of the disputes
accepted in March, so many succeeded", which is how the figures reconcile.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .dispute_types import CATALOG, report_name
from .enums import CaseSource, CaseStatus, UnitKind

#: The statuses whose cases may count as 受理 (with ``closed_from`` standing in for 结案/归档).
#: ``referred_out`` counts only when mediation had started and ended (``ended_on`` set).
ACCEPTED_NOTE = (
    "“受理”指人民调解委员会受理调解的纠纷：本期登记、未不予受理、且未在分流时直接移送其他机关的案件"
    "（已调解后移送法院立案或其他部门的计入）。各项数字均为本期受理案件的现状。"
)
NOT_ACCEPTED: frozenset[CaseStatus] = frozenset({CaseStatus.REFUSED})
#: Statuses that carry the outcome in ``closed_from`` instead.
CLOSED_STATUSES: frozenset[CaseStatus] = frozenset({CaseStatus.CLOSED, CaseStatus.ARCHIVED})
#: A 结案/归档 case whose outcome was never recorded (data from before 结案 recorded it) counts
#: as 调解不成: nothing shows it succeeded, and every accepted case must fall in one column.
UNRECORDED_OUTCOME = CaseStatus.FAILED


class PeriodError(ValueError):
    """A period that cannot be: the message is Chinese (the services raise it as DeskError)."""


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days, both ends included."""

    kind: PeriodKind
    start: dt.date
    end: dt.date

    @staticmethod
    def month(year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(f"月份应为 1 至 12，不能是 {month}")
        last = calendar.monthrange(year, month)[1]
        return Period(PeriodKind.MONTH, dt.date(year, month, 1), dt.date(year, month, last))

    @staticmethod
    def quarter(year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(f"季度应为 1 至 4，不能是 {quarter}")
        first = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first + 2)[1]
        return Period(PeriodKind.QUARTER, dt.date(year, first, 1), dt.date(year, first + 2, last))

    @staticmethod
    def year(year: int) -> Period:
        return Period(PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))

    @staticmethod
    def custom(start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise PeriodError(f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}")
        if (end - start).days > 366 * 10:
            raise PeriodError("统计期间不能超过十年")
        return Period(PeriodKind.CUSTOM, start, end)

    @property
    def label(self) -> str:
        s = self.start
        if self.kind is PeriodKind.MONTH:
            return f"{s.year}年{s.month}月"
        if self.kind is PeriodKind.QUARTER:
            return f"{s.year}年第{(s.month - 1) // 3 + 1}季度"
        if self.kind is PeriodKind.YEAR:
            return f"{s.year}年"
        if s == self.end:
            return f"{s:%Y年%m月%d日}"
        return f"{s:%Y年%m月%d日}至{self.end:%Y年%m月%d日}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """``received_at`` from the first instant to before the day after the last."""
        after = self.end + dt.timedelta(days=1)
        return dt.datetime.combine(self.start, dt.time()), dt.datetime.combine(after, dt.time())

    def same_last_year(self) -> Period:
        """The same span a year earlier, both ends moved back by ``day_a_year_back``: a month,
        quarter or year is the same month, quarter or year (February whole, 28 or 29 days),
        and one day is one day."""
        return Period(self.kind, day_a_year_back(self.start), day_a_year_back(self.end))

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def day_a_year_back(day: dt.date) -> dt.date:
    """The same day a year earlier; the last day of February is the last day of February
    (29 February 2024 → 28 February 2023, 28 February 2025 → 29 February 2024).

    Both ends of a period move by this one rule, so a period ending with February ends with
    February a year back, and a period of one day (the dashboard's 今日) stays one day — an
    end moved to the 29th with its start left on the 28th made it two.
    """
    last_of_february = calendar.monthrange(day.year - 1, 2)[1]
    if day.month == 2 and day.day == calendar.monthrange(day.year, 2)[1]:
        return dt.date(day.year - 1, 2, last_of_february)
    return day.replace(year=day.year - 1)


class ValueKind(StrEnum):
    COUNT = "count"  # cases: 件
    PERSONS = "persons"  # 人
    MONEY = "money"  # fen, shown in yuan
    RATE = "rate"  # percent, computed from two other columns


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the MoJ table: ``group`` is the merged header above it ('' for none)."""

    key: str
    header: str
    group: str = ""
    kind: ValueKind = ValueKind.COUNT
    #: for a rate: the numerator's and denominator's column keys
    ratio: tuple[str, str] | None = None


#: The MoJ table's columns in the form's order. Outcome columns partition 受理:
#: succeeded + failed + fast_track + withdrawn + pending == accepted.
COLUMNS: tuple[Column, ...] = (
    Column("accepted", "受理纠纷数"),
    Column("succeeded", "小计", "调解成功"),
    Column("written", "书面协议", "调解成功"),
    Column("oral", "口头协议", "调解成功"),
    Column("failed", "调解不成（终止）"),
    Column("fast_track", "速裁结案"),
    Column("withdrawn", "撤回"),
    Column("pending", "正在调解"),
    Column("concluded", "调结数"),
    Column(
        "success_rate", "调解成功率（%）", kind=ValueKind.RATE, ratio=("succeeded", "concluded")
    ),
    Column("persons", "涉及当事人（人）", kind=ValueKind.PERSONS),
    Column("amount", "协议涉及金额（元）", kind=ValueKind.MONEY),
    Column("difficult", "疑难纠纷"),
    Column("prev_criminal", "件", "防止民间纠纷转化为刑事案件"),
    Column("prev_criminal_persons", "人", "防止民间纠纷转化为刑事案件", ValueKind.PERSONS),
    Column("prev_petition", "件", "防止群体性上访"),
    Column("prev_petition_persons", "人", "防止群体性上访", ValueKind.PERSONS),
    Column("prev_suicide", "防止因纠纷引起自杀（件）"),
    Column("prev_fight", "防止群体性械斗（件）"),
    Column("confirm_applied", "申请", "司法确认"),
    Column("confirm_confirmed", "确认有效", "司法确认"),
    Column("referred_court", "移送法院立案"),
)
COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
#: The columns that partition 受理 (the reconciliation checks them).
OUTCOME_KEYS: tuple[str, ...] = ("succeeded", "failed", "fast_track", "withdrawn", "pending")
#: Columns summed over the table's values (everything but the rates).
SUMMED_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.kind is not ValueKind.RATE)
#: What the effective outcome (``status``, or ``closed_from`` for a closed case) of each
#: outcome column is. ``referred_out`` here is a case referred after mediation was tried.
OUTCOME_STATUSES: dict[str, frozenset[CaseStatus]] = {
    "succeeded": frozenset({CaseStatus.SUCCEEDED}),
    "failed": frozenset({CaseStatus.FAILED, CaseStatus.REFERRED_OUT}),
    "fast_track": frozenset({CaseStatus.FAST_TRACK_CLOSED}),
    "withdrawn": frozenset({CaseStatus.WITHDRAWN}),
    "pending": frozenset({CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION}),
}


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A row of a breakdown: what it gathers, and whether it is a subtotal of the rows after
    it with ``parent`` equal to its key (劳动争议纠纷 over its two kinds)."""

    key: str
    label: str
    codes: frozenset[str]
    parent: str = ""
    subtotal: bool = False


def _type_rows() -> tuple[RowSpec, ...]:
    parents = {s.parent_code for s in CATALOG if s.parent_code}
    rows: list[RowSpec] = []
    for spec in CATALOG:
        if spec.code in parents:
            kids = frozenset(s.code for s in CATALOG if s.parent_code == spec.code)
            rows.append(RowSpec(spec.code, report_name(spec.name), kids, subtotal=True))
        else:
            rows.append(
                RowSpec(
                    spec.code,
                    report_name(spec.name),
                    frozenset({spec.code}),
                    parent=spec.parent_code or "",
                )
            )
    return tuple(rows)


#: Rows by dispute type: the 18 leaves of the MoJ list plus the optional 知识产权 and 互联网,
#: the two parents as subtotals. A centre's own type counts under its parent's 其他… leaf, or
#: under 其他纠纷 (``services.statistics`` maps the codes).
TYPE_ROWS: tuple[RowSpec, ...] = _type_rows()
OTHER_TYPE = "other"
#: A centre's own type under one of the catalogue's parents goes to that parent's "other" leaf.
OTHER_CHILD: dict[str, str] = {"labour": "labour_other", "consumer": "consumer_other"}
OPTIONAL_TYPES: frozenset[str] = frozenset({"ip", "internet"})

S = CaseSource
#: Rows by source (domain.md §12): 主动调解 / 依申请 / 接受委托移送 and its five bodies.
#: 网格员上报 is the committee's own screening (主动); a village or community committee passing
#: a dispute on is "another body".
SOURCE_ROWS: tuple[RowSpec, ...] = (
    RowSpec("own", "主动调解", frozenset({S.OWN_INITIATIVE, S.GRID})),
    RowSpec("applied", "依申请调解", frozenset({S.WALK_IN, S.PHONE})),
    RowSpec(
        "referred",
        "接受委托移送",
        frozenset(
            {
                S.COURT_PRE_FILING,
                S.COURT_ENTRUSTED,
                S.PROCURATORATE,
                S.POLICE,
                S.PETITIONS,
                S.DEPARTMENT,
                S.VILLAGE,
                S.COMMUNITY,
            }
        ),
        subtotal=True,
    ),
    RowSpec("court", "法院", frozenset({S.COURT_PRE_FILING, S.COURT_ENTRUSTED}), parent="referred"),
    RowSpec("procuratorate", "检察院", frozenset({S.PROCURATORATE}), parent="referred"),
    RowSpec("police", "公安", frozenset({S.POLICE}), parent="referred"),
    RowSpec("petitions", "信访", frozenset({S.PETITIONS}), parent="referred"),
    RowSpec(
        "department",
        "其他部门",
        frozenset({S.DEPARTMENT, S.VILLAGE, S.COMMUNITY}),
        parent="referred",
    ),
)

U = UnitKind
#: Rows by committee type (domain.md §12). The MoJ form knows seven; the centre's own windows
#: (综合受理窗口, 部门窗口, 法院诉调对接窗口…) are no committee of those seven and get their own
#: last row, so that the breakdown still sums to its total.
COMMITTEE_ROWS: tuple[RowSpec, ...] = (
    RowSpec("village", "村人民调解委员会", frozenset({U.VILLAGE_COMMITTEE})),
    RowSpec("community", "居（社区）人民调解委员会", frozenset({U.COMMUNITY_COMMITTEE})),
    RowSpec("township", "乡镇人民调解委员会", frozenset({U.TOWNSHIP_COMMITTEE})),
    RowSpec("street", "街道人民调解委员会", frozenset({U.STREET_COMMITTEE})),
    RowSpec("enterprise", "企（事）业单位人民调解委员会", frozenset({U.ENTERPRISE_COMMITTEE})),
    RowSpec("social", "社会团体和其他组织人民调解委员会", frozenset()),
    RowSpec("trade", "行业性、专业性人民调解委员会", frozenset({U.TRADE_COMMITTEE})),
    RowSpec(
        "centre",
        "调解中心各窗口",
        frozenset(
            {
                U.INTAKE_DESK,
                U.DEPARTMENT_WINDOW,
                U.COURT_DESK,
                U.LEGAL_AID,
                U.COUNSELLING,
                U.PETITIONS,
            }
        ),
    ),
)
#: Committees at village or township level: "矛盾不出村、不出镇".
GRASSROOTS_UNITS: frozenset[UnitKind] = frozenset(
    {U.VILLAGE_COMMITTEE, U.COMMUNITY_COMMITTEE, U.TOWNSHIP_COMMITTEE, U.STREET_COMMITTEE}
)


class Breakdown(StrEnum):
    """The dimension of a table's rows."""

    TYPE = "type"
    SOURCE = "source"
    COMMITTEE = "committee"

    @property
    def label(self) -> str:
        return {"type": "按纠纷类型", "source": "按纠纷来源", "committee": "按调解组织类型"}[
            self.value
        ]

    @property
    def rows(self) -> tuple[RowSpec, ...]:
        return {
            Breakdown.TYPE: TYPE_ROWS,
            Breakdown.SOURCE: SOURCE_ROWS,
            Breakdown.COMMITTEE: COMMITTEE_ROWS,
        }[self]


def source_row(source: str) -> str:
    """The leaf row key of a ``CaseSource`` value."""
    return _SOURCE_LEAF[source]


def committee_row(kind: str) -> str:
    return _COMMITTEE_LEAF[kind]


_SOURCE_LEAF: dict[str, str] = {
    str(code): r.key for r in SOURCE_ROWS if not r.subtotal for code in r.codes
}
_COMMITTEE_LEAF: dict[str, str] = {str(code): r.key for r in COMMITTEE_ROWS for code in r.codes}


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """A centre figure: a count, or a share/average computed from a numerator and a base."""

    key: str
    label: str
    unit: str  # 件 / % / 天
    note: str


#: The centre figures (the seed's headline line and the quality measures), in display order.
FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("accepted", "受理", "件", ACCEPTED_NOTE),
    FigureSpec("succeeded", "调处成功", "件", "本期受理、已调解成功（协议生效）的案件"),
    FigureSpec("confirmed", "司法确认", "件", "本期受理、经人民法院裁定确认调解协议有效的案件"),
    FigureSpec("fast_track", "速裁结案", "件", "本期受理、由人民法院速裁团队审结的案件"),
    FigureSpec("referred_court", "移送立案", "件", "本期受理、调解不成移送人民法院立案的案件"),
    FigureSpec(
        "success_rate",
        "调解成功率",
        "%",
        "调解成功 ÷ 调结（调解成功、调解不成与速裁结案之和，不含撤回和正在调解）",
    ),
    FigureSpec(
        "on_time_rate",
        "按期办结率",
        "%",
        "已办结且有办理时限的案件中，办结日不晚于到期日的比例",
    ),
    FigureSpec(
        "satisfaction_rate",
        "群众满意率",
        "%",
        "本期受理案件的回访记录中，满意与基本满意所占比例",
    ),
    FigureSpec(
        "grassroots_rate",
        "矛盾不出村、不出镇",
        "%",
        "调解成功的案件中，由村（居）、乡镇（街道）人民调解委员会调解的比例",
    ),
    FigureSpec("avg_days", "平均办理天数", "天", "已办结案件从登记到办结的平均天数"),
)
FIGURE_BY_KEY: dict[str, FigureSpec] = {f.key: f for f in FIGURES}


def rate(numerator: int, base: int) -> float | None:
    """Percent with one decimal; None when there is nothing to divide by."""
    return None if base == 0 else round(100.0 * numerator / base, 1)


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals and thousands separators: 123456 -> '1,234.56'."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


# ---------------------------------------------------------------- the director's dashboard


class CardSpan(StrEnum):
    """Which days a dashboard card looks at."""

    TODAY = "today"
    MONTH = "month"  # this month up to today
    NOW = "now"  # the stock of cases as they stand now


class CardScope(StrEnum):
    """Which day of a case puts it in a card's period."""

    RECEIVED = "received"  # the cohort received in the period (受理, as everywhere)
    ENDED = "ended"  # mediation ended (``ended_on``) in the period: 办结
    NOW = "now"  # open now (no period; ``today`` is the period's last day)


@dataclass(frozen=True, slots=True)
class CardSpec:
    """A dashboard card: ``figure`` is the figure key a ``Cell`` carries to the drill-down
    (a share drills down to its numerator's cases)."""

    key: str
    label: str
    unit: str  # 件 / %
    figure: str
    span: CardSpan
    note: str

    @property
    def scope(self) -> CardScope:
        return DASHBOARD_FIGURES[self.figure]

    @property
    def has_previous(self) -> bool:
        """Cards of a period stand beside the same days last year; the stock does not."""
        return self.span is not CardSpan.NOW


#: The figures the dashboard adds to ``FIGURES``, each with the day that places a case in it.
#: 办结 counts the cases whose mediation ended in the period (whenever they were received): it
#: is not the received cohort, so its drill-down selects by ``ended_on``.
DASHBOARD_FIGURES: dict[str, CardScope] = {
    "accepted": CardScope.RECEIVED,
    "closed": CardScope.ENDED,
    "closed_succeeded": CardScope.ENDED,
    "open": CardScope.NOW,
    "overdue": CardScope.NOW,
}
#: Labels of the dashboard's own figures (drill-down titles).
DASHBOARD_FIGURE_LABELS: dict[str, str] = {
    "closed": "办结",
    "closed_succeeded": "办结中调解成功",
    "open": "在办",
    "overdue": "超期",
}

_ENDED_NOTE = "调解结束日期在本期内的已受理案件（不论何时受理）"
#: The dashboard's cards in display order: today, this month, and the stock now.
DASHBOARD_CARDS: tuple[CardSpec, ...] = (
    CardSpec("received_today", "今日受理", "件", "accepted", CardSpan.TODAY, ACCEPTED_NOTE),
    CardSpec("closed_today", "今日办结", "件", "closed", CardSpan.TODAY, _ENDED_NOTE),
    CardSpec("received_month", "本月受理", "件", "accepted", CardSpan.MONTH, ACCEPTED_NOTE),
    CardSpec("closed_month", "本月办结", "件", "closed", CardSpan.MONTH, _ENDED_NOTE),
    CardSpec(
        "success_rate_month",
        "本月调解成功率",
        "%",
        "closed_succeeded",
        CardSpan.MONTH,
        "本月办结的案件中，调解成功 ÷ 调结（调解成功、调解不成与速裁结案之和）",
    ),
    CardSpec("in_mediation", "在办", "件", "open", CardSpan.NOW, "已受理、正在调解的案件"),
    CardSpec(
        "overdue", "超期", "件", "overdue", CardSpan.NOW, "在办且已过办理期限的案件（与督办一致）"
    ),
)
CARD_BY_KEY: dict[str, CardSpec] = {c.key: c for c in DASHBOARD_CARDS}


def card_period(span: CardSpan, today: dt.date) -> Period:
    """The days a card counts: today, this month up to today, or today alone for the stock
    (whose figures read ``today`` as the period's last day)."""
    if span is CardSpan.MONTH:
        return Period(PeriodKind.CUSTOM, today.replace(day=1), today)
    return Period(PeriodKind.CUSTOM, today, today)
