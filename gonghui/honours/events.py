"""Timeline rows of a campaign (created, started, each stage, the meeting, naming, rewards), of a nomination
(填写, 提交, 退回, 审核, 会议, 撤回, 命名), of a studio (申报, 命名, 经费, 成果, 考核验收, 整改, 摘牌),
of a 建家 assessment and of a 劳模/工匠 record."""

from typing import Any

from gonghui.core.timeline import timeline_record

from .choices import CampaignAction, CampaignStatus, HomeAction, NominationAction, StudioAction, WorkerAction
from .models import HomeAssessment, HonourCampaign, InnovationStudio, ModelWorker, Nomination


def campaign_event(
    *, campaign: HonourCampaign, actor: Any, action: CampaignAction, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=campaign,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(campaign.stage) if campaign.status == CampaignStatus.RUNNING else str(campaign.status),
        note=note,
    )


def nomination_event(
    *, nomination: Nomination, actor: Any, action: NominationAction, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=nomination,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(nomination.status),
        note=note,
    )


def studio_event(
    *, studio: InnovationStudio, actor: Any, action: StudioAction, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=studio,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(studio.status),
        note=note,
    )


def home_event(
    *, assessment: HomeAssessment, actor: Any, action: HomeAction, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=assessment,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(assessment.status),
        note=note,
    )


def worker_event(
    *, worker: ModelWorker, actor: Any, action: WorkerAction, from_state: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=worker,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=str(worker.status),
        note=note,
    )
