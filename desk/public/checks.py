"""What the public wing needs from the machine it runs on, checked at startup (manage.py check).

The card image is drawn in DejaVu Sans and citations are formatted by pandoc, both installed from
the lock file (rinoh-typeface-dejavusans and pypandoc-binary carry them): without them a card
would answer 500 and an item page would show no formatted citation, so a server missing either
says so before it serves anyone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core import checks

from desk.public.citations import PANDOC
from desk.public.embeds import CARD_FONT, CARD_FONT_BOLD


def machine_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for font in (CARD_FONT, CARD_FONT_BOLD):
        if not Path(font).is_file():
            errors.append(
                checks.Error(
                    f"The cards' font {font} is missing.",
                    hint="make install (rinoh-typeface-dejavusans), or Debian's fonts-dejavu-core.",
                    id="public.E001",
                )
            )
    if shutil.which(PANDOC) is None:
        errors.append(
            checks.Error(
                "pandoc, which formats citations, is not installed.",
                hint="make install (pypandoc-binary carries pandoc), or Debian's pandoc.",
                id="public.E002",
            )
        )
    return errors
