"""Member pages of 网上答题 (mobile-first, 375 px): open activities, answering one question at a time with every
answer saved as it is chosen, the server's clock, resume after a reload, results, certificates, and 练兵 with the
wrong-answer book. The old addresses of 我的证书 and of the public certificate check redirect to the certificates
block's pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest
from gonghui.certificates.selectors import code_normalise
from gonghui.certificates.views import verify_form
from gonghui.core.audit import client_ip
from gonghui.core.errors import validation_error_text
from gonghui.core.htmx import htmx_redirect
from gonghui.core.pagination import paginate
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from .. import selectors, services
from ..choices import ActivityPhase, QuestionType, SubmitReason
from ..models import Attempt, Question
from ..workflows import attempt_entry

ANSWER_URL_NAME = "quizzes:portal_answer_save"
MINE_PER_PAGE = 20


def _member(request: AuthedRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _result_url(attempt: Attempt) -> str:
    return reverse("quizzes:portal_attempt_result", args=[attempt.public_id])


def _close_if_expired(attempt: Attempt) -> Attempt:
    """Time-out on the next request: an open attempt past its deadline is submitted with its saved answers."""
    if attempt.is_open and attempt.is_expired:
        return services.attempt_submit(attempt=attempt, reason=SubmitReason.TIMEOUT)
    return attempt


@portal_view
def portal_home(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    activities = list(selectors.portal_activities(member)[:30])
    context = {
        "open": [a for a in activities if a.phase == ActivityPhase.OPEN],
        "upcoming": [a for a in activities if a.phase == ActivityPhase.UPCOMING],
        "ended": [a for a in activities if a.phase == ActivityPhase.ENDED][:10],
        "certificates": selectors.member_certificates(member)[:10],
        "tab": "services",
    }
    return render(request, "quizzes/portal/home.html", context)


@portal_view
def portal_activity(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member = _member(request)
    activity = selectors.portal_activity_get(member=member, public_id=public_id)
    attempts = list(selectors.member_attempts(activity, member)[:50])
    overdue = next((a for a in attempts if a.is_open and a.is_expired), None)
    if overdue is not None:
        _close_if_expired(overdue)
        return redirect(request.path)
    context = {
        "activity": activity,
        "attempts": attempts,
        # 继续答题 / 开始答题 / why neither: the one rule `attempt_start` also follows
        "entry": attempt_entry(activity, member, ip=client_ip(request)),
        "result": selectors.member_result(activity, member),
        "certificate": selectors.member_certificate(activity, member),
        "tab": "services",
    }
    return render(request, "quizzes/portal/activity.html", context)


@portal_view
def portal_attempt_start(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member = _member(request)
    activity = selectors.portal_activity_get(member=member, public_id=public_id)
    if request.method != "POST":
        return redirect("quizzes:portal_activity", public_id=activity.public_id)
    try:
        attempt = services.attempt_start(activity=activity, member=member, ip=client_ip(request))
    except (ValidationError, PermissionDenied) as exc:
        text = validation_error_text(exc) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect("quizzes:portal_activity", public_id=activity.public_id)
    return redirect("quizzes:portal_attempt", public_id=attempt.public_id)


@portal_view
def portal_attempt(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """One question of the paper (第 n/N 题) with the saved answer checked; the remaining time is the server's."""
    attempt = _close_if_expired(selectors.member_attempt_get(user=request.user, public_id=public_id))
    if not attempt.is_open:
        return redirect(_result_url(attempt))
    paper = selectors.attempt_paper(attempt)
    raw = request.GET.get("n", "")
    if raw.isdigit() and 1 <= int(raw) <= len(paper):
        number = int(raw)
    else:  # resume at the first unanswered question
        number = next((p["number"] for p in paper if not p["chosen"]), len(paper))
    current = paper[number - 1]
    remaining = max(0, int((attempt.deadline_at - timezone.now()).total_seconds()))
    context = {
        "attempt": attempt,
        "activity": attempt.activity,
        "paper": paper,
        "item": current,
        "number": number,
        "total": len(paper),
        "answered": sum(1 for p in paper if p["chosen"]),
        "remaining": remaining,
        "multiple": current["question"].type == QuestionType.MULTIPLE,
        "tab": "services",
    }
    return render(request, "quizzes/portal/attempt.html", context)


@login_required(login_url="portal:login")
def portal_answer_save(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """Save one answer as it is chosen (HTMX POST `question`=<id>, `choice`=<letter or true/false>, repeated for a
    multiple choice). Lean on purpose (bench/quiz_spike.py): one indexed read of the member's own attempt (only
    the columns the save checks), then one upsert; a closed attempt is read again whole to be submitted."""
    attempt = selectors.member_attempt_for_answer(user=request.user, public_id=public_id)
    if request.method != "POST":
        return redirect("quizzes:portal_attempt", public_id=attempt.public_id)
    try:
        question_id = int(request.POST.get("question", ""))
    except ValueError:
        return HttpResponse("缺少题目", status=422)
    try:
        services.attempt_answer_save(
            attempt=attempt, question_id=question_id, chosen=request.POST.getlist("choice")
        )
    except services.AttemptClosed:
        _close_if_expired(selectors.member_attempt_get(user=request.user, public_id=attempt.public_id))
        return htmx_redirect(request, _result_url(attempt))
    except ValidationError as exc:
        return HttpResponse(validation_error_text(exc), status=422)
    return HttpResponse('<span class="text-success">已保存</span>')


@portal_view
def portal_attempt_submit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    attempt = selectors.member_attempt_get(user=request.user, public_id=public_id)
    if request.method != "POST":
        return redirect("quizzes:portal_attempt", public_id=attempt.public_id)
    services.attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL, actor=request.user)
    return htmx_redirect(request, _result_url(attempt))


