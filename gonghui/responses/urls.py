from django.urls import path

from . import views

app_name = "responses"

urlpatterns = [
    path("<slug:kind>/<str:owner_id>/", views.answer, name="answer"),
    path("<slug:kind>/<str:owner_id>/results/", views.results, name="results"),
    path("<slug:kind>/<str:owner_id>/close/", views.close, name="close"),
]
