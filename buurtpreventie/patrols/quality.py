"""The visible quality score of a patrol report (F23), 0-100.

The score rewards what makes a report useful to municipality and police, following the
guideline's example 3: a detailed quiet round (route and times) is a good report; "it was
quiet" alone is not. Points:

| what                                                          | points |
|---------------------------------------------------------------|-------:|
| start and end time given                                      |     20 |
| route: at least one street                                    |     20 |
| route: three or more streets (a real sequence)                |     10 |
| main roads only / also back alleys answered                   |      5 |
| who walked (at least one member; two or more for full points) | 5 / 10 |
| notable things: observations with place, time and category,   |        |
|   or the round explicitly marked quiet                        |     10 |
| people spoken to answered (and, if yes, about what and how)   |     10 |
| at least one focus point checked                              |     10 |
| every extra question of the municipality answered (or none)   |      5 |

A report without route or without times gets a nudge (`missing` lists what to add) and can
never score above 60. Thresholds shown to users: >= 80 "goed", 50-79 "redelijk", < 50 "mager".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# The bands shown to users (the one place of these thresholds; templates ask `Quality.tone`).
GOOD_FROM = 80
FAIR_FROM = 50
BAND_LABELS = {"good": _("goed"), "fair": _("redelijk"), "thin": _("mager")}
BAND_TONES = {"good": "success", "fair": "neutral", "thin": "warning"}  # components/status_badge.html


def quality_band(score: int) -> str:
    if score >= GOOD_FROM:
        return "good"
    if score >= FAIR_FROM:
        return "fair"
    return "thin"


@dataclass
class Quality:
    score: int
    missing: list[str] = field(default_factory=list)

    @property
    def band(self) -> str:
        return quality_band(self.score)

    @property
    def label(self) -> Any:
        return BAND_LABELS[self.band]

    @property
    def tone(self) -> str:
        return BAND_TONES[self.band]


def quality_label(score: int) -> Any:
    return Quality(score=score).label


def score_report(
    *,
    started_at: Any,
    ended_at: Any,
    route_streets: list[str],
    route_kind: str,
    walker_count: int,
    observations: list[dict[str, Any]],
    quiet: bool,
    spoke_to_people: bool | None,
    conversation_topics: str,
    conversation_outcome: str,
    focus_points: list[str],
    extra_questions: list[dict[str, str]],
    extra_answers: dict[str, str],
) -> Quality:
    """Score from plain values so the form, the API and the benchmark all use the same rules."""
    score = 0
    missing: list[str] = []
    has_times = bool(started_at and ended_at)
    if has_times:
        score += 20
    else:
        missing.append("times")
    if route_streets:
        score += 20
        if len(route_streets) >= 3:
            score += 10
        else:
            missing.append("longer_route")
    else:
        missing.append("route")
    if route_kind:
        score += 5
    else:
        missing.append("route_kind")
    if walker_count >= 2:
        score += 10
    elif walker_count == 1:
        score += 5
    else:
        missing.append("walkers")
    complete_observations = [o for o in observations if o.get("place") and o.get("observed_at") and o.get("category")]
    if (observations and len(complete_observations) == len(observations)) or (quiet and not observations):
        score += 10
    else:
        missing.append("observations")
    if spoke_to_people is False or (spoke_to_people and conversation_topics.strip() and conversation_outcome):
        score += 10
    else:
        missing.append("conversations")
    if focus_points:
        score += 10
    else:
        missing.append("focus_points")
    if all((extra_answers.get(q["key"]) or "").strip() for q in extra_questions):
        score += 5
    else:
        missing.append("extra_questions")
    if not has_times or not route_streets:
        score = min(score, 60)
    return Quality(score=score, missing=missing)


MISSING_LABELS = {
    "times": _("Vul de begin- en eindtijd in."),
    "route": _("Vul de route in: de straten die u liep, op volgorde."),
    "longer_route": _("Een route van minstens drie straten geeft een vollediger beeld."),
    "route_kind": _("Geef aan of u alleen hoofdwegen liep of ook achterpaden."),
    "walkers": _("Geef aan wie er meeliepen."),
    "observations": _("Geef bij elke waarneming plaats, tijd en categorie, of vink 'rustige ronde' aan."),
    "conversations": _("Geef aan of u mensen heeft gesproken, en zo ja waarover en hoe het ging."),
    "focus_points": _("Vink aan waar u op heeft gelet."),
    "extra_questions": _("Beantwoord de extra vragen van de gemeente."),
}
