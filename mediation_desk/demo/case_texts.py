"""The demo generator's texts: read from ``data/*.toml`` once, checked, filled with named values.

``data/disputes.toml`` holds, per dispute type of the catalogue:

* ``[[<type>.variant]]``: one way to tell such a dispute. ``name``; ``weight`` (relative to the
  other variants that qualify); ``when``, conditions the builder has settled first, such as
  ``{ rural = true }``; ``scenario``, the party composition the builder assembles for it
  (variants without one share the type's single composition); ``facts`` and ``requests``.
* ``[<type>.words]``: word lists; a placeholder with a list's name gets a random word of it.
* ``[<type>.phrases]``: fragments the builder chooses between and passes in as values, next to
  the top-level ``[phrases]`` that several types use.

``data/words.toml`` holds the other texts: risk notes, departments, referral and refusal notes,
and structured word lists the builders reason about (diagnoses, shop items, goods).

Templates know only ``{name}`` placeholders: no format specs, indexing or literal braces, so
amounts, dates and sums are computed (and formatted) in Python. A placeholder without a value
raises ``CaseTextError`` instead of printing "{name}".
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any, TypeVar

from mediation_desk.domain.enums import ReferralTarget, RefusalReason, RiskLevel

from .common import Rnd, WeightedTable

__all__ = [
    "DATA_DIR",
    "CaseTextError",
    "CaseTexts",
    "Diagnosis",
    "DisputeTexts",
    "Referral",
    "ShopItem",
    "TextVariant",
    "Words",
    "fill",
    "load_case_texts",
    "parse_case_texts",
]

#: Beside the code, so an installed wheel or a bundle finds it whatever the working directory.
DATA_DIR = Path(__file__).resolve().parent / "data"
DISPUTES_FILE = "disputes.toml"
WORDS_FILE = "words.toml"

Value = str | int
E = TypeVar("E", bound=Enum)
Condition = bool | str | int


class CaseTextError(ValueError):
    """A data file is malformed, or a template needs a value nobody gave it."""


def placeholders(template: str, where: str) -> frozenset[str]:
    """The ``{name}`` fields of ``template``; anything fancier is an error."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as exc:
        raise CaseTextError(f"{where}: {exc}: {template!r}") from None
    names = set()
    for literal, name, spec, conversion in parsed:
        if "{" in literal or "}" in literal:
            raise CaseTextError(f"{where}: literal braces in {template!r}")
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise CaseTextError(f"{where}: write a placeholder as {{name}}, not {{{name}...}}")
        names.add(name)
    return frozenset(names)


def fill(template: str, values: Mapping[str, Value], where: str) -> str:
    try:
        return template.format_map(values)
    except KeyError as exc:
        raise CaseTextError(f"{where}: no value for placeholder {{{exc.args[0]}}}") from None


# --- dispute texts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextVariant:
    """One way to tell a dispute of some type: its facts and requests templates."""

    code: str  # the dispute type
    where: str  # "neighbour/drainpipe", for messages and tests
    scenario: str
    weight: float
    when: Mapping[str, Condition]
    facts: str
    requests: str
    #: Placeholders filled with a random word of the type's list of that name, sorted by name.
    words: tuple[tuple[str, tuple[str, ...]], ...]
    #: Placeholders the builder must give values for.
    needs: frozenset[str]

    def fill(self, values: dict[str, Value], rnd: Rnd) -> tuple[str, str]:
        """(facts, requests) with ``values`` and random words; ``values`` gains the words."""
        for name, choices in self.words:
            if name in values:
                raise CaseTextError(f"{self.where}: {{{name}}} is a word list and a value")
            values[name] = choices[int(rnd() * len(choices))]
        return fill(self.facts, values, self.where), fill(self.requests, values, self.where)


