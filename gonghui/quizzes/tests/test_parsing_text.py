"""The text layouts people paste into a question bank, one test per layout, with hand-written fixtures of
union and labour-law questions. Each asserts the whole `as_json()` document the command prints."""

from textwrap import dedent

import pytest

from gonghui.quizzes.parsing import ParseResult, QuestionsReadError, is_respondent_field
from gonghui.quizzes.question_files import questions_parse_bytes


def parse(text: str) -> ParseResult:
    return questions_parse_bytes(dedent(text).encode(), "题库.txt")


def single(stem: str, options: list[str], answer: str) -> dict[str, object]:
    return {"type": "single", "stem": stem, "options": options, "answer": answer}


def multiple(stem: str, options: list[str], answer: str) -> dict[str, object]:
    return {"type": "multiple", "stem": stem, "options": options, "answer": answer}


def judge(stem: str, answer: str) -> dict[str, object]:
    return {"type": "judge", "stem": stem, "options": [], "answer": answer}


WORK_HOURS = ["1小时", "2小时", "3小时", "4小时"]


def test_options_on_separate_lines_with_answer_and_explanation_lines():
    result = parse(
        """\
        1. 根据《劳动法》，用人单位由于生产经营需要，经与工会和劳动者协商后可以延长工作时间，一般每日不得超过（ ）。
        A. 1小时
        B. 2小时
        C. 3小时
        D. 4小时
        答案：A
        解析：《劳动法》第四十一条。
        2. 下列属于《劳动合同法》规定的劳动合同必备条款的有（ ）。
        A. 劳动合同期限
        B. 工作内容和工作地点
        C. 劳动报酬
        D. 服务期
        答案：ABC
        3. 工会会员享有选举权、被选举权和表决权。
        答案：√
        """
    )
    assert result.as_json() == {
        "questions": [
            single(
                "根据《劳动法》，用人单位由于生产经营需要，经与工会和劳动者协商后可以延长工作时间，一般每日不得超过（ ）。",
                WORK_HOURS,
                "A",
            ),
            multiple(
                "下列属于《劳动合同法》规定的劳动合同必备条款的有（ ）。",
                ["劳动合同期限", "工作内容和工作地点", "劳动报酬", "服务期"],
                "ABC",
            ),
            judge("工会会员享有选举权、被选举权和表决权。", "true"),
        ],
        "problems": [],
    }
    # and the explanation is kept for the bank
    assert result.questions[0].explanation == "《劳动法》第四十一条。"


def test_options_on_one_line_in_every_separator_style():
    result = parse(
        """\
        1. 劳动者在同一用人单位连续工作满（ ）年，可以要求订立无固定期限劳动合同。
        A.五  B.八  C.十  D.十五
        答案：C
        2. 工会劳动法律监督委员会由（ ）选举产生。
        A、会员代表大会 B、企业董事会 C、人力资源部门 D、当地政府
        答案：A
        3. 职工因工作遭受事故伤害，应当认定为（ ）。
        (A)工伤 (B)非因工负伤 (C)自然灾害 (D)意外事件
        答案：A
        4. 基层工会委员会每届任期（ ）。
        A．一年至二年    B．三年或者五年    C．六年    D．十年
        答案：B
        5. 企业职工代表大会的工作机构是企业的（ ）。
        A.工会委员会B.党委办公室C.人事部门D.纪检部门
        答案：A
        """
    )
    assert result.as_json()["questions"] == [
        single(
            "劳动者在同一用人单位连续工作满（ ）年，可以要求订立无固定期限劳动合同。",
            ["五", "八", "十", "十五"],
            "C",
        ),
        single(
            "工会劳动法律监督委员会由（ ）选举产生。",
            ["会员代表大会", "企业董事会", "人力资源部门", "当地政府"],
            "A",
        ),
        single(
            "职工因工作遭受事故伤害，应当认定为（ ）。", ["工伤", "非因工负伤", "自然灾害", "意外事件"], "A"
        ),
        single("基层工会委员会每届任期（ ）。", ["一年至二年", "三年或者五年", "六年", "十年"], "B"),
        single(
            "企业职工代表大会的工作机构是企业的（ ）。",
            ["工会委员会", "党委办公室", "人事部门", "纪检部门"],
            "A",
        ),
    ]
    assert result.problems == []


