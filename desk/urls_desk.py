from django.urls import path

from desk.views import excerpts, review

app_name = "desk"
urlpatterns = [
    path("", review.desk_home, name="home"),
    path("review/", review.review_queue, name="review_queue"),
    path(
        "sources/<int:source_id>/excerpts/new/",
        excerpts.excerpt_from_selection,
        name="excerpt_from_selection",
    ),
    path("excerpts/<int:pk>/", excerpts.excerpt_detail, name="excerpt"),
    path("excerpts/<int:pk>/edit/", excerpts.excerpt_edit, name="excerpt_edit"),
    path("excerpts/<int:pk>/comment/", review.excerpt_comment, name="excerpt_comment"),
    path("excerpts/<int:pk>/<str:action>/", review.excerpt_transition, name="excerpt_transition"),
]
