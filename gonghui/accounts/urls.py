from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("switch-org/", views.org_switch, name="org_switch"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<str:username>/", views.user_detail, name="user_detail"),
    path("users/<str:username>/reset-password/", views.user_password_reset_view, name="user_password_reset"),
    path("users/<str:username>/grants/new/", views.grant_create_view, name="grant_create"),
    path("grants/<int:pk>/revoke/", views.grant_revoke_view, name="grant_revoke"),
    path("object-grants/<str:kind>/<int:pk>/", views.object_grant_list, name="object_grants"),
    path(
        "object-grants/<str:kind>/<int:pk>/new/", views.object_grant_create_view, name="object_grant_create"
    ),
    path("object-grants/grants/<int:pk>/extend/", views.object_grant_extend_view, name="object_grant_extend"),
    path("object-grants/grants/<int:pk>/revoke/", views.object_grant_revoke_view, name="object_grant_revoke"),
    path("audit/", views.audit_log_list, name="audit_log_list"),
    path("activate/", views.account_activate, name="account_activate"),
    path("reset-password/", views.password_reset_by_sms, name="password_reset_by_sms"),
    path("sms-code/<slug:purpose>/", views.sms_code_send, name="sms_code_send"),
    path("sms-login/", views.sms_login_view, name="sms_login"),
]
