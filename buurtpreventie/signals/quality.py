"""The visible quality score of a signal, 0-100, on the same scale and labels as the patrol report
(`patrols.quality`): what makes a signal useful to police and municipality.

| what                                                            | points |
|-----------------------------------------------------------------|-------:|
| behaviour described (what happened, in a full sentence: 40+)    | 15 / 25 |
| category chosen                                                 |     10 |
| place: a street or spot                                         |     15 |
| place on the map (coordinates) or matched to a wijk             |     10 |
| time given (and not in the future)                              |     10 |
| SAAR: was 112 called answered (and, if yes, by whom and when)   |     15 |
| person described completely, or no person described             |     10 |
| every extra question of the municipality answered (or none)     |      5 |
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from buurtpreventie.patrols.quality import Quality


def score_signal(
    *, behaviour: str, category: str, place: str, has_coordinates: bool, has_wijk: bool, observed_at: Any,
    called_112: bool | None, called_112_by: str, called_112_at: Any, person: dict[str, str],
    extra_questions: list[dict[str, str]], extra_answers: dict[str, str],
) -> Quality:
    score = 0
    missing: list[str] = []
    text = behaviour.strip()
    if len(text) >= 40:
        score += 25
    elif text:
        score += 15
        missing.append("behaviour")
    else:
        missing.append("behaviour")
    if category:
        score += 10
    else:
        missing.append("category")
    if place.strip():
        score += 15
    else:
        missing.append("place")
    if has_coordinates or has_wijk:
        score += 10
    else:
        missing.append("map")
    if observed_at:
        score += 10
    else:
        missing.append("time")
    if called_112 is False or (called_112 and called_112_by and called_112_at):
        score += 15
    else:
        missing.append("saar")
    filled = [v for v in person.values() if (v or "").strip()]
    if not filled or len(filled) >= 3:
        score += 10
    if all((extra_answers.get(q["key"]) or "").strip() for q in extra_questions):
        score += 5
    else:
        missing.append("extra_questions")
    return Quality(score=min(score, 100), missing=missing)


MISSING_LABELS = {
    "behaviour": _("Beschrijf wat er gebeurde in een paar volledige zinnen."),
    "category": _("Kies een categorie."),
    "place": _("Vul in waar het was."),
    "map": _("Tik de plek aan op de kaart."),
    "time": _("Vul in wanneer het was."),
    "saar": _("Geef aan of 112 is gebeld, en zo ja door wie en wanneer."),
    "extra_questions": _("Beantwoord de extra vragen van de gemeente."),
}
