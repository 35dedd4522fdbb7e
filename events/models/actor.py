"""Actors: the people, states and organisations who take part in events, under every spelling."""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Slugs the actor URLs use for pages of their own.
_RESERVED_SLUGS = {"new"}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_name(name: str) -> str:
    """A name folded for matching: case, accents and spacing do not count."""
    return " ".join(strip_accents(name).casefold().split())


class ActorKind(models.TextChoices):
    PERSON = "person", _("Person")
    STATE = "state", _("State")
    ORGANISATION = "organisation", _("Organisation")
    OTHER = "other", _("Other")


class ActorQuerySet(models.QuerySet):
    def matching(self, name: str) -> ActorQuerySet:
        """Actors whose canonical name or any alias is this name, whatever the spelling's case."""
        folded = fold_name(name)
        return self.filter(Q(folded_name=folded) | Q(aliases__folded_name=folded)).distinct()

    def search(self, text: str) -> ActorQuerySet:
        """Actors named so by any spelling; failing that, those with a name-word starting so."""
        folded = fold_name(text)
        if not folded:
            return self.none()
        exact = self.matching(text)
        if exact.exists():
            return exact
        words = (
            Q(folded_name__startswith=folded)
            | Q(folded_name__contains=f" {folded}")
            | Q(aliases__folded_name__startswith=folded)
            | Q(aliases__folded_name__contains=f" {folded}")
        )
        return self.filter(words).distinct()

    def with_aliases(self) -> ActorQuerySet:
        """Actors with their aliases fetched in one more query."""
        return self.prefetch_related("aliases")

    def named_in(self, text: str) -> list[Actor]:
        """Actors whose name or an alias stands as whole words in a text, as it is capitalised."""
        plain = strip_accents(text)
        found: dict[int, Actor] = {}
        for actor in self.with_aliases():
            for name in [actor.name, *(alias.name for alias in actor.aliases.all())]:
                # Case counts here: "US" is a state, "us" is not.
                if re.search(rf"(?<!\w){re.escape(strip_accents(name))}(?!\w)", plain):
                    found[actor.pk] = actor
                    break
        return list(found.values())


class Actor(models.Model):
    """A person, state or organisation, under one canonical name and any number of aliases."""

    name = models.CharField(_("canonical name"), max_length=200, unique=True)
    folded_name = models.CharField(max_length=200, db_index=True, editable=False)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.PERSON)
    description = models.TextField(blank=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded_name = fold_name(self.name)
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        # Names in other scripts slugify to nothing, and two names can slugify alike.
        base = slugify(strip_accents(self.name))[:180] or "actor"
        taken = set(
            Actor.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug")
        )
        taken = {slug for (slug,) in taken} | _RESERVED_SLUGS
        # A merged actor's address still leads to its survivor: never hand it to someone new.
        taken |= set(
            FormerSlug.objects.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def get_absolute_url(self) -> str:
        return reverse("events:actor", args=[self.slug])

    @property
    def spellings(self) -> list[str]:
        """The canonical name first, then every alias."""
        return [self.name, *(alias.name for alias in self.aliases.all())]


class ActorAlias(models.Model):
    """Another spelling or transliteration under which sources name an actor."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    folded_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("actor aliases")
        constraints = [
            models.UniqueConstraint(fields=["actor", "folded_name"], name="actor_alias_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded_name = fold_name(self.name)
        super().save(*args, **kwargs)


class FormerSlug(models.Model):
    """The address of an actor merged into another: it keeps answering, with a redirect."""

    slug = models.SlugField(max_length=200, unique=True)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self) -> str:
        return f"{self.slug} → {self.actor}"
