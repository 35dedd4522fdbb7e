from django.urls import path

from desk.subscriptions import views

app_name = "subscriptions"
urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.subscribe, name="subscribe"),
    path("<slug:slug>/asked/", views.asked, name="asked"),
]
