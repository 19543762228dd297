"""The synthetic case generator: determinism, speed, valid identifiers, realistic shape.

Check characters are recomputed here independently of the generator (GB 11643 MOD 11-2 and
GB 32100), so a bug in the generator's helpers cannot hide itself.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

import pytest

import mediation_desk
import mediation_desk.demo
from mediation_desk.demo import case_texts, regions
from mediation_desk.demo import generator as generator_module
from mediation_desk.demo.generator import (
    DISPUTE_TYPE_WEIGHTS,
    CaseGenerator,
    GeneratedCase,
    demo_centre,
    make_uscc,
)
from mediation_desk.domain.dispute_types import CATALOG
from mediation_desk.domain.enums import (
    AgentKind,
    CaseStatus,
    ConsentStatus,
    Gender,
    IdType,
    PartyKind,
    PartyRole,
    RefusalReason,
)
from mediation_desk.domain.validation import credit_code_check_char

TODAY = dt.date(2026, 11, 21)
SEED = 20261121

DISPUTE_CODES = {
    "marriage_family", "neighbour", "housing_homestead", "contract", "production_business",
    "damages", "forest_land", "land_requisition", "environment", "labour_wage_arrears",
    "labour_other", "consumer_travel", "consumer_ecommerce", "consumer_other", "medical",
    "traffic_accident", "property_management", "other", "ip", "internet",
}  # fmt: skip

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")

_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def gb11643_ok(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    s = sum(int(ch) * w for ch, w in zip(number[:17], _ID_W, strict=True))
    return "10X98765432"[s % 11] == number[17].upper()


def gb32100_ok(code: str) -> bool:
    if len(code) != 18 or any(ch not in _USCC_ALPHABET for ch in code):
        return False
    s = sum(_USCC_ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(code[:17]))
    check = 31 - s % 31
    return _USCC_ALPHABET[0 if check == 31 else check] == code[17]


@pytest.fixture(scope="module")
def cases() -> list[GeneratedCase]:
    return list(CaseGenerator(seed=SEED, today=TODAY).cases(5000))


def _persons(cases: list[GeneratedCase]):  # type: ignore[no-untyped-def]
    return [p for g in cases for p in g.draft.parties if p.kind is PartyKind.PERSON]


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# --- determinism and speed -----------------------------------------------------------------


def test_same_seed_same_output() -> None:
    a = list(CaseGenerator(seed=7, today=TODAY).cases(400))
    b = list(CaseGenerator(seed=7, today=TODAY).cases(400))
    assert a == b
    c = list(CaseGenerator(seed=8, today=TODAY).cases(400))
    assert a != c


def test_single_case_is_deterministic() -> None:
    at = dt.datetime(2026, 3, 2, 9, 30)
    one = CaseGenerator(seed=3, today=TODAY).case(at)
    two = CaseGenerator(seed=3, today=TODAY).case(at)
    assert one == two
    assert one.draft.received_at == at


def test_speed_sanity() -> None:
    gen = CaseGenerator(seed=1, today=TODAY)
    start = time.perf_counter()
    n = sum(1 for _ in gen.cases(10_000))
    elapsed = time.perf_counter() - start
    assert n == 10_000
    assert elapsed < 3.0, f"{n / elapsed:.0f} cases/s"


def test_core_does_not_import_qt() -> None:
    code = (
        "import sys, mediation_desk.demo.generator\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- identifiers ---------------------------------------------------------------------------


def test_check_helpers_against_known_values() -> None:
    assert gb11643_ok("11010519491231002X")
    assert not gb11643_ok("110105194912310021")
    assert gb32100_ok("91350100M000100Y43")
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert gb32100_ok(make_uscc("91", "330602", "MA2BE123"))


def test_resident_ids_are_valid_and_match_gender_and_birth(cases: list[GeneratedCase]) -> None:
    checked = 0
    for p in _persons(cases):
        if not p.id_number or not p.id_type.uses_gb11643_check:
            continue
        checked += 1
        n = p.id_number
        assert gb11643_ok(n), n
        assert (int(n[16]) % 2 == 1) == (p.gender is Gender.MALE), (n, p.gender)
        assert n[6:14] == p.birth_date.strftime("%Y%m%d"), (n, p.birth_date)
        if p.id_type is IdType.HMT_RESIDENCE_PERMIT:
            assert n[:6] in ("810000", "820000", "830000")
        else:
            assert n[:2] in {r.code[:2] for r in regions.REGIONS}
    assert checked > 9000


def test_agent_ids_are_valid(cases: list[GeneratedCase]) -> None:
    agents = [a for g in cases for p in g.draft.parties for a in p.agents]
    assert agents
    for a in agents:
        if a.id_number:
            assert gb11643_ok(a.id_number), a.id_number


def test_id_document_mix(cases: list[GeneratedCase]) -> None:
    persons = _persons(cases)
    kinds = Counter(p.id_type for p in persons)
    assert kinds[IdType.RESIDENT_ID] > 0.9 * len(persons)
    assert kinds[IdType.HMT_RESIDENCE_PERMIT] > 0
    assert kinds[IdType.PASSPORT] > 0
    missing = sum(1 for p in persons if not p.id_number)
    assert 0.01 * len(persons) < missing < 0.06 * len(persons)


def test_credit_codes_are_valid(cases: list[GeneratedCase]) -> None:
    orgs = [p for g in cases for p in g.draft.parties if p.kind is PartyKind.ORGANISATION]
    assert orgs
    for o in orgs:
        assert gb32100_ok(o.credit_code), (o.name, o.credit_code)
        assert o.representative and o.representative_title
        assert o.address and o.phones


def test_phone_numbers(cases: list[GeneratedCase]) -> None:
    numbers = []
    for g in cases:
        for p in g.draft.parties:
            assert p.phones, p.name
            numbers += [ph.number for ph in p.phones]
            numbers += [a.phone for a in p.agents]
        numbers += [x.phone for x in g.draft.participants]
    mobiles = [n for n in numbers if not n.startswith("0")]
    landlines = [n for n in numbers if n.startswith("0")]
    assert all(MOBILE.match(n) for n in mobiles), [n for n in mobiles if not MOBILE.match(n)][:5]
    assert all(LANDLINE.match(n) for n in landlines)
    assert landlines


def test_relatives_phone_for_some_elderly(cases: list[GeneratedCase]) -> None:
    relative_only = [
        p for p in _persons(cases) if len(p.phones) == 1 and p.phones[0].label.value == "relative"
    ]
    assert relative_only
    assert all(" " in p.phones[0].note for p in relative_only)  # e.g. "儿子 张伟"


# --- names ---------------------------------------------------------------------------------


def test_name_lengths_2_3_4(cases: list[GeneratedCase]) -> None:
    lengths = Counter(len(p.name) for p in _persons(cases))
    assert lengths[3] > lengths[2] > lengths[4] > 0


def test_non_bmp_characters_in_names() -> None:
    gen = CaseGenerator(seed=11, today=TODAY)
    names = [gen.person_name(Gender.MALE if i % 2 else Gender.FEMALE) for i in range(50_000)]
    assert any(ord(ch) > 0xFFFF for n in names for ch in n)
    forced = [gen.person_name(Gender.FEMALE, force_rare=True) for _ in range(200)]
    assert any(ord(ch) > 0xFFFF for n in forced for ch in n)
    assert all(len(n) >= 2 for n in forced)


# --- case shape ----------------------------------------------------------------------------


def test_all_dispute_codes_appear(cases: list[GeneratedCase]) -> None:
    assert set(DISPUTE_TYPE_WEIGHTS) == DISPUTE_CODES
    seen = Counter(g.draft.dispute_type_code for g in cases)
    assert set(seen) == DISPUTE_CODES
    top = {code for code, _ in seen.most_common(6)}
    assert {"neighbour", "marriage_family"} <= top


def test_repeat_visitors(cases: list[GeneratedCase]) -> None:
    seen: dict[str, int] = {}
    repeats = 0
    for i, g in enumerate(cases):
        ids = {p.id_number for p in g.draft.parties if p.id_number}
        if any(seen.get(x, i) != i for x in ids):
            repeats += 1
        for x in ids:
            seen.setdefault(x, i)
    assert 0.015 * len(cases) < repeats < 0.06 * len(cases)
    # the same person: same name and phone as well
    by_id: dict[str, tuple[str, str]] = {}
    for g in cases:
        for p in g.draft.parties:
            if p.id_number and p.kind is PartyKind.PERSON:
                key = (p.name, p.phones[0].number)
                assert by_id.setdefault(p.id_number, key) == key


def test_referring_body_exactly_when_needed(cases: list[GeneratedCase]) -> None:
    for g in cases:
        d = g.draft
        assert bool(d.referring_body) == d.source.needs_referring_body, (d.source, d.referring_body)
    letters = [
        g.draft.referral_letter_no for g in cases if g.draft.source.value.startswith("court")
    ]
    assert letters and all(n.startswith("（") and "浙0602" in n for n in letters)


def test_received_at_ascending_on_working_hours(cases: list[GeneratedCase]) -> None:
    times = [g.draft.received_at for g in cases]
    assert times == sorted(times)
    earliest = TODAY - dt.timedelta(days=1500)
    for t in times:
        assert earliest <= t.date() <= TODAY
        assert t.weekday() < 5
        assert dt.time(8, 30) <= t.time() <= dt.time(17, 0)


def test_parties_roles_and_texts(cases: list[GeneratedCase]) -> None:
    counts = Counter()
    for g in cases:
        d = g.draft
        roles = Counter(p.role for p in d.parties)
        assert roles[PartyRole.APPLICANT] >= 1 and roles[PartyRole.RESPONDENT] >= 1
        assert 2 <= len(d.parties) <= 5
        counts[len(d.parties)] += 1
        assert 60 <= len(d.facts) <= 300, d.facts
        assert d.requests.startswith("请求")
        assert d.routing.unit_id is None
        for p in d.parties:
            assert p.name and p.address
    assert counts[2] > 0.7 * len(cases)
    assert counts[3] and counts[4] and counts[5]


def test_organisations_match_dispute_type(cases: list[GeneratedCase]) -> None:
    persons = sum(len(_persons([g])) for g in cases)
    orgs = sum(1 for g in cases for p in g.draft.parties if p.kind is PartyKind.ORGANISATION)
    assert 0.08 < orgs / (orgs + persons) < 0.18
    for g in cases:
        d = g.draft
        org_names = [p.name for p in d.parties if p.kind is PartyKind.ORGANISATION]
        if d.dispute_type_code == "property_management":
            assert any("物业" in n for n in org_names)
        elif d.dispute_type_code == "medical":
            assert any(("医" in n or "诊" in n or "卫生" in n) for n in org_names)
        elif d.dispute_type_code == "consumer_travel":
            assert any("旅行社" in n for n in org_names)
        elif d.dispute_type_code == "labour_other":
            assert org_names


def test_agents_and_minors(cases: list[GeneratedCase]) -> None:
    parties = [p for g in cases for p in g.draft.parties]
    with_agent = sum(1 for p in parties if p.agents)
    assert 0.08 < with_agent / len(parties) < 0.25
    minors = 0
    for g in cases:
        on = g.draft.received_at.date()
        for p in g.draft.parties:
            if p.kind is PartyKind.PERSON and p.birth_date is not None:
                age = _age(p.birth_date, on)
                assert 0 < age <= 96  # 18-90, plus repeat visitors ageing over 4 years
                if age < 18:
                    minors += 1
                    assert any(a.kind is AgentKind.LEGAL for a in p.agents)
    assert minors > 0


def test_status_and_routing_consistency(cases: list[GeneratedCase]) -> None:
    centre = demo_centre()
    units = {u.key for u in centre.units}
    mediator_unit = {m.key: m.unit_key for m in centre.mediators}
    statuses = Counter(g.status for g in cases)
    for g in cases:
        d = g.draft
        assert g.unit_key in units
        if g.mediator_key is not None:
            assert mediator_unit[g.mediator_key] == g.unit_key
        assert d.refused == (g.status is CaseStatus.REFUSED)
        if RefusalReason.PARTY_REFUSES in d.refusal_reasons:
            assert any(p.consent is ConsentStatus.REFUSED for p in d.parties)
        if g.status is CaseStatus.REFERRED_OUT:
            assert d.routing.refer_to is not None and d.routing.refer_body
        if g.status in (CaseStatus.REFUSED, CaseStatus.REFERRED_OUT):
            assert g.mediator_key is None
        code = d.dispute_type_code
        if g.status not in (CaseStatus.REFUSED, CaseStatus.REFERRED_OUT):
            if code == "traffic_accident":
                assert g.unit_key == "traffic"
            elif code == "medical":
                assert g.unit_key == "medical"
    for status in (
        CaseStatus.ARCHIVED,
        CaseStatus.SUCCEEDED,
        CaseStatus.FAILED,
        CaseStatus.REFUSED,
        CaseStatus.REFERRED_OUT,
    ):
        assert statuses[status] > 0, status


def test_recent_cases_are_open() -> None:
    gen = CaseGenerator(seed=5, today=TODAY)
    recent = list(gen.cases(500, days_back=5))
    open_share = sum(1 for g in recent if g.status.is_open) / len(recent)
    assert open_share > 0.6


def test_risk_levels(cases: list[GeneratedCase]) -> None:
    levels = Counter(g.draft.risk_level.value for g in cases)
    assert levels["none"] > 0.8 * len(cases)
    assert levels["yellow"] and levels["orange"] and levels["red"]
    assert all(g.draft.risk_note for g in cases if g.draft.risk_level.value != "none")


# --- reference data ------------------------------------------------------------------------


def test_region_table() -> None:
    codes = [r.code for r in regions.REGIONS]
    assert len(codes) >= 150 and len(set(codes)) == len(codes)
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len({c[:2] for c in codes}) == 31
    home = sum(r.weight for r in regions.REGIONS if r.is_home_province)
    assert home / sum(r.weight for r in regions.REGIONS) > 0.6


def test_centre() -> None:
    centre = demo_centre()
    kinds = Counter(u.kind.value for u in centre.units)
    assert kinds["intake_desk"] == 1 and kinds["court_desk"] == 1
    assert 20 <= len(centre.mediators) <= 30 and len(centre.operators) >= 3
    for u in centre.units:
        assert "{year}" in u.number_format and "{seq}" in u.number_format
        assert u.number_format.format(year=2026, seq=12)


# --- case texts (data/*.toml) --------------------------------------------------------------

_LEFTOVER = re.compile(r"[{}]")


def _texts_docs() -> tuple[dict, dict]:  # type: ignore[type-arg]
    return (
        tomllib.loads((case_texts.DATA_DIR / case_texts.DISPUTES_FILE).read_text("utf-8")),
        tomllib.loads((case_texts.DATA_DIR / case_texts.WORDS_FILE).read_text("utf-8")),
    )


def test_every_template_is_filled_for_many_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every variant and phrase of the data files is used, and nothing is left unfilled."""
    used_variants: set[str] = set()
    used_phrases: set[tuple[str, str]] = set()
    fill_variant = case_texts.TextVariant.fill
    fill_phrase = case_texts.DisputeTexts.phrase

    def spy_fill(self, values, rnd):  # type: ignore[no-untyped-def]
        used_variants.add(self.where)
        return fill_variant(self, values, rnd)

    def spy_phrase(self, name, **values):  # type: ignore[no-untyped-def]
        used_phrases.add((self.code, name))
        return fill_phrase(self, name, **values)

    monkeypatch.setattr(case_texts.TextVariant, "fill", spy_fill)
    monkeypatch.setattr(case_texts.DisputeTexts, "phrase", spy_phrase)
    for seed in range(6):
        for g in CaseGenerator(seed=seed, today=TODAY).cases(4000):
            d = g.draft
            texts = (d.facts, d.requests, d.risk_note, d.refusal_note, d.routing.refer_note)
            for text in texts:
                assert not _LEFTOVER.search(text), text
            assert 60 <= len(d.facts) <= 300, d.facts
            assert d.requests.startswith("请求")
    loaded = case_texts.load_case_texts().disputes
    assert used_variants == {v.where for t in loaded.values() for v in t.variants}
    own_phrases = {(code, name) for code, t in loaded.items() for name in t.phrases}
    shared = set(_texts_docs()[0]["phrases"])
    assert {name for _, name in used_phrases} >= shared
    assert {p for p in own_phrases if p[1] not in shared} <= used_phrases


