from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.accounts.models import User
from buurtpreventie.accounts.roles import Role
from buurtpreventie.areas.models import Buurt, Municipality, Wijk

from .models import (
    Agreement,
    Commitment,
    ContinuityReview,
    InitiativeKind,
    InitiativeStatus,
    Membership,
    Party,
    PolicyGoal,
    RegistrationMoment,
    TrainingKind,
    contact_details_problem,
)


def no_contact_details(value: str) -> str:
    """Form-side use of the domain rule `contact_details_problem`."""
    problem = contact_details_problem(value)
    if problem:
        raise forms.ValidationError(problem)
    return value


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=160)
    kind = forms.ChoiceField(label=_("Soort"), choices=InitiativeKind.choices, widget=forms.RadioSelect)
    wijken = forms.ModelMultipleChoiceField(
        label=_("Wijken"), queryset=Wijk.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    buurten = forms.ModelMultipleChoiceField(
        label=_("Buurten (optioneel, preciezer dan wijken)"), queryset=Buurt.objects.none(), required=False
    )
    area_geometry = forms.CharField(
        label=_("Eigen gebied (GeoJSON-polygoon)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "geojson-input"}),
        help_text=_(
            "Teken het gebied op de kaart, of plak hier een GeoJSON-polygoon. Leeg = de gekozen wijken/buurten."
        ),
    )
    public_description = forms.CharField(
        label=_("Openbare omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    how_to_join = forms.CharField(
        label=_("Zo doet u mee (openbaar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geen telefoonnummers of e-mailadressen: bezoekers sturen een bericht via de pagina."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wijken"].queryset = Wijk.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]
        self.fields["buurten"].queryset = Buurt.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]

    def clean_public_description(self) -> str:
        return no_contact_details(self.cleaned_data.get("public_description", ""))

    def clean_how_to_join(self) -> str:
        return no_contact_details(self.cleaned_data.get("how_to_join", ""))

    def clean_area_geometry(self) -> dict[str, Any] | None:
        raw = (self.cleaned_data.get("area_geometry") or "").strip()
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            raise forms.ValidationError(_("Dit is geen geldige GeoJSON.")) from None
        if isinstance(data, dict) and data.get("type") == "Feature":
            data = data.get("geometry")
        if not isinstance(data, dict) or data.get("type") not in {"Polygon", "MultiPolygon"}:
            raise forms.ValidationError(_("Teken een vlak (polygoon) met minstens drie punten."))
        try:
            from shapely.geometry import shape

            geom = shape(data)
        except Exception:  # noqa: BLE001 - any parse problem is a user error here
            raise forms.ValidationError(_("Dit is geen geldige GeoJSON.")) from None
        if geom.is_empty or not geom.is_valid:
            raise forms.ValidationError(_("Het getekende vlak is ongeldig (lijnen kruisen elkaar)."))
        return data


class InitiativeCreateForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=160)
    kind = forms.ChoiceField(
        label=_("Soort"), choices=InitiativeKind.choices, widget=forms.RadioSelect, initial=InitiativeKind.TEAM
    )
    wijken = forms.ModelMultipleChoiceField(
        label=_("Wijken"), queryset=Wijk.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wijken"].queryset = Wijk.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=InitiativeStatus.choices)
    reason = forms.CharField(label=_("Waarom?"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, allowed: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("— kies —"))] + [  # type: ignore[attr-defined]
            (v, label) for v, label in InitiativeStatus.choices if v in allowed
        ]  # type: ignore[attr-defined]


class IntakePlanForm(forms.Form):
    intake_at = forms.DateTimeField(label=_("Datum en tijd van het intakegesprek"), widget=DATETIME)
    note = forms.CharField(
        label=_("Bericht aan de aanvrager (optioneel)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntakeRecordForm(forms.Form):
    intake_notes = forms.CharField(label=_("Gespreksnotities"), widget=forms.Textarea(attrs={"rows": 4}))
    intake_why = forms.CharField(
        label=_("Waarom wil de aanvrager meedoen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Vraag door naar het waarom: maatschappelijk belang, samen met buren, resultaat of eigen ontwikkeling."
        ),
    )
    needs_training = forms.BooleanField(label=_("Training nodig"), required=False)
    needs_vog = forms.BooleanField(label=_("Verklaring omtrent het gedrag (VOG) nodig"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("accept", _("Toelaten")), ("decline", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden van het besluit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De aanvrager ziet deze reden."),
    )


class MomentForm(forms.ModelForm):
    class Meta:
        model = RegistrationMoment
        fields = ["title", "opens_on", "closes_on", "info_meeting_at", "info_meeting_location", "description"]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "info_meeting_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["citizens_roles", "professionals_roles", "offered", "not_offered", "action_points"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class AcceptanceForm(forms.Form):
    party = forms.ChoiceField(label=_("Partij"), choices=Party.choices)
    signed_by_name = forms.CharField(label=_("Naam van wie tekent"), max_length=160)


class MemberAddForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=160)
    email = forms.EmailField(label=_("E-mailadres"))
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.ROLE_CHOICES, initial="member")

    def __init__(self, *args: Any, may_assign_roles: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_assign_roles:
            del self.fields["role"]


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Training"), choices=TrainingKind.choices)
    description = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)
    completed_on = forms.DateField(label=_("Gevolgd op"), widget=DATE, initial=timezone.localdate)


class EquipmentForm(forms.Form):
    item = forms.CharField(
        label=_("Uitrusting"), max_length=120, help_text=_("Bijvoorbeeld: hesje, zaklamp, portofoon.")
    )
    issued_on = forms.DateField(label=_("Uitgegeven op"), widget=DATE, initial=timezone.localdate)


class HouseRulesForm(forms.Form):
    confirms_adult = forms.BooleanField(label=_("Ik ben 18 jaar of ouder."), required=False)
    accept = forms.BooleanField(label=_("Ik ga akkoord met de huisregels."))


class PolicyGoalForm(forms.ModelForm):
    class Meta:
        model = PolicyGoal
        fields = ["goal_type", "description", "indicators", "review_on", "is_public", "reached", "review_note"]
        widgets = {
            "review_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "review_note": forms.Textarea(attrs={"rows": 2}),
        }


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["party", "contact_frequency", "information_shared", "time_and_resources"]
        widgets = {
            "information_shared": forms.Textarea(attrs={"rows": 3}),
            "time_and_resources": forms.Textarea(attrs={"rows": 3}),
        }


class InvolvementForm(forms.Form):
    professional = forms.ModelChoiceField(label=_("Wijkagent of BOA"), queryset=User.objects.none())
    wijken = forms.ModelMultipleChoiceField(
        label=_("Wijken"), queryset=Wijk.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    attitude = forms.CharField(
        label=_("Houding tegenover het initiatief"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    setup_wishes = forms.CharField(
        label=_("Hoe wil de professional het inrichten?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    needs = forms.CharField(
        label=_("Wat heeft de professional nodig?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objections = forms.CharField(label=_("Bezwaren"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    objections_resolution = forms.CharField(
        label=_("Hoe zijn de bezwaren opgelost?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                grants__municipality=municipality,
                grants__role__in=[Role.WIJKAGENT, Role.BOA],
                grants__revoked_at__isnull=True,
            )
            .distinct()
            .order_by("last_name")
        )
        self.fields["wijken"].queryset = Wijk.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]


class ContinuityReviewForm(forms.ModelForm):
    solvable = forms.NullBooleanField(
        label=_("Zijn de oorzaken op te lossen?"),
        widget=forms.RadioSelect(choices=[("true", _("Ja")), ("false", _("Nee")), ("unknown", _("Weet niet"))]),
        required=False,
    )

    class Meta:
        model = ContinuityReview
        fields = [
            "trigger",
            "causes",
            "solvable",
            "solvable_how",
            "goal_reached",
            "reachable_without",
            "decision",
            "decision_reason",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["causes", "solvable_how", "goal_reached", "reachable_without", "decision_reason"]
        }


class AgreementTermsForm(forms.ModelForm):
    class Meta:
        from .models import AgreementTerms

        model = AgreementTerms
        fields = ["start_date", "term_months", "evaluation_date", "citizens_address", "citizens_signatory",
                  "citizens_function", "municipality_address", "municipality_signatory", "municipality_function",
                  "police_address", "police_signatory", "police_function", "privacy_contact"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "evaluation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   **{f"{p}_address": forms.Textarea(attrs={"rows": 2})
                      for p in ("citizens", "municipality", "police")}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, evaluation = data.get("start_date"), data.get("evaluation_date")
        if start and evaluation and evaluation < start:
            self.add_error("evaluation_date", _("De evaluatiedatum ligt vóór de ingangsdatum."))
        months = data.get("term_months")
        if months is not None and not 1 <= months <= 120:
            self.add_error("term_months", _("Kies een looptijd van 1 tot 120 maanden."))
        return data
