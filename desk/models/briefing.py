"""Briefings, the public pages the desk curates, and the topics that group their items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The languages the desk reads and writes (its sources' languages, the same codes as
    Source.language), each named in its own words as editors who write it call it."""

    ENGLISH = "en", "English"
    POLISH = "pl", "Polski"
    RUSSIAN = "ru", "Русский"
    BELARUSIAN = "be", "Беларуская"
    UKRAINIAN = "uk", "Українська"


def default_language() -> str:
    """The language of the site's LANGUAGE_CODE ("en" for "en-gb"), English when the desk
    writes no such language."""
    code = settings.LANGUAGE_CODE.split("-")[0].lower()
    return code if code in Language.values else Language.ENGLISH


class BriefingQuerySet(models.QuerySet):
    def public(self) -> BriefingQuerySet:
        """Briefings anyone may read."""
        return self.filter(is_public=True)


class Briefing(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    is_public = models.BooleanField(
        default=True, help_text=_("Readers without an account can see its published items.")
    )
    # The language of the briefing's own words (its description, its items' annotations), not
    # of the interface: readers still choose that, and quotes keep their sources' languages.
    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=default_language,
        help_text=_("The language its description and annotations are written in."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=Language.values), name="briefing_language_known"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefings:detail", args=[self.slug])


class TopicQuerySet(models.QuerySet):
    def named(self, names: list[str]) -> list[Topic]:
        """The topics of these names, whatever their case, made when the desk has none yet."""
        topics = []
        for name in names:
            topic = self.filter(name__iexact=name).order_by("pk").first()
            topics.append(topic or self.create(name=name))
        return topics


class Topic(models.Model):
    """A free tag an editor puts on an excerpt; readers group and filter by it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            # Different names can slug alike ("Border!", "Border?"): number the later ones.
            base = slugify(self.name, allow_unicode=True)[:100] or "topic"
            slug, number = base, 1
            while Topic.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                number += 1
                slug = f"{base}-{number}"
            self.slug = slug
        super().save(*args, **kwargs)
