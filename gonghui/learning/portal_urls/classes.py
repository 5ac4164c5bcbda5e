"""Portal routes of part classes (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_classes

urlpatterns: list[URLPattern] = [
    path("classes/", portal_classes.my_classes, name="my_classes"),
    path("classes/<uuid:public_id>/", portal_classes.my_class, name="my_class"),
]
