from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from .models import InsightSettings


class InsightSettingsForm(forms.ModelForm):
    class Meta:
        model = InsightSettings
        fields = ["warning_threshold", "falling_months", "feedback_promise_days", "public_summary",
                  "public_commitments"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limits = {"warning_threshold": (0, 100), "falling_months": (2, 12), "feedback_promise_days": (1, 90)}
        for name, (low, high) in limits.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update({"min": low, "max": high})
