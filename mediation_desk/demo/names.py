"""Name data for the synthetic demo cases: surnames, given names, ethnic groups, occupations.

Pure data, no logic. Weights are rough relative frequencies (per 10,000 people, from published
surname rankings and census shares); the generator turns them into cumulative tables once.
Organisation names are built from made-up trade names (字号) and generic industry words: none of
them is meant to name a real company.
"""

from __future__ import annotations

# fmt: off

# --- surnames ------------------------------------------------------------------------------

#: The ~100 most common single-character surnames with a rough frequency (per 10,000 people),
#: plus a few surnames that are common around Shaoxing.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 725), ("李", 719), ("张", 683), ("刘", 538), ("陈", 453), ("杨", 308), ("黄", 223),
    ("赵", 229), ("吴", 205), ("周", 205), ("徐", 167), ("孙", 154), ("马", 144), ("朱", 126),
    ("胡", 131), ("郭", 115), ("何", 106), ("高", 100), ("林", 100), ("罗", 87), ("郑", 78),
    ("梁", 76), ("谢", 68), ("宋", 61), ("唐", 62), ("许", 60), ("韩", 56), ("冯", 55),
    ("邓", 54), ("曹", 52), ("彭", 51), ("曾", 50), ("肖", 49), ("田", 48), ("董", 47),
    ("袁", 46), ("潘", 45), ("于", 45), ("蒋", 44), ("蔡", 43), ("余", 42), ("杜", 41),
    ("叶", 41), ("程", 40), ("苏", 39), ("魏", 38), ("吕", 37), ("丁", 36), ("任", 35),
    ("沈", 34), ("姚", 33), ("卢", 33), ("姜", 32), ("崔", 31), ("钟", 30), ("谭", 30),
    ("陆", 30), ("汪", 29), ("范", 28), ("金", 28), ("石", 27), ("廖", 26), ("贾", 26),
    ("夏", 25), ("韦", 25), ("付", 24), ("方", 24), ("白", 23), ("邹", 23), ("孟", 22),
    ("熊", 22), ("秦", 22), ("邱", 21), ("江", 21), ("尹", 20), ("薛", 20), ("闫", 20),
    ("段", 19), ("雷", 19), ("侯", 18), ("龙", 18), ("史", 18), ("陶", 17), ("黎", 17),
    ("贺", 17), ("顾", 16), ("毛", 16), ("郝", 16), ("龚", 15), ("邵", 15), ("万", 15),
    ("钱", 14), ("严", 14), ("覃", 14), ("武", 14), ("戴", 14), ("莫", 13), ("孔", 13),
    ("向", 13), ("汤", 12), ("常", 12), ("俞", 10), ("章", 10), ("傅", 10), ("鲁", 8),
    ("楼", 5), ("裘", 4), ("寿", 3), ("宣", 4), ("应", 6), ("茅", 3), ("竺", 2),
)

#: Double-character surnames (复姓); together about 0.15% of people.
DOUBLE_SURNAMES: tuple[tuple[str, float], ...] = (
    ("欧阳", 8.0), ("司马", 1.0), ("诸葛", 1.0), ("上官", 1.0), ("司徒", 1.5), ("皇甫", 0.8),
    ("东方", 0.6), ("令狐", 0.4), ("慕容", 0.4), ("尉迟", 0.3),
)

#: Surnames much more common around Shaoxing than nationally: multiplier on the national weight.
LOCAL_SURNAME_BOOST: dict[str, float] = {
    "俞": 6.0, "章": 4.0, "傅": 3.0, "鲁": 4.0, "楼": 5.0, "裘": 6.0, "寿": 6.0, "宣": 5.0,
    "应": 3.0, "茅": 4.0, "竺": 5.0, "沈": 2.5, "金": 2.5, "钱": 2.5, "徐": 1.8, "陈": 1.5,
    "王": 1.2, "孙": 1.5, "陶": 2.0, "顾": 1.5, "邵": 2.0, "蒋": 1.5, "汪": 1.5, "叶": 1.5,
}

# --- given names ---------------------------------------------------------------------------

