"""Enumerations of the domain, each with the Chinese label shown to users.

Values are stable ASCII codes stored in the database; labels may be reworded freely.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Chinese label."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj


class UnitKind(LabelledEnum):
    INTAKE_DESK = "intake_desk", "综合受理窗口"
    VILLAGE_COMMITTEE = "village_committee", "村人民调解委员会"
    COMMUNITY_COMMITTEE = "community_committee", "社区人民调解委员会"
    TOWNSHIP_COMMITTEE = "township_committee", "乡镇人民调解委员会"
    STREET_COMMITTEE = "street_committee", "街道人民调解委员会"
    ENTERPRISE_COMMITTEE = "enterprise_committee", "企事业单位人民调解委员会"
    TRADE_COMMITTEE = "trade_committee", "行业性专业性人民调解委员会"
    DEPARTMENT_WINDOW = "department_window", "部门窗口"
    COURT_DESK = "court_desk", "法院诉调对接窗口"
    LEGAL_AID = "legal_aid", "法律援助窗口"
    COUNSELLING = "counselling", "心理咨询室"
    PETITIONS = "petitions", "信访窗口"


class CaseSource(LabelledEnum):
    WALK_IN = "walk_in", "当事人申请（来访）"
    PHONE = "phone", "当事人申请（来电）"
    OWN_INITIATIVE = "own_initiative", "主动调解"
    COURT_PRE_FILING = "court_pre_filing", "法院委派（诉前）"
    COURT_ENTRUSTED = "court_entrusted", "法院委托（诉中）"
    PROCURATORATE = "procuratorate", "检察院移送"
    POLICE = "police", "公安机关移送"
    PETITIONS = "petitions", "信访部门移送"
    DEPARTMENT = "department", "其他部门移送"
    VILLAGE = "village", "村（居）委会转来"
    COMMUNITY = "community", "社区转来"
    GRID = "grid", "网格员上报"

    @property
    def needs_referring_body(self) -> bool:
        """Referred cases store who referred them and the letter's number."""
        return self not in (CaseSource.WALK_IN, CaseSource.PHONE, CaseSource.OWN_INITIATIVE)


class CaseStatus(LabelledEnum):
    ACCEPTED = "accepted", "已受理"
    IN_MEDIATION = "in_mediation", "调解中"
    REFUSED = "refused", "不予受理"
    REFERRED_OUT = "referred_out", "已移送"
    SUCCEEDED = "succeeded", "调解成功"
    FAILED = "failed", "调解终止"
    WITHDRAWN = "withdrawn", "已撤回"
    FAST_TRACK_CLOSED = "fast_track_closed", "速裁结案"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"

    @property
    def is_open(self) -> bool:
        return self in (CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION)


class CourtProcedure(LabelledEnum):
    """The trial procedure of a case a court entrusts after filing (委托): it sets the time
    limit (特邀调解规定 art. 27)."""

    ORDINARY = "ordinary", "普通程序"
    SUMMARY = "summary", "简易程序"


class RiskLevel(LabelledEnum):
    NONE = "none", "无"
    YELLOW = "yellow", "黄色（一般风险）"
    ORANGE = "orange", "橙色（较大风险）"
    RED = "red", "红色（重大风险）"


class PartyKind(LabelledEnum):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或非法人组织"


class PartyRole(LabelledEnum):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    THIRD_PARTY = "third_party", "第三人"


class Gender(LabelledEnum):
    MALE = "male", "男"
    FEMALE = "female", "女"


class IdType(LabelledEnum):
    RESIDENT_ID = "resident_id", "居民身份证"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", "港澳台居民居住证"
    PERMANENT_RESIDENCE = "permanent_residence", "外国人永久居留身份证"
    HMT_TRAVEL_PERMIT = "hmt_travel_permit", "港澳居民来往内地通行证/台湾居民来往大陆通行证"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他证件"

    @property
    def uses_gb11643_check(self) -> bool:
        return self in (
            IdType.RESIDENT_ID,
            IdType.HMT_RESIDENCE_PERMIT,
            IdType.PERMANENT_RESIDENCE,
        )


class ConsentStatus(LabelledEnum):
    PENDING = "pending", "未表态"
    AGREED = "agreed", "同意调解"
    REFUSED = "refused", "拒绝调解"


class AgentKind(LabelledEnum):
    ENTRUSTED = "entrusted", "委托代理人"
    LEGAL = "legal", "法定代理人"


class AgentAuthority(LabelledEnum):
    GENERAL = "general", "一般授权"
    SPECIAL = "special", "特别授权"
    STATUTORY = "statutory", "法定代理"


class RefusalReason(LabelledEnum):
    PARTY_REFUSES = "party_refuses", "当事人一方明确拒绝调解"
    SPECIALISED_AUTHORITY = "specialised_authority", "法律、法规规定只能由专门机关管辖处理的"
    COURT_ACCEPTED = "court_accepted", "人民法院已经受理或者已经裁判的"
    ADMIN_ACCEPTED = "admin_accepted", "公安机关或者其他行政机关已经受理或者已经处理的"
    NOT_CIVIL = "not_civil", "不属于民间纠纷的"
    OTHER = "other", "其他原因"


class ReferralTarget(LabelledEnum):
    COURT_FILING = "court_filing", "法院立案"
    PETITIONS = "petitions", "信访部门"
    LEGAL_AID = "legal_aid", "法律援助机构"
    ARBITRATION = "arbitration", "劳动人事争议仲裁"
    DEPARTMENT = "department", "行政职能部门"
    POLICE = "police", "公安机关"


class PhoneLabel(LabelledEnum):
    SELF = "self", "本人"
    RELATIVE = "relative", "亲属"
    WORK = "work", "单位"
    OTHER = "other", "其他"


class MediatorKind(LabelledEnum):
    PEOPLES = "peoples", "人民调解员"
    INVITED = "invited", "特邀调解员"
    JUDGE = "judge", "法官"
    LAWYER = "lawyer", "律师"
    PSYCHOLOGIST = "psychologist", "心理咨询师"


class LinkKind(LabelledEnum):
    REPEAT_VISIT = "repeat_visit", "重复来访"
    RELATED = "related", "关联案件"


ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
)
