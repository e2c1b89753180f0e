from django.urls import path

from efiling.feeds import views

urlpatterns = [
    path("calendar/", views.calendar_feed_page, name="calendar-feed-page"),
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar-feed"),
]