#: Characters for composed given names: male-leaning, female-leaning, neutral.
GIVEN_MALE: str = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳峰建国志兴海东文荣庆祥福"
    "根宝财德忠义成亮毅博昊轩然泽睿晨诚锋坤彬江山松柏昌胜春生金元才栋梁骏豪翔晖铭哲"
)
GIVEN_FEMALE: str = (
    "芳娜敏静丽艳娟霞燕玲桂英秀兰梅红萍琴云莉婷雪慧颖琳倩洁佳蕾薇欣怡萱涵彤悦瑶璐露媛菲珊晶"
    "月凤翠珍娥菊芬美淑爱莹嘉诗雨思梦妍晓蓉素巧雯岚琪"
)
GIVEN_NEUTRAL: str = "晓文明春海玉金小宇丹平安新一子可思雨晨清永立乐宁天伊"

#: Whole two-character given names by birth cohort: (born before, male names, female names).
GIVEN_BY_ERA: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        1965,
        (
            "建国", "建华", "国强", "国庆", "卫东", "红军", "志强", "德明", "福根", "阿根",
            "水根", "金根", "根宝", "祥林", "长生", "富贵", "宝林", "荣华", "文华", "胜利",
            "解放", "振华", "家明", "有才", "关林", "永福", "阿毛", "炳荣", "志良", "桂林",
        ),
        (
            "秀英", "桂英", "秀兰", "玉兰", "桂兰", "凤英", "秀珍", "玉珍", "桂芳", "淑珍",
            "月娥", "美娟", "金娣", "彩娣", "杏花", "菊英", "爱华", "素珍", "阿娥", "丽华",
            "翠英", "巧英", "水娟", "小妹", "月仙", "金凤", "佩芬", "雅芬",
        ),
    ),
    (
        1985,
        (
            "建军", "海波", "志刚", "俊杰", "建平", "晓东", "海军", "永刚", "立新", "卫国",
            "春雷", "文斌", "建明", "国平", "红兵", "剑锋", "伟明", "晓峰", "建伟", "光辉",
            "国良", "林峰", "海峰", "军华", "利锋", "永军",
        ),
        (
            "丽萍", "丽娟", "海燕", "晓燕", "红霞", "春燕", "美玲", "雪梅", "丽琴", "秀芳",
            "晓红", "晓丽", "玉梅", "艳红", "亚萍", "丽芳", "建英", "彩萍", "利琴", "海英",
            "燕萍", "红英", "美芳", "琴芳",
        ),
    ),
    (
        2003,
        (
            "浩然", "宇航", "子豪", "家豪", "鹏飞", "天宇", "志伟", "晨阳", "俊宇", "文博",
            "嘉俊", "凯文", "振宇", "明轩", "一鸣", "博文", "思远", "佳豪", "杰锋", "泽宇",
            "晨曦", "旭东", "皓文", "俊豪",
        ),
        (
            "欣怡", "诗涵", "婷婷", "佳怡", "梦婷", "雨欣", "思琪", "晓雯", "静怡", "可欣",
            "佳琪", "雅琪", "倩倩", "丹丹", "文静", "梦瑶", "雨婷", "雅婷", "瑶瑶", "佳丽",
            "思雨", "洁琼", "梦洁", "心怡",
        ),
    ),
    (
        9999,
        (
            "梓轩", "浩宇", "子墨", "宇轩", "梓豪", "沐阳", "俊熙", "皓轩", "奕辰", "子睿",
            "铭泽", "锦程", "一航", "睿泽", "宇辰", "梓睿", "煜城", "思源", "承泽", "逸凡",
        ),
        (
            "梓涵", "一诺", "梓萱", "欣妍", "诗琪", "语桐", "可馨", "若汐", "雨桐", "思彤",
            "芷若", "梓琪", "子涵", "依诺", "语嫣", "沐晴", "书瑶", "安琪", "嘉怡", "欣然",
        ),
    ),
)

#: Uncommon characters inside the BMP (still in GBK / GB 18030).
RARE_BMP: str = "堃喆赟玥昇珺婧斓璟燚淼犇垚昉晞煜暐珝翀龑"

