"""Pages of 困难职工帮扶 — part `households`: add, edit and remove (with confirmation) a person of a file's
household — for a 帮扶干事 (`welfare.manage`) of the file's union, while the file is not ended — and the audited
reveal of the file's sealed values (POST only, `welfare.reveal`, never cached). Each goes back to the file page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response

from ..choices import ENDED_STATUSES, Relation
from ..forms.households import PersonForm
from ..models import HardshipFile
from ..permissions import REVEAL, VIEW, can_handle_file, can_reveal_file
from ..selectors.households import file_for_people, person_facts, person_visible_or_404
from ..services.households import file_reveal, person_add, person_remove, person_update


def _require_manage(request: AuthedRequest, file: HardshipFile) -> None:
    if not can_handle_file(request.user, file):
        raise PermissionDenied


@console_view(VIEW)
def person_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """添加家庭成员."""
    file = file_for_people(request.user, pk)
    _require_manage(request, file)
    form = PersonForm(posted_data(request))
    ended = file.status in ENDED_STATUSES
    done = (
        None
        if ended
        else form_perform(
            request,
            form,
            lambda data: person_add(household=file.household, actor=request.user, data=form.person_input()),
            success=lambda person: f"已添加家庭成员：{person}",
            then=file.get_absolute_url(),
        )
    )
    return done or render(
        request, "welfare/households/person_form.html", {"file": file, "form": form, "ended": ended}
    )


@console_view(VIEW)
def person_edit_view(request: AuthedRequest, person_id: int) -> HttpResponse:
    """修改家庭成员: sealed fields start at “不变” and are never shown."""
    person, file = person_visible_or_404(request.user, person_id)
    _require_manage(request, file)
    form = PersonForm(posted_data(request), person=person)
    ended = file.status in ENDED_STATUSES
    done = (
        None
        if ended
        else form_perform(
            request,
            form,
            lambda data: person_update(
                person=person, actor=request.user, data=form.person_input(person_facts(person))
            ),
            success=lambda saved: f"已保存家庭成员：{saved}",
            then=file.get_absolute_url(),
        )
    )
    context = {"file": file, "form": form, "person": person, "ended": ended}
    return done or render(request, "welfare/households/person_form.html", context)


@console_view(VIEW)
def person_remove_view(request: AuthedRequest, person_id: int) -> HttpResponse:
    """移除家庭成员 (a confirmation page; the 本人 cannot be removed)."""
    person, file = person_visible_or_404(request.user, person_id)
    _require_manage(request, file)
    removable = person.relation != Relation.SELF and file.status not in ENDED_STATUSES
    if request.method == "POST":
        return button_perform(
            request,
            lambda: person_remove(person=person, actor=request.user),
            success=f"已移除家庭成员：{person}",
            back=file.get_absolute_url(),
        )
    context = {"file": file, "person": person, "removable": removable}
    return render(request, "welfare/households/person_remove.html", context)


@sensitive_response
@require_POST
@console_view(REVEAL)
def reveal_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """查看完整信息: every sealed value of the file, audited; a POST, never cached."""
    file = file_for_people(request.user, pk)
    if not can_reveal_file(request.user, file):
        raise PermissionDenied
    revealed = file_reveal(file=file, actor=request.user, context=AuditContext.of(request))
    return render(request, "welfare/households/reveal.html", {"file": file, "revealed": revealed})
