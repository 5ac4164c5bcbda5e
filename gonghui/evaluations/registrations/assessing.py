"""What part assessing registers: who downloads a Score's evidence (佐证材料), and the assessor's home counter and
menu entry (待考核评分 / 考核评分, for an account holding the 评委 role; a cadre assessor finds the same list at the
top of 本单位自评)."""

from gonghui.attachments.policies import attachment_access
from gonghui.core.registry import HomeCounter, MenuItem, home_counters, menu

JUDGE = "reviews.judge"


def register() -> None:
    from ..selectors.assessing import assessments_left, score_evidence_access

    if "evaluations.score" not in attachment_access:
        attachment_access.register("evaluations.score", score_evidence_access)
    if "evaluations.to_assess" not in home_counters:
        home_counters.register(
            "evaluations.to_assess",
            HomeCounter(
                key="evaluations.to_assess",
                label="待考核评分",
                count=lambda user, org: assessments_left(user),
                action=JUDGE,
                url_name="evaluations:assess_list",
                order=41,
                personal=True,
            ),
        )
    if "evaluations.assess" not in menu:
        menu.register(
            "evaluations.assess",
            MenuItem(
                key="evaluations.assess",
                label="考核评分",
                url_name="evaluations:assess_list",
                icon="star",
                action=JUDGE,
                order=175,
                section="量化评价",
            ),
        )
