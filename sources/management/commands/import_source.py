"""Import source texts: files, folders, or a manifest of files with their metadata."""

from __future__ import annotations

import time
from dataclasses import fields
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.formats import SUFFIXES, read_document
from sources.importing import (
    DuplicateSource,
    ImportRefused,
    PreparedText,
    SourceMetadata,
    import_source,
)
from sources.manifest import ManifestEntry, read_manifest
from sources.originals import keep_document_details
from sources.versions import add_version


def _merged(given: SourceMetadata, stated: SourceMetadata) -> SourceMetadata:
    """What the command was given, and for what it was not given, what the document states."""
    return SourceMetadata(
        **{f.name: getattr(given, f.name) or getattr(stated, f.name) for f in fields(given)}
    )


class Command(BaseCommand):
    help = (
        "Import files (PDF, scans, .docx, .eml, .msg, .txt, .md, .html) as sources. Give files, "
        "folders (the files in them the desk reads), or --manifest FILE.toml. Metadata options "
        "apply when a single file is given. Long documents show a progress bar."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument(
            "--manifest", type=Path, help="A TOML manifest like seeds/sources.toml."
        )
        for name in ("title", "author", "outlet", "url", "language"):
            parser.add_argument(f"--{name}", default="")
        parser.add_argument("--published", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument(
            "--new-versions",
            action="store_true",
            help="When a file's URL is already in the library with another text, add the text "
            "as a new version of that source instead of skipping it.",
        )

    def handle(self, *args, **options) -> None:
        entries = self._entries(options)
        started = time.monotonic()
        imported, updated, duplicates, refused = 0, 0, [], []
        for number, entry in enumerate(entries, start=1):
            prefix = f"[{number}/{len(entries)}] {entry.path.name}"
            try:
                data = entry.path.read_bytes()
            except OSError as error:
                refused.append((entry.path, f"cannot be read: {error.strerror}"))
                self.stderr.write(f"{prefix}: refused, cannot be read")
                continue
            try:
                prepared = read_document(entry.path.name, data, progress=self._bar(prefix))
                source = import_source(
                    text=prepared.text,
                    metadata=_merged(entry.metadata, prepared.metadata),
                    imported_from=prepared.imported_from,
                    kinds=prepared.kinds,
                )
                keep_document_details(prepared, source.current_version, data)
            except DuplicateSource as error:
                if error.by == "url" and options["new_versions"]:
                    version = self._new_version(prefix, error, prepared, refused, entry.path)
                    updated += version is not None
                    continue
                duplicates.append((entry.path, str(error)))
                self.stdout.write(f"{prefix}: skipped, {error}")
            except ImportRefused as error:
                refused.append((entry.path, str(error)))
                self.stderr.write(f"{prefix}: refused, {error}")
            else:
                imported += 1
                self.stdout.write(
                    f"{prefix}: imported as source {source.pk}, “{source.display_title}”"
                )
        elapsed = time.monotonic() - started
        summary = f"Summary: {imported} imported, "
        if options["new_versions"]:
            summary += f"{updated} added as new versions, "
        self.stdout.write(
            summary + f"{len(duplicates)} skipped as duplicates, {len(refused)} refused "
            f"({elapsed:.1f} s)."
        )
        for path, reason in refused:
            self.stdout.write(f"  refused {path}: {reason}")
        if refused and not imported and not updated and not duplicates:
            raise CommandError("Nothing was imported.")

    def _bar(self, prefix: str):
        """A progress bar for a paged document, redrawn in place: [#####.....] 12/40 pages."""

        def draw(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            bar = "#" * filled + "." * (width - filled)
            ending = "\n" if done >= total else ""
            self.stdout.write(f"\r{prefix}: [{bar}] {done}/{total} pages", ending=ending)
            self.stdout.flush()

        return draw

    def _new_version(self, prefix, error: DuplicateSource, prepared: PreparedText, refused, path):
        try:
            version = add_version(
                error.existing,
                text=prepared.text,
                imported_from=prepared.imported_from,
                kinds=prepared.kinds,
            )
        except ImportRefused as refusal:
            refused.append((path, str(refusal)))
            self.stderr.write(f"{prefix}: refused, {refusal}")
            return None
        self.stdout.write(
            f"{prefix}: added as version {version.number} of source {error.existing.pk}, "
            f"“{error.existing.display_title}”"
        )
        return version

    def _entries(self, options) -> list[ManifestEntry]:
        paths: list[Path] = options["paths"]
        if options["manifest"]:
            if paths:
                raise CommandError("Give either files and folders, or --manifest, not both.")
            try:
                return read_manifest(options["manifest"])
            except ImportRefused as error:
                raise CommandError(str(error)) from None
        if not paths:
            raise CommandError("Give at least one file or folder, or --manifest FILE.")
        metadata = SourceMetadata(
            **{k: options[k] for k in ("title", "author", "outlet", "url", "published", "language")}
        )
        try:
            metadata.validated()
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"{path} does not exist.")
        if len(files) > 1 and any(vars(metadata).values()):
            raise CommandError("Metadata options apply to one file; use a manifest for several.")
        return [ManifestEntry(path, metadata) for path in files]
