from django.urls import path

from desk.public import exports, views
from desk.public.cache import cached_public_page
from desk.public.feeds import BriefingCorrectionsFeed, BriefingItemsFeed

app_name = "briefings"
urlpatterns = [
    path("", views.briefing_list, name="list"),
    path("<slug:slug>/", views.briefing_detail, name="detail"),
    path("<slug:slug>/timeline/", views.briefing_timeline, name="timeline"),
    path("<slug:slug>/items/<int:pk>/", views.briefing_item, name="item"),
    path("<slug:slug>/feed/", cached_public_page(BriefingItemsFeed()), name="feed"),
    path(
        "<slug:slug>/corrections/feed/",
        cached_public_page(BriefingCorrectionsFeed()),
        name="corrections_feed",
    ),
    path("<slug:slug>.md", exports.briefing_markdown, name="markdown"),
]
