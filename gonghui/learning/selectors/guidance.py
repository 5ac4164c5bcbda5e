"""Selectors of part guidance (业务指导 and the 业务知识库). Every read goes through
`GuidanceQuestion.objects.visible_to`: the answering union's subtree, the asking union's subtree and, for
learning.view, the shared entries of the user's tree. A question's own page (asker, unit, timeline) is for the
first two only; the 业务知识库 pages show shared entries without the asker."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.scoping import has_action, scope_q, user_grants
from gonghui.core.registry import roles
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import QuestionStatus
from ..models import GuidanceQuestion
from ..permissions import MANAGE, VIEW

TAB_ASKED = "asked"
TAB_TO_ANSWER = "to_answer"


@dataclass(frozen=True)
class QuestionFilters:
    query: str = ""
    topic: str = ""
    status: str = ""


def _filtered(questions: QuerySet[GuidanceQuestion], filters: QuestionFilters) -> QuerySet[GuidanceQuestion]:
    if filters.query:
        questions = questions.filter(
            Q(title__icontains=filters.query)
            | Q(body__icontains=filters.query)
            | Q(answer__icontains=filters.query)
        )
    if filters.topic:
        questions = questions.filter(topic=filters.topic)
    if filters.status:
        questions = questions.filter(status=filters.status)
    return questions


def questions_asked(user: Actor, filters: QuestionFilters) -> QuerySet[GuidanceQuestion]:
    """我单位的提问: the questions asked by the unions in the user's subtrees, newest first."""
    visible = GuidanceQuestion.objects.visible_to(user, VIEW).filter(
        scope_q(user, VIEW, path_field="asker_org__path")
    )
    return _filtered(visible, filters).select_related("org", "asker_org", "asked_by")


def questions_to_answer(user: Actor, filters: QuestionFilters) -> QuerySet[GuidanceQuestion]:
    """待我答复: the questions addressed to unions where the user holds learning.manage; open ones first."""
    addressed = GuidanceQuestion.objects.in_subtrees(user, MANAGE)
    return (
        _filtered(addressed, filters)
        .select_related("org", "asker_org", "asked_by")
        .annotate(
            open_first=Case(
                When(status=QuestionStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("open_first", "-created_at", "-pk")
    )


def open_questions_count(user: Actor) -> int:
    """待答复的业务指导 on the console home: open questions addressed to the user's unions."""
    return GuidanceQuestion.objects.in_subtrees(user, MANAGE).filter(status=QuestionStatus.OPEN).count()


def question_for_user(user: Actor, public_id: object) -> tuple[GuidanceQuestion, bool]:
    """A question the user may read (else 404), and whether they may read its own page — the answering or the
    asking side; a cadre who reaches it only as a shared 业务知识库 entry reads that page instead."""
    question = GuidanceQuestion.objects.select_related(
        "org", "asker_org", "asked_by", "answered_by"
    ).get_visible_or_404(user, VIEW, public_id=public_id)
    own = has_action(user, VIEW, question.org) or has_action(user, VIEW, question.asker_org)
    return question, own


def question_page_or_404(user: Actor, public_id: object) -> GuidanceQuestion:
    """A question for a change on its own page: the answering or the asking side only (else 404)."""
    question, own = question_for_user(user, public_id)
    if not own:
        raise Http404
    return question


def can_answer(user: Actor, question: GuidanceQuestion) -> bool:
    return question.status != QuestionStatus.CLOSED and has_action(user, MANAGE, question.org)


def can_share(user: Actor, question: GuidanceQuestion) -> bool:
    return bool(question.answer) and has_action(user, MANAGE, question.org)


def can_close(user: Actor, question: GuidanceQuestion) -> bool:
    """The asker, or a holder of learning.manage on the asking union, closes a question not yet closed."""
    if question.status == QuestionStatus.CLOSED:
        return False
    return question.asked_by_id == user.pk or has_action(user, MANAGE, question.asker_org)


def asking_orgs(user: Actor) -> QuerySet[Org]:
    """The unions the user may ask for: those of their grants where they hold learning.manage (admin and staff; a
    read-only auditor asks nothing), below the root."""
    granted = [grant.org_id for grant in user_grants(user)]
    return Org.objects.visible_to(user, MANAGE).filter(pk__in=granted, depth__gt=1).order_by("path")


def answering_orgs(asker_orgs: QuerySet[Org]) -> QuerySet[Org]:
    """The unions above any of `asker_orgs` (the ones a question may be addressed to), root first."""
    paths = {path for org in asker_orgs for path in org.ancestor_paths()[:-1]}
    return Org.objects.filter(path__in=sorted(paths), status=OrgStatus.ACTIVE).order_by("path")


def answerers_of(org: Org) -> list[User]:
    """Active users whose role on `org` itself names learning.manage (told of a new question)."""
    codes = [role.code for role in roles if MANAGE in role.actions and not role.object_only]
    user_ids = RoleGrant.objects.filter(org=org, role__in=codes).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def knowledge_entries(user: Actor, filters: QuestionFilters) -> QuerySet[GuidanceQuestion]:
    """The 业务知识库 the user reads: shared entries of their tree; search over the shared title and text and the
    answer (icontains, the same on SQLite and PostgreSQL); newest first."""
    entries = GuidanceQuestion.objects.visible_to(user, VIEW).filter(shared=True)
    if filters.query:
        entries = entries.filter(
            Q(shared_title__icontains=filters.query)
            | Q(shared_body__icontains=filters.query)
            | Q(answer__icontains=filters.query)
        )
    if filters.topic:
        entries = entries.filter(topic=filters.topic)
    return entries.select_related("org").order_by("-shared_at", "-pk")


def knowledge_entry_or_404(user: Actor, public_id: object) -> GuidanceQuestion:
    """A question the user may read (else 404). When it is not (or no longer) shared, only its answering or asking
    side can read it — the view sends them to the question's own page."""
    return GuidanceQuestion.objects.select_related("org").get_visible_or_404(user, VIEW, public_id=public_id)


def share_defaults(question: GuidanceQuestion) -> dict[str, str]:
    """The share form's starting text: the stored shared text, else the question's own (to be reviewed)."""
    return {
        "shared_title": question.shared_title or question.title,
        "shared_body": question.shared_body or question.body,
    }
