"""Forms for planning rounds and filing the patrol report (guideline example 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.accounts.models import User

from .models import (
    MAX_ROUND_DURATION,
    ContactOutcome,
    DefectCategory,
    ObservationCategory,
    RouteKind,
    RouteSource,
    conversation_problem,
    person_description_problems,
    round_times_problem,
)


def _streets_from_text(value: str) -> list[str]:
    names: list[str] = []
    for line in value.replace(",", "\n").splitlines():
        name = " ".join(line.split())
        if name:
            names.append(name)
    return names


class RoundPlanForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starttijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Eindtijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    meeting_point = forms.CharField(label=_("Verzamelpunt"), max_length=200, required=False)
    minimum_walkers = forms.IntegerField(label=_("Minimum aantal lopers"), min_value=1, max_value=20, initial=2)
    planned_streets = forms.CharField(
        label=_("Geplande route"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-street-input": "1"}),
        help_text=_("Eén straat per regel, in de volgorde waarin u wilt lopen. Leeg laten = de hele wijk."),
    )

    def __init__(self, *args: Any, initiatives: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"] = forms.ModelChoiceField(
            label=_("Team"), queryset=None, empty_label=None,  # type: ignore[arg-type]
        )
        from buurtpreventie.initiatives.models import Initiative

        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Initiative.objects.filter(pk__in=[i.pk for i in initiatives])
        from buurtpreventie.areas.models import Wijk

        self.fields["wijk"] = forms.ModelChoiceField(
            label=_("Wijk (gebied van de ronde)"), required=False, empty_label=_("Het gebied van het team"),
            queryset=Wijk.objects.filter(initiatives__in=[i.pk for i in initiatives]).distinct().order_by("name"),
        )
        self.order_fields(["initiative", "wijk"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            tz = timezone.get_current_timezone()
            start = dt.datetime.combine(data["date"], data["start_time"], tzinfo=tz)
            end = dt.datetime.combine(data["date"], data["end_time"], tzinfo=tz)
            if end <= start:
                end += dt.timedelta(days=1)  # a night round past midnight
                if end - start > MAX_ROUND_DURATION or end - start == dt.timedelta(days=1):
                    self.add_error("end_time", _(
                        "De eindtijd ligt vóór de starttijd. Kies een eindtijd na de starttijd; een nachtronde "
                        "tot na middernacht mag, zolang de ronde hoogstens 12 uur duurt."))
            problem = "" if self.has_error("end_time") else round_times_problem(start, end)
            if problem:
                self.add_error("end_time", problem)
            data["planned_start"], data["planned_end"] = start, end
        data["planned_street_list"] = _streets_from_text(data.get("planned_streets", ""))
        return data


YES_NO = [("", _("Niet ingevuld")), ("yes", _("Ja")), ("no", _("Nee"))]


class ReportForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Begintijd"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Eindtijd"), required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    route_streets = forms.CharField(
        label=_("Route: de straten op volgorde"), required=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-street-input": "1"}),
        help_text=_("Eén straat per regel. Kies met het zoekveld, tik de straten aan op de kaart, "
                    "of leid de route af uit uw gedeelde locaties."),
    )
    route_source = forms.ChoiceField(choices=RouteSource.choices, widget=forms.HiddenInput, required=False)
    route_kind = forms.ChoiceField(
        label=_("Hoofdwegen of ook achterpaden?"), choices=RouteKind.choices, required=False,
        widget=forms.RadioSelect,
    )
    walkers = forms.ModelMultipleChoiceField(
        label=_("Wie liepen er mee?"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    quiet = forms.BooleanField(label=_("Rustige ronde: niets bijzonders gezien"), required=False)
    spoke_to_people = forms.ChoiceField(label=_("Heeft u mensen aangesproken?"), choices=YES_NO, required=False,
                                        widget=forms.RadioSelect)
    conversation_topics = forms.CharField(label=_("Waarover?"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    conversation_outcome = forms.ChoiceField(
        label=_("Hoe ging het contact?"), choices=[("", _("Niet ingevuld")), *ContactOutcome.choices],
        required=False, widget=forms.RadioSelect,
    )
    focus_points = forms.MultipleChoiceField(label=_("Waar heeft u op gelet?"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Overige opmerkingen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, walkers_qs: Any, focus_points: list[str], extra_questions: list[dict[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["walkers"].queryset = walkers_qs  # type: ignore[attr-defined]
        self.fields["focus_points"].choices = [(p, p) for p in focus_points]  # type: ignore[attr-defined]
        self.extra_questions = extra_questions
        for q in extra_questions:
            self.fields[f"extra_{q['key']}"] = forms.CharField(label=q["label"], required=False,
                                                               widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tz = timezone.get_current_timezone()
        start = end = None
        if data.get("date") and data.get("start_time"):
            start = dt.datetime.combine(data["date"], data["start_time"], tzinfo=tz)
        if data.get("date") and data.get("end_time"):
            end = dt.datetime.combine(data["date"], data["end_time"], tzinfo=tz)
            if start and end <= start:
                end += dt.timedelta(days=1)
        data["started_at"], data["ended_at"] = start, end
        data["route_list"] = _streets_from_text(data.get("route_streets", ""))
        answer = data.get("spoke_to_people")
        spoke = True if answer == "yes" else False if answer == "no" else None
        topics, outcome = data.get("conversation_topics") or "", data.get("conversation_outcome") or ""
        if spoke is None and (topics.strip() or outcome):
            spoke = True  # what was talked about is an answer "yes": kept, never dropped
        problem = conversation_problem(spoke=spoke, topics=topics, outcome=outcome)
        if problem:
            self.add_error("spoke_to_people", problem)
        data["spoke"] = spoke
        data["extra_answers"] = {q["key"]: (data.get(f"extra_{q['key']}") or "").strip() for q in self.extra_questions}
        return data

    def extra_fields(self) -> list[Any]:
        return [self[f"extra_{q['key']}"] for q in self.extra_questions]


class WhatWasSeenForm(forms.Form):
    """The fields of `models.WhatWasSeen` (behaviour first), shared by the observation and the signal.

    Validation is the anti-profiling guard of `services.observation_check`, the one rule."""

    category = forms.ChoiceField(label=_("Categorie"), choices=[("", "—"), *ObservationCategory.choices])
    behaviour = forms.CharField(
        label=_("Wat gebeurde er? Beschrijf het gedrag"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beschrijf eerst wat iemand deed, niet hoe iemand eruitzag."),
    )
    person_clothing = forms.CharField(label=_("Kleding en schoenen"), max_length=160, required=False)
    person_height = forms.CharField(label=_("Lengte / postuur"), max_length=60, required=False)
    person_age = forms.CharField(label=_("Geschatte leeftijd"), max_length=40, required=False)
    person_gender = forms.CharField(label=_("Geslacht"), max_length=40, required=False)
    person_other = forms.CharField(label=_("Overige kenmerken"), max_length=160, required=False)

    def person(self) -> dict[str, str]:
        from .models import PERSON_DESCRIPTOR_FIELDS

        data = getattr(self, "cleaned_data", {}) or {}
        return {k: (data.get(k) or "").strip() for k in PERSON_DESCRIPTOR_FIELDS}

    def person_fields(self) -> list[Any]:
        return [self[k] for k in ("person_clothing", "person_height", "person_age", "person_gender", "person_other")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field_name, problem in person_description_problems(data).items():
            self.add_error(field_name or None, problem)
        return data


class ObservationForm(WhatWasSeenForm):
    observed_time = forms.TimeField(label=_("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Plaats (straat, hoek, huisnummer)"), max_length=200)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False)
    lon = forms.FloatField(widget=forms.HiddenInput, required=False)

    field_order = ["observed_time", "place", "lat", "lon", "category", "behaviour"]


class DefectForm(forms.Form):
    category = forms.ChoiceField(label=_("Soort melding"), choices=[("", "—"), *DefectCategory.choices])
    place = forms.CharField(label=_("Plaats (straat en huisnummer of lantaarnpaalnummer)"), max_length=200)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False)
    lon = forms.FloatField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.ImageField(label=_("Foto"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The reusable address search (static/js/address-search.js) fills lat/lon from PDOK.
        self.fields["place"].widget.attrs.update({
            "data-address-search": "", "data-lat-field": f"id_{self.add_prefix('lat')}",
            "data-lon-field": f"id_{self.add_prefix('lon')}"})


ObservationFormSet = forms.formset_factory(ObservationForm, extra=1, max_num=30)
DefectFormSet = forms.formset_factory(DefectForm, extra=1, max_num=20)