def test_every_catalogue_type_has_texts() -> None:
    leaves = {t.code for t in CATALOG} - {t.parent_code for t in CATALOG if t.parent_code}
    assert set(DISPUTE_TYPE_WEIGHTS) == leaves
    disputes = case_texts.load_case_texts().disputes
    assert set(disputes) == leaves
    for code, texts in disputes.items():
        assert texts.variants, code
        for v in texts.variants:
            assert v.code == code and v.facts and v.requests.startswith("请求"), v.where


def test_data_files_ship_with_the_package(tmp_path) -> None:  # type: ignore[no-untyped-def]
    package_dir = Path(mediation_desk.demo.__file__).resolve().parent
    assert package_dir / "data" == case_texts.DATA_DIR
    files = sorted(p.name for p in case_texts.DATA_DIR.glob("*.toml"))
    assert files == sorted([case_texts.DISPUTES_FILE, case_texts.WORDS_FILE])
    # the wheel and the bundle take them as package data
    pyproject = Path(mediation_desk.__file__).resolve().parent.parent / "pyproject.toml"
    package_data = tomllib.loads(pyproject.read_text("utf-8"))["tool"]["setuptools"]
    assert "demo/data/*.toml" in package_data["package-data"]["mediation_desk"]
    # found from any working directory
    code = (
        "import datetime as dt\n"
        "from mediation_desk.demo.generator import CaseGenerator\n"
        "g = CaseGenerator(seed=1, today=dt.date(2026, 11, 21))\n"
        "assert len(list(g.cases(50))) == 50\n"
    )
    root = str(Path(mediation_desk.__file__).resolve().parent.parent)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env={"PYTHONPATH": root})


