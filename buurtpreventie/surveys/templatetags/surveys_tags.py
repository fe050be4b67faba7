from __future__ import annotations

from typing import Any

from django import template

from buurtpreventie.surveys.models import Questionnaire

register = template.Library()


@register.simple_tag
def public_poll_for(municipality: Any) -> Questionnaire | None:
    """The open anonymous poll of a municipality, if any (for the public page teaser)."""
    if municipality is None:
        return None
    return Questionnaire.objects.filter(
        municipality=municipality, public_poll=True, is_active=True, kind="motivation"
    ).first()
