"""Briefings, the public pages the desk curates, and the topics that group their items."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import slugify


class BriefingQuerySet(models.QuerySet):
    def public(self) -> BriefingQuerySet:
        """Briefings anyone may read."""
        return self.filter(is_public=True)


class Briefing(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    is_public = models.BooleanField(
        default=True, help_text="Readers without an account can see its published items."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefings:detail", args=[self.slug])


class Topic(models.Model):
    """A free tag an editor puts on an excerpt; readers group and filter by it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name) or f"topic-{abs(hash(self.name))}"
        super().save(*args, **kwargs)