def test_options_behind_the_stem_on_the_same_line_and_answer_at_the_end_of_a_line():
    result = parse(
        """\
        1. 工会经费的来源包括会员缴纳的会费和建立工会组织的单位按全部职工工资总额的（ ）向工会拨缴的经费。 A.1% B.2% C.3% D.5% 答案：B
        2. 劳动争议申请仲裁的时效期间为（ ）。
        A.六个月 B.一年 C.二年 D.三年 答案：B
        """
    )
    assert result.as_json()["questions"] == [
        single(
            "工会经费的来源包括会员缴纳的会费和建立工会组织的单位按全部职工工资总额的（ ）向工会拨缴的经费。",
            ["1%", "2%", "3%", "5%"],
            "B",
        ),
        single("劳动争议申请仲裁的时效期间为（ ）。", ["六个月", "一年", "二年", "三年"], "B"),
    ]


def test_answer_inside_the_stem_brackets_is_cut_out_leaving_them_empty():
    result = parse(
        """\
        1. 《工会法》规定，工会各级组织按照（ C ）原则建立。
        A. 自愿结合
        B. 行业划分
        C. 民主集中制
        D. 属地管理
        2. 工会的基本职责有(AB)。
        A. 维护职工合法权益
        B. 竭诚服务职工群众
        C. 代替行政管理企业
        3. 劳动者在试用期内提前三日通知用人单位，可以解除劳动合同。（ √ ）
        4. 用人单位可以扣押劳动者的居民身份证。（×）
        5. 女职工在孕期、产期、哺乳期的，用人单位不得依照经济性裁员的规定解除劳动合同（对）
        """
    )
    assert result.as_json()["questions"] == [
        single(
            "《工会法》规定，工会各级组织按照（ ）原则建立。",
            ["自愿结合", "行业划分", "民主集中制", "属地管理"],
            "C",
        ),
        multiple("工会的基本职责有( )。", ["维护职工合法权益", "竭诚服务职工群众", "代替行政管理企业"], "AB"),
        judge("劳动者在试用期内提前三日通知用人单位，可以解除劳动合同。（ ）", "true"),
        judge("用人单位可以扣押劳动者的居民身份证。（ ）", "false"),
        judge("女职工在孕期、产期、哺乳期的，用人单位不得依照经济性裁员的规定解除劳动合同（ ）", "true"),
    ]


def test_correct_answer_marker_after_the_right_option():
    result = parse(
        """\
        1. 县级以上各级工会可以设立（ ）。
        A. 经费审查委员会(正确答案)
        B. 薪酬委员会
        C. 监事会
        2. 集体合同草案应当提交（ ）讨论通过。
        A. 职工代表大会或者全体职工（正确答案）
        B. 企业董事会
        C. 股东大会
        D. 劳动行政部门
        3. 下列可以依法参加工会的有（ ）
        A. 企业职工【正确答案】
        B. 事业单位职工【正确答案】
        C. 机关工作人员 √
        D. 退休后返聘的外籍顾问
        """
    )
    assert result.as_json()["questions"] == [
        single("县级以上各级工会可以设立（ ）。", ["经费审查委员会", "薪酬委员会", "监事会"], "A"),
        single(
            "集体合同草案应当提交（ ）讨论通过。",
            ["职工代表大会或者全体职工", "企业董事会", "股东大会", "劳动行政部门"],
            "A",
        ),
        multiple(
            "下列可以依法参加工会的有（ ）",
            ["企业职工", "事业单位职工", "机关工作人员", "退休后返聘的外籍顾问"],
            "ABC",
        ),
    ]


