"""The console pages of 报名: a round's entries (the organiser sees every entry and every union's quota line, a union
its subtree's entries and its own quota with 报名 while the round is open, a 合作单位联系人 granted on the contest
every entry, read-only), filters, pagination and the audited xlsx export; the entry form; an entry's page (people
with masked phones and their confirmation, the timeline, 换人 and 退赛 asked first)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_phone
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import EntryKind, EntryStatus
from ..forms.entries import EntryFilterForm, EntryForm, ReplaceForm, WithdrawForm
from ..models import ContestRound, Entry
from ..permissions import VIEW, can_handle_entry
from ..selectors.contests import contest_group_choices, round_state_label
from ..selectors.entries import (
    CANDIDATES_SHOWN,
    entrant_orgs_in_round,
    entry_candidates,
    entry_people,
    entry_visible_or_404,
    format_deadline,
    orgs_user_may_enter,
    quota_lines,
    round_entries_for_user,
    round_is_open,
    round_visible_or_404,
    search_candidates,
    withdrawn_people,
)
from ..services.entries import entries_export as export_entries
from ..services.entries import entry_create, entry_replace, entry_withdraw

STATUS_BADGES = {
    EntryStatus.ENTERED: "bg-yellow-lt",
    EntryStatus.CONFIRMED: "bg-green-lt",
    EntryStatus.WITHDRAWN: "bg-secondary-lt",
}


def _entries_url(contest_round: ContestRound) -> str:
    return reverse("contests:round_entries", args=[contest_round.pk])


def _detail_url(entry: Entry) -> str:
    return reverse("contests:entry_detail", args=[entry.pk])


@console_view(VIEW)
def round_entries(request: AuthedRequest, round_id: int) -> HttpResponse:
    contest_round = round_visible_or_404(request.user, round_id)
    form = EntryFilterForm(
        request.GET,
        groups=contest_group_choices(contest_round.contest_id),
        orgs=entrant_orgs_in_round(request.user, contest_round),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    entries = round_entries_for_user(
        request.user,
        contest_round,
        group_id=filters["group"].pk if filters.get("group") else None,
        org_id=filters["org"].pk if filters.get("org") else None,
        status=filters.get("status") or "",
        query=filters.get("q") or "",
    )
    is_open = round_is_open(contest_round)
    context = {
        "contest_round": contest_round,
        "contest": contest_round.contest,
        "form": form,
        "page": paginate(request, entries),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "quota_lines": quota_lines(request.user, contest_round),
        "is_open": is_open,
        "can_enter": is_open and orgs_user_may_enter(request.user, contest_round).exists(),
        "deadline": format_deadline(contest_round.entry_deadline),
        "state_label": round_state_label(contest_round, contest_round.contest),
    }
    if htmx_partial(request):
        return render(request, "contests/partials/entry_table.html", context)
    return render(request, "contests/round_entries.html", context)


@console_view(VIEW)
def entry_add_view(request: AuthedRequest, round_id: int) -> HttpResponse:
    """报名: for a union the user may enter for (with a share of the round's quota); 403 to whoever has none."""
    contest_round = round_visible_or_404(request.user, round_id)
    orgs = orgs_user_may_enter(request.user, contest_round)
    if not orgs.exists():
        raise PermissionDenied
    if not round_is_open(contest_round):
        return redirect(_entries_url(contest_round))
    candidates = entry_candidates(request.user, contest_round, orgs)
    searching = request.method == "POST" and "search" in request.POST
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[:50]
    if searching:
        # 查找 submits the whole form: re-render what the cadre chose, unbound (no errors yet), create nothing
        form = EntryForm(
            orgs=orgs,
            groups=contest_group_choices(contest_round.contest_id),
            candidates=candidates,
            initial={
                "entrant_org": request.POST.get("entrant_org") or orgs.first(),
                "group": request.POST.get("group"),
                "title": request.POST.get("title", ""),
                "members": request.POST.getlist("members"),
                "leader": request.POST.get("leader", ""),
            },
        )
        done = None
    else:
        form = EntryForm(
            posted_data(request),
            orgs=orgs,
            groups=contest_group_choices(contest_round.contest_id),
            candidates=candidates,
            initial={"entrant_org": orgs.first()},
        )
        done = form_perform(
            request,
            form,
            lambda data: entry_create(
                contest_round=contest_round,
                group=data["group"],
                entrant_org=data["entrant_org"],
                members=data["people"],
                title=data["title"],
                actor=request.user,
            ),
            success=lambda _entry: (
                f"已报名：{'、'.join(m.name for m in form.cleaned_data['people'])}，待本人在会员端确认"
            ),
            then=_entries_url(contest_round),
        )
    if done:
        return done
    picked = {str(v) for v in (form["members"].value() or []) if str(v).isdigit()}
    shown = list(search_candidates(candidates, query)[: CANDIDATES_SHOWN + 1])
    more = len(shown) > CANDIDATES_SHOWN
    shown = shown[:CANDIDATES_SHOWN]
    # the people already ticked stay listed (and ticked) whatever the new search finds
    listed = {m.pk for m in shown}
    kept = [m for m in candidates.filter(pk__in=[int(v) for v in picked]) if m.pk not in listed]
    context = {
        "contest_round": contest_round,
        "contest": contest_round.contest,
        "form": form,
        "candidates": kept + shown,
        "more_candidates": more,
        "candidates_shown": CANDIDATES_SHOWN,
        "query": query,
        "picked": picked,
        "picked_leader": str(form["leader"].value() or ""),
        "quota_lines": quota_lines(request.user, contest_round),
        "deadline": format_deadline(contest_round.entry_deadline),
    }
    return render(request, "contests/entry_form.html", context)


def _person_rows(entry: Entry) -> list[dict[str, Any]]:
    """Everyone ever in the entry, each with a state: live, 已退赛 (out with the entry's withdrawal) or 已换下."""
    people = entry_people(entry)
    withdrawn = {p.pk for p in withdrawn_people(entry, people)}
    return [
        {
            "person": person,
            "member": person.member,
            "phone": mask_phone(person.member.phone),
            "gone": "" if person.active else ("已退赛" if person.pk in withdrawn else "已换下"),
        }
        for person in people
    ]


def _may_change(request: AuthedRequest, entry: Entry) -> bool:
    return (
        can_handle_entry(request.user, entry)
        and entry.status != EntryStatus.WITHDRAWN
        and round_is_open(entry.round)
    )


@console_view(VIEW)
def entry_detail(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = entry_visible_or_404(request.user, entry_id)
    context = {
        "entry": entry,
        "contest_round": entry.round,
        "contest": entry.round.contest,
        "rows": _person_rows(entry),
        "is_team": entry.group.entry_kind == EntryKind.TEAM,
        "badges": STATUS_BADGES,
        "may_change": _may_change(request, entry),
        "timeline": timeline_for(entry),
        "deadline": format_deadline(entry.round.entry_deadline),
    }
    return render(request, "contests/entry_detail.html", context)


def _change_page(request: AuthedRequest, entry_id: int) -> tuple[Entry, HttpResponse | None]:
    """换人 / 退赛: for whoever may enter for the entrant union (else 403), while the round is open."""
    entry = entry_visible_or_404(request.user, entry_id)
    if not can_handle_entry(request.user, entry):
        raise PermissionDenied
    if not _may_change(request, entry):
        return entry, redirect(_detail_url(entry))
    return entry, None


@console_view(VIEW)
def entry_replace_view(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry, gone = _change_page(request, entry_id)
    if gone:
        return gone
    people = [row["person"] for row in _person_rows(entry) if row["person"].active]
    candidates = entry_candidates(
        request.user, entry.round, orgs_user_may_enter(request.user, entry.round)
    ).filter(org__path__startswith=entry.entrant_org.path)
    form = ReplaceForm(posted_data(request), people=people, candidates=candidates)
    done = form_perform(
        request,
        form,
        lambda data: entry_replace(
            entry=entry,
            old_member=data["old_member"],
            new_member=data["new_member"],
            reason=data["reason"],
            actor=request.user,
        ),
        success=lambda _entry: (
            f"已换人：{form.cleaned_data['old_member'].name} → {form.cleaned_data['new_member'].name}"
        ),
        then=_detail_url(entry),
    )
    context = {"entry": entry, "contest_round": entry.round, "contest": entry.round.contest, "form": form}
    return done or render(request, "contests/entry_replace.html", context)


@console_view(VIEW)
def entry_withdraw_view(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry, gone = _change_page(request, entry_id)
    if gone:
        return gone
    form = WithdrawForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: entry_withdraw(entry=entry, reason=data["reason"], actor=request.user),
        success="已退赛，占用的名额已释放",
        then=_entries_url(entry.round),
    )
    context = {"entry": entry, "contest_round": entry.round, "contest": entry.round.contest, "form": form}
    return done or render(request, "contests/entry_withdraw.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def entries_export(request: AuthedRequest, round_id: int) -> HttpResponse:
    """报名名单 (xlsx, audited, no-store): the entries the user sees in the round."""
    contest_round = round_visible_or_404(request.user, round_id)
    content = export_entries(
        contest_round=contest_round,
        entries=round_entries_for_user(request.user, contest_round),
        actor=request.user,
        context=AuditContext.of(request),
    )
    return xlsx_response(content, f"{contest_round.contest.title}-{contest_round.name}-报名名单.xlsx")
