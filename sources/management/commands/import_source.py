"""Import source texts: files, folders, or a manifest of files with their metadata."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.importing import (
    DuplicateSource,
    ImportRefused,
    SourceMetadata,
    decode_text,
    import_source,
)
from sources.manifest import ManifestEntry, read_manifest

TEXT_SUFFIXES = {".txt", ".md", ".text"}


class Command(BaseCommand):
    help = (
        "Import UTF-8 text files as sources. Give files, folders (their .txt and .md files), "
        "or --manifest FILE.toml. Metadata options apply when a single file is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument(
            "--manifest", type=Path, help="A TOML manifest like seeds/sources.toml."
        )
        for name in ("title", "author", "outlet", "url", "language"):
            parser.add_argument(f"--{name}", default="")
        parser.add_argument("--published", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        entries = self._entries(options)
        imported, duplicates, refused = 0, [], []
        for number, entry in enumerate(entries, start=1):
            prefix = f"[{number}/{len(entries)}] {entry.path.name}"
            try:
                data = entry.path.read_bytes()
            except OSError as error:
                refused.append((entry.path, f"cannot be read: {error.strerror}"))
                self.stderr.write(f"{prefix}: refused, cannot be read")
                continue
            try:
                text = decode_text(data, name=entry.path.name)
                source = import_source(
                    text=text, metadata=entry.metadata, imported_from=entry.path.name
                )
            except DuplicateSource as error:
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
        self.stdout.write(
            f"Summary: {imported} imported, {len(duplicates)} skipped as duplicates, "
            f"{len(refused)} refused."
        )
        for path, reason in refused:
            self.stdout.write(f"  refused {path}: {reason}")
        if refused and not imported and not duplicates:
            raise CommandError("Nothing was imported.")

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
                files += sorted(p for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES)
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"{path} does not exist.")
        if len(files) > 1 and any(vars(metadata).values()):
            raise CommandError("Metadata options apply to one file; use a manifest for several.")
        return [ManifestEntry(path, metadata) for path in files]