def test_type_markers_are_removed_from_the_stem_and_decide_the_type():
    result = parse(
        """\
        1. [单选题] 工会会员大会或者会员代表大会选举产生的是（ ）。
        A. 工会委员会
        B. 职工代表大会
        答案：A
        2.【多选题】工会组织职工开展的活动有（ ）
        A. 劳动竞赛  B. 合理化建议  C. 技术革新
        答案：B
        3. 下列属于工会经费用途的是（ ）（多选）
        A. 职工教育  B. 文体活动  C. 困难职工帮扶
        答案：ABC
        4. 判断：工会可以代表职工与企业进行平等协商，签订集体合同。
        答案：对
        5. 工会法律援助只对会员提供。[判断题]
        答案：错误
        """
    )
    assert result.as_json()["questions"] == [
        single("工会会员大会或者会员代表大会选举产生的是（ ）。", ["工会委员会", "职工代表大会"], "A"),
        # a multiple-choice question with one right answer stays multiple
        multiple("工会组织职工开展的活动有（ ）", ["劳动竞赛", "合理化建议", "技术革新"], "B"),
        multiple("下列属于工会经费用途的是（ ）", ["职工教育", "文体活动", "困难职工帮扶"], "ABC"),
        judge("工会可以代表职工与企业进行平等协商，签订集体合同。", "true"),
        judge("工会法律援助只对会员提供。", "false"),
    ]


def test_full_width_letters_digits_and_punctuation():
    result = parse(
        """\
        １．劳动合同期限一年以上不满三年的，试用期不得超过（　Ｂ　）。
        Ａ．一个月
        Ｂ．二个月
        Ｃ．六个月
        ２．工会女职工委员会的任期与（　　）相同。
        Ａ、同级工会委员会　　Ｂ、企业领导班子　　Ｃ、职工代表大会
        答案：Ａ
        ３．用人单位应当向劳动者支付加班费的情形有（　　）
        （Ａ）安排延长工作时间（Ｂ）休息日安排工作又不能安排补休（Ｃ）法定休假日安排工作
        答案：ＡＢＣ
        """
    )
    assert result.as_json()["questions"] == [
        single("劳动合同期限一年以上不满三年的，试用期不得超过（ ）。", ["一个月", "二个月", "六个月"], "B"),
        single(
            "工会女职工委员会的任期与（ ）相同。", ["同级工会委员会", "企业领导班子", "职工代表大会"], "A"
        ),
        multiple(
            "用人单位应当向劳动者支付加班费的情形有（ ）",
            ["安排延长工作时间", "休息日安排工作又不能安排补休", "法定休假日安排工作"],
            "ABC",
        ),
    ]


def test_wrapped_lines_join_the_stem_or_option_they_continue():
    result = parse(
        """\
        1. 用人单位濒临破产进行法定整顿期间或者生产经营状况发生严重困难，
        确需裁减人员的，应当提前（ ）向工会或者全体职工说明情况，
        听取工会或者职工的意见。
        A. 十日
        B. 十五日
        C. 三十日，经向劳动行政部门报告后，
        可以裁减人员
        D. 六十日
        答案：C
        """
    )
    assert result.as_json()["questions"] == [
        single(
            "用人单位濒临破产进行法定整顿期间或者生产经营状况发生严重困难，确需裁减人员的，"
            "应当提前（ ）向工会或者全体职工说明情况，听取工会或者职工的意见。",
            ["十日", "十五日", "三十日，经向劳动行政部门报告后，可以裁减人员", "六十日"],
            "C",
        )
    ]


