"""Merging two actors into one, so that every link to either ends on the one kept.

Other apps link to actors too (the desk's excerpts, through a many-to-many field), and this app
may not import them: every relation is found through Actor._meta.related_objects instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from events.models import Actor, ActorAlias, FormerSlug, fold_name
from events.signals import announce_change, details_of


class MergeRefused(ValueError):
    """A merge the register will not make, with the reason for the editor."""


@dataclass
class MergeReport:
    kept: Actor
    merged_name: str
    moved: dict[str, int] = field(default_factory=dict)
    aliases_added: list[str] = field(default_factory=list)

    @property
    def links_moved(self) -> int:
        return sum(self.moved.values())


def links_to(actor: Actor) -> dict[str, int]:
    """How many rows of each kind point at this actor (aliases included), by a reader's name."""
    counts = {}
    for relation, model, column in _relations():
        number = model._default_manager.filter(**{column: actor.pk}).count()
        if number:
            counts[_label(relation, number)] = number
    return counts


@transaction.atomic
def merge_actors(*, keep: Actor, merged: Actor, by=None) -> MergeReport:
    """Move every link from `merged` onto `keep`, keep its spellings as aliases, delete it.

    `by` is who merged them: a merge renames the merged actor wherever it is linked, and other
    apps are told so (events.signals.record_changed)."""
    if keep.pk == merged.pk:
        raise MergeRefused(gettext("An actor cannot be merged into itself: choose another one."))
    keep = Actor.objects.select_for_update().get(pk=keep.pk)
    merged = Actor.objects.select_for_update().get(pk=merged.pk)
    kept_before, merged_before = details_of(keep), details_of(merged)
    report = MergeReport(kept=keep, merged_name=merged.name)
    report.aliases_added = _take_spellings(keep, merged)
    for relation, model, column in _relations():
        if model is ActorAlias:
            continue
        moved = _move_rows(model, column, keep, merged)
        if moved:
            report.moved[_label(relation, moved)] = moved
    if not keep.description and merged.description:
        keep.description = merged.description
        keep.save(update_fields=["description"])
    # The merged actor's address keeps working: it redirects to the one kept.
    FormerSlug.objects.create(slug=merged.slug, actor=keep)
    announce_change(keep, kept_before, by)
    announce_change(merged, merged_before, by, after={"merged_into": keep.name})
    merged.delete()
    return report


def _relations():
    """(relation, model holding the link, column naming the actor) for each link to an actor."""
    for relation in Actor._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            if not through._meta.auto_created:
                continue  # a declared through model (EventActor) is a foreign key of its own
            column = relation.field.m2m_reverse_field_name()
            yield relation, through, through._meta.get_field(column).attname
        else:
            yield relation, relation.related_model, relation.field.attname


def _label(relation, count: int) -> str:
    """What the rows are, in the number that fits: "1 actor alias", "2 actor aliases"."""
    opts = relation.related_model._meta
    return str(opts.verbose_name if count == 1 else opts.verbose_name_plural)


def _take_spellings(keep: Actor, merged: Actor) -> list[str]:
    """The merged actor's name and aliases become aliases of the kept one."""
    taken = {keep.folded_name, *keep.aliases.values_list("folded_name", flat=True)}
    added = []
    for name in [merged.name, *merged.aliases.values_list("name", flat=True)]:
        if fold_name(name) not in taken:
            ActorAlias.objects.create(actor=keep, name=name)
            taken.add(fold_name(name))
            added.append(name)
    merged.aliases.all().delete()
    return added


def _unique_sets(model, column: str) -> list[list[str]]:
    """The other columns that, with this one, must be unique together in this model."""
    opts = model._meta
    sets = [list(fields) for fields in opts.unique_together]
    sets += [list(c.fields) for c in opts.total_unique_constraints]
    sets += [[f.name] for f in opts.local_fields if f.unique and not f.primary_key]
    result = []
    for names in sets:
        columns = [opts.get_field(name).attname for name in names]
        if column in columns:
            result.append([c for c in columns if c != column])
    return result


def _move_rows(model, column: str, keep: Actor, merged: Actor) -> int:
    rows = model._default_manager.filter(**{column: merged.pk})
    count = rows.count()
    if not count:
        return 0
    for others in _unique_sets(model, column):
        if not others:
            if model._default_manager.filter(**{column: keep.pk}).exists():
                raise MergeRefused(
                    gettext(
                        "Both actors have their own %(what)s, and there can be only one: "
                        "settle that first."
                    )
                    % {"what": model._meta.verbose_name}
                )
            continue
        # A row the kept actor already has (same event and role, same excerpt) is the same
        # link: the merged actor's copy goes rather than break the uniqueness rule.
        kept_rows = model._default_manager.filter(**{column: keep.pk}).values_list(*others)
        kept_keys = set(kept_rows)
        duplicates = [pk for pk, *key in rows.values_list("pk", *others) if tuple(key) in kept_keys]
        model._default_manager.filter(pk__in=duplicates).delete()
    model._default_manager.filter(**{column: merged.pk}).update(**{column: keep.pk})
    return count
