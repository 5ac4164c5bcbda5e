"""答题证书 on the certificates block: the kind `quiz` (owner: the `QuizActivity`, holder: the `Member`, issuer: the
activity's union, data: the score), registered in `QuizzesConfig.ready()`. A member who passes an activity that issues
certificates gets one through `certificates.services.certificate_issue` (services/attempts.py)."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.certificates.kinds import Candidate, CertificateKind, certificate_kinds

from .models import ActivityResult, QuizActivity
from .permissions import can_manage_activity

QUIZ_KIND = "quiz"
QUIZ_SERIES = "答题证"  # numbers read 答题证〔2026〕12号, counted per issuing union and year


def _can_manage(user: Actor, owner: Any) -> bool:
    return isinstance(owner, QuizActivity) and can_manage_activity(user, owner)


def _candidates(activity: Any) -> list[Candidate]:
    """批量发证 for an activity: every member who passed it (the ones already holding one are skipped by the
    service). Only for an activity that issues certificates."""
    if not isinstance(activity, QuizActivity) or not activity.certificate_enabled:
        return []
    results = (
        ActivityResult.objects.filter(activity=activity, passed=True)
        .select_related("member", "member__org")
        .order_by("id")
    )
    return [
        Candidate(
            holder=r.member, holder_name=r.member.name, holder_org=r.member.org, data={"score": r.score}
        )
        for r in results
    ]


def _issuer_of(activity: Any) -> Any:
    return activity.org


def register() -> None:
    if QUIZ_KIND not in certificate_kinds:
        certificate_kinds.register(
            QUIZ_KIND,
            CertificateKind(
                key=QUIZ_KIND,
                label="答题证书",
                series_default=QUIZ_SERIES,
                pdf_template="quizzes/pdf/certificate.html",
                fields=("score",),
                field_labels={"score": "成绩"},
                can_manage=_can_manage,
                candidates=_candidates,
                owner_model="quizzes.quizactivity",
                issuer_of=_issuer_of,
                order=40,
            ),
        )
