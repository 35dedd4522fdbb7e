"""Record each stored quote's neighbouring characters in its source, for the whole-word checks.

A revision saved before the desk kept whole words and that starts or ends inside a word keeps
null here: it stays as captured (revisions are never rewritten), and the checks pass it by.
"""

from django.db import migrations

# sources.anchoring.words.SEPARATORS as of this migration.
SEPARATORS = (
    " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "‘’‚‛“”„‟«»‹›′″…‐‑‒–—―−·•¡¿§¶†‡"
    "、。，！？；：（）［］｛｝「」『』〈〉《》"
)


def _inside_word(before: str, after: str) -> bool:
    return bool(before) and bool(after) and before not in SEPARATORS and after not in SEPARATORS


def fill(apps, schema_editor):
    Revision = apps.get_model("desk", "ExcerptRevision")
    rows = Revision.objects.filter(char_before__isnull=True).select_related("source_version")
    for revision in rows.iterator(chunk_size=500):
        text = revision.source_version.text
        if text[revision.start : revision.end] != revision.quote:
            continue
        before = text[revision.start - 1] if revision.start > 0 else ""
        after = text[revision.end] if revision.end < len(text) else ""
        if _inside_word(before, revision.quote[:1]) or _inside_word(revision.quote[-1:], after):
            continue
        Revision.objects.filter(pk=revision.pk).update(char_before=before, char_after=after)


class Migration(migrations.Migration):
    dependencies = [("desk", "0011_revision_anchors_and_boundary_characters")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
