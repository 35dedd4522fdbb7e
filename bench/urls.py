"""The project's URLs plus the bench-only ones; used by bench.settings, never in production."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/excerpt-values/", views.excerpt_values, name="bench_excerpt_values"),
    path("", include("desk.project.urls")),
]
