"""Registrations of part sessions: the check-in target `congresses.session` (a congress session found among those the
user sees; scanned by holders of congresses.manage on the congress's union; from two hours before the opening to the
end; admits the delegates in office of every role — in 大会 mode all the unit's staff), the response kind
`congresses.motion` (a secret ballot: the electorate's members answer one single-choice question 赞成/反对/弃权 on
the portal session page; no coarse attributes are kept), and the download check of a session's documents (cadres
who see the session, and the delegates of its congress)."""

from typing import Any

CHECKIN_KIND = "congresses.session"
RESPONSE_KIND = "congresses.motion"
ATTACHMENT_OWNER = "congresses.congresssession"


def _find(user: Any, public_id: Any) -> Any:
    from ..selectors.sessions import session_or_404

    return session_or_404(user, public_id)


def _questions(motion: Any) -> list[Any]:
    from gonghui.responses.choices import QuestionKind
    from gonghui.responses.kinds import Question

    from ..selectors.sessions import VOTE_OPTIONS, VOTE_QUESTION

    return [Question(VOTE_QUESTION, f"对“{motion.title}”的表决意见", QuestionKind.SINGLE, VOTE_OPTIONS)]


def _can_manage_motion(user: Any, motion: Any) -> bool:
    from ..permissions import can_manage_for

    return can_manage_for(user, motion.session.congress.org)


def _answer_url(motion: Any) -> str:
    from django.urls import reverse

    return reverse("congresses_portal:session_detail", args=[motion.session.public_id]) + "#ballots"


def _population(motion: Any) -> Any:
    from ..selectors.sessions import ballot_population

    return ballot_population(motion)


def _sees_session(user: Any, session: Any) -> bool:
    from gonghui.members.selectors.registry import member_for_user

    from .. import seats
    from ..models import CongressSession
    from ..permissions import VIEW

    if CongressSession.objects.visible_to(user, VIEW).filter(pk=session.pk).exists():
        return True
    member = member_for_user(user)
    if seats.seat_in(session.congress, member) is not None:
        return True
    return session.congress.is_assembly and seats.is_unit_staff(member, session.congress.org)


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.attachments.policies import attachment_access
    from gonghui.checkins.targets import CheckinTarget, checkin_targets
    from gonghui.responses.kinds import ResponseKind, response_kinds

    from ..selectors.sessions import session_admits, session_can_scan, session_window

    if CHECKIN_KIND not in checkin_targets:
        checkin_targets.register(
            CHECKIN_KIND,
            CheckinTarget(
                key=CHECKIN_KIND,
                label="代表大会会议签到",
                model="congresses.congresssession",
                find=_find,
                can_scan=session_can_scan,
                window=session_window,
                admits=session_admits,
                org_of=lambda session: session.congress.org,
                title_of=lambda session: session.title,
                order=80,
            ),
        )
    if RESPONSE_KIND not in response_kinds:
        response_kinds.register(
            RESPONSE_KIND,
            ResponseKind(
                key=RESPONSE_KIND,
                label="代表大会无记名投票",
                owner_model="congresses.motion",
                population=_population,
                questions=_questions,
                can_manage=_can_manage_motion,
                owner_label=lambda motion: motion.title,
                order=60,
                answer_url=_answer_url,
            ),
        )
    if ATTACHMENT_OWNER not in attachment_access:
        attachment_access.register(ATTACHMENT_OWNER, _sees_session)
