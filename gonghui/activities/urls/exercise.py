"""Console routes of part exercise (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import exercise

urlpatterns: list[URLPattern] = [
    path("exercise/", exercise.routine_list, name="routine_list"),
    path("exercise/new/", exercise.routine_create, name="routine_create"),
    path("exercise/rates/", exercise.exercise_rates, name="exercise_rates"),
    path("exercise/rates/export/", exercise.exercise_rates_export, name="exercise_rates_export"),
    path("exercise/<uuid:public_id>/", exercise.routine_detail, name="routine_detail"),
    path("exercise/<uuid:public_id>/edit/", exercise.routine_edit, name="routine_edit"),
    path("exercise/<uuid:public_id>/media-upload/", exercise.routine_video, name="routine_video"),
    path("exercise/<uuid:public_id>/adopt/", exercise.adoption_create, name="adoption_create"),
    path("exercise/adoptions/<uuid:public_id>/", exercise.adoption_detail, name="adoption_detail"),
    path("exercise/adoptions/<uuid:public_id>/stop/", exercise.adoption_stop, name="adoption_stop"),
    path("exercise/adoptions/<uuid:public_id>/day/", exercise.session_day, name="exercise_session_detail"),
]
