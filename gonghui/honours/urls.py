"""评选表彰与劳模工匠: one section per part; a part edits only its own section."""

from django.urls import path

from .views import campaigns, homes, naming, nominations, records, studios, workers  # noqa: F401

app_name = "honours"

urlpatterns = [
    # part campaigns (views/campaigns.py)
    path("", campaigns.campaign_list, name="list"),
    # part nominations (views/nominations.py)
    # part naming (views/naming.py)
    # part records (views/records.py)
    path("records/", records.honour_list, name="honour_list"),
    # part workers (views/workers.py)
    path("workers/", workers.worker_list, name="worker_list"),
    # part studios (views/studios.py)
    path("studios/", studios.studio_board, name="studio_board"),
    # part homes (views/homes.py)
    path("homes/", homes.home_list, name="home_list"),
]
