from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from buurtpreventie.accounts.policies import municipality_ids_with
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.surveys.models import Profile
from buurtpreventie.surveys.scoring import IMPLICATIONS, MIXED, PROFILES

from .selectors import AGE_BANDS, dashboard_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    municipality: Municipality = resolve_municipality(
        request, allowed_ids=municipality_ids_with(request.user, Cap.VIEW_INSIGHTS))
    data: dict[str, Any] = dashboard_for(user=request.user, municipality=municipality)
    labels = dict(Profile.choices)
    shown = [r for r in data["rows"] if r.mix.shown]
    datasets = [{"label": str(labels[p]), "data": [r.mix.shares.get(p, 0) for r in shown], "stack": "mix"}
                for p in PROFILES]
    datasets.append({"label": _("Gemengd profiel"), "data": [r.mix.shares.get(MIXED, 0) for r in shown],
                     "stack": "mix"})
    chart = {
        "labels": [r.initiative.name for r in shown],
        "datasets": datasets,
        "max": 100,
    }
    return render(request, "insights/dashboard.html", {
        "municipality": municipality, **data, "chart": chart, "profiles": [(labels[p], p) for p in PROFILES],
        "implications": [(labels[p], IMPLICATIONS[p]) for p in PROFILES],
        "repr_labels": [label for label, _f in AGE_BANDS] + ["vrouw"],
    })
