from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    LIKERT_CHOICES,
    ProfessionalPreference,
    Question,
    QuestionKind,
    Questionnaire,
    TeamWishes,
)


class ResponseForm(forms.Form):
    """One field per question (`q_<pk>`), then consent; optional team choice and paper fields."""

    def __init__(
        self,
        *args: Any,
        questionnaire: Questionnaire,
        teams: list[Any] | None = None,
        paper: bool = False,
        members: list[Any] | None = None,
        poll: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        # The anonymous poll asks no open questions: nothing free-form from unknown senders.
        self.questions = [q for q in questionnaire.questions.all() if not (poll and q.kind == QuestionKind.OPEN)]
        if teams and (len(teams) > 1 or paper):
            self.fields["team"] = forms.ChoiceField(
                label=_("Voor welk team?"), choices=[("", "—")] + [(str(t.pk), t.name) for t in teams],
                required=not paper or questionnaire.kind == "evaluation",
            )
        if paper:
            self.fields["respondent"] = forms.ChoiceField(
                label=_("Ingevuld door (lid)"), required=False,
                choices=[("", _("Onbekend / anoniem"))] + [(str(u.pk), str(u)) for u in (members or [])],
                help_text=_("Alleen als het lid zijn naam op het formulier heeft gezet."),
            )
            self.fields["paper_note"] = forms.CharField(
                label=_("Waar is het formulier ingevuld?"), required=False, max_length=120,
                help_text=_("Bijv. gemeentehuis, langs de deuren in de wijk."),
            )
        from .standard import for_app_group

        app_group = bool(teams) and all(getattr(t, "is_app_group", False) for t in teams or [])
        for q in self.questions:
            name = f"q_{q.pk}"
            if app_group:
                q.text = for_app_group(q.text)
            if q.kind == QuestionKind.STATEMENT:
                field: forms.Field = forms.TypedChoiceField(
                    label=q.text, choices=LIKERT_CHOICES, coerce=int, required=q.required,
                    widget=forms.RadioSelect(attrs={"class": "likert"}), help_text=q.help_text,
                )
            elif q.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=q.text, choices=[(o, o) for o in q.options], required=q.required,
                    widget=forms.RadioSelect, help_text=q.help_text,
                )
            else:
                field = forms.CharField(
                    label=q.text, required=q.required, help_text=q.help_text, max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            self.fields[name] = field
        consent_label = (
            _("Het formulier bevat de handtekening of mondelinge toestemming van de invuller.")
            if paper else _("Ik heb het doel gelezen en geef toestemming om mijn antwoorden te bewaren.")
        )
        self.fields["consent"] = forms.BooleanField(label=consent_label, required=True)
        if poll:
            # Honeypot: hidden from people (CSS + aria-hidden), bots fill it in.
            self.fields["website"] = forms.CharField(
                label=_("Laat dit veld leeg"), required=False,
                widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
            )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}

    def question_fields(self) -> list[Any]:
        return [self[f"q_{q.pk}"] for q in self.questions]


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["kind", "title", "purpose", "consent_text", "is_active", "public_poll"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4}), "consent_text": forms.Textarea(attrs={"rows": 4})}


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Keuzes (één per regel)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Question
        fields = ["order", "kind", "text", "help_text", "profile", "factor", "topic", "required"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.options:
            self.fields["options_text"].initial = "\n".join(self.instance.options)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["options"] = [o.strip() for o in (data.get("options_text") or "").splitlines() if o.strip()]
        if data.get("kind") == QuestionKind.CHOICE and not data["options"]:
            self.add_error("options_text", _("Een keuzevraag heeft minstens één keuze nodig."))
        return data


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ProfessionalPreference
        fields = ["campaigns", "involvement", "gives_feedback", "hours_per_month", "evenings_available", "notes"]
        widgets = {"campaigns": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}


class TeamWishesForm(forms.ModelForm):
    class Meta:
        model = TeamWishes
        fields = ["wants_campaigns", "desired_involvement", "wants_feedback", "evening_meetings", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class InviteForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"))

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(str(t.pk), t.name) for t in teams]  # type: ignore[attr-defined]
