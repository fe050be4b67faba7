from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtpreventie.accounts.models import User
from buurtpreventie.areas.models import Wijk
from buurtpreventie.patrols.models import ReportStatus

from .models import FeedbackKind


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)
    assigned_to = forms.ModelChoiceField(label=_("Toegewezen aan"), queryset=User.objects.none(), required=False,
                                         empty_label=_("Niemand"))
    note = forms.CharField(label=_("Notitie (intern)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = colleagues  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort terugkoppeling"), choices=FeedbackKind.choices)
    body = forms.CharField(
        label=_("Terugkoppeling aan het team"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is er met de informatie gedaan? Noem geen namen van verdachten."),
    )


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Algemeen nieuws voor alle bewoners; geen persoonsgegevens."))
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.none(), required=False,
                                  empty_label=_("Hele gemeente"))

    def __init__(self, *args: Any, wijken: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = wijken  # type: ignore[attr-defined]


class CategoryMappingForm(forms.Form):
    """One of our defect categories → the receiver's Signalen sub-category and Open311 service_code."""

    signalen = forms.CharField(label=_("Signalen-subcategorie"), required=False, max_length=500)
    open311 = forms.CharField(label=_("Open311 service_code"), required=False, max_length=100)

    def __init__(self, *args: Any, receiver_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.receiver_urls = {url for url, _label in receiver_choices or []}
        if receiver_choices:
            self.fields["signalen"] = forms.CharField(
                label=_("Signalen-subcategorie"), required=False, max_length=500,
                widget=forms.Select(choices=[("", _("— niet doorsturen naar Signalen —")), *receiver_choices]))
        else:
            self.fields["signalen"] = forms.URLField(label=_("Signalen-subcategorie (adres)"), required=False,
                                                     max_length=500, assume_scheme="https")

    def clean_signalen(self) -> str:
        value = str(self.cleaned_data.get("signalen") or "").strip()
        if value and self.receiver_urls and value not in self.receiver_urls:
            raise forms.ValidationError(_("Kies een categorie uit de lijst van de ontvanger."))
        return value
