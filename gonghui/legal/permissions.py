"""Who may do what in 法律服务. Cadres act through actions on the object's union; an outside lawyer acts only
on what is assigned to them."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action

from .models import Consultation, Lawyer, LegalAidApplication

VIEW = "legal.view"
HANDLE = "legal.handle"
MANAGE_LAWYERS = "legal.manage_lawyers"
VIEW_ASSIGNED = "legal.view_assigned"
ACTIONS = (VIEW, HANDLE, MANAGE_LAWYERS, VIEW_ASSIGNED)

Case = Consultation | LegalAidApplication


def can_handle(user: Actor, case: Case) -> bool:
    return has_action(user, HANDLE, case.org)


def is_assigned_lawyer(user: Actor, case: Case) -> bool:
    lawyer = case.assigned_lawyer
    return lawyer is not None and lawyer.user_id is not None and lawyer.user_id == getattr(user, "pk", None)


def can_answer_consultation(user: Actor, consultation: Consultation) -> bool:
    return can_handle(user, consultation) or is_assigned_lawyer(user, consultation)


def can_record_outcome(user: Actor, application: LegalAidApplication) -> bool:
    return can_handle(user, application) or is_assigned_lawyer(user, application)


def can_manage_lawyer(user: Actor, lawyer: Lawyer) -> bool:
    return has_action(user, MANAGE_LAWYERS, lawyer.org)


def can_view_aid_files(user: Actor, application: LegalAidApplication) -> bool:
    """Income proofs: the union's cadres, the assigned lawyer and the applicant themselves."""
    member = application.member
    own = member is not None and member.user_id is not None and member.user_id == getattr(user, "pk", None)
    return own or has_action(user, VIEW, application.org) or is_assigned_lawyer(user, application)
