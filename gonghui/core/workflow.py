"""A small state machine: states and actions are separate enums; a transition says which action
moves an object from which states to which state, and who may do it. Applying one saves the new
state and writes the timeline row (call it inside the service's transaction)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .timeline import timeline_record

Guard = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Transition:
    action: models.TextChoices
    sources: frozenset[str]
    target: str
    allowed: Guard | None = None
    note_required: bool = False


@dataclass
class Workflow:
    state_field: str
    state_enum: type[models.TextChoices]
    transitions: Iterable[Transition] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        self._by_action: dict[str, Transition] = {str(t.action): t for t in self.transitions}

    def transition_for(self, action: models.TextChoices | str) -> Transition:
        try:
            return self._by_action[str(action)]
        except KeyError as exc:
            raise ValidationError(_("未知操作：%(action)s") % {"action": action}) from exc

    def can(self, obj: Any, action: models.TextChoices | str, actor: Any) -> bool:
        transition = self._by_action.get(str(action))
        if transition is None or getattr(obj, self.state_field) not in transition.sources:
            return False
        return transition.allowed is None or transition.allowed(actor, obj)

    def permits(self, obj: Any, action: models.TextChoices | str, actor: Any) -> bool:
        """May the actor perform the action on the object at all, whatever its state? An action page answers 403
        on GET when not, as its POST does (a state that does not allow it yet is a message on the page instead)."""
        transition = self._by_action.get(str(action))
        return transition is not None and (transition.allowed is None or transition.allowed(actor, obj))

    def available_actions(self, obj: Any, actor: Any) -> list[Transition]:
        return [t for t in self._by_action.values() if self.can(obj, t.action, actor)]

    def check(
        self, obj: Any, *, action: models.TextChoices | str, actor: Any, note: str | None = None
    ) -> Transition:
        """Refuse the action as `apply` would — ValidationError naming the state (or, when `note` is given, a
        required note left empty), PermissionDenied for an actor the transition does not allow — without changing
        anything. A service that does more than move the state calls it first."""
        transition = self.transition_for(action)
        current = getattr(obj, self.state_field)
        if current not in transition.sources:
            raise ValidationError(
                _("当前状态“%(state)s”下不能执行“%(action)s”")
                % {
                    "state": self.state_enum(current).label,
                    "action": transition.action.label,
                }
            )
        if transition.allowed is not None and not transition.allowed(actor, obj):
            raise PermissionDenied(_("您没有执行该操作的权限"))
        if transition.note_required and note is not None and not note.strip():
            raise ValidationError({"note": _("请填写%(action)s的理由") % {"action": transition.action.label}})
        return transition

    def apply(
        self,
        obj: models.Model,
        *,
        action: models.TextChoices | str,
        actor: Any,
        note: str = "",
        update_fields: Iterable[str] = (),
    ) -> models.Model:
        transition = self.check(obj, action=action, actor=actor, note=note)
        current = getattr(obj, self.state_field)
        setattr(obj, self.state_field, transition.target)
        fields = [self.state_field, *update_fields]
        if any(f.name == "updated_at" for f in obj._meta.get_fields()):
            fields.append("updated_at")
        obj.save(update_fields=fields)
        timeline_record(
            subject=obj,
            actor=actor,
            action=str(transition.action),
            action_label=str(transition.action.label),
            from_state=str(current),
            to_state=str(transition.target),
            note=note,
        )
        return obj
