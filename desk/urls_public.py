from django.urls import path

from desk.views import public

app_name = "briefings"
urlpatterns = [
    path("", public.briefing_list, name="list"),
    path("<slug:slug>/", public.briefing_detail, name="detail"),
    path("<slug:slug>/items/<int:pk>/", public.briefing_item, name="item"),
]
