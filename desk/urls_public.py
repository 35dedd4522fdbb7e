from django.urls import path

from desk.feeds import BriefingCorrectionsFeed, BriefingItemsFeed
from desk.public_cache import cached_public_page
from desk.views import public, public_exports

app_name = "briefings"
urlpatterns = [
    path("", public.briefing_list, name="list"),
    path("<slug:slug>/", public.briefing_detail, name="detail"),
    path("<slug:slug>/timeline/", public.briefing_timeline, name="timeline"),
    path("<slug:slug>/items/<int:pk>/", public.briefing_item, name="item"),
    path("<slug:slug>/feed/", cached_public_page(BriefingItemsFeed()), name="feed"),
    path(
        "<slug:slug>/corrections/feed/",
        cached_public_page(BriefingCorrectionsFeed()),
        name="corrections_feed",
    ),
    path("<slug:slug>.md", public_exports.briefing_markdown, name="markdown"),
]
