from django.urls import path

from desk.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="endpoints"),
    path("new/", views.endpoint_add, name="endpoint_add"),
    path("<int:pk>/", views.endpoint_log, name="endpoint"),
    path("<int:pk>/edit/", views.endpoint_edit, name="endpoint_edit"),
    path("<int:pk>/pause/", views.endpoint_pause, name="endpoint_pause"),
    path("<int:pk>/resume/", views.endpoint_resume, name="endpoint_resume"),
    path("<int:pk>/delete/", views.endpoint_delete, name="endpoint_delete"),
    path("<int:pk>/test/", views.endpoint_test, name="endpoint_test"),
    path("<int:pk>/secret/", views.endpoint_rotate_secret, name="endpoint_rotate_secret"),
    path(
        "<int:pk>/deliveries/<int:delivery>/retry/",
        views.delivery_retry,
        name="delivery_retry",
    ),
]
