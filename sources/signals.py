"""What the source library tells other apps, so that it never has to import them."""

from django.dispatch import Signal

# Sent with sender=Source when a source gets a new version of its text (never for the first
# one), inside the transaction that stores it, so a receiver's work is atomic with the new
# version: if a receiver raises, the version is not stored. Arguments: source, version (the new
# SourceVersion, now current), previous (the version that was current before), user (who
# imported it, or None from the command line).
version_added = Signal()
