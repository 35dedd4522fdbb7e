"""Staff pages of the source library."""

from sources.views.adding import add_source, add_version, discard_preview, preview, read_as_scan
from sources.views.authors import read_authors
from sources.views.correcting import correct_paragraph
from sources.views.editing import edit_source
from sources.views.jobs import job, job_status, retry_job
from sources.views.library import source_list
from sources.views.originals import original
from sources.views.reading import diff, mark_block_kind, reader
from sources.views.watching import unwatch, watch

__all__ = [
    "add_source",
    "add_version",
    "correct_paragraph",
    "diff",
    "discard_preview",
    "edit_source",
    "job",
    "job_status",
    "mark_block_kind",
    "original",
    "preview",
    "read_as_scan",
    "read_authors",
    "reader",
    "retry_job",
    "source_list",
    "unwatch",
    "watch",
]