class DisputeTexts:
    """The variants and phrases of one dispute type."""

    def __init__(
        self, code: str, variants: tuple[TextVariant, ...], phrases: Mapping[str, str]
    ) -> None:
        self.code = code
        self.variants = variants
        self.phrases = phrases
        self.condition_keys = frozenset(k for v in variants for k in v.when)
        self._tables: dict[tuple[tuple[str, Condition], ...], WeightedTable[TextVariant]] = {}

    def pick(self, rnd: Rnd, **when: Condition) -> TextVariant:
        """A variant by weight among those whose conditions match ``when``."""
        key = tuple(when.items())
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = self._table(when)
        return table.pick(rnd)

    def _table(self, when: Mapping[str, Condition]) -> WeightedTable[TextVariant]:
        if set(when) != self.condition_keys:
            raise CaseTextError(
                f"{self.code}: variants are chosen by {sorted(self.condition_keys)}, "
                f"the builder gave {sorted(when)}"
            )
        matching = [
            (v, v.weight) for v in self.variants if all(when[k] == c for k, c in v.when.items())
        ]
        if not matching:
            raise CaseTextError(f"{self.code}: no variant for {dict(when)}")
        return WeightedTable(matching)

    def phrase(self, name: str, **values: Value) -> str:
        template = self.phrases.get(name)
        if template is None:
            raise CaseTextError(f"{self.code}: no phrase {name!r}")
        return fill(template, values, f"{self.code}/phrases.{name}")


# --- other texts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Diagnosis:
    symptom: str
    diagnosis: str
    procedure: str
    complication: str
    maternity: bool  # the patient is a young woman giving birth


@dataclass(frozen=True, slots=True)
class ShopItem:
    item: str
    low: int  # price range in yuan
    high: int


@dataclass(frozen=True, slots=True)
class Referral:
    target: ReferralTarget
    body: str
    note: str


@dataclass(frozen=True)
class Words:
    risk_notes: Mapping[RiskLevel, tuple[str, ...]]
    group_risk_notes: tuple[str, ...]  # for wage arrears of a group of workers
    refusal_notes: Mapping[RefusalReason, str]
    referrals: Mapping[str, Referral]
    #: dispute type (or "default") -> (department that refers such cases, letter abbreviation)
    departments: Mapping[str, tuple[str, str]]
    police_stations: tuple[str, ...]
    lawyer_scope_special: str
    lawyer_scope_general: str
    staff_relations: tuple[str, ...]
    goods: Mapping[str, tuple[str, ...]]  # by the supplier's industry
    shop_items: tuple[ShopItem, ...]
    diagnoses: tuple[Diagnosis, ...]


@dataclass(frozen=True)
class CaseTexts:
    disputes: Mapping[str, DisputeTexts]
    words: Words


@cache
def load_case_texts() -> CaseTexts:
    """The texts shipped in ``DATA_DIR``, read and checked once per process."""
    disputes = tomllib.loads((DATA_DIR / DISPUTES_FILE).read_text(encoding="utf-8"))
    words = tomllib.loads((DATA_DIR / WORDS_FILE).read_text(encoding="utf-8"))
    return parse_case_texts(disputes, words)


def parse_case_texts(disputes: Mapping[str, Any], words: Mapping[str, Any]) -> CaseTexts:
    """Check and convert the parsed TOML documents; every problem is a ``CaseTextError``."""
    _check_strings(disputes, (), DISPUTES_FILE, _dispute_placeholders)
    _check_strings(words, (), WORDS_FILE, _words_placeholders)
    shared = _strings_by_name(disputes.get("phrases", {}), "phrases")
    return CaseTexts(
        disputes={
            code: _dispute(code, section, shared)
            for code, section in disputes.items()
            if code != "phrases"
        },
        words=_words(words),
    )


def _check_strings(
    node: object,
    path: tuple[str, ...],
    where: str,
    allowed: Callable[[tuple[str, ...]], frozenset[str] | None],
) -> None:
    """Every string is a valid template with no more placeholders than ``allowed(path)`` says:
    ``None`` for the templates the code fills with checked values, else the names the code
    fills in (mostly none: the string is used as it is, so a placeholder would be printed)."""
    if isinstance(node, str):
        fields = placeholders(node, where)
        if "\n" in node:
            raise CaseTextError(f"{where}: a line break (end wrapped lines with '\\'): {node!r}")
        names = allowed(path)
        if names is not None and fields - names:
            raise CaseTextError(f"{where}: nothing fills {sorted(fields - names)} here")
    elif isinstance(node, dict):
        for key, value in node.items():
            _check_strings(value, (*path, key), f"{where}.{key}", allowed)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_strings(value, path, f"{where}[{i}]", allowed)