#: Characters outside the BMP (CJK Extension B and later) really used in personal names;
#: GB 18030-2022 requires software to handle them (4-byte GB 18030, surrogate pairs in UTF-16).
RARE_NON_BMP: tuple[str, ...] = (
    "\U00020bb7",  # 𠮷
    "\U00021484",  # 𡒄
    "\U0002b5ae",  # 𫖮
    "\U0002c029",  # 𬀩
    "\U0002c317",  # 𬌗
    "\U0002c364",  # 𬍤
    "\U0002bb7c",  # 𫭼
    "\U0002ce1a",  # 𬸚
)

#: Share of generated names that contain one rare character (half of them outside the BMP).
RARE_NAME_SHARE: float = 0.002

#: Share of Han names with a one-character given name (so 2-character full names).
SINGLE_GIVEN_SHARE: float = 0.14

# Names following other naming customs, used for some members of these ethnic groups.
UYGHUR_MALE: tuple[str, ...] = (
    "买买提", "艾力", "阿不都", "吐尔逊", "艾合买提", "玉素甫", "阿迪力", "依明", "库尔班",
    "热合曼", "努尔", "艾尔肯", "亚森", "阿布拉", "麦麦提",
)
UYGHUR_FEMALE: tuple[str, ...] = (
    "阿依古丽", "古丽娜尔", "热依拉", "帕提古丽", "迪丽拜尔", "阿娜尔", "米热古丽", "努尔古丽",
    "祖丽胡玛尔", "阿依努尔",
)
TIBETAN_PARTS_MALE: tuple[str, ...] = (
    "扎西", "次仁", "多吉", "丹增", "平措", "格桑", "普布", "边巴",
)
TIBETAN_PARTS_FEMALE: tuple[str, ...] = (
    "卓玛", "央金", "拉姆", "德吉", "措姆", "次仁", "格桑", "曲珍",
)
MONGOL_MALE: tuple[str, ...] = ("巴特尔", "额尔敦", "苏和", "宝音", "巴图", "朝鲁", "孟和")
MONGOL_FEMALE: tuple[str, ...] = ("乌云", "其其格", "萨仁", "娜仁", "斯琴", "图雅", "高娃")

# --- ethnic groups -------------------------------------------------------------------------

#: National shares (%), 7th census, rounded; smaller groups are left out.
ETHNIC_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("汉族", 91.1), ("壮族", 1.4), ("回族", 0.81), ("满族", 0.74), ("维吾尔族", 0.83),
    ("苗族", 0.78), ("彝族", 0.70), ("土家族", 0.68), ("藏族", 0.50), ("蒙古族", 0.45),
    ("侗族", 0.25), ("布依族", 0.26), ("瑶族", 0.24), ("白族", 0.15), ("朝鲜族", 0.12),
    ("哈尼族", 0.12), ("黎族", 0.11), ("哈萨克族", 0.11), ("傣族", 0.09), ("畲族", 0.05),
    ("土族", 0.02), ("锡伯族", 0.01),
)

#: Shares among people holding an ID issued in Zhejiang (mostly Han; the 畲族 are local).
ETHNIC_WEIGHTS_ZHEJIANG: tuple[tuple[str, float], ...] = (
    ("汉族", 98.6), ("畲族", 0.4), ("土家族", 0.2), ("苗族", 0.2), ("回族", 0.1), ("布依族", 0.1),
    ("壮族", 0.1), ("侗族", 0.1), ("满族", 0.05), ("彝族", 0.05),
)

