"""Surveys API: a team's motivation profile mix (aggregate only, floor of 5 respondents)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status

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
    try:
        initiative, mix = access_team_mix(user=user, pk=initiative_id)
    except Http404:
        return Status(404, {"detail": "Niet gevonden."})
    except PermissionDenied:
        return Status(403, {"detail": "Geen toegang."})
    return {"initiative": initiative.pk, "respondents": mix.respondents, "shown": mix.shown, "counts": mix.counts,
            "mean_scores": mix.mean_scores, "leading": mix.leading, "factor_means": mix.factor_means}
