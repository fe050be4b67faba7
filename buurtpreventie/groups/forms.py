from __future__ import annotations

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
