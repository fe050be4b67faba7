"""Surveys API: a team's motivation profile mix (aggregate only, floor of 5 respondents)."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from buurtpreventie.accounts.types import AuthenticatedHttpRequest

from .selectors import access_team_mix

router = Router(tags=["surveys"])


class TeamMixOut(Schema):
    initiative: int
    respondents: int
    shown: bool
    counts: dict[str, int]
    mean_scores: dict[str, int | None]
    leading: str | None
    factor_means: dict[str, float]


@router.get("/teams/{initiative_id}/mix", response={200: TeamMixOut, 403: dict, 404: dict},
            summary="Motivation profile mix of a team (nothing below 5 respondents)")
def team_mix(request: AuthenticatedHttpRequest, initiative_id: int) -> Any:
    user = request.user
    initiative, mix = access_team_mix(user=user, pk=initiative_id)
    return {"initiative": initiative.pk, "respondents": mix.respondents, "shown": mix.shown, "counts": mix.counts,
            "mean_scores": mix.mean_scores, "leading": mix.leading, "factor_means": mix.factor_means}