def test_section_headings_give_the_type_and_numbering_restarts_in_each():
    result = parse(
        """\
        2024年度职工劳动法律知识竞赛试卷
        单位：__________  姓名：__________  得分：______
        一、单项选择题（每题2分，共4分）
        1. 我国现行《工会法》规定，工会是职工自愿结合的工人阶级的（ ）。
        A. 群众组织  B. 政治组织  C. 经济组织  D. 行政机构
        答案：A
        2. 劳动合同可以约定试用期，试用期最长不得超过（ ）。
        A. 三个月  B. 六个月  C. 一年  D. 二年
        答案：B
        二、多项选择题（每题3分）
        1. 工会的权利包括（ ）。
        A. 参与协调劳动关系  B. 代表职工签订集体合同  C. 监督劳动法律实施
        答案：ABC
        2. 职工代表大会的职权包括（ ）。
        A. 审议企业重大决策  B. 审议通过集体合同草案
        答案：B
        三、判断题
        1. 工会会员有权对工会工作提出批评和建议。
        答案：√
        2. 企业可以随意延长职工工作时间。
        答案：×
        """
    )
    types = [(q["type"], q["answer"]) for q in result.as_json()["questions"]]
    assert types == [
        ("single", "A"),
        ("single", "B"),
        ("multiple", "ABC"),
        ("multiple", "B"),  # the section makes a one-answer question multiple
        ("judge", "true"),
        ("judge", "false"),
    ]
    assert result.problems == []


def test_survey_platform_export_skips_the_respondent_fields():
    result = parse(
        """\
        “尊法守法·携手筑梦”职工法律知识网上答题
        您的姓名：[填空题] *
        _________________________________
        1.您的单位：[填空题] *
        _________________________________
        2.手机号码：[填空题] *
        _________________________________
        3.所在工会：
        _________________________________
        3.您的性别：[单选题] *
        ○男
        ○女
        4.《中华人民共和国工会法》规定，工会的基本职责是（ ）[单选题] *
        ○A.维护职工合法权益、竭诚服务职工群众（正确答案）
        ○B.组织职工开展文体活动
        ○C.协助企业完成生产任务
        ○D.管理企业财务
        5.下列属于劳动合同必备条款的有（ ）[多选题] *
        □A.劳动合同期限（正确答案）
        □B.工作内容和工作地点（正确答案）
        □C.劳动报酬（正确答案）
        □D.服务期
        6.用人单位与劳动者协商一致，可以解除劳动合同。[判断题] *
        ○对（正确答案）
        ○错
        7.工会经费可以用于职工个人消费。[判断题] *
        ○正确
        ○错误（正确答案）
        8.劳动争议发生后，当事人可以（ ）[单选题] *
        ○A 向本单位劳动争议调解委员会申请调解（正确答案）
        ○B 直接向人民法院申请执行
        9.您对本次活动的建议：[填空题]
        """
    )
    assert result.as_json() == {
        "questions": [
            single(
                "《中华人民共和国工会法》规定，工会的基本职责是（ ）",
                [
                    "维护职工合法权益、竭诚服务职工群众",
                    "组织职工开展文体活动",
                    "协助企业完成生产任务",
                    "管理企业财务",
                ],
                "A",
            ),
            multiple(
                "下列属于劳动合同必备条款的有（ ）",
                ["劳动合同期限", "工作内容和工作地点", "劳动报酬", "服务期"],
                "ABC",
            ),
            judge("用人单位与劳动者协商一致，可以解除劳动合同。", "true"),
            judge("工会经费可以用于职工个人消费。", "false"),
            single(
                "劳动争议发生后，当事人可以（ ）",
                ["向本单位劳动争议调解委员会申请调解", "直接向人民法院申请执行"],
                "A",
            ),
        ],
        # the respondent fields are not questions: the first real question is number 1, the closing
        # free-text question is an unsupported fill-in
        "problems": [{"index": 6, "message": "暂不支持填空题、简答题，只能导入单选、多选和判断题"}],
    }


