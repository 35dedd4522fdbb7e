"""Actors: the people, states and organisations who take part in events, under every spelling."""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from sources.search import keys

# Slugs the actor URLs use for pages of their own.
_RESERVED_SLUGS = {"new"}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_name(name: str) -> str:
    """A name folded for telling spellings apart on the register: case, accents and spacing do
    not count (Łukašenka and Лукашэнка stay two aliases of one actor)."""
    return " ".join(strip_accents(name).casefold().split())


def name_key(name: str) -> str:
    """A name as it is looked up: the one folding of the house's search (sources.search), so
    that a filter finds by an actor's name exactly what a search finds (Lukasenka, Lukashenka,
    Łukašenka and Лукашэнка are one key)."""
    return " ".join(keys(name))


class ActorKind(models.TextChoices):
    PERSON = "person", _("Person")
    STATE = "state", _("State")
    ORGANISATION = "organisation", _("Organisation")
    OTHER = "other", _("Other")


class ActorQuerySet(models.QuerySet):
    def matching(self, name: str) -> ActorQuerySet:
        """Actors whose canonical name or any alias is this name, in any spelling or script the
        search folds together (name_key)."""
        folded, key = fold_name(name), name_key(name)
        same = Q(folded_name=folded) | Q(aliases__folded_name=folded)
        if key:
            same |= Q(name_key=key) | Q(aliases__name_key=key)
        return self.filter(same).distinct()

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
        key = name_key(text)
        if key:
            words |= (
                Q(name_key__startswith=key)
                | Q(name_key__contains=f" {key}")
                | Q(aliases__name_key__startswith=key)
                | Q(aliases__name_key__contains=f" {key}")
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
    # Its search keys (name_key), by which filters and look-ups find it under any spelling.
    name_key = models.CharField(max_length=400, db_index=True, editable=False, default="")
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
        self.name_key = name_key(self.name)
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
    name_key = models.CharField(max_length=400, db_index=True, editable=False, default="")

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
        self.name_key = name_key(self.name)
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