def test_unknown_placeholder_fails_loudly() -> None:
    disputes, words = _texts_docs()
    disputes["neighbour"]["variant"][0]["facts"] += "{nonexistent}"
    texts = case_texts.parse_case_texts(disputes, words)
    variant = texts.disputes["neighbour"].variants[0]
    assert "nonexistent" in variant.needs
    values = dict.fromkeys(variant.needs - {"nonexistent"}, "x")
    with pytest.raises(case_texts.CaseTextError, match=r"neighbour/drainpipe.*\{nonexistent\}"):
        variant.fill(values, lambda: 0.5)
    with pytest.raises(case_texts.CaseTextError, match="no value"):
        texts.disputes["contract"].phrase("repaid_part")


@pytest.mark.parametrize(
    ("path", "text", "message"),
    [
        (("disputes", "neighbour", "variant", 0, "facts"), "金额{amount:,}元", "placeholder"),
        (("disputes", "neighbour", "variant", 0, "facts"), "{0}", "placeholder"),
        (("disputes", "neighbour", "variant", 0, "facts"), "a{{b}}c", "braces"),
        (("disputes", "neighbour", "variant", 0, "requests"), "赔偿", "请求"),
        (("disputes", "neighbour", "variant", 0, "facts"), "两行\n文字", "line break"),
        (("disputes", "marriage_family", "words", "child", 0), "{who}", "nothing fills"),
        (("words", "risk_notes", "red", 0), "{name}扬言报复", "nothing fills"),
        (("words", "refusal_notes", "not_civil"), "{applicant}", "nothing fills"),
        (("words", "referrals", "court", "target"), "heaven", "ReferralTarget"),
    ],
)
def test_malformed_data_is_refused(path: tuple, text: str, message: str) -> None:  # type: ignore[type-arg]
    disputes, words = _texts_docs()
    node = disputes if path[0] == "disputes" else words
    for key in path[1:-1]:
        node = node[key]
    node[path[-1]] = text
    with pytest.raises(case_texts.CaseTextError, match=message):
        case_texts.parse_case_texts(disputes, words)


