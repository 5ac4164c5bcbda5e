from . import views, views_cards, views_joining

app_name = "members"

urlpatterns = [
    *views.urlpatterns,
    *views_joining.urlpatterns,
    *views_cards.urlpatterns,
]
