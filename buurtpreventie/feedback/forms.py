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
