"""Constrained input types for the JSON API schemas: one definition per rule.

Used in each app's `api.py` (django-ninja / pydantic). NaN, Infinity and NUL characters are refused
for the whole API by `buurtpreventie.api.input.StrictJSONParser`; here live ranges, lengths, choices
and plausible dates. Coordinates inside the municipality are checked by the services
(`areas.selectors.point_in_municipality`), because only they know the municipality.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BaseModel, Field, StringConstraints


class InputSchema(BaseModel):
    """The base of every JSON API input schema (`...In`): plain pydantic, validated from the parsed JSON.

    ninja's `Schema` is made for *output*: it wraps whatever it validates in a `DjangoGetter` (to read
    ORM objects, managers and files) and reads every field through it — for a patrol report with its
    observations and defect about 50 wrapped reads, a fifth of the report API's CPU. Input is a JSON
    object already; ninja takes a plain pydantic model as a body the same way (same validation, same
    OpenAPI document). Output schemas stay ninja `Schema`s."""


EARLIEST_YEAR = 2000
MAX_TEXT = 4000


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("Dit veld bevat een ongeldig teken."))
    return value


def text(max_length: int = MAX_TEXT) -> Any:
    """A string of at most `max_length` characters (the model field's length)."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_no_nul)]


def choice(choices: type[TextChoices], *, blank: bool = False) -> Any:
    values = [str(v) for v in choices.values] + ([""] if blank else [])

    def check(value: str) -> str:
        if value not in values:
            raise ValueError(_("Onbekende waarde %(value)r; kies uit: %(choices)s.")
                             % {"value": value[:40], "choices": ", ".join(values)})
        return value

    return Annotated[str, AfterValidator(check), Field(json_schema_extra={"enum": list(values)})]  # type: ignore[dict-item]


def _plausible(value: datetime) -> datetime:
    latest = timezone.now().year + 2
    if not (EARLIEST_YEAR <= value.year <= latest):
        raise ValueError(_("Kies een datum tussen %(first)s en %(last)s.") % {"first": EARLIEST_YEAR, "last": latest})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
AccuracyMetres = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]
PlausibleDatetime = Annotated[datetime, AfterValidator(_plausible)]
Walkers = Annotated[int, Field(ge=1, le=50)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
