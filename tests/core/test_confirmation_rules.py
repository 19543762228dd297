from __future__ import annotations

from mediation_desk.domain.confirmation_rules import choose_court, refused_matter_issues
from mediation_desk.domain.enums import CaseSource
from mediation_desk.domain.issues import Severity


def test_court_referred_case_goes_back_to_the_referring_court() -> None:
    c = choose_court(
        source=CaseSource.COURT_PRE_FILING,
        referring_body="城南区人民法院",
        default_court="某某区人民法院",
        chosen_rule="party_domicile",
        chosen_court="别的法院",
    )
    assert c.court == "城南区人民法院" and c.rule.code == "inviting_court"
    assert "第二百零五条" in c.explanation


def test_own_mediation_uses_the_parties_choice_else_the_default() -> None:
    c = choose_court(source=CaseSource.WALK_IN, referring_body="", default_court="城南区人民法院")
    assert (c.court, c.rule.code) == ("城南区人民法院", "committee_location")
    c = choose_court(
        source=CaseSource.WALK_IN,
        referring_body="",
        default_court="城南区人民法院",
        chosen_rule="subject_location",
        chosen_court="城北区人民法院",
    )
    assert (c.court, c.rule.code) == ("城北区人民法院", "subject_location")
    c = choose_court(source=CaseSource.WALK_IN, referring_body="", default_court="")
    assert c.court == "" and "请选择" in c.explanation


def test_status_matters_warn() -> None:
    issues = refused_matter_issues(
        dispute_type_code="marriage_family",
        clause_texts=["双方自愿解除婚姻关系", "男方每月支付抚养费"],
    )
    assert [i.code for i in issues] == ["confirmation_status_matter"]
    assert issues[0].severity is Severity.WARNING and issues[0].field == "clauses[0]"


def test_ownership_matters_warn() -> None:
    issues = refused_matter_issues(
        dispute_type_code="housing_homestead",
        clause_texts=["争议房屋归张三所有", "某专利权归乙方", "李四支付补偿款"],
    )
    assert [i.code for i in issues] == ["confirmation_ownership_matter"] * 2


def test_ordinary_money_clause_is_fine() -> None:
    assert not refused_matter_issues(
        dispute_type_code="neighbour", clause_texts=["李四向张三支付修缮费", "将排水管改道"]
    )
