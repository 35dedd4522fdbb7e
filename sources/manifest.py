"""Manifests: a TOML file listing text files beside it with what is known about each.

[[source]]
file = "article.txt"
title = "..."          # empty or missing means unknown
published = "2025-11"  # YYYY, YYYY-MM or YYYY-MM-DD
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sources.importing import ImportRefused, SourceMetadata

FIELDS = ("title", "author", "outlet", "url", "published", "language", "note")


@dataclass
class ManifestEntry:
    path: Path
    metadata: SourceMetadata


def read_manifest(path: Path) -> list[ManifestEntry]:
    """The entries of a manifest, with paths resolved beside it; ImportRefused if malformed."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ImportRefused(f"The manifest {path} cannot be read: {error}") from None
    entries = []
    for number, item in enumerate(data.get("source", []), start=1):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            raise ImportRefused(f"Entry {number} of {path} has no `file`.")
        values = {name: str(item.get(name, "") or "") for name in FIELDS}
        entries.append(ManifestEntry(path.parent / item["file"], SourceMetadata(**values)))
    if not entries:
        raise ImportRefused(f"The manifest {path} lists no [[source]] entries.")
    return entries