@pytest.mark.parametrize(
    ("number", "expected_stem"),
    [
        ("1.", "工会会员按规定缴纳会费。"),
        ("1、", "工会会员按规定缴纳会费。"),
        ("1．", "工会会员按规定缴纳会费。"),
        ("(1)", "工会会员按规定缴纳会费。"),
        ("（1）", "工会会员按规定缴纳会费。"),
        ("1)", "工会会员按规定缴纳会费。"),
        ("第1题", "工会会员按规定缴纳会费。"),
        ("第1题：", "工会会员按规定缴纳会费。"),
    ],
)
def test_every_numbering_style_starts_a_question(number, expected_stem):
    result = parse(
        f"{number} 工会会员按规定缴纳会费。\n答案：对\n{number.replace('1', '2')}第二题：试用期包含在劳动合同期限内。\n答案：T\n"
    )
    assert result.as_json()["questions"] == [
        judge(expected_stem, "true"),
        judge("第二题：试用期包含在劳动合同期限内。", "true"),
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("√", "true"),
        ("✓", "true"),
        ("对", "true"),
        ("正确", "true"),
        ("T", "true"),
        ("true", "true"),
        ("×", "false"),
        ("X", "false"),
        ("错", "false"),
        ("错误", "false"),
        ("F", "false"),
        ("FALSE", "false"),
    ],
)
def test_judge_answers_in_every_spelling(written, expected):
    result = parse(f"1. 劳动者享有平等就业和选择职业的权利。\n答案：{written}\n")
    assert result.as_json()["questions"] == [judge("劳动者享有平等就业和选择职业的权利。", expected)]


@pytest.mark.parametrize(
    "label",
    [
        "答案：",
        "答案:",
        "正确答案：",
        "参考答案：",
        "标准答案：",
        "【答案】",
        "[答案]",
        "答案 ",
        "答案为",
        "正确答案是：",
        "（答案：",
        "答案：\t",
    ],
)
def test_answer_line_labels(label):
    result = parse(f"1. 工会的最高权力机关是（ ）。\nA. 会员大会或会员代表大会\nB. 工会委员会\n{label}A\n")
    assert [q.answer for q in result.questions] == ["A"]


def test_answer_letters_with_separators_are_sorted():
    result = parse(
        "1. 劳动合同无效的情形有（ ）\nA. 以欺诈手段订立\nB. 违反法律强制性规定\nC. 双方协商一致\n答案：B、A\n"
    )
    assert [(q.type, q.answer) for q in result.questions] == [("multiple", "AB")]


def test_type_is_inferred_when_nothing_says_it():
    result = parse(
        """\
        1. 工会组织的性质是（ ）
        A. 群众组织  B. 行政机关
        答案：A
        2. 工会的职能有（ ）
        A. 维护  B. 建设  C. 参与  D. 教育
        答案：ABCD
        3. 工会是职工自愿结合的群众组织。
        答案：正确
        """
    )
    assert [(q.type, q.answer) for q in result.questions] == [
        ("single", "A"),
        ("multiple", "ABCD"),
        ("judge", "true"),
    ]


def test_a_numbered_list_inside_a_stem_stays_in_the_stem():
    result = parse(
        """\
        1. 下列说法中，符合《劳动合同法》规定的有：
        (1) 劳动合同应当以书面形式订立
        (2) 试用期包含在劳动合同期限内
        正确的是（ ）
        A. 仅(1)  B. 仅(2)  C. (1)(2)  D. 都不对
        答案：C
        2. 工会小组长由谁选举产生？
        A. 工会小组会员  B. 车间主任
        答案：A
        """
    )
    assert result.as_json()["questions"] == [
        single(
            "下列说法中，符合《劳动合同法》规定的有：(1) 劳动合同应当以书面形式订立(2) 试用期包含在劳动合同期限内正确的是（ ）",
            ["仅(1)", "仅(2)", "(1)(2)", "都不对"],
            "C",
        ),
        single("工会小组长由谁选举产生？", ["工会小组会员", "车间主任"], "A"),
    ]


