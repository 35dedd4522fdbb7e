from django.urls import path

from desk.public import citations, embeds, exports, views
from desk.public.cache import cached_public_page
from desk.public.feeds import BriefingCorrectionsFeed, BriefingItemsFeed

app_name = "briefings"
urlpatterns = [
    path("", views.briefing_list, name="list"),
    path("oembed/", embeds.oembed, name="oembed"),
    path("<slug:slug>/", views.briefing_detail, name="detail"),
    path("<slug:slug>/timeline/", views.briefing_timeline, name="timeline"),
    path("<slug:slug>/items/<int:pk>/", views.briefing_item, name="item"),
    path("<slug:slug>/items/<int:pk>/card/", embeds.item_card, name="card"),
    path("<slug:slug>/items/<int:pk>/card.png", embeds.item_image, name="card_image"),
    path("<slug:slug>/items/<int:pk>/citation.json", citations.item_csl_json, name="item_csl"),
    path("<slug:slug>/items/<int:pk>/citation.ris", citations.item_ris, name="item_ris"),
    path("<slug:slug>/items/<int:pk>/citation.bib", citations.item_bibtex, name="item_bibtex"),
    path("<slug:slug>/feed/", cached_public_page(BriefingItemsFeed()), name="feed"),
    path(
        "<slug:slug>/corrections/feed/",
        cached_public_page(BriefingCorrectionsFeed()),
        name="corrections_feed",
    ),
    path("<slug:slug>.md", exports.briefing_markdown, name="markdown"),
]
