"""Timeline rows of a campaign (created, started, each stage, the meeting, naming, rewards), of a nomination
(填写, 提交, 退回, 审核, 会议, 撤回, 命名), of a studio (申报, 命名, 经费, 成果, 考核验收, 整改, 摘牌),
of a 建家 assessment and of a 劳模/工匠 record."""

from typing import Any

from gonghui.core.timeline import timeline_record

from .choices import CampaignAction, CampaignStatus, HomeAction, NominationAction, StudioAction, WorkerAction
from .models import HomeAssessment, HonourCampaign, InnovationStudio, ModelWorker, Nomination


def _record(*, subject: Any, to_state: str, actor: Any, action: Any, from_state: str, note: str) -> None:
    timeline_record(
        subject=subject,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def campaign_event(
    *, campaign: HonourCampaign, actor: Any, action: CampaignAction, from_state: str = "", note: str = ""
) -> None:
    _record(
        subject=campaign,
        to_state=str(campaign.stage) if campaign.status == CampaignStatus.RUNNING else str(campaign.status),
        actor=actor,
        action=action,
        from_state=from_state,
        note=note,
    )


def nomination_event(
    *, nomination: Nomination, actor: Any, action: NominationAction, from_state: str = "", note: str = ""
) -> None:
    _record(
        subject=nomination,
        to_state=str(nomination.status),
        actor=actor,
        action=action,
        from_state=from_state,
        note=note,
    )


def studio_event(
    *, studio: InnovationStudio, actor: Any, action: StudioAction, from_state: str = "", note: str = ""
) -> None:
    _record(
        subject=studio,
        to_state=str(studio.status),
        actor=actor,
        action=action,
        from_state=from_state,
        note=note,
    )


def home_event(
    *, assessment: HomeAssessment, actor: Any, action: HomeAction, from_state: str = "", note: str = ""
) -> None:
    _record(
        subject=assessment,
        to_state=str(assessment.status),
        actor=actor,
        action=action,
        from_state=from_state,
        note=note,
    )


def worker_event(
    *, worker: ModelWorker, actor: Any, action: WorkerAction, from_state: str = "", note: str = ""
) -> None:
    _record(
        subject=worker,
        to_state=str(worker.status),
        actor=actor,
        action=action,
        from_state=from_state,
        note=note,
    )
