"""困难职工帮扶, one module per concern: households, their people and the 低保 lines (`households.py`), the file and
its survey, reviews and follow-ups (`files.py`), aid and its export layouts (`aid.py`)."""

from .aid import AidExportLayout, AidRecord
from .files import FileReview, FollowUp, HardshipFile, HomeSurvey
from .households import Household, HouseholdMember, PovertyLine

__all__ = [
    "AidExportLayout",
    "AidRecord",
    "FileReview",
    "FollowUp",
    "HardshipFile",
    "HomeSurvey",
    "Household",
    "HouseholdMember",
    "PovertyLine",
]
