"""Portal (member) views of part classes (375 px first): 我的培训班 — the classes the member was nominated to,
their status, and for each class its sessions with times and place, the member's attendance and hours, the
assessment and the certificate. The member sees their own rows only."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.pagination import paginate
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors import classes as sel


@portal_view
def my_classes(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    page = paginate(request, sel.my_trainees(member))
    return render(request, "learning/classes/portal/my_classes.html", {"page": page, "tab": "services"})


@portal_view
def my_class(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    trainee = sel.my_trainee(member, public_id)
    attended = sel.my_attended_session_ids(trainee)
    sessions = [(s, s.pk in attended) for s in sel.sessions_of(trainee.training_class)]
    context = {
        "trainee": trainee,
        "training_class": trainee.training_class,
        "sessions": sessions,
        "tab": "services",
    }
    return render(request, "learning/classes/portal/my_class.html", context)