#: Provinces (2-digit prefix) where minorities are a large share: weights in % (汉族 = the rest).
ETHNIC_BY_PROVINCE: dict[str, tuple[tuple[str, float], ...]] = {
    "15": (("蒙古族", 17.0), ("满族", 2.0), ("回族", 0.8)),
    "21": (("满族", 12.0), ("蒙古族", 1.5), ("回族", 0.6), ("朝鲜族", 0.5)),
    "22": (("朝鲜族", 3.5), ("满族", 3.8), ("蒙古族", 0.6), ("回族", 0.4)),
    "13": (("满族", 2.9), ("回族", 0.8)),
    "43": (("土家族", 4.0), ("苗族", 3.0), ("侗族", 1.3), ("瑶族", 1.1)),
    "45": (("壮族", 31.0), ("瑶族", 3.2), ("苗族", 1.0), ("侗族", 0.7)),
    "46": (("黎族", 15.0), ("苗族", 0.8)),
    "51": (("彝族", 3.4), ("藏族", 1.8), ("羌族", 0.4)),
    "52": (("苗族", 12.0), ("布依族", 7.9), ("侗族", 4.4), ("土家族", 4.0), ("彝族", 2.3)),
    "53": (("彝族", 11.0), ("哈尼族", 3.5), ("白族", 3.4), ("傣族", 2.6), ("壮族", 2.6)),
    "54": (("藏族", 86.0), ("门巴族", 0.3)),
    "62": (("回族", 5.0), ("藏族", 1.9), ("东乡族", 2.2)),
    "63": (("藏族", 24.0), ("回族", 14.8), ("土族", 3.6), ("撒拉族", 1.9), ("蒙古族", 1.7)),
    "64": (("回族", 36.0),),
    "65": (("维吾尔族", 45.0), ("哈萨克族", 6.5), ("回族", 4.0), ("柯尔克孜族", 0.8)),
}

# --- occupations ---------------------------------------------------------------------------

#: Working-age occupations (职业或工作单位) with weights.
OCCUPATIONS: tuple[tuple[str, float], ...] = (
    ("公司职员", 18), ("个体经营", 14), ("务农", 10), ("外出务工", 8), ("自由职业", 8),
    ("工人", 8), ("无业", 6), ("司机", 4), ("教师", 2), ("医护人员", 1.5), ("销售", 3),
    ("建筑工人", 4), ("厨师", 1.5), ("快递员", 2), ("外卖骑手", 2), ("个体工商户", 3),
    ("企业管理人员", 2), ("保洁员", 1.5), ("保安", 1.5), ("公务员", 0.5), ("律师", 0.3),
    ("会计", 1), ("农民工", 3), ("纺织工", 2), ("装修工", 1.5),
)
#: Occupations for people of 60 and over, urban and rural.
OCCUPATIONS_OLD_URBAN: tuple[tuple[str, float], ...] = (
    ("退休", 70), ("无业", 12), ("个体经营", 8), ("保洁员", 4), ("保安", 6),
)
OCCUPATIONS_OLD_RURAL: tuple[tuple[str, float], ...] = (
    ("务农", 70), ("无业", 15), ("退休", 10), ("个体经营", 5),
)
#: Occupations for people under 23.
OCCUPATIONS_YOUNG: tuple[tuple[str, float], ...] = (
    ("学生", 40), ("公司职员", 20), ("自由职业", 15), ("外卖骑手", 8), ("无业", 10), ("销售", 7),
)
#: Construction trades of workers in wage-arrears disputes.
OCCUPATIONS_WORKER: tuple[str, ...] = (
    "建筑工人", "农民工", "木工", "钢筋工", "泥水工", "电焊工", "架子工", "油漆工", "水电工",
)

# --- relatives -----------------------------------------------------------------------------

#: (relation as written in a phone note or agent record, gender of the relative, generation
#: offset: +1 older generation, 0 same, -1 younger; shares the person's surname?).
RELATIVES: tuple[tuple[str, str, int, bool], ...] = (
    ("儿子", "male", -1, True), ("女儿", "female", -1, True), ("儿媳", "female", -1, False),
    ("女婿", "male", -1, False), ("侄子", "male", -1, True), ("孙子", "male", -2, True),
    ("外甥", "male", -1, False), ("妻子", "female", 0, False), ("丈夫", "male", 0, False),
    ("哥哥", "male", 0, True), ("弟弟", "male", 0, True), ("姐姐", "female", 0, True),
    ("妹妹", "female", 0, True),
)

# --- organisations -------------------------------------------------------------------------

#: Made-up trade names (字号).
TRADE_NAMES: tuple[str, ...] = (
    "恒达", "鑫源", "华宇", "嘉禾", "宏昌", "瑞丰", "永盛", "金诚", "天越", "万象", "汇通",
    "安泰", "兴隆", "祥和", "锦程", "禹航", "越隆", "稽山", "兰亭", "鉴川", "明远", "博通",
    "东升", "宏远", "昌隆", "聚丰", "金帆", "康泰", "润泽", "德信", "信诚", "凯旋", "腾越",
    "亿家", "和美", "众合", "卓越", "远大", "新纪元", "百汇", "春晖", "海纳", "弘毅", "启航",
    "景程", "合兴", "绍越", "越秀坊", "瑞邦", "佳和", "银湖", "宜家居", "荣泰", "永和",
)

