from django.urls import path

from .views import contests, entries, library, publication, results

app_name = "contests"

urlpatterns = [
    # console: the organiser (views/contests.py)
    path("", contests.contest_list, name="list"),
    path("new/", contests.contest_create_view, name="create"),
    path("<int:pk>/", contests.contest_detail, name="detail"),
    path("<int:pk>/edit/", contests.contest_edit, name="edit"),
    path("<int:pk>/groups/new/", contests.group_add_view, name="group_add"),
    path("<int:pk>/groups/<int:group_id>/remove/", contests.group_remove_view, name="group_remove"),
    path("<int:pk>/rounds/new/", contests.round_add_view, name="round_add"),
    path("rounds/<int:round_id>/edit/", contests.round_edit_view, name="round_edit"),
    path("<int:pk>/start/", contests.contest_start_view, name="start"),
    path("<int:pk>/finish/", contests.contest_finish_view, name="finish"),
    # console: 报名 by unions (views/entries.py)
    path("rounds/<int:round_id>/entries/", entries.round_entries, name="round_entries"),
    path("rounds/<int:round_id>/entries/new/", entries.entry_add_view, name="entry_add"),
    path("rounds/<int:round_id>/entries/export/", entries.entries_export, name="entries_export"),
    path("entries/<int:entry_id>/", entries.entry_detail, name="entry_detail"),
    path("entries/<int:entry_id>/replace/", entries.entry_replace_view, name="entry_replace"),
    path("entries/<int:entry_id>/withdraw/", entries.entry_withdraw_view, name="entry_withdraw"),
    # console: judging and results (views/results.py)
    path("rounds/<int:round_id>/judging/", results.round_judging, name="round_judging"),
    path("rounds/<int:round_id>/judging/start/", results.judging_start_view, name="judging_start"),
    path("rounds/<int:round_id>/judges/new/", results.judge_add_view, name="judge_add"),
    path("rounds/<int:round_id>/results/", results.round_results, name="round_results"),
    path("rounds/<int:round_id>/results/finalise/", results.round_finalise_view, name="round_finalise"),
    path("rounds/<int:round_id>/results/export/", results.results_export, name="results_export"),
    # console: 公示, certificates, the announcement (views/publication.py)
    path("<int:pk>/publication/", publication.publication, name="publication"),
    path("<int:pk>/publication/notice/", publication.notice_create_view, name="notice_create"),
    path(
        "<int:pk>/publication/announcement/", publication.announcement_draft_view, name="announcement_draft"
    ),
    # console: 竞赛成果 (views/library.py)
    path("library/", library.library_list, name="library_list"),
    path("library/new/", library.library_create_view, name="library_create"),
    path("library/<int:item_id>/", library.library_detail, name="library_detail"),
    path("library/<int:item_id>/edit/", library.library_edit_view, name="library_edit"),
    path("library/<int:item_id>/publish/", library.library_publish_view, name="library_publish"),
    path("library/<int:item_id>/unpublish/", library.library_unpublish_view, name="library_unpublish"),
    path("library/<int:item_id>/media-upload/", library.library_file_add_view, name="library_file_add"),
    path(
        "library/<int:item_id>/files/<uuid:attachment_id>/remove/",
        library.library_file_remove_view,
        name="library_file_remove",
    ),
]
