from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.settings, name="settings"),
    # Dashboard, layers and the weekly review (area: dashboard)
    path("people/<int:pk>/layer/", views.set_layer, name="set_layer"),
    path("review/", views.review, name="review"),
    path("review/start/", views.review_start, name="review_start"),
    path("review/step/", views.review_step, name="review_step"),
    path("review/reconnect/<int:pk>/", views.review_reconnect, name="review_reconnect"),
    path(
        "review/follow-ups/<int:pk>/done/",
        views.review_follow_up_done,
        name="review_follow_up_done",
    ),
    path("review/finish/", views.review_finish, name="review_finish"),
]
