"""The member's pages of 困难职工帮扶 on the portal (part intake): my file and its state, the application, the
receipt, the resubmission after a return."""

from django.urls import path

from .views import portal, portal_condolences, portal_offers, portal_recuperation, portal_relief

app_name = "welfare_portal"

urlpatterns = [
    path("", portal.my_file_view, name="mine"),
    path("apply/", portal.apply_view, name="apply"),
    path("resubmit/", portal.resubmit_view, name="resubmit"),
    path("receipt/<uuid:public_id>/", portal.receipt_view, name="receipt"),
    # part relief (views/portal_relief.py)
    path("relief/", portal_relief.relief_mine, name="relief_mine"),
    path("relief/<uuid:public_id>/", portal_relief.relief_receipt, name="relief_receipt"),
    # part condolences (views/portal_condolences.py)
    path("condolences/<uuid:public_id>/", portal_condolences.condolence_receipt, name="condolence_receipt"),
    # part recuperation (views/portal_recuperation.py)
    path("recuperation/", portal_recuperation.place_mine, name="place_mine"),
    path("recuperation/<uuid:public_id>/confirm/", portal_recuperation.place_confirm, name="place_confirm"),
    path("recuperation/<uuid:public_id>/decline/", portal_recuperation.place_decline, name="place_decline"),
    path("recuperation/<uuid:public_id>/", portal_recuperation.place_receipt, name="place_receipt"),
    # part offers (views/portal_offers.py)
    path("offers/", portal_offers.offer_mine, name="offer_mine"),
    path("offers/<uuid:public_id>/", portal_offers.offer_view, name="offer_view"),
    path("offers/<uuid:public_id>/coupon/", portal_offers.offer_coupon, name="offer_coupon"),
]