def _dispute_placeholders(path: tuple[str, ...]) -> frozenset[str] | None:
    """Facts, requests and phrases are templates; word lists, names, conditions are not."""
    if path[0] == "phrases" or (len(path) == 3 and path[1] == "phrases"):
        return None
    if len(path) == 3 and path[1] == "variant" and path[2] in ("facts", "requests"):
        return None
    return frozenset()


def _words_placeholders(path: tuple[str, ...]) -> frozenset[str]:
    return frozenset({"respondent"}) if path[0] == "refusal_notes" else frozenset()


def _dispute(code: str, raw: object, shared: Mapping[str, str]) -> DisputeTexts:
    section = _table(raw, code, required={"variant"}, optional={"words", "phrases"})
    words = {
        name: _strings(value, f"{code}.words.{name}")
        for name, value in _table(section.get("words", {}), f"{code}.words").items()
    }
    own = _strings_by_name(section.get("phrases", {}), f"{code}.phrases")
    if clash := set(own) & set(shared):
        raise CaseTextError(f"{code}.phrases: {sorted(clash)} are already shared phrases")
    raws = section["variant"]
    if not isinstance(raws, list) or not raws:
        raise CaseTextError(f"{code}: no [[{code}.variant]]")
    variants = tuple(_variant(code, raw, words) for raw in raws)
    names = [v.where for v in variants]
    if len(set(names)) != len(names):
        raise CaseTextError(f"{code}: variant names repeat: {names}")
    used = {name for v in variants for name, _ in v.words}
    if unused := set(words) - used:
        raise CaseTextError(f"{code}.words: {sorted(unused)} are not used by any template")
    return DisputeTexts(code, variants, {**shared, **own})


def _variant(code: str, raw: object, words: Mapping[str, tuple[str, ...]]) -> TextVariant:
    v = _table(
        raw,
        f"{code}.variant",
        required={"name", "weight", "facts", "requests"},
        optional={"when", "scenario"},
    )
    where = f"{code}/{_str(v['name'], f'{code}.variant.name')}"
    weight = v["weight"]
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise CaseTextError(f"{where}: weight must be a positive number, not {weight!r}")
    when = _table(v.get("when", {}), f"{where}.when")
    for key, cond in when.items():
        if not isinstance(cond, bool | str | int):
            raise CaseTextError(f"{where}.when.{key}: {cond!r} is not a bool, string or integer")
    facts = _str(v["facts"], f"{where}.facts")
    requests = _str(v["requests"], f"{where}.requests")
    if not requests.startswith("请求"):
        raise CaseTextError(f"{where}.requests: should start with 请求")
    fields = placeholders(facts, where) | placeholders(requests, where)
    return TextVariant(
        code=code,
        where=where,
        scenario=_str(v.get("scenario", ""), f"{where}.scenario", empty=True),
        weight=float(weight),
        when=dict(when),
        facts=facts,
        requests=requests,
        words=tuple((name, words[name]) for name in sorted(fields & set(words))),
        needs=fields - set(words),
    )


_WORDS_KEYS = {
    "risk_notes", "group_risk_notes", "refusal_notes", "referrals", "departments",
    "police_stations", "lawyer_scope_special", "lawyer_scope_general", "staff_relations",
    "goods", "shop_items", "diagnoses",
}  # fmt: skip
#: Every reason the generator refuses cases for; the generator refers cases by these keys.
_REFUSALS = {reason.value for reason in RefusalReason if reason is not RefusalReason.OTHER}
_REFERRALS = {
    "department", "labour_other", "labour_wage_arrears", "land_requisition", "damages", "court",
}  # fmt: skip


