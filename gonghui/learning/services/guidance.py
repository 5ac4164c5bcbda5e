"""Services of part guidance (业务指导): a cadre who may act for their union (learning.manage) asks the union
above (`question_ask`), the answering union answers and may answer again (`question_answer`), the asker (or the
asking union's learning.manage) closes the question (`question_close`), and the answering union shares an answered
question to the 业务知识库 under a reviewed title and text that must not name the asker, their account or their
unit (`question_share`), or takes it out again (`question_unshare`). Every change writes a timeline row; the
answering union's cadres are told of a new question and the asker of an answer."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.locking import lock
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import LearningAction, QuestionStatus, QuestionTopic
from ..events import learning_event
from ..models import GuidanceQuestion
from ..permissions import MANAGE
from ..selectors.guidance import answerers_of, can_close

CATEGORY = "learning"


def _question_url(question: GuidanceQuestion) -> str:
    return reverse("learning:question_detail", args=[question.public_id])


def _required(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


@transaction.atomic
def question_ask(
    *, asker_org: Org, org: Org, actor: Actor, topic: str, title: str, body: str
) -> GuidanceQuestion:
    """A cadre holding learning.manage on `asker_org` (its admin or staff, not a read-only auditor) asks `org`, a
    union above it; the answering union's cadres (learning.manage on that union itself) are told."""
    if not has_action(actor, MANAGE, asker_org):
        raise PermissionDenied
    if org.pk == asker_org.pk or org.path not in asker_org.ancestor_paths():
        raise ValidationError({"org": _("答复工会须是提问单位的上级工会")})
    if topic not in QuestionTopic.values:
        raise ValidationError({"topic": _("请选择业务类别")})
    question = GuidanceQuestion.objects.create(
        org=org,
        asker_org=asker_org,
        asked_by=actor,
        topic=topic,
        title=_required(title, "title", _("请填写问题")),
        body=_required(body, "body", _("请填写问题说明")),
    )
    learning_event(
        subject=question,
        actor=actor,
        action=LearningAction.ASKED,
        to_state=QuestionStatus.OPEN,
        note=_("%(asker)s向%(org)s提问") % {"asker": asker_org.name, "org": org.name},
    )
    recipients = [user for user in answerers_of(org) if user.pk != actor.pk]
    if recipients:
        notify(
            recipients=recipients,
            title=_("业务指导：%(title)s") % {"title": question.title},
            body=_("%(asker)s提出了业务指导问题，请答复。") % {"asker": asker_org.name},
            url=_question_url(question),
            category=CATEGORY,
        )
    return question


@transaction.atomic
def question_answer(*, question: GuidanceQuestion, actor: Actor, answer: str) -> GuidanceQuestion:
    """Answer (or answer again: the answer is replaced, with a timeline row) a question addressed to a union where
    the actor holds learning.manage; the asker is told."""
    locked = lock(GuidanceQuestion, related=("org", "asker_org", "asked_by"), pk=question.pk)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if locked.status == QuestionStatus.CLOSED:
        raise ValidationError(_("问题已关闭，不能再答复"))
    text = _required(answer, "answer", _("请填写答复内容"))
    if locked.shared:  # the answer is read in the 业务知识库 as it stands
        _anonymous(locked, "answer", _("答复"), text)
    first = locked.status == QuestionStatus.OPEN
    locked.answer = text
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.status = QuestionStatus.ANSWERED
    locked.save(update_fields=["answer", "answered_by", "answered_at", "status", "updated_at"])
    learning_event(
        subject=locked,
        actor=actor,
        action=LearningAction.ANSWERED if first else LearningAction.EDITED,
        from_state=QuestionStatus.OPEN if first else "",
        to_state=QuestionStatus.ANSWERED if first else "",
        note="" if first else _("修改了答复"),
    )
    if locked.asked_by_id != actor.pk:
        notify(
            recipients=[locked.asked_by],
            title=_("业务指导已答复：%(title)s") % {"title": locked.title}
            if first
            else _("业务指导答复已修改：%(title)s") % {"title": locked.title},
            body=_("%(org)s答复了您单位的问题。") % {"org": locked.org.name},
            url=_question_url(locked),
            category=CATEGORY,
        )
    return locked


