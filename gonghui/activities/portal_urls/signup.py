"""Portal routes of part signup (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_signup

urlpatterns: list[URLPattern] = [
    path("", portal_signup.activity_list, name="list"),
    path("mine/", portal_signup.mine, name="mine"),
    path("<uuid:public_id>/", portal_signup.activity_detail, name="detail"),
    path("<uuid:public_id>/signup/", portal_signup.sign_up, name="signup"),
    path("<uuid:public_id>/receipt/", portal_signup.receipt, name="receipt"),
    path("<uuid:public_id>/cancel/", portal_signup.cancel, name="cancel"),
]
