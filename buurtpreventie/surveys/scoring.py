"""Motivation profiles from agree–disagree statements (F7, F10). Pure functions, no database.

The scoring (also in docs/motivation-scoring.md):

1. Each statement is answered 1..5 (1 = helemaal oneens, 3 = neutraal, 5 = helemaal eens).
   A statement counts for at most one profile (`Question.profile`).
2. Per profile the **mean** of its answered statements; shown as a score 0–100:
   `score = (mean - 1) / 4 * 100` (1 → 0, 3 → 50, 5 → 100).
3. The **dominant profile** is the profile with the highest mean. The **margin** is the
   difference between the highest and the second-highest mean, in scale points.
4. **Certainty** (how sure we are the dominant profile describes the person):
   - `none`: a profile has no answered statement — profiles cannot be compared, no dominant.
   - `low` ("gemengd profiel"): margin < 0.5 — the person scores (nearly) the same on two or
     more profiles; no dominant profile is named.
   - `high`: margin >= 1.0, every profile statement answered, and no profile whose own
     statements differ by 3 or more points (an inconsistent pair, e.g. 1 and 5).
   - `medium`: everything else.
   Two statements per profile (table 2 of the guideline) are a thin basis — the guideline says
   itself the profiles are "lastig in slechts een of twee vragen per profiel te vangen" — so the
   certainty is always shown next to the profile, and a conversation remains the best source.
5. **Team mix**: per team only the latest response per member counts. Fewer than
   `MIN_RESPONDENTS` (5) respondents → nothing is shown (no individual can be singled out).
   Otherwise: the number of members per dominant profile (plus "gemengd"), and the mean score
   per profile; the team's leading profile is the one with the highest mean score.
6. **Weighing factors** (3.1.2): the mean per factor over the respondents, same floor of 5.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

PROFILES = ("normative", "pragmatic", "rational")
MIN_RESPONDENTS = 5
MIXED = "mixed"
MIXED_MARGIN = 0.5
HIGH_MARGIN = 1.0
INCONSISTENT_SPREAD = 3

CERTAINTY_LABELS = {
    "high": _("hoog"),
    "medium": _("middel"),
    "low": _("laag (gemengd profiel)"),
    "none": _("onbekend (te weinig antwoorden)"),
}

IMPLICATIONS = {
    "normative": _(
        "Normatieve partners: investeer in het partnerschap met de politie — vaste wijkagent, "
        "samen optrekken, duidelijk maken dat zij geen politietaken overnemen."
    ),
    "pragmatic": _(
        "Pragmatische samenwerkers: terugkoppeling is het belangrijkst — vertel wat met hun "
        "meldingen is gedaan, respecteer hun eigen positie en steun het groepsgevoel."
    ),
    "rational": _(
        "Rationele vrijwilligers: laat concrete resultaten zien en bied kansen om vaardigheden te "
        "ontwikkelen (trainingen, campagnes, duidelijke acties met eenvoudige inspanning)."
    ),
}


def to_score(mean: float) -> int:
    """Mean on the 1..5 scale → 0..100."""
    return round((mean - 1) / 4 * 100)


@dataclass(frozen=True)
class ProfileResult:
    means: dict[str, float | None]
    scores: dict[str, int | None]
    dominant: str | None  # a profile key, MIXED, or None when unknown
    certainty: str  # high / medium / low / none
    margin: float | None
    answered: int
    expected: int

    @property
    def certainty_label(self) -> str:
        return str(CERTAINTY_LABELS[self.certainty])


def profile_result(values: Mapping[str, Sequence[int]], expected: Mapping[str, int] | None = None) -> ProfileResult:
    """Score one person's answers. `values[profile]` = the 1..5 answers to that profile's statements;
    `expected[profile]` = how many statements the questionnaire has for it (for completeness)."""
    expected = expected or {p: len(values.get(p, ())) for p in PROFILES}
    means: dict[str, float | None] = {}
    inconsistent = False
    answered = 0
    for profile in PROFILES:
        vals = [v for v in values.get(profile, ()) if v is not None]
        answered += len(vals)
        means[profile] = sum(vals) / len(vals) if vals else None
        if len(vals) >= 2 and max(vals) - min(vals) >= INCONSISTENT_SPREAD:
            inconsistent = True
    scores = {p: (to_score(m) if m is not None else None) for p, m in means.items()}
    total_expected = sum(expected.get(p, 0) for p in PROFILES)
    if any(m is None for m in means.values()):
        return ProfileResult(means, scores, None, "none", None, answered, total_expected)
    ranked = sorted(PROFILES, key=lambda p: means[p] or 0, reverse=True)
    top, second = means[ranked[0]] or 0.0, means[ranked[1]] or 0.0
    margin = round(top - second, 2)
    if margin < MIXED_MARGIN:
        return ProfileResult(means, scores, MIXED, "low", margin, answered, total_expected)
    complete = answered >= total_expected
    certainty = "high" if margin >= HIGH_MARGIN and complete and not inconsistent else "medium"
    return ProfileResult(means, scores, ranked[0], certainty, margin, answered, total_expected)


@dataclass
class TeamMix:
    respondents: int
    shown: bool
    counts: dict[str, int] = field(default_factory=dict)  # per profile + MIXED + "unknown"
    mean_scores: dict[str, int | None] = field(default_factory=dict)
    leading: str | None = None
    factor_means: dict[str, float] = field(default_factory=dict)

    @property
    def shares(self) -> dict[str, int]:
        """Percentage of respondents per dominant profile (rounded)."""
        if not self.respondents:
            return {}
        return {k: round(v * 100 / self.respondents) for k, v in self.counts.items()}


def team_mix(results: Iterable[ProfileResult], factor_values: Mapping[str, Sequence[int]] | None = None,
             *, floor: int = MIN_RESPONDENTS) -> TeamMix:
    """Aggregate people's results. Below `floor` respondents nothing but the count is returned."""
    results = list(results)
    n = len(results)
    if n < floor:
        return TeamMix(respondents=n, shown=False)
    counts = {p: 0 for p in PROFILES}
    counts[MIXED] = 0
    counts["unknown"] = 0
    for r in results:
        counts[r.dominant if r.dominant else "unknown"] += 1
    mean_scores: dict[str, int | None] = {}
    for p in PROFILES:
        vals = [r.means[p] for r in results if r.means.get(p) is not None]
        mean_scores[p] = to_score(sum(vals) / len(vals)) if vals else None  # type: ignore[arg-type]
    known = {p: s for p, s in mean_scores.items() if s is not None}
    leading = max(known, key=lambda p: known[p]) if known else None
    factor_means = {
        f: round(sum(v) / len(v), 1) for f, v in (factor_values or {}).items() if len(v) >= floor
    }
    return TeamMix(respondents=n, shown=True, counts=counts, mean_scores=mean_scores, leading=leading,
                   factor_means=factor_means)


def kleur(mean: float | None) -> str:
    """Kleurenwijzer-style colour for an evaluation theme's mean (1..5)."""
    if mean is None:
        return "grey"
    if mean >= 4:
        return "green"
    if mean >= 3:
        return "orange"
    return "red"
