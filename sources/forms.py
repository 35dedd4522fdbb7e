"""Forms of the source library: metadata, the three ways of adding a text, block kinds."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sources.authors import Author, as_lines, names_as_written, read_lines
from sources.dates import PartialDate
from sources.formats import ACCEPT
from sources.importing import SourceMetadata, size_in_words
from sources.models import Source
from sources.structure import BlockKind

_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
UNKNOWN_HELP = _("Leave blank when unknown.")


def author_kind(author: Author) -> str:
    """How the desk reads an author, in the editor's words."""
    if author.is_organisation:
        return gettext("organisation")
    if author.family and author.given:
        return gettext("person: family name %(family)s, given names %(given)s") % {
            "family": author.family,
            "given": author.given,
        }
    if author.family:
        return gettext("person: family name %(family)s") % {"family": author.family}
    return gettext("a single name")


class DescribedFields:
    """Point each input at its help text (includes/field.html gives the help that id)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text and self.auto_id and "%s" in str(self.auto_id):
                field_id = str(self.auto_id) % self.add_prefix(name)
                field.widget.attrs["aria-describedby"] = f"{field_id}_helptext"


class SourceForm(DescribedFields, forms.ModelForm):
    """What is known about a source. A blank field means unknown, and is shown as unknown."""

    url = forms.URLField(
        label=_("Original URL"),
        max_length=2000,
        required=False,
        assume_scheme="https",
        help_text=UNKNOWN_HELP,
        validators=[URLValidator(schemes=["http", "https"])],
    )

    # The authors as lines of text, read by sources.authors.read_lines; named `author` as the
    # field always was, so that what a document states fills it (SourceMetadata.author).
    author = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            "{} {} {}",
            _(
                "One author per line. A person: family name, comma, given names "
                "(Kowalczyk, Anna). Someone known by one name: that name alone."
            ),
            _(
                "An organisation: its name; add “(organisation)” after it if the desk reads it "
                "as a person below."
            ),
            UNKNOWN_HELP,
        ),
    )
    field_order = ["title", "author"]

    class Meta:
        model = Source
        fields = ["title", "outlet", "url", "published", "language", "note"]
        labels = {
            "title": _("Title"),
            "outlet": _("Outlet"),
            "published": _("Publication date"),
            "language": _("Language"),
            "note": _("Note"),
        }
        help_texts = {
            "title": _("Leave blank when the source has none: a working title is shown instead."),
            "published": format_lazy(
                "{} {}",
                _("Only as precise as is known: 2025, 2025-11 or 2025-11-17."),
                UNKNOWN_HELP,
            ),
            "language": format_lazy(
                "{} {}", _("A language code such as en, ru or be."), UNKNOWN_HELP
            ),
        }
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "author" not in self.initial:
            self.initial["author"] = as_lines(self.instance.author_list)
        # static/js/authors-read.js asks here how the desk reads the lines as they are typed.
        self.fields["author"].widget.attrs["data-reading-url"] = reverse("sources:read_authors")

    def clean_author(self) -> str:
        authors = read_lines(self.cleaned_data["author"])
        if len(names_as_written(authors)) > Source._meta.get_field("author").max_length:
            raise forms.ValidationError(
                gettext("The desk keeps up to %(limit)s characters of author names.")
                % {"limit": Source._meta.get_field("author").max_length}
            )
        # The lines as the desk read them, so that the form shows each author as it will be cited.
        return as_lines(authors)

    def authors_read(self) -> list[tuple[str, str]]:
        """(name, how the desk reads it) for each author in the form, in the editor's words."""
        value = self.data.get(self.add_prefix("author")) if self.is_bound else None
        if value is None:
            value = self.initial.get("author", "")
        return [(author.name, author_kind(author)) for author in read_lines(value or "")]

    def _post_clean(self) -> None:
        if "author" in self.cleaned_data:
            authors = read_lines(self.cleaned_data["author"])
            self.instance.authors = [author.as_json() for author in authors]
            self.instance.author = names_as_written(authors)
        super()._post_clean()

    def clean_published(self) -> str:
        value = self.cleaned_data["published"].strip()
        if not value:
            return ""
        try:
            return PartialDate.parse(value).iso()
        except ValueError as error:
            # The reason may quote what was typed, "%" and all: a parameter, never the format.
            raise forms.ValidationError(
                "%(reason)s", params={"reason": str(error)}, code="invalid"
            ) from None

    def clean_language(self) -> str:
        value = self.cleaned_data["language"].strip()
        if value and not _LANGUAGE.match(value):
            raise forms.ValidationError(
                gettext(
                    "“%(value)s” is not a language code: write one such as en, ru, be or en-GB."
                )
                % {"value": value}
            )
        return value.lower()

    def clean_url(self) -> str:
        value = self.cleaned_data["url"].strip()
        if value:
            other = Source.objects.filter(url=value).exclude(pk=self.instance.pk).first()
            if other:
                raise forms.ValidationError(
                    gettext("Another source already has this URL: “%(title)s”.")
                    % {"title": other.display_title}
                )
        return value

    def metadata(self) -> SourceMetadata:
        return SourceMetadata.from_dict(self.cleaned_data)


class UploadForm(DescribedFields, forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = size_in_words(settings.SOURCE_MAX_FILE_BYTES)
        self.fields["file"].help_text = gettext(
            "A PDF (a scan too), a Word document (.docx), an e-mail (.eml, .msg), a scanned "
            "page (.png, .jpg, .tif), or a UTF-8 .txt, .md or .html file; up to %(limit)s. "
            "Long documents are read in the background while you wait."
        ) % {"limit": limit}


class PasteForm(DescribedFields, forms.Form):
    text = forms.CharField(
        label=_("Text"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One paragraph per line, or paragraphs separated by blank lines."),
    )


class UrlForm(DescribedFields, forms.Form):
    # A plain field, not URLField: the fetcher says precisely what is wrong with an address.
    url = forms.CharField(
        label=_("Web address"),
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("The desk fetches the page and keeps its article text."),
    )


class BlockKindForm(forms.Form):
    block = forms.IntegerField(label=_("Paragraph"), min_value=1)
    kind = forms.ChoiceField(
        label=pgettext_lazy("a paragraph is a heading, a caption…", "is"), choices=BlockKind.choices
    )
