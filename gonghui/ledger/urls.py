from django.urls import path

from .views import entries, funds

app_name = "ledger"

urlpatterns = [
    path("", entries.entry_list, name="entry_list"),
    path("entries/<int:entry_id>/", entries.entry_detail, name="entry_detail"),
    path("entries/<int:entry_id>/reverse/", entries.entry_reverse, name="entry_reverse"),
    path("entries/<int:entry_id>/reveal/", entries.entry_reveal, name="entry_reveal"),
    path("funds/", funds.fund_list, name="fund_list"),
    path("funds/new/", funds.fund_create_view, name="fund_create"),
    path("funds/<int:fund_id>/lines/", funds.line_set, name="line_set"),
    path("lines/<int:line_id>/", funds.line_detail, name="line_detail"),
    path("lines/<int:line_id>/pay/", entries.pay, name="pay"),
    path("lines/<int:line_id>/export/", entries.batch_export, name="batch_export"),
    path("lines/<int:line_id>/results/", entries.results_import, name="results_import"),
    path("totals/", funds.totals, name="totals"),
    path("totals/export/", funds.accountant_export, name="accountant_export"),
]
