"""评选表彰与劳模工匠, one module per part: campaigns, nominations and honour records (`campaigns.py`), the 劳模/工匠
registry (`workers.py`), 创新工作室 (`studios.py`) and 建家 assessments (`homes.py`)."""

from .campaigns import Honour, HonourCampaign, Nomination
from .homes import HomeAssessment
from .studios import InnovationStudio, StudioAssessment, StudioOutput, StudioTranche
from .workers import ModelWorker, PovertyAction, WorkerCare

__all__ = [
    "HomeAssessment",
    "Honour",
    "HonourCampaign",
    "InnovationStudio",
    "ModelWorker",
    "Nomination",
    "PovertyAction",
    "StudioAssessment",
    "StudioOutput",
    "StudioTranche",
    "WorkerCare",
]
