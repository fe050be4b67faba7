from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.initiatives.models import ApplicationKind, Initiative, InitiativeKind
from buurtpreventie.initiatives.selectors import initiatives_public

from .models import PublicPage
from .protection import SpamProtectedForm


class ApplicationForm(SpamProtectedForm):
    kind = forms.ChoiceField(label=_("Wat wilt u?"), choices=ApplicationKind.choices, widget=forms.RadioSelect)
    initiative = forms.ModelChoiceField(
        label=_("Met welk initiatief wilt u meedoen?"),
        queryset=Initiative.objects.none(),
        required=False,
        help_text=_("Alleen als u wilt meedoen met een bestaand initiatief."),
    )
    initiative_kind = forms.ChoiceField(
        label=_("Wat voor initiatief wilt u starten?"),
        choices=InitiativeKind.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=InitiativeKind.TEAM,
        help_text=_("Een team loopt rondes door de wijk; een appgroep waarschuwt elkaar via een chat-app."),
    )
    proposed_name = forms.CharField(
        label=_("Naam van het nieuwe initiatief (mag leeg)"), max_length=160, required=False
    )
    wijk = forms.ModelChoiceField(label=_("In welke wijk?"), queryset=Wijk.objects.none(), required=False)
    full_name = forms.CharField(
        label=_("Uw naam"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("Hierheen sturen wij de bevestiging en de link om de status te volgen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer (mag leeg)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    motivation = forms.CharField(
        label=_("Waarom wilt u meedoen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("Vertel in uw eigen woorden wat u wilt bereiken en wat u zelf wilt doen."),
    )
    adult = forms.BooleanField(label=_("Ik ben 18 jaar of ouder."))
    consent = forms.BooleanField(
        label=_("De gemeente mag mijn gegevens gebruiken om deze aanmelding te behandelen."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives_public(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["wijk"].queryset = Wijk.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]
        # Move the honeypot and the timestamp to the end.
        for name in ("website", "started"):
            self.fields[name] = self.fields.pop(name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ApplicationKind.JOIN and not cleaned.get("initiative"):
            self.add_error("initiative", _("Kies het initiatief waarmee u wilt meedoen."))
        if kind == ApplicationKind.START and not cleaned.get("wijk"):
            self.add_error("wijk", _("Kies de wijk van het nieuwe initiatief."))
        if kind == ApplicationKind.START and not cleaned.get("initiative_kind"):
            cleaned["initiative_kind"] = InitiativeKind.TEAM
        return cleaned


class ContactForm(SpamProtectedForm):
    name = forms.CharField(label=_("Uw naam"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("De coördinator antwoordt u op dit adres. Uw adres wordt niet gepubliceerd."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(label=_("Uw bericht"), widget=forms.Textarea(attrs={"rows": 5}), max_length=3000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("website", "started"):
            self.fields[name] = self.fields.pop(name)


class PublicPageForm(forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = list(PublicPage.TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in PublicPage.TEXT_FIELDS}
        help_texts = {
            "questions": _("Bijvoorbeeld het telefoonnummer of e-mailadres van de gemeente en de wijkagent."),
            **{
                f"{base}_en": _("Optioneel. Leeg = bezoekers die Engels kozen, zien de Nederlandse tekst.")
                for base in PublicPage.BASE_FIELDS
            },
        }
