"""The one search box: case numbers, names, pinyin initials, ID numbers, phones.

Runs on SQLite and, when MEDIATION_DESK_TEST_PG_URL is set, on PostgreSQL (``db`` fixture).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediation_desk.domain.drafts import AgentDraft, PhoneDraft
from mediation_desk.domain.enums import CaseStatus
from mediation_desk.domain.validation import gb11643_check_char
from mediation_desk.services import intake, search
from tests.desk import run
from tests.factories import VALID_ID, organisation, two_party_draft

NOW = dt.datetime(2026, 2, 1, 9, 0)


def make_id(body17: str) -> str:
    return body17 + gb11643_check_char(body17)


ID_OUYANG = make_id("33060219850312004")
ID_ZSF = make_id("33060219700101003")
ID_WANG = make_id("33060219901111005")


@dataclasses.dataclass
class Corpus:
    """Case ids by a short name; newest last in ``order``."""

    ids: dict[str, int]
    numbers: dict[str, str]

    def __getitem__(self, key: str) -> int:
        return self.ids[key]

    def newest_first(self, *keys: str) -> list[int]:
        by_id = {self.ids[k]: k for k in keys}
        return [i for i in sorted(by_id, key=lambda i: RECEIVED[by_id[i]], reverse=True)]


RECEIVED = {
    "s25_1": dt.datetime(2025, 11, 20, 9, 0),
    "s25_2": dt.datetime(2025, 12, 1, 9, 0),
    "s26_1": dt.datetime(2026, 1, 5, 9, 0),
    "s26_2": dt.datetime(2026, 1, 10, 9, 0),
    "t26_1": dt.datetime(2026, 1, 12, 9, 0),
    "t26_2": dt.datetime(2026, 1, 15, 9, 0),
    "s26_3": dt.datetime(2026, 1, 20, 9, 0),
}


@pytest.fixture
def corpus(db, centre) -> Corpus:  # type: ignore[no-untyped-def]
    street, traffic = centre.street_unit_id, centre.traffic_unit_id
    drafts = {
        "s25_1": two_party_draft(
            street,
            applicant="孙七",
            respondent="周八",
            applicant_id="",
            applicant_phone="13900000001",
            respondent_phone="",
        ),
        "s25_2": two_party_draft(
            street,
            applicant="吴九",
            respondent="冯十",
            applicant_id="",
            applicant_phone="13900000002",
            respondent_phone="",
        ),
        "s26_1": two_party_draft(street),  # 张三 VALID_ID 13812345678 / 李四 0575-88123456
        "s26_2": two_party_draft(
            street,
            applicant="欧阳娜娜",
            applicant_id=ID_OUYANG,
            applicant_phone="13900000003",
            respondent_phone="",
        ),
        "t26_1": two_party_draft(
            traffic,
            applicant="王小明",
            respondent="赵六",
            applicant_id=ID_WANG,
            applicant_phone="13900000004",
            respondent_phone="",
        ),
        "t26_2": two_party_draft(
            traffic,
            applicant="欧阳修",
            respondent="娜娜",
            applicant_id="",
            applicant_phone="13900000005",
            respondent_phone="",
        ),
        "s26_3": two_party_draft(
            street,
            applicant="张三丰",
            respondent="单田芳",
            applicant_id=ID_ZSF,
            applicant_phone="13900000006",
            respondent_phone="",
        ),
    }
    drafts["s26_1"].parties[0].agents = [AgentDraft(name="王律师", relation="律师")]
    drafts["s26_2"].parties[1] = organisation()  # 绍兴市恒达物业服务有限公司, 0575-85123456
    drafts["s26_2"].parties[1].phones = [PhoneDraft("0571-87000111")]
    ids, numbers = {}, {}
    for key in sorted(drafts, key=RECEIVED.__getitem__):  # registered in date order
        draft = drafts[key]
        draft.received_at = RECEIVED[key]
        issues = run(db, intake.check_draft, draft, now=NOW)
        acknowledged = {intake.warning_key(i) for i in issues if not i.is_error}
        reg = run(
            db, intake.register_case, draft, now=NOW, acknowledged=acknowledged, actor=centre.actor
        )
        ids[key], numbers[key] = reg.id, reg.number
    assert numbers["s26_2"] == "（2026）城南人调字第2号"
    assert numbers["s25_2"] == "（2025）城南人调字第2号"
    assert numbers["t26_2"] == "测交调〔2026〕2号"
    return Corpus(ids, numbers)


def found(db, query: str, **kwargs) -> list[int]:  # type: ignore[no-untyped-def]
    return [h.case_id for h in run(db, search.search_cases, query, **kwargs)]


def check_table(db, corpus: Corpus, table: list[tuple[str, list[str]]]) -> None:  # type: ignore[no-untyped-def]
    """Run every query of ``table``; report all mismatches at once."""
    wrong = []
    for query, keys in table:
        expected = corpus.newest_first(*keys)
        got = found(db, query)
        if got != expected:
            wrong.append(f"{query!r}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


# --- case numbers ---------------------------------------------------------------------------

FULL_CASE_NUMBERS = [
    ("（2026）城南人调字第2号", ["s26_2"]),
    ("(2026)城南人调字第2号", ["s26_2"]),
    (" （2026） 城南人调字第 2 号 ", ["s26_2"]),
    ("（2025）城南人调字第2号", ["s25_2"]),
    ("（2026）城南人调字第1号", ["s26_1"]),
    ("测交调〔2026〕2号", ["t26_2"]),  # 〔〕, a different format
    ("测交调〔2026〕1号", ["t26_1"]),
    ("（2024）城南人调字第2号", []),
    ("（2026）城南人调字第9号", []),
]


def test_full_case_number(db, corpus) -> None:
    check_table(db, corpus, FULL_CASE_NUMBERS)


def test_partial_case_number(db, corpus) -> None:
    check_table(
        db,
        corpus,
        [
            ("城南人调字第2号", ["s26_2", "s25_2"]),  # no year: number 2 of every year, this unit
            ("城南人调字第3号", ["s26_3"]),
            ("第3号", ["s26_3"]),
        ],
    )


def test_bare_sequence_number(db, corpus) -> None:
    check_table(
        db,
        corpus,
        [
            ("2", ["s26_2", "t26_2", "s25_2"]),  # every unit, every year
            ("3", ["s26_3"]),
            ("77", []),
        ],
    )


# --- names ----------------------------------------------------------------------------------

NAMES = [
    ("张", ["s26_1", "s26_3"]),  # one character
    ("娜", ["s26_2", "t26_2"]),
    ("单", ["s26_3"]),
    ("张三", ["s26_1", "s26_3"]),  # two characters
    ("娜娜", ["s26_2", "t26_2"]),
    ("欧阳娜", ["s26_2"]),  # three: a substring of 欧阳娜娜, not 欧阳修
    ("阳娜娜", ["s26_2"]),
    ("欧阳娜娜", ["s26_2"]),
    ("张三丰", ["s26_3"]),
    ("张三丰丰", []),
    (" 张 三 ", ["s26_1", "s26_3"]),
    ("王律师", ["s26_1"]),  # an agent's name
    ("钱", []),
]

ORGANISATIONS = [
    ("恒达物业", ["s26_2"]),  # organisation name substring
    ("恒达", ["s26_2"]),
    ("物业服务有限公司", ["s26_2"]),
    ("绍兴市恒达物业服务有限公司", ["s26_2"]),
    ("恒达保洁", []),
]

INITIALS = [
    ("zs", ["s26_1", "s26_3"]),
    ("ZS", ["s26_1", "s26_3"]),
    ("ｚｓ", ["s26_1", "s26_3"]),  # full-width letters
    ("zsf", ["s26_3"]),
    ("oynn", ["s26_2"]),
    ("oy", ["s26_2", "t26_2"]),
    ("stf", ["s26_3"]),  # 单田芳: 单 read shàn (the surname)...
    ("dtf", ["s26_3"]),  # ... or dān
    ("wxm", ["t26_1"]),
    ("qq", []),
]


def test_person_name(db, corpus) -> None:
    check_table(db, corpus, NAMES)


def test_organisation_name(db, corpus) -> None:
    check_table(db, corpus, ORGANISATIONS)


def test_pinyin_initials(db, corpus) -> None:
    check_table(db, corpus, INITIALS)


def test_pinyin_initials_keep_the_surname_reading_of_a_polyphonic_surname(db, centre) -> None:
    """单雄信 (Shàn Xióngxìn): 单 (d/c/s) and 信 (x/s) are both polyphonic; the surname
    reading "s" must survive the cap on initials variants."""
    draft = two_party_draft(centre.street_unit_id, applicant="单雄信", applicant_id="")
    reg = run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    assert found(db, "dxx") == [reg.id]
    assert found(db, "sxx") == [reg.id]


# --- ID numbers -----------------------------------------------------------------------------

ID_NUMBERS = [
    (VALID_ID, ["s26_1"]),
    (VALID_ID.lower(), ["s26_1"]),
    ("110105491231002", ["s26_1"]),  # legacy 15-digit form of the stored 18-digit number
    ("002X", ["s26_1"]),  # last 4
    ("002x", ["s26_1"]),
    ("1231002X", ["s26_1"]),
    ("11010519491231002ｘ", ["s26_1"]),  # full-width x
    (ID_OUYANG, ["s26_2"]),
    (ID_ZSF[-4:], ["s26_3"]),
    ("110105194912310020", []),
]


def test_id_number(db, corpus) -> None:
    check_table(db, corpus, ID_NUMBERS)


# --- phones ---------------------------------------------------------------------------------

PHONES = [
    ("13812345678", ["s26_1"]),
    ("138 1234 5678", ["s26_1"]),
    ("5678", ["s26_1"]),  # last 4
    ("2345678", ["s26_1"]),
    ("057588123456", ["s26_1"]),  # landline, digits only
    ("88123456", ["s26_1"]),
    ("3456", ["s26_1"]),
    ("057187000111", ["s26_2"]),  # an organisation's phone
    ("13900000006", ["s26_3"]),
    ("00000006", ["s26_3"]),
    ("0000", []),  # 139000000xx: no phone *ends* with 0000
    ("13812345679", []),
]


def test_phone(db, corpus) -> None:
    check_table(db, corpus, PHONES)


def test_phone_typed_with_hyphens(db, corpus) -> None:
    """Numbers are shown (and copied) with hyphens, as the landline 0575-88123456 is stored."""
    check_table(db, corpus, [("0575-88123456", ["s26_1"]), ("138-1234-5678", ["s26_1"])])


# --- order, limit, masking, odd input -------------------------------------------------------


def test_results_are_newest_first(db, corpus) -> None:
    hits = run(db, search.search_cases, "娜")
    assert [h.received_at for h in hits] == sorted((h.received_at for h in hits), reverse=True)
    hits = run(db, search.search_cases, "")
    assert [h.case_id for h in hits] == corpus.newest_first(*RECEIVED)


def test_limit_is_respected(db, corpus) -> None:
    assert found(db, "", limit=3) == corpus.newest_first(*RECEIVED)[:3]
    assert found(db, "2", limit=1) == [corpus["t26_2"]]
    assert found(db, "张", limit=1) == [corpus["s26_3"]]
    assert found(db, "zs", limit=1) == [corpus["s26_3"]]
    assert found(db, "欧阳", limit=1) == [corpus["t26_2"]]


def test_empty_query_returns_newest_cases(db, corpus) -> None:
    for query in ("", "   ", "\u3000"):
        assert found(db, query) == corpus.newest_first(*RECEIVED)


def test_hit_fields(db, corpus) -> None:
    (hit,) = run(db, search.search_cases, "欧阳娜")
    assert hit.number == "（2026）城南人调字第2号"
    assert hit.received_at == RECEIVED["s26_2"]
    assert hit.status is CaseStatus.ACCEPTED
    assert hit.dispute_type == "邻里"
    assert hit.unit_name == "城南街道人民调解委员会"
    assert hit.applicants == "欧阳娜娜"
    assert hit.respondents == "绍兴市恒达物业服务有限公司"


MASKED_NOTES = [
    (VALID_ID, "身份证号 110105********002X", [VALID_ID, VALID_ID.lower()]),
    ("002X", "身份证号后四位 110105********002X", [VALID_ID]),
    ("1231002X", "身份证号后八位 110105********002X", [VALID_ID]),
    ("110105491231002", "身份证号 110105********002X", [VALID_ID, "110105491231002"]),
    ("13812345678", "电话 138****5678", ["13812345678"]),
    ("5678", "电话后四位 138****5678", ["13812345678"]),
    ("057588123456", "电话 0575-****3456", ["88123456", "057588123456"]),
    ("88123456", "电话后八位 0575-****3456", ["88123456", "057588123456"]),
]


def test_match_note_masks_personal_data(db, corpus) -> None:
    for query, note, secrets in MASKED_NOTES:
        (hit,) = run(db, search.search_cases, query)
        assert hit.match_note == note, query
        text = " ".join(str(v) for v in dataclasses.astuple(hit))
        for secret in secrets:
            assert secret not in text, query


def test_name_hits_have_no_personal_data(db, corpus) -> None:
    for hit in run(db, search.search_cases, ""):
        text = " ".join(str(v) for v in dataclasses.astuple(hit))
        assert VALID_ID not in text and "13812345678" not in text and "88123456" not in text


WILDCARDS = [
    "%",
    "_",
    "%%",
    "__",
    "%%%",
    "___",
    "张%",
    "_三",
    "%三%",
    "欧阳%",
    "\\",
    "'",
    "' OR 1=1 --",
    "*",
]


def test_sql_wildcards_match_nothing(db, corpus) -> None:
    check_table(db, corpus, [(q, []) for q in WILDCARDS])


def test_match_note_masks_a_landline_with_extension(db, centre) -> None:
    """normalize_phone keeps an extension as a "-123" suffix: 0575-88123456-123."""
    draft = two_party_draft(centre.street_unit_id, respondent_phone="0575-88123456转123")
    reg = run(db, intake.register_case, draft, now=NOW, actor=centre.actor)
    (hit,) = run(db, search.search_cases, "6123")  # last 4 digits, extension included
    assert hit.case_id == reg.id
    assert hit.match_note.startswith("电话后四位 ")
    assert "88123456" not in hit.match_note, hit.match_note


# --- input from anywhere: Unicode digits, control characters, full-width and spaced names ---

UNICODE_DIGIT_QUERIES = [
    ("፩", ["s25_1", "s26_1", "t26_1"]),  # Ethiopic digit one (isdigit, but int() refuses it): seq 1
    ("１", ["s25_1", "s26_1", "t26_1"]),  # full-width
    ("١١٠١٠٥٤٩١٢٣١٠٠٢", ["s26_1"]),  # 15 Arabic-Indic digits: the legacy ID of 张三
    ("०६", []),  # Devanagari 06: a case sequence that does not exist, not a crash
    ("٠٠٢X", ["s26_1"]),  # last four of an ID in Arabic-Indic digits
    ("１３８１２３４５６７８", ["s26_1"]),  # full-width phone
    ("፩፪፫፬፭፮፯፰፱፩፪፫፬፭፮", []),  # 15 Ethiopic digits: not an ID on file
]


def test_unicode_digits_are_read_as_digits(db, corpus) -> None:
    check_table(db, corpus, UNICODE_DIGIT_QUERIES)


CONTROL_QUERIES = [
    ("张\x00三", ["s26_1", "s26_3"]),  # a NUL would be a raw driver error on PostgreSQL
    ("\x00张三\x00", ["s26_1", "s26_3"]),
    ("002X\x00", ["s26_1"]),
    ("138\x0b12345678", ["s26_1"]),
    ("恒达\u200b物业", ["s26_2"]),  # zero-width space pasted from a web page
]


def test_control_characters_in_a_query_are_dropped(db, corpus) -> None:
    check_table(db, corpus, CONTROL_QUERIES)


def test_a_query_of_only_control_characters_is_an_empty_query(db, corpus) -> None:
    assert found(db, "\x00\x01") == found(db, "")


SPELLED_NAMES = {
    "fullwidth": "ＡＢＣ物业公司",
    "spaced": "阿卜杜拉 买买提",
    "cyrillic": "Иван Петров",
    "accented": "José Müller",
    "greek": "Σωκράτης Παπαδόπουλος",
}
SPELLED_QUERIES = [
    ("ＡＢＣ物业公司", ["fullwidth"]),
    ("abc物业公司", ["fullwidth"]),
    ("ABC 物业公司", ["fullwidth"]),
    ("阿卜杜拉 买买提", ["spaced"]),
    ("阿卜杜拉买买提", ["spaced"]),
    ("阿卜杜拉　买买提", ["spaced"]),  # ideographic space
    ("卜杜拉 买买", ["spaced"]),
    ("Иван Петров", ["cyrillic"]),
    ("ИВАН ПЕТРОВ", ["cyrillic"]),
    ("иван петров", ["cyrillic"]),
    ("Петров", ["cyrillic"]),
    ("José Müller", ["accented"]),
    ("JOSÉ MÜLLER", ["accented"]),
    ("josemüller", []),  # an accent is a different letter, on both backends alike
    ("müller", ["accented"]),
    ("ΣΩΚΡΆΤΗΣ", ["greek"]),
    ("σωκράτης παπαδόπουλος", ["greek"]),
]


def test_every_name_is_found_by_its_full_text(db, centre) -> None:
    """Full-width letters, spaces, Cyrillic, Greek and accented names: on SQLite as on
    PostgreSQL, case and width and spaces do not matter."""
    ids = {}
    for key, name in SPELLED_NAMES.items():
        draft = two_party_draft(centre.street_unit_id, applicant=name, applicant_id="")
        ids[key] = run(db, intake.register_case, draft, now=NOW, actor=centre.actor).id
    wrong = []
    for query, keys in SPELLED_QUERIES:
        expected = sorted(ids[k] for k in keys)
        got = sorted(found(db, query))
        if got != expected:
            wrong.append(f"{query!r}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_long_query_walks_past_names_that_only_share_its_trigrams(db, centre) -> None:
    """甲乙丙 乙丙丁 carries both trigrams of 甲乙丙丁 but not the name: newer decoys than the
    limit do not hide the older case that matches."""
    real = two_party_draft(centre.street_unit_id, applicant="甲乙丙丁", applicant_id="")
    real_id = run(db, intake.register_case, real, now=NOW, actor=centre.actor).id
    for _ in range(3):
        decoy = two_party_draft(centre.street_unit_id, applicant="甲乙丙 乙丙丁", applicant_id="")
        run(db, intake.register_case, decoy, now=NOW, actor=centre.actor)
    assert found(db, "甲乙丙丁", limit=2) == [real_id]


MATCH_NOTES = [
    ("张三丰", "申请人姓名"),
    ("单田芳", "被申请人姓名"),
    ("恒达物业", "被申请人名称"),  # an organisation
    ("王律师", "代理人姓名"),  # an agent
    ("zsf", "拼音首字母"),
    ("（2026）城南人调字第3号", "案号"),
]


def test_every_match_says_why(db, corpus) -> None:
    """The 匹配 column is never empty for a query: it names what matched."""
    for query, note in MATCH_NOTES:
        found = run(db, search.search_cases, query)
        assert found and {h.match_note for h in found} == {note}, query
    for query in ("张", "2", "5678", "002X", "oy"):
        assert all(h.match_note for h in run(db, search.search_cases, query)), query
