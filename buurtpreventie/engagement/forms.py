from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.initiatives.models import Initiative

from .budgets import euro
from .models import (
    ActionPoint,
    Appreciation,
    BudgetRule,
    ContactKind,
    ContactRhythm,
    EvaluationMeeting,
    Event,
    Newsletter,
    PracticeExample,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ContactLogForm(forms.Form):
    contact = forms.ChoiceField(label=_("Met wie?"))
    kind = forms.ChoiceField(label=_("Soort contact"), choices=ContactKind.choices)
    occurred_at = forms.DateTimeField(label=_("Wanneer?"), widget=DateTimeInput(), initial=timezone.localtime)
    notes = forms.CharField(label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Kort: hoe loopt het, wat is nodig?"))

    def __init__(self, *args: Any, memberships: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {str(m.pk): m for m in memberships}
        self.fields["contact"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(m.pk), f"{m.user} — {m.initiative.name} ({m.get_role_display()})") for m in memberships
        ]

    def membership(self) -> Any:
        return self.memberships[self.cleaned_data["contact"]]


class RhythmForm(forms.ModelForm):
    class Meta:
        model = ContactRhythm
        fields = ["checkin_months", "meeting_months", "appreciation_days"]


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "starts_at", "location", "description"]
        widgets = {"starts_at": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 3})}


class TeamChoiceMixin:
    def limit_teams(self, municipality: Any, field: str = "initiative") -> None:
        self.fields[field].queryset = Initiative.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class AppreciationForm(TeamChoiceMixin, forms.ModelForm):
    class Meta:
        model = Appreciation
        fields = ["initiative", "kind", "occurred_on", "note"]
        widgets = {"occurred_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"initiative": _("Team")}


class BudgetRuleForm(TeamChoiceMixin, forms.ModelForm):
    class Meta:
        model = BudgetRule
        fields = ["initiative", "year", "basis", "rate", "activity", "minimum", "maximum", "mode"]


class BudgetRequestForm(forms.Form):
    amount = forms.DecimalField(label=_("Bedrag (€)"), min_value=0, max_digits=10, decimal_places=2)
    purpose = forms.CharField(label=_("Waarvoor?"), widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Bijv. etentje voor de sociale binding, extra training."))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExpenseForm(forms.Form):
    request = forms.ChoiceField(label=_("Bij aanvraag"))
    amount = forms.DecimalField(label=_("Bedrag (€)"), min_value=0, max_digits=10, decimal_places=2)
    description = forms.CharField(label=_("Omschrijving"), max_length=200)
    spent_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    receipt = forms.FileField(label=_("Bon of factuur (pdf, jpg, png)"))

    def __init__(self, *args: Any, requests: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests = {str(r.pk): r for r in requests}
        self.fields["request"].choices = [  # type: ignore[attr-defined]
            (str(r.pk), f"{r.purpose[:60]} ({euro(r.amount)})") for r in requests
        ]


class NewsletterForm(forms.ModelForm):
    class Meta:
        model = Newsletter
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}


class PracticeExampleForm(TeamChoiceMixin, forms.ModelForm):
    class Meta:
        model = PracticeExample
        fields = ["initiative", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class EvaluationMeetingForm(forms.ModelForm):
    class Meta:
        model = EvaluationMeeting
        fields = ["title", "held_on", "questionnaire", "outcomes"]
        widgets = {"held_on": DateInput(), "outcomes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from buurtpreventie.surveys.models import Questionnaire

        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, kind="evaluation")


class ActionPointForm(TeamChoiceMixin, forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["initiative", "description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}


class FreeSpendingForm(forms.Form):
    """Free mode ("vrij in te vullen"): the team records what it spent, no request first."""

    amount = forms.DecimalField(label=_("Bedrag (€)"), min_value=0, max_digits=10, decimal_places=2)
    description = forms.CharField(label=_("Waaraan uitgegeven?"), max_length=200)
    spent_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    receipt = forms.FileField(label=_("Bon of factuur (pdf, jpg, png)"))