@portal_view
def portal_attempt_focus(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The page reports a focus loss or tab switch (sendBeacon)."""
    attempt = selectors.member_attempt_get(user=request.user, public_id=public_id)
    if request.method != "POST":
        return redirect("quizzes:portal_attempt", public_id=attempt.public_id)
    attempt = services.attempt_focus_lost(attempt=attempt, kind=request.POST.get("kind", "blur"))
    if not attempt.is_open:
        return htmx_redirect(request, _result_url(attempt))
    return HttpResponse(status=204)


@portal_view
def portal_attempt_result(request: AuthedRequest, public_id: Any) -> HttpResponse:
    attempt = _close_if_expired(selectors.member_attempt_get(user=request.user, public_id=public_id))
    if attempt.is_open:
        return redirect("quizzes:portal_attempt", public_id=attempt.public_id)
    activity = attempt.activity
    context = {
        "attempt": attempt,
        "activity": activity,
        "paper": selectors.attempt_paper(attempt),
        "show_keys": activity.phase != ActivityPhase.OPEN,
        "result": selectors.member_result(activity, _member(request)),
        "certificate": selectors.member_certificate(activity, _member(request))
        if activity.certificate_enabled
        else None,
        "tab": "services",
    }
    return render(request, "quizzes/portal/result.html", context)


@portal_view
def portal_certificate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The old address of the member's 答题证书 of one activity (`?format=pdf` its PDF): the certificate lives in
    the certificates block now, shown and downloaded on the portal's 我的证书 page."""
    member = _member(request)
    activity = selectors.portal_activity_get(member=member, public_id=public_id)
    certificate = selectors.member_certificate(activity, member)
    if certificate is None:
        raise Http404
    url = reverse("portal:certificate", args=[certificate.public_id])
    return redirect(url + ("?format=pdf" if request.GET.get("format") == "pdf" else ""))


@portal_view
def portal_results(request: AuthedRequest) -> HttpResponse:
    """我的成绩 (from 我的): every activity the member took part in, newest first, with the counted score."""
    page = paginate(request, selectors.member_results(_member(request)), per_page=MINE_PER_PAGE)
    return render(request, "quizzes/portal/results.html", {"page": page, "portal_section": "me"})


@portal_view
def portal_certificates(request: AuthedRequest) -> HttpResponse:
    """The old 我的证书 address (for a member, as before): the portal's 我的证书 lists every kind of certificate."""
    return redirect("portal:certificates")


def certificate_verify(request: HttpRequest) -> HttpResponse:
    """The old public check (`?code=…`, printed on the first quiz certificates) moved for good to the certificates
    block's check page, which limits the checks per client address. Without a code it shows the block's own
    查验 form (which submits there); with one that holds no letter or digit it sends the visitor to that form."""
    if "code" not in request.GET:
        return verify_form(request)
    code = code_normalise(request.GET["code"])
    if code:
        return redirect("certificates:verify", code=code, permanent=True)
    return redirect("certificates:verify_form", permanent=True)


# ---- practice ---------------------------------------------------------------------------------------------


@portal_view
def portal_practice(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    context = {
        "categories": selectors.practice_categories(member),
        "wrong_count": selectors.wrong_book(member).count(),
        "tab": "services",
    }
    return render(request, "quizzes/portal/practice.html", context)


@portal_view
def portal_practice_question(request: AuthedRequest) -> HttpResponse:
    """GET: a random question (?category=… or ?wrong=1 for the wrong-answer book). POST: grade it and explain."""
    member = _member(request)
    wrong_only = request.GET.get("wrong") == "1"
    category = request.GET.get("category")
    context: dict[str, Any] = {"wrong_only": wrong_only, "category": category, "tab": "services"}
    if request.method == "POST":
        question = get_object_or_404(
            selectors.practice_questions(member), pk=request.POST.get("question") or 0
        )
        chosen = request.POST.getlist("choice")
        try:
            correct = services.practice_answer(member=member, question=question, chosen=chosen)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            context.update({"question": question})
        else:
            context.update(
                {"question": question, "graded": True, "correct": correct, "chosen": "".join(chosen)}
            )
    else:
        context["question"] = selectors.practice_pick(member, category=category, wrong_only=wrong_only)
    question_obj: Question | None = context.get("question")
    if question_obj is not None:
        context["choices"] = [
            (chr(ord("A") + i), value, text) for i, (value, text) in enumerate(question_obj.choices())
        ]
    return render(request, "quizzes/portal/practice_question.html", context)


@portal_view
def portal_wrong_book(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    return render(
        request,
        "quizzes/portal/wrong_book.html",
        {"entries": selectors.wrong_book_entries(member), "tab": "services"},
    )
