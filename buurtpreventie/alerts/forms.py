from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Wijk

from .models import AlertTemplate
from .targeting import AlertArea


class AlertForm(forms.Form):
    AREA_CHOICES = [
        ("circle", _("Punt met straal")), ("wijk", _("Een hele wijk")), ("polygon", _("Zelf getekend gebied")),
    ]

    area_kind = forms.ChoiceField(label=_("Gebied"), choices=AREA_CHOICES, initial="circle", widget=forms.RadioSelect)
    lat = forms.FloatField(label=_("Breedtegraad van het punt"), required=False, min_value=-90, max_value=90,
                           help_text=_("Klik op de kaart, of typ de coördinaten."))
    lon = forms.FloatField(label=_("Lengtegraad van het punt"), required=False, min_value=-180, max_value=180)
    radius_m = forms.IntegerField(label=_("Straal (meter)"), initial=500, min_value=50, max_value=10_000,
                                  required=False)
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.none(), required=False)
    include_neighbours = forms.BooleanField(
        label=_("Ook aangrenzende wijken"), required=False,
        help_text=_("Zonder vinkje bereikt een wijkalarm alleen wie in deze wijk loopt, woont of actief is."))
    polygon = forms.CharField(label=_("Getekend gebied"), required=False, widget=forms.HiddenInput)
    template = forms.ModelChoiceField(label=_("Sjabloon"), queryset=AlertTemplate.objects.none(), required=False,
                                      help_text=_("Vult de teksten hieronder in; u kunt ze daarna aanpassen."))
    situation = forms.CharField(label=_("Wat is er aan de hand"), widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=1000)
    instructions = forms.CharField(label=_("Wat moeten de ontvangers doen"), widget=forms.Textarea(attrs={"rows": 3}),
                                   max_length=1000)
    include_coordinators = forms.BooleanField(label=_("Ook coördinatoren en appbeheerders in het gebied"),
                                              required=False)
    include_residents = forms.BooleanField(label=_("Ook leden die in het gebied wonen en zich hiervoor aanmeldden"),
                                           required=False)
    escalate_after_minutes = forms.IntegerField(label=_("Waarschuw mij als een team niet antwoordt binnen (minuten)"),
                                                initial=3, min_value=1, max_value=60)

    def __init__(self, *args: Any, municipality: Any, wijk_scope: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wijken = Wijk.objects.filter(municipality=municipality).order_by("name")
        if wijk_scope is not None:
            wijken = wijken.filter(pk__in=wijk_scope)
        self.fields["wijk"].queryset = wijken  # type: ignore[attr-defined]
        self.fields["template"].queryset = AlertTemplate.objects.filter(municipality=municipality)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("area_kind")
        if kind == "circle":
            if data.get("lat") is None or data.get("lon") is None:
                self.add_error("lat", _("Klik op de kaart om het punt te kiezen, of typ de coördinaten."))
            if not data.get("radius_m"):
                self.add_error("radius_m", _("Geef een straal op."))
        elif kind == "wijk" and not data.get("wijk"):
            self.add_error("wijk", _("Kies een wijk."))
        elif kind == "polygon":
            try:
                geom = json.loads(data.get("polygon") or "null")
                ok = isinstance(geom, dict) and geom.get("type") == "Polygon" and len(geom["coordinates"][0]) >= 4
            except (ValueError, KeyError, TypeError, IndexError):
                ok = False
            if not ok:
                self.add_error("polygon", _("Teken een gebied met minstens drie punten."))
            else:
                data["polygon_geojson"] = geom
        return data

    def area(self) -> AlertArea:
        d = self.cleaned_data
        kind = d.get("area_kind")
        if kind == "wijk":
            return AlertArea(lat=d.get("lat"), lon=d.get("lon"), wijk_id=d["wijk"].pk,
                             include_neighbours=bool(d.get("include_neighbours")))
        if kind == "polygon":
            return AlertArea(lat=d.get("lat"), lon=d.get("lon"), polygon=d["polygon_geojson"])
        return AlertArea(lat=d["lat"], lon=d["lon"], radius_m=d["radius_m"])


class PreviewForm(AlertForm):
    """Same fields; texts are not needed to preview."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["situation"].required = False
        self.fields["instructions"].required = False
        self.fields["escalate_after_minutes"].required = False


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Hoe is het afgelopen"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000, required=False,
                              help_text=_("Dit bericht gaat naar iedereen die het alarm kreeg."))


class ClearForm(forms.Form):
    """All clear: an outcome text for everyone who got the alert, and an explicit confirmation."""

    outcome = forms.CharField(label=_("Hoe is het afgelopen"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000,
                              help_text=_("Dit bericht gaat naar iedereen die het alarm kreeg, met het sein veilig."))
    confirm = forms.BooleanField(label=_("Ik bevestig: het gevaar is voorbij en iedereen mag dit horen"))


class HomeLocationForm(forms.Form):
    lat = forms.FloatField(label=_("Breedtegraad"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Lengtegraad"), min_value=-180, max_value=180)


class AlertTemplateForm(forms.ModelForm):
    class Meta:
        model = AlertTemplate
        fields = ["name", "situation", "instructions", "order"]
        widgets = {"situation": forms.Textarea(attrs={"rows": 3}), "instructions": forms.Textarea(attrs={"rows": 3})}


class SubscriptionForm(forms.Form):
    label = forms.CharField(label=_("Naam (bijvoorbeeld Thuis)"), max_length=60, required=False)
    lat = forms.FloatField(label=_("Breedtegraad"), min_value=-90, max_value=90,
                           help_text=_("Klik op de kaart of gebruik uw huidige locatie. We bewaren de plek "
                                       "afgerond op ongeveer 100 meter."))
    lon = forms.FloatField(label=_("Lengtegraad"), min_value=-180, max_value=180)
    radius_m = forms.TypedChoiceField(label=_("Straal"), coerce=int, initial=500, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import SUBSCRIPTION_RADII

        super().__init__(*args, **kwargs)
        self.fields["radius_m"].choices = SUBSCRIPTION_RADII  # type: ignore[attr-defined]


class PreferenceForm(forms.Form):
    push = forms.BooleanField(label=_("Pushbericht op mijn telefoon"), required=False, initial=True)
    email = forms.BooleanField(label=_("E-mail"), required=False, initial=True)
    sms = forms.BooleanField(label=_("Sms"), required=False)
    sms_number = forms.CharField(label=_("Mobiel nummer voor sms"), max_length=20, required=False)
    followups = forms.BooleanField(label=_("Ook 'alles veilig' en de afloop ontvangen"), required=False, initial=True)
    quiet_from = forms.TimeField(label=_("Stille uren vanaf"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_until = forms.TimeField(label=_("Stille uren tot"), required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                  help_text=_("Een acuut alarm komt altijd door, ook in stille uren."))
    # Other messages of the platform (notifications.MessageType); an acute alert always comes through.
    message_types = forms.MultipleChoiceField(
        label=_("Welke andere berichten wilt u krijgen?"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[], help_text=_("Een acuut alarm krijgt u altijd. Berichten over uw aanmelding en account ook."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from buurtpreventie.notifications.models import MessageType

        super().__init__(*args, **kwargs)
        self.fields["message_types"].choices = MessageType.choices  # type: ignore[attr-defined]
