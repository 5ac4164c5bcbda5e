"""Item 17 of the 可用性 issue, the text shapes that were merged or dropped silently: a stem beginning with
digits right after its number (6.2021年修正的…), judge questions whose options are bare 对 / 错 lines with the
(正确答案) marker (survey-platform exports), and a line that looks like another numbered stem joined to a
question — reported as that question's problem, never merged silently. The property tests for these shapes
are in test_parsing_properties.py."""

from gonghui.quizzes.tests.test_parsing_text import judge, multiple, parse, single

LAW_DATES = ["2022年1月1日", "2021年12月24日"]


def test_a_stem_beginning_with_digits_right_after_its_number_is_a_question():
    result = parse(
        """\
        5.工会会员的权利包括（ AB ）
        A.选举权
        B.被选举权
        6.2021年修正的《工会法》自何时起施行（ A ）
        A.2022年1月1日
        B.2021年12月24日
        7、12351是哪个机构的职工服务热线（ ）
        A.全国总工会
        B.人力资源社会保障部
        答案：A
        8.2021年修正的《工会法》明确新就业形态劳动者可以依法参加和组织工会。（ √ ）
        """
    )
    assert result.as_json() == {
        "questions": [
            multiple("工会会员的权利包括（ ）", ["选举权", "被选举权"], "AB"),
            single("2021年修正的《工会法》自何时起施行（ ）", LAW_DATES, "A"),
            single("12351是哪个机构的职工服务热线（ ）", ["全国总工会", "人力资源社会保障部"], "A"),
            judge("2021年修正的《工会法》明确新就业形态劳动者可以依法参加和组织工会。（ ）", "true"),
        ],
        "problems": [],
    }


def test_survey_export_judge_questions_with_bare_right_and_wrong_lines():
    result = parse(
        """\
        1.工会会员享有选举权、被选举权和表决权。[判断题] *
        对(正确答案)
        错
        2.工会经费可以用于职工个人消费。[判断题] *
        对
        错(正确答案)
        3.用人单位与劳动者协商一致，可以解除劳动合同。
        正确（正确答案）
        错误
        4.下列属于劳动合同必备条款的是（ ）[单选题] *
        A.劳动合同期限(正确答案)
        B.服务期
        """
    )
    assert result.as_json() == {
        "questions": [
            judge("工会会员享有选举权、被选举权和表决权。", "true"),
            judge("工会经费可以用于职工个人消费。", "false"),
            judge("用人单位与劳动者协商一致，可以解除劳动合同。", "true"),
            single("下列属于劳动合同必备条款的是（ ）", ["劳动合同期限", "服务期"], "A"),
        ],
        "problems": [],
    }


def test_a_numbered_stem_among_the_options_is_a_problem_not_a_merge():
    # given: question 6 is misnumbered 8, so "8.2021年…" could only be read as part of question 5's last option
    result = parse(
        """\
        5.工会会员的权利包括（ B ）
        A.选举权
        B.被选举权
        8.2021年修正的《工会法》自何时起施行（ A ）
        A.2022年1月1日
        B.2021年12月24日
        9. 工会经费可以用于职工个人消费。（ × ）
        """
    )
    # then: question 5 is reported with the line that looked like a stem; question 9 still parses
    assert result.as_json() == {
        "questions": [judge("工会经费可以用于职工个人消费。（ ）", "false")],
        "problems": [
            {
                "index": 1,
                "message": "第4行“8.2021年修正的《工会法》自何时起施……”像是另一道题的开头，已并入本题的选项B，"
                "请检查题号（题号后紧跟数字时，可在题号后加空格，如“6. 2021年…”）",
            }
        ],
    }
    assert result.problems[0].line == 1


def test_a_next_numbered_line_under_an_unfinished_stem_is_a_problem_and_a_decimal_is_stem_text():
    result = parse(
        """\
        4.截至2023年底，全国职工总数约为
        5.5亿人。（ √ ）
        7.目前全国工会会员约有
        3.2亿人。（ √ ）
        """
    )
    # then: "5.5亿" could be question 5 (reported); "3.2亿" cannot follow question 7 (stem text)
    assert result.as_json() == {
        "questions": [judge("目前全国工会会员约有3.2亿人。（ ）", "true")],
        "problems": [
            {
                "index": 1,
                "message": "第2行“5.5亿人。（ √ ）”像是另一道题的开头，已并入本题的题干，请检查题号"
                "（题号后紧跟数字时，可在题号后加空格，如“6. 2021年…”）",
            }
        ],
    }