def _words(raw: Mapping[str, Any]) -> Words:
    doc = _table(raw, WORDS_FILE, required=_WORDS_KEYS)
    risk = _table(doc["risk_notes"], "risk_notes", required={"yellow", "orange", "red"})
    refusals = _table(doc["refusal_notes"], "refusal_notes", required=_REFUSALS)
    departments = _records_by_name(doc["departments"], "departments", {"body": str, "letter": str})
    if "default" not in departments:
        raise CaseTextError("departments: missing default")
    _table(doc["referrals"], "referrals", required=_REFERRALS)
    referrals = _records_by_name(
        doc["referrals"], "referrals", {"target": str, "body": str, "note": str}
    )
    shop_items = _record_list(
        doc["shop_items"], "shop_items", {"item": str, "low": int, "high": int}
    )
    if wrong := [s["item"] for s in shop_items if not 0 < s["low"] < s["high"]]:
        raise CaseTextError(f"shop_items: prices need 0 < low < high: {wrong}")
    diagnosis = {"symptom": str, "diagnosis": str, "procedure": str, "complication": str}
    return Words(
        risk_notes={
            level: _strings(risk[level.value], f"risk_notes.{level.value}")
            for level in (RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED)
        },
        group_risk_notes=_strings(doc["group_risk_notes"], "group_risk_notes"),
        refusal_notes={
            RefusalReason(key): note
            for key, note in _strings_by_name(refusals, "refusal_notes").items()
        },
        referrals={
            key: Referral(_enum(ReferralTarget, r["target"], key), r["body"], r["note"])
            for key, r in referrals.items()
        },
        departments={code: (d["body"], d["letter"]) for code, d in departments.items()},
        police_stations=_strings(doc["police_stations"], "police_stations"),
        lawyer_scope_special=_str(doc["lawyer_scope_special"], "lawyer_scope_special"),
        lawyer_scope_general=_str(doc["lawyer_scope_general"], "lawyer_scope_general"),
        staff_relations=_strings(doc["staff_relations"], "staff_relations"),
        goods={
            industry: _strings(goods, f"goods.{industry}")
            for industry, goods in _table(doc["goods"], "goods").items()
        },
        shop_items=tuple(ShopItem(s["item"], s["low"], s["high"]) for s in shop_items),
        diagnoses=tuple(
            Diagnosis(**{"maternity": False, **d})
            for d in _record_list(doc["diagnoses"], "diagnoses", diagnosis, {"maternity": bool})
        ),
    )


# --- checked access to parsed TOML ---------------------------------------------------------


def _table(
    raw: object, where: str, *, required: set[str] | None = None, optional: set[str] | None = None
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise CaseTextError(f"{where}: expected a table, found {raw!r}")
    if required is not None:
        if missing := required - set(raw):
            raise CaseTextError(f"{where}: missing {sorted(missing)}")
        if unknown := set(raw) - required - (optional or set()):
            raise CaseTextError(f"{where}: unknown keys {sorted(unknown)}")
    return raw


def _record(
    raw: object, where: str, fields: Mapping[str, Any], optional: Mapping[str, Any]
) -> dict[str, Any]:
    """A table with exactly these keys (``optional`` ones may be missing) of these types."""
    record = _table(raw, where, required=set(fields), optional=set(optional))
    for key, value in record.items():
        expected = fields.get(key) or optional[key]
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise CaseTextError(f"{where}.{key}: {value!r} is not of type {expected}")
    return record


def _record_list(
    raw: object, where: str, fields: Mapping[str, Any], optional: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """An array of such records: ``[[where]]``."""
    if not isinstance(raw, list) or not raw:
        raise CaseTextError(f"{where}: expected an array of tables, found {raw!r}")
    return [_record(item, f"{where}[{i}]", fields, optional or {}) for i, item in enumerate(raw)]


def _records_by_name(
    raw: object, where: str, fields: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """A table of such records: ``[where.name]``."""
    return {
        key: _record(item, f"{where}.{key}", fields, {}) for key, item in _table(raw, where).items()
    }


def _enum(kind: type[E], value: object, where: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise CaseTextError(f"{where}: {value!r} is not a {kind.__name__} value") from None


def _str(raw: object, where: str, *, empty: bool = False) -> str:
    if not isinstance(raw, str) or not (raw or empty):
        raise CaseTextError(f"{where}: expected a non-empty string, found {raw!r}")
    return raw


def _strings(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise CaseTextError(f"{where}: expected a non-empty list of strings, found {raw!r}")
    return tuple(_str(item, where) for item in raw)


def _strings_by_name(raw: object, where: str) -> dict[str, str]:
    return {key: _str(value, f"{where}.{key}") for key, value in _table(raw, where).items()}