def test_metadata_lines_fill_category_difficulty_and_source():
    result = parse(
        """\
        1. 工会劳动保护监督检查员由（ ）任命。
        A. 工会  B. 企业  C. 安监部门
        答案：A
        解析：依据《工会劳动保护监督检查员工作条例》。
        分类：劳动保护
        难度：中
        来源：全总劳动保护部
        """
    )
    question = result.questions[0]
    assert (question.category, question.difficulty, question.source) == ("劳动保护", "中", "全总劳动保护部")
    assert question.explanation == "依据《工会劳动保护监督检查员工作条例》。"


def test_problems_no_answer_letter_outside_options_option_counts_and_duplicates():
    result = parse(
        """\
        1. 工会会员大会每年至少召开（ ）次。
        A. 一  B. 二  C. 三
        2. 职工代表大会每届任期一般为（ ）年。
        A. 三  B. 五  C. 十
        答案：E
        3. 工会主席的任期是（ ）。
        A. 与工会委员会相同
        答案：A
        4. 职工享有的民主权利包括（ ）。
        A. 知情权 B. 参与权 C. 表达权 D. 监督权 E. 选举权 F. 被选举权 G. 建议权 H. 批评权 I. 申诉权
        答案：ABCD
        5. 工会会员大会每年至少召开（ ）次。
        A. 一  B. 二
        答案：A
        6. 企业工会主席产生后应报上一级工会批准。
        答案：√
        7. 企业工会主席，产生后应报上一级工会批准！
        答案：√
        8. 《工会法》规定基层工会委员会每届任期三年或五年。
        答案：B
        """
    )
    assert result.as_json() == {
        "questions": [
            single("工会会员大会每年至少召开（ ）次。", ["一", "二"], "A"),
            judge("企业工会主席产生后应报上一级工会批准。", "true"),
        ],
        "problems": [
            {"index": 1, "message": "未找到答案"},
            {"index": 2, "message": "答案中的 E 不在选项中（选项为 A–C）"},
            {"index": 3, "message": "选择题至少要有 2 个选项，只找到 1 个"},
            {"index": 4, "message": "选项最多 8 个，找到 9 个"},
            {"index": 7, "message": "与第6题重复"},
            {"index": 8, "message": "选择题至少要有 2 个选项，只找到 0 个"},
        ],
    }
    # the problem knows its line for the preview
    assert [p.line for p in result.problems][:2] == [1, 3]


def test_duplicate_of_a_question_with_a_problem_is_kept():
    result = parse(
        """\
        1. 工会的会员证由哪级工会发放？
        A. 基层工会  B. 全国总工会
        2. 工会的会员证由哪级工会发放？
        A. 基层工会  B. 全国总工会
        答案：A
        """
    )
    assert [p.message for p in result.problems] == ["未找到答案"]
    assert len(result.questions) == 1


def test_judge_written_as_two_options():
    result = parse("1. 工会经费审查委员会向同级会员大会负责。[判断题]\nA. 正确\nB. 错误\n答案：A\n")
    assert result.as_json()["questions"] == [judge("工会经费审查委员会向同级会员大会负责。", "true")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "文件是空的：请选择填好试题的文件"),
        (" \n\n", "文件是空的：请选择填好试题的文件"),
        ("\ufeff", "文件中没有找到试题：请对照页面上的格式示例整理后再导入"),
        (
            "2024年工会知识竞赛\n考生须知：请在60分钟内完成。\n",
            "文件中没有找到试题：请对照页面上的格式示例整理后再导入",
        ),
    ],
)
def test_empty_files_and_text_without_questions_are_refused(text, message):
    with pytest.raises(QuestionsReadError) as refused:
        parse(text)
    assert str(refused.value) == message


