"""What part assessing registers: who downloads a Score's evidence (佐证材料) and the assessor's menu entry (考核评分,
for an account holding the 评委 role; a cadre assessor finds the same list at the top of 本单位自评). The home page's
待评分 (reviews) already counts the targets left to score, and its sheet link leads here (`get_assess_url`)."""

from gonghui.attachments.policies import attachment_access
from gonghui.core.registry import MenuItem, menu

JUDGE = "reviews.judge"


def register() -> None:
    from ..selectors.assessing import score_evidence_access

    if "evaluations.score" not in attachment_access:
        attachment_access.register("evaluations.score", score_evidence_access)
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
