"""量化评价. A union's `EvaluationScheme` (e.g. 2020年度基层工会工作量化考核, versioned, copied year to year) is a tree of
`Dimension`s and their `Indicator`s, each with points, a rule (rules.py), a verification method and, for an automatic
one, the key of an IndicatorSource (core.registry) whose records give its value. An `EvaluationRound` applies a
published scheme to target unions (`RoundTarget`, compared with peers of the same level and industry) over a period:
each target has one `Score` per indicator (the value it used, its rule's points, the 自评 and the 考核分, the final
points, evidence as attachments owned by the score); a `Recheck` (复核申请) contests a score during the 复核 window;
freezing fixes totals, grades and ranks with the values they used."""

from .rounds import EvaluationRound, Recheck, RoundTarget, Score
from .schemes import Dimension, EvaluationScheme, Indicator

__all__ = [
    "Dimension",
    "EvaluationRound",
    "EvaluationScheme",
    "Indicator",
    "Recheck",
    "RoundTarget",
    "Score",
]
