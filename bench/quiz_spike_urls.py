"""The platform's URLs plus the baseline for saving an answer: behind the same middleware and session as the
real endpoint, a logged-in POST that does one indexed read (the caller's member row) and one insert."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as platform_urlpatterns


@require_POST
@login_required
def baseline_answer(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM members_member WHERE user_id = %s", [request.user.pk])
        member_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO bench_baseline_answer (member_id, question, chosen) VALUES (%s, %s, %s)",
            [member_id, request.POST.get("question", ""), request.POST.get("choice", "")],
        )
    return HttpResponse('<span class="text-success">已保存</span>')


urlpatterns = [path("bench/baseline/answer/", baseline_answer), *platform_urlpatterns]
