"""Portal routes of part answering (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_answering

urlpatterns: list[URLPattern] = [
    path("", portal_answering.home, name="home"),
    path("<uuid:public_id>/", portal_answering.answer, name="answer"),
]