def test_unused_word_list_and_missing_keys_are_refused() -> None:
    disputes, words = _texts_docs()
    disputes["ip"]["words"]["colour"] = ["红"]
    with pytest.raises(case_texts.CaseTextError, match="colour"):
        case_texts.parse_case_texts(disputes, words)
    disputes, words = _texts_docs()
    del words["refusal_notes"]["not_civil"]
    with pytest.raises(case_texts.CaseTextError, match="not_civil"):
        case_texts.parse_case_texts(disputes, words)


def test_conditions_and_scenarios_must_match_the_builders(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    neighbour = case_texts.load_case_texts().disputes["neighbour"]
    with pytest.raises(case_texts.CaseTextError, match="rural"):
        neighbour.pick(lambda: 0.5)
    assert neighbour.pick(lambda: 0.5, rural=True).when == {"rural": True}
    # a scenario no builder knows stops generation instead of producing a wrong case
    disputes, words = _texts_docs()
    for variant in disputes["marriage_family"]["variant"]:
        variant["scenario"] = "elopement"
    texts = case_texts.parse_case_texts(disputes, words)
    monkeypatch.setattr(generator_module, "load_case_texts", lambda: texts)
    with pytest.raises(case_texts.CaseTextError, match="elopement"):
        list(CaseGenerator(seed=1, today=TODAY).cases(300))