@transaction.atomic
def question_close(*, question: GuidanceQuestion, actor: Actor) -> GuidanceQuestion:
    """The asking side closes its question (answered enough, or no longer needed): no more answers."""
    locked = lock(GuidanceQuestion, related=("asker_org",), pk=question.pk)
    if locked.status == QuestionStatus.CLOSED:
        raise ValidationError(_("问题已关闭"))
    if not can_close(actor, locked):
        raise PermissionDenied
    before = locked.status
    locked.status = QuestionStatus.CLOSED
    locked.save(update_fields=["status", "updated_at"])
    learning_event(
        subject=locked,
        actor=actor,
        action=LearningAction.QUESTION_CLOSED,
        from_state=before,
        to_state=QuestionStatus.CLOSED,
    )
    return locked


def identifying_words(question: GuidanceQuestion) -> list[tuple[str, str]]:
    """What would name the asker in a shared text: (label, word) — the asker's name and account, the asking union's
    name and its unit's name."""
    asker = question.asked_by
    org = question.asker_org
    found: list[tuple[str, str]] = []
    for label, word in (
        (_("提问人姓名"), getattr(asker, "name", "")),
        (_("提问人账号"), asker.username),
        (_("提问单位名称"), org.name),
        (_("提问单位名称"), getattr(org, "unit_name", "")),
    ):
        word = (word or "").strip()
        if len(word) >= 2 and (label, word) not in found:
            found.append((label, word))
    return found


def _anonymous(question: GuidanceQuestion, field: str, label: str, text: str, *, fix: str = "") -> None:
    for what, word in identifying_words(question):
        if word.lower() in text.lower():
            raise ValidationError(
                {
                    field: _("%(label)s中含有%(what)s“%(word)s”，%(fix)s")
                    % {
                        "label": label,
                        "what": what,
                        "word": word,
                        "fix": fix or _("请隐去提问人信息后再收入业务知识库"),
                    }
                }
            )


@transaction.atomic
def question_share(
    *, question: GuidanceQuestion, actor: Actor, shared_title: str, shared_body: str
) -> GuidanceQuestion:
    """Share an answered question to the 业务知识库 (or update the shared text) as reviewed by a holder of
    learning.manage on the answering union; refused while the title or text names the asker or the asking unit."""
    locked = lock(GuidanceQuestion, related=("asked_by", "asker_org", "org"), pk=question.pk)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if not locked.answer:
        raise ValidationError(_("只有已答复的问题才能收入业务知识库"))
    title = _required(shared_title, "shared_title", _("请填写知识库标题"))
    body = _required(shared_body, "shared_body", _("请填写知识库问题"))
    _anonymous(locked, "shared_title", _("知识库标题"), title)
    _anonymous(locked, "shared_body", _("知识库问题"), body)
    _anonymous(
        locked, "answer", _("答复"), locked.answer, fix=_("请先在问题页“修改答复”中隐去，再收入业务知识库")
    )
    first = not locked.shared
    locked.shared = True
    locked.shared_title = title
    locked.shared_body = body
    if first:
        locked.shared_at = timezone.now()
    locked.save(update_fields=["shared", "shared_title", "shared_body", "shared_at", "updated_at"])
    learning_event(
        subject=locked,
        actor=actor,
        action=LearningAction.SHARED if first else LearningAction.EDITED,
        note=_("知识库标题：%(title)s") % {"title": title} if first else _("修改了知识库中的文字"),
    )
    return locked


@transaction.atomic
def question_unshare(*, question: GuidanceQuestion, actor: Actor) -> GuidanceQuestion:
    """Take a question out of the 业务知识库 (the reviewed text is kept for sharing again)."""
    locked = lock(GuidanceQuestion, related=("org",), pk=question.pk)
    if not has_action(actor, MANAGE, locked.org):
        raise PermissionDenied
    if not locked.shared:
        raise ValidationError(_("该问题不在业务知识库中"))
    locked.shared = False
    locked.shared_at = None
    locked.save(update_fields=["shared", "shared_at", "updated_at"])
    learning_event(subject=locked, actor=actor, action=LearningAction.UNSHARED)
    return locked
