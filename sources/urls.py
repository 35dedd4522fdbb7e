from django.urls import path

from sources import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("add/", views.add_source, name="add"),
    path("authors/read/", views.read_authors, name="read_authors"),
    path("previews/<uuid:token>/", views.preview, name="preview"),
    path("previews/<uuid:token>/discard/", views.discard_preview, name="discard_preview"),
    path("previews/<uuid:token>/read-as-scan/", views.read_as_scan, name="read_as_scan"),
    path("reading/<uuid:token>/", views.job, name="job"),
    path("reading/<uuid:token>/status/", views.job_status, name="job_status"),
    path("reading/<uuid:token>/retry/", views.retry_job, name="retry_job"),
    path("originals/<int:pk>/", views.original, name="original"),
    path("<int:pk>/", views.reader, name="reader"),
    path("<int:pk>/edit/", views.edit_source, name="edit"),
    path("<int:pk>/diff/", views.diff, name="diff"),
    path("<int:pk>/versions/add/", views.add_version, name="add_version"),
    path("<int:pk>/watch/", views.watch, name="watch"),
    path("<int:pk>/unwatch/", views.unwatch, name="unwatch"),
    path(
        "<int:pk>/paragraphs/<int:block>/correct/",
        views.correct_paragraph,
        name="correct_paragraph",
    ),
    path("<int:pk>/versions/<int:number>/blocks/", views.mark_block_kind, name="mark_block"),
]