#: Industry words (行业) by kind of counterpart.
INDUSTRY: dict[str, tuple[str, ...]] = {
    "construction": ("建筑工程", "建设工程", "市政工程", "建筑劳务", "钢结构工程"),
    "decoration": ("装饰工程", "建筑装饰工程", "家居装饰"),
    "textile": ("纺织", "印染", "针织", "服饰", "纺织品"),
    "manufacturing": ("机械制造", "五金制品", "化工", "电器", "塑业", "包装材料"),
    "property": ("物业服务", "物业管理"),
    "ecommerce": ("电子商务", "网络科技", "电子商务科技"),
    "retail": ("商贸", "贸易", "家电销售", "建材", "食品"),
    "car": ("汽车销售服务", "汽车服务"),
    "travel": ("国际旅行社", "旅行社"),
    "catering": ("餐饮管理", "酒店管理"),
    "logistics": ("物流", "货物运输", "供应链管理"),
    "education": ("教育咨询", "文化艺术培训"),
    "beauty": ("美容", "健身服务", "养生馆"),
    "internet": ("网络科技", "信息技术", "文化传媒"),
    "realestate": ("房地产开发", "置业"),
}

#: Company forms; the first ones are far more common.
COMPANY_FORMS: tuple[tuple[str, float], ...] = (
    ("有限公司", 80), ("有限责任公司", 12), ("股份有限公司", 5), ("集团有限公司", 3),
)

#: Place prefixes of company names with weights.
COMPANY_PLACE_PREFIXES: tuple[tuple[str, float], ...] = (
    ("绍兴", 45), ("绍兴市越城区", 20), ("浙江", 20), ("绍兴市", 10), ("杭州", 5),
)

#: Individual businesses (个体工商户) for small shops: name patterns ({t}: trade name).
SHOP_KINDS: tuple[str, ...] = (
    "越城区{t}便利店", "越城区{t}副食品店", "越城区{t}美容美发店", "越城区{t}家电维修部",
    "越城区{t}汽车维修店", "越城区{t}健身会所", "越城区{t}服装店", "越城区{t}手机店",
    "越城区{t}饭店", "越城区{t}水果店",
)

#: Hospitals and clinics: (name pattern, credit code prefix, representative title, weight).
#: 12 = 事业单位 (public), 52 = 民办非企业单位, 91 = company, 92 = 个体工商户.
MEDICAL_BODIES: tuple[tuple[str, str, str, float], ...] = (
    ("绍兴{t}医院有限公司", "91", "院长", 25),
    ("绍兴{t}骨科医院", "52", "院长", 10),
    ("绍兴{t}妇产医院", "52", "院长", 8),
    ("绍兴{t}口腔门诊部有限公司", "91", "负责人", 12),
    ("越城区{t}诊所", "92", "负责人", 10),
    ("绍兴{t}中医院", "12", "院长", 15),
    ("绍兴市越城区{t}社区卫生服务中心", "12", "主任", 12),
    ("绍兴{t}眼科医院有限公司", "91", "院长", 8),
)

#: Insurers (third parties in traffic disputes): made-up names.
INSURERS: tuple[str, ...] = (
    "{t}财产保险股份有限公司绍兴中心支公司",
    "{t}财产保险股份有限公司绍兴市分公司",
    "{t}财产保险股份有限公司越城支公司",
)

#: Representative titles of companies.
COMPANY_REP_TITLES: tuple[tuple[str, float], ...] = (
    ("法定代表人", 40), ("执行董事", 15), ("总经理", 25), ("董事长", 10), ("执行董事兼总经理", 10),
)

#: Law firms of lawyer agents: made-up names.
LAW_FIRM_PATTERNS: tuple[str, ...] = (
    "浙江{t}律师事务所", "浙江{t}律师事务所", "浙江{t}律师事务所绍兴分所", "绍兴{t}律师事务所",
)

# fmt: on
