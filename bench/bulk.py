"""Bulk inserts whose rows still carry what each model's save() works out.

bulk_create skips save(), so a row would miss whatever the model derives there: a text's hash
and blocks, a source's sort date, an actor's folded name, an event's date bounds and precision,
a revision's rendered annotation and search text, and whatever the desk derives next. Here every
object's own save() runs first with the final write switched off (Model.save_base does nothing),
then bulk_create inserts them all: the rows the desk itself would store, at bulk speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from unittest import mock

from django.db import models


def _no_write(self, *args, **kwargs) -> None:
    return None


@contextmanager
def derivations_only():
    """Inside, save() computes a model's derived fields but sends nothing to the database."""
    with mock.patch.object(models.Model, "save_base", _no_write):
        yield


def bulk_save(
    model: type[models.Model],
    objects: Iterable[models.Model],
    *,
    ids: Sequence[int] | None = None,
    batch_size: int = 2000,
) -> list[models.Model]:
    """Run each object's save() for its derived fields, then insert them in batches.

    `ids` are given after save() has run, for models whose save() refuses an object that has one
    (a revision is never changed once saved) but whose rows must point at each other.
    """
    objects = list(objects)
    with derivations_only():
        for obj in objects:
            obj.save()
    if ids is not None:
        for obj, pk in zip(objects, ids, strict=True):
            obj.pk = pk
    return model.objects.bulk_create(objects, batch_size=batch_size)
