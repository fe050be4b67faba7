from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class InviteLinkForm(forms.Form):
    days = forms.IntegerField(label=_("Geldig (dagen)"), min_value=1, max_value=90, initial=14)
    requires_approval = forms.BooleanField(label=_("Aanmeldingen eerst zelf goedkeuren"), required=False)


class BulkInviteForm(forms.Form):
    addresses = forms.CharField(
        label=_("E-mailadressen"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plak de adressen, één per regel of gescheiden door komma's. \"Naam <adres>\" mag ook."),
    )


class JoinForm(forms.Form):
    full_name = forms.CharField(label=_("Uw naam"), max_length=160)
    email = forms.EmailField(label=_("Uw e-mailadres"))


class BroadcastForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), max_length=160)
    body = forms.CharField(label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 5}))


class HouseRulesEditForm(forms.Form):
    text = forms.CharField(label=_("Huisregels"), widget=forms.Textarea(attrs={"rows": 8}))


class ChatSizeForm(forms.Form):
    size = forms.IntegerField(label=_("Aantal deelnemers in de groepsapp"), min_value=0, max_value=5000,
                              required=False)


class QuestionsForm(forms.Form):
    questions = forms.CharField(
        label=_("Extra vragen"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eén vraag per regel. Ze staan op het loopverslag én op het signaalformulier."),
    )


class MunicipalHouseRulesForm(forms.Form):
    kind = forms.ChoiceField(label=_("Voor"), choices=[("team", _("Fysieke teams")), ("app_group", _("Appgroepen"))])
    text = forms.CharField(label=_("Huisregels"), widget=forms.Textarea(attrs={"rows": 8}))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=[])
    title = forms.CharField(label=_("Titel"), max_length=160)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Waar"), max_length=200, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from .models import ActivityKind

        self.fields["kind"].choices = ActivityKind.choices  # type: ignore[attr-defined]


class ActivityDoneForm(forms.Form):
    participants = forms.IntegerField(label=_("Aantal deelnemers"), min_value=0, required=False)
    outcome = forms.CharField(label=_("Kort verslag"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ThanksForm(forms.Form):
    professional: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Wie wilt u bedanken?"), queryset=None,  # type: ignore[arg-type]
    )
    message = forms.CharField(label=_("Bedankje"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, professionals: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["professional"].queryset = professionals  # type: ignore[attr-defined]
