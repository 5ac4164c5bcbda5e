"""困难职工帮扶 (console): one section per part; a part edits only its own section."""

from django.urls import path

from .views import (
    aid,
    classing,
    condolences,
    cycle,
    files,
    households,
    intake,
    offers,
    recuperation,
    relief,
    subsidies,
)

app_name = "welfare"

urlpatterns = [
    # part files (views/files.py): the list, the file page, the flow 初审 → 入户调查 → 审核 → 公示 → 建档
    path("", files.file_list, name="list"),
    path("export/", files.file_export, name="export"),
    path("<int:pk>/", files.file_detail, name="detail"),
    path("<int:pk>/unit-check/", files.unit_check_view, name="unit_check"),
    path("<int:pk>/survey/", files.survey_view, name="survey"),
    path("<int:pk>/review/", files.review_view, name="review"),
    path("<int:pk>/publicise/", files.publicise_view, name="publicise"),
    path("<int:pk>/file/", files.file_view, name="file"),
    path("<int:pk>/reject/", files.reject_view, name="reject"),
    # part intake (views/intake.py): applications entered by the union, from a 诉求, edits, the consent upload
    path("new/", intake.file_create_view, name="create"),
    path("from-appeal/<int:appeal_id>/", intake.from_appeal_view, name="from_appeal"),
    path("<int:pk>/edit/", intake.file_edit_view, name="edit"),
    path("<int:pk>/consent/", intake.consent_upload_view, name="consent_upload"),
    # part households (views/households.py): the people of the household, the audited reveal
    path("<int:pk>/people/new/", households.person_add_view, name="person_add"),
    path("people/<int:person_id>/edit/", households.person_edit_view, name="person_edit"),
    path("people/<int:person_id>/remove/", households.person_remove_view, name="person_remove"),
    path("<int:pk>/reveal/", households.reveal_view, name="reveal"),
    # part classing (views/classing.py): 低保 lines, rigid spending and events, the computed class and decision
    path("lines/", classing.line_list, name="lines"),
    path("lines/new/", classing.line_create_view, name="line_create"),
    path("lines/<int:line_id>/edit/", classing.line_edit_view, name="line_edit"),
    path("<int:pk>/expenses/", classing.expenses_view, name="expenses"),
    path("<int:pk>/classify/", classing.classify_view, name="classify"),
    # part cycle (views/cycle.py): yearly 复核, 脱困, 注销, follow-ups, counts
    path("reviews/", cycle.reviews_due, name="reviews_due"),
    path("<int:pk>/annual-review/", cycle.annual_review_view, name="annual_review"),
    path("<int:pk>/lift/", cycle.lift_view, name="lift"),
    path("<int:pk>/close/", cycle.close_view, name="close"),
    path("follow-ups/<int:follow_up_id>/", cycle.follow_up_view, name="follow_up"),
    path("stats/", cycle.stats_view, name="stats"),
    # part aid (views/aid.py): aid through the ledger, totals, the export in the national system's columns
    path("aid/", aid.aid_list, name="aid_list"),
    path("aid/export/", aid.aid_export, name="aid_export"),
    path("<int:pk>/aid/new/", aid.aid_add_view, name="aid_add"),
    path("aid/layouts/", aid.layout_list, name="aid_layouts"),
    path("aid/layouts/new/", aid.layout_create_view, name="aid_layout_create"),
    path("aid/layouts/<int:layout_id>/edit/", aid.layout_edit_view, name="aid_layout_edit"),
    # part relief (views/relief.py): 送温暖 and 慰问金 campaigns
    path("relief/", relief.relief_list, name="relief_list"),
    path("relief/new/", relief.relief_create, name="relief_create"),
    path("relief/<int:campaign_id>/", relief.relief_detail, name="relief_detail"),
    path("relief/<int:campaign_id>/edit/", relief.relief_edit, name="relief_edit"),
    path(
        "relief/<int:campaign_id>/recipients/add/", relief.relief_recipients_add, name="relief_recipients_add"
    ),
    path(
        "relief/<int:campaign_id>/recipients/import/",
        relief.relief_recipients_import,
        name="relief_recipients_import",
    ),
    path("relief/<int:campaign_id>/submit/", relief.relief_submit, name="relief_submit"),
    path("relief/<int:campaign_id>/return/", relief.relief_return, name="relief_return"),
    path("relief/<int:campaign_id>/approve/", relief.relief_approve, name="relief_approve"),
    path("relief/<int:campaign_id>/pay/", relief.relief_pay, name="relief_pay"),
    path("relief/<int:campaign_id>/bank-file/", relief.relief_bank_file, name="relief_bank_file"),
    path("relief/<int:campaign_id>/results/", relief.relief_results, name="relief_results"),
    path("relief/<int:campaign_id>/close/", relief.relief_close, name="relief_close"),
    path("relief/recipients/<int:recipient_id>/reverse/", relief.relief_reverse, name="relief_reverse"),
    path("relief/recipients/<int:recipient_id>/exclude/", relief.relief_exclude, name="relief_exclude"),
    # part subsidies (views/subsidies.py): subsidies to grassroots unions
    path("subsidies/", subsidies.subsidy_list, name="subsidy_list"),
    path("subsidies/new/", subsidies.subsidy_create, name="subsidy_create"),
    path("subsidies/<int:subsidy_id>/", subsidies.subsidy_detail, name="subsidy_detail"),
    path("subsidies/<int:subsidy_id>/edit/", subsidies.subsidy_edit, name="subsidy_edit"),
    path("subsidies/<int:subsidy_id>/allocate/", subsidies.subsidy_allocate, name="subsidy_allocate"),
    path("subsidies/<int:subsidy_id>/transfer/", subsidies.subsidy_transfer, name="subsidy_transfer"),
    path("subsidies/<int:subsidy_id>/spend/", subsidies.subsidy_spend, name="subsidy_spend"),
    path("subsidies/<int:subsidy_id>/export/", subsidies.subsidy_export, name="subsidy_export"),
    path("subsidies/<int:subsidy_id>/close/", subsidies.subsidy_close, name="subsidy_close"),
    path(
        "subsidies/spendings/<int:spending_id>/delete/",
        subsidies.subsidy_spending_delete,
        name="subsidy_spending_delete",
    ),
    # part condolences (views/condolences.py): 慰问 standards, payments and visits
    path("condolences/", condolences.condolence_list, name="condolence_list"),
    path("condolences/export/", condolences.condolence_export, name="condolence_export"),
    path("condolences/new/", condolences.condolence_create, name="condolence_create"),
    path("condolences/<int:payment_id>/", condolences.condolence_detail, name="condolence_detail"),
    path("condolences/<int:payment_id>/reverse/", condolences.condolence_reverse, name="condolence_reverse"),
    path("condolences/<int:payment_id>/visit/", condolences.condolence_visit, name="condolence_visit"),
    path("condolences/standards/", condolences.standard_list, name="standard_list"),
    path("condolences/standards/new/", condolences.standard_create, name="standard_create"),
    path("condolences/standards/<int:standard_id>/edit/", condolences.standard_edit, name="standard_edit"),
    # part recuperation (views/recuperation.py): 疗休养 programmes, batches, places
    path("recuperation/", recuperation.programme_list, name="programme_list"),
    path("recuperation/new/", recuperation.programme_create, name="programme_create"),
    path("recuperation/<int:programme_id>/", recuperation.programme_detail, name="programme_detail"),
    path("recuperation/<int:programme_id>/edit/", recuperation.programme_edit, name="programme_edit"),
    path(
        "recuperation/<int:programme_id>/allocate/",
        recuperation.programme_allocate,
        name="programme_allocate",
    ),
    path("recuperation/<int:programme_id>/nominate/", recuperation.place_nominate, name="place_nominate"),
    path("recuperation/<int:programme_id>/report/", recuperation.programme_report, name="programme_report"),
    path(
        "recuperation/<int:programme_id>/advance/", recuperation.programme_advance, name="programme_advance"
    ),
    path("recuperation/<int:programme_id>/batches/new/", recuperation.batch_create, name="batch_create"),
    path("recuperation/batches/<int:batch_id>/", recuperation.batch_detail, name="batch_detail"),
    path("recuperation/batches/<int:batch_id>/edit/", recuperation.batch_edit, name="batch_edit"),
    path("recuperation/batches/<int:batch_id>/roster/", recuperation.batch_roster, name="batch_roster"),
    path("recuperation/batches/<int:batch_id>/scan/", recuperation.batch_scan, name="batch_scan"),
    path("recuperation/places/<int:place_id>/cancel/", recuperation.place_cancel, name="place_cancel"),
    path(
        "recuperation/places/<int:place_id>/substitute/",
        recuperation.place_substitute,
        name="place_substitute",
    ),
    # part offers (views/offers.py): 普惠 offers and their redemption
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/new/", offers.offer_create, name="offer_create"),
    path("offers/<int:offer_id>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:offer_id>/publish/", offers.offer_publish_view, name="offer_publish"),
    path("offers/<int:offer_id>/withdraw/", offers.offer_withdraw_view, name="offer_withdraw"),
    path("offers/<int:offer_id>/redeem/", offers.offer_redeem_view, name="offer_redeem"),
    path("offers/merchant/", offers.offer_merchant_home, name="offer_merchant_home"),
]
