"""Each person's desk preferences."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from desk.access import staff_required
from desk.models import Preference
from desk.project.timezones import browser_zone, remember_fixed_zone, zone_choices


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_notifications", "time_zone"]

    def __init__(self, *args, browser: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"),
            required=False,
            choices=[
                ("", gettext("My browser's time zone (now %(zone)s)") % {"zone": browser}),
                *zone_choices(),
            ],
            help_text=Preference._meta.get_field("time_zone").help_text,
        )


@staff_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    preference, _created = Preference.objects.get_or_create(user=request.user)
    browser = browser_zone(request)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        instance=preference,
        browser=str(browser)
        if browser
        else gettext("unknown, so %(zone)s") % {"zone": timezone.get_default_timezone_name()},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        remember_fixed_zone(request, preference.time_zone)
        messages.success(request, gettext("Preferences saved."))
        return redirect("desk:preferences")
    return render(request, "desk/preferences.html", {"form": form})
