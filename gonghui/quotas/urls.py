from django.urls import path

from . import views

app_name = "quotas"

urlpatterns = [
    path("", views.quota_list, name="list"),
    path("new/", views.set_create, name="set_create"),
    path("<uuid:public_id>/", views.set_detail, name="set_detail"),
    path("<uuid:public_id>/edit/", views.set_edit, name="set_edit"),
    path("<uuid:public_id>/allocate/", views.set_allocate, name="set_allocate"),
    path("<uuid:public_id>/allocate/by-weight/", views.set_allocate_weight, name="set_allocate_weight"),
    path("<uuid:public_id>/export/", views.set_export, name="set_export"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("allocations/<int:pk>/allocate/", views.allocation_allocate, name="allocation_allocate"),
    path(
        "allocations/<int:pk>/allocate/by-weight/",
        views.allocation_allocate_weight,
        name="allocation_allocate_weight",
    ),
    path("allocations/<int:pk>/export/", views.allocation_export, name="allocation_export"),
]
