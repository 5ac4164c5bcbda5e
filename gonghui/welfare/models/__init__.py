"""困难职工帮扶 and 送温暖、慰问与疗休养、普惠, one module per concern: households, their people and the 低保 lines
(`households.py`), the file and its survey, reviews and follow-ups (`files.py`), aid and its export layouts
(`aid.py`), relief campaigns (`relief.py`), subsidies to lower unions (`subsidies.py`), 慰问 standards and payments
(`condolences.py`), 疗休养 (`recuperation.py`) and member offers (`offers.py`)."""

from .aid import AidExportLayout, AidRecord
from .condolences import CondolencePayment, CondolenceStandard
from .files import FileReview, FollowUp, HardshipFile, HomeSurvey
from .households import Household, HouseholdMember, PovertyLine
from .offers import Offer, OfferCoupon, OfferRedemption
from .recuperation import RecuperationBatch, RecuperationPlace, RecuperationProgramme
from .relief import ReliefCampaign, ReliefRecipient
from .subsidies import Subsidy, SubsidySpending

__all__ = [
    "AidExportLayout",
    "AidRecord",
    "CondolencePayment",
    "CondolenceStandard",
    "FileReview",
    "FollowUp",
    "HardshipFile",
    "HomeSurvey",
    "Household",
    "HouseholdMember",
    "Offer",
    "OfferCoupon",
    "OfferRedemption",
    "PovertyLine",
    "RecuperationBatch",
    "RecuperationPlace",
    "RecuperationProgramme",
    "ReliefCampaign",
    "ReliefRecipient",
    "Subsidy",
    "SubsidySpending",
]