def test_unnumbered_questions_are_recognised_by_the_options_that_follow():
    result = parse(
        """\
        工会知识练习题
        工会会员缴纳会费的标准是本人工资收入的（ ）。
        A. 百分之零点五
        B. 百分之一
        答案：A
        解析：
        依据《中国工会章程》，分析如下：
        A. 正确，会费按本人工资收入的百分之零点五缴纳。
        B. 错误。

        企业工会委员会的委员人数，根据会员人数确定，
        会员不足二十五人的，设（ ）。
        A. 组织员一人
        B. 委员三至五人
        答案：A
        职工代表大会闭会期间，可由工会代行部分职权。
        A. 对
        B. 错
        答案：A
        """
    )
    assert result.as_json()["questions"] == [
        single("工会会员缴纳会费的标准是本人工资收入的（ ）。", ["百分之零点五", "百分之一"], "A"),
        single(
            "企业工会委员会的委员人数，根据会员人数确定，会员不足二十五人的，设（ ）。",
            ["组织员一人", "委员三至五人"],
            "A",
        ),
        # two options 对/错 make a judge question
        judge("职工代表大会闭会期间，可由工会代行部分职权。", "true"),
    ]
    # the option-like lines under 解析 stay in the explanation
    assert result.questions[0].explanation.startswith("依据《中国工会章程》，分析如下：A. 正确")


@pytest.mark.parametrize(
    "heading",
    [
        "（一）多项选择题",
        "第二部分 多选题",
        "二. 多项选择题（共5题）",
        "多选题：",
        "【多选题】",
        "Ⅱ、多项选择题",
    ],
)
def test_section_heading_spellings(heading):
    result = parse(f"{heading}\n1. 工会的组织原则有（ ）\nA. 民主集中制\nB. 自愿结合\n答案：A\n")
    assert [(q.type, q.answer) for q in result.questions] == [("multiple", "A")]


def test_an_answer_label_without_a_readable_answer_is_reported_and_kept_out_of_the_options():
    result = parse(
        "1. 工会的基本职责是什么？\nA. 维护职工合法权益\nB. 服务职工\n答案：略\n"
        "2. 工会组织的原则是什么？\nA. 民主集中制\nB. 自愿\n答案：\n"
    )
    assert result.as_json()["problems"] == [
        {"index": 1, "message": "无法识别答案“略”"},
        {"index": 2, "message": "未找到答案"},
    ]


def test_chinese_numerals_number_questions_when_the_line_asks_something():
    result = parse(
        """\
        一、考试说明
        本卷满分100分。
        二、工会的最高领导机关是（ ）
        A. 全国代表大会  B. 全国总工会执行委员会
        答案：A
        三、工会小组长可以由会员直接选举产生吗？
        答案：对
        """
    )
    assert result.as_json() == {
        "questions": [
            single("工会的最高领导机关是（ ）", ["全国代表大会", "全国总工会执行委员会"], "A"),
            judge("工会小组长可以由会员直接选举产生吗？", "true"),
        ],
        "problems": [],
    }


def test_a_type_line_under_a_stem_is_its_type_not_a_section():
    result = parse(
        """\
        单选题
        1. 工会会员大会的职权不包括（ ）。
        A. 审议工会工作报告  B. 决定企业利润分配
        答案：B
        2. 工会可以开展的活动有（ ）
        [多选题]
        A. 劳动竞赛  B. 职工培训
        答案：A
        3. 工会经费的使用应当坚持的原则是（ ）。
        A. 依法  B. 随意
        答案：A
        """
    )
    assert [(q.type, q.answer) for q in result.questions] == [
        ("single", "B"),
        ("multiple", "A"),
        ("single", "A"),
    ]


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("您的姓名：", True),
        ("单位名称 *", True),
        ("手机号码：____________", True),
        ("请填写您所在的工会：", True),
        ("您的年龄？", True),
        ("工会的会员证由哪级工会发放？", False),
        ("职工所在单位应当（ ）", False),
        ("用人单位应当依法为职工缴纳社会保险费，职工个人不缴纳。", False),
    ],
)
def test_respondent_fields_are_told_from_questions(stem, expected):
    assert is_respondent_field(stem) is expected
