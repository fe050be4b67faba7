"""The signal form: what was seen (the patrols' shared field list and guard), where, when, SAAR,
optional photo and public-space defect, and the municipality's extra questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.patrols.forms import WhatWasSeenForm
from buurtpreventie.patrols.models import DefectCategory

from .models import CalledBy

CALLED_CHOICES = [("no", _("Nee")), ("yes", _("Ja")), ("unknown", _("Weet ik niet"))]


class SignalForm(WhatWasSeenForm):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Voor welke groep of welk team?"), queryset=None, empty_label=None,  # type: ignore[arg-type]
    )
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(
        label=_("Waar? Straat of plek"), max_length=200,
        widget=forms.TextInput(attrs={"list": "street-options", "autocomplete": "off"}),
        help_text=_("Tik de plek aan op de kaart of typ de straat. Een huisnummer is niet nodig."),
    )
    lat = forms.FloatField(widget=forms.HiddenInput, required=False)
    lon = forms.FloatField(widget=forms.HiddenInput, required=False)
    called_112 = forms.ChoiceField(label=_("Is 112 gebeld?"), choices=CALLED_CHOICES, widget=forms.RadioSelect,
                                   initial="no")
    called_112_by = forms.ChoiceField(label=_("Door wie?"), choices=[("", "—"), *CalledBy.choices], required=False)
    called_112_time = forms.TimeField(label=_("Hoe laat gebeld?"), required=False,
                                      widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    photo = forms.ImageField(label=_("Foto (optioneel, zonder herkenbare personen)"), required=False)
    defect_category = forms.ChoiceField(label=_("Ook een melding openbare ruimte?"), required=False,
                                        choices=[("", _("Nee")), *DefectCategory.choices])
    defect_description = forms.CharField(label=_("Omschrijving van het gebrek"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    defect_photo = forms.ImageField(label=_("Foto van het gebrek"), required=False)

    field_order = ["client_uuid", "initiative", "category", "behaviour"]

    def __init__(self, *args: Any, initiatives: list[Any], extra_questions: list[dict[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from buurtpreventie.initiatives.models import Initiative

        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Initiative.objects.filter(pk__in=[i.pk for i in initiatives]).order_by("name")
        if len(initiatives) == 1:
            field.widget = forms.HiddenInput()
        self.extra_questions = extra_questions
        for q in extra_questions:
            self.fields[f"extra_{q['key']}"] = forms.CharField(label=q["label"], required=False,
                                                               widget=forms.Textarea(attrs={"rows": 2}))

    def extra_fields(self) -> list[Any]:
        return [self[f"extra_{q['key']}"] for q in self.extra_questions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tz = timezone.get_current_timezone()
        if data.get("date") and data.get("time"):
            data["observed_at"] = dt.datetime.combine(data["date"], data["time"], tzinfo=tz)
            if data["observed_at"] > timezone.now() + dt.timedelta(minutes=10):
                self.add_error("time", _("Het tijdstip ligt in de toekomst."))
        answer = data.get("called_112")
        data["called"] = True if answer == "yes" else False if answer == "no" else None
        data["called_at"] = None
        if data["called"]:
            if not data.get("called_112_by"):
                self.add_error("called_112_by", _("Geef aan wie 112 heeft gebeld."))
            if data.get("called_112_time") and data.get("date"):
                data["called_at"] = dt.datetime.combine(data["date"], data["called_112_time"], tzinfo=tz)
        data["extra_answers"] = {q["key"]: (data.get(f"extra_{q['key']}") or "").strip() for q in self.extra_questions}
        return data
