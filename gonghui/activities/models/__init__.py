"""活动与志愿服务, one module per part: activities and their budget (`events.py`), sign-ups (`signup.py`),
attendance (`attendance.py`), teams sent to events above (`teams.py`), 工间操 (`exercise.py`) and volunteer service
(`volunteers.py`)."""

from .attendance import Attendance
from .events import Activity, ActivitySpending
from .exercise import ExerciseAdoption, ExerciseParticipation, ExerciseRoutine, ExerciseSession
from .signup import Registration
from .teams import Delegation, DelegationMember
from .volunteers import (
    ProofRequest,
    ServiceRecord,
    VolunteerMembership,
    VolunteerNote,
    VolunteerProject,
    VolunteerTeam,
)

__all__ = [
    "Activity",
    "ActivitySpending",
    "Attendance",
    "Delegation",
    "DelegationMember",
    "ExerciseAdoption",
    "ExerciseParticipation",
    "ExerciseRoutine",
    "ExerciseSession",
    "ProofRequest",
    "Registration",
    "ServiceRecord",
    "VolunteerMembership",
    "VolunteerNote",
    "VolunteerProject",
    "VolunteerTeam",
]
