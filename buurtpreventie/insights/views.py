from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.initiatives.models import Initiative
from buurtpreventie.surveys.models import Profile
from buurtpreventie.surveys.scoring import IMPLICATIONS, MIXED, PROFILES

from . import figures
from .aggregation import settings_for
from .forms import InsightSettingsForm
from .policies import can_configure_insights
from .selectors import AGE_BANDS, teams_overview_for
from .services import insight_settings_update

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


def _municipality(request: AuthenticatedHttpRequest) -> Municipality:
    """The one resolver (core.tenancy), limited to where the user sees any insight."""
    allowed = [m.pk for m in figures.municipalities_for(user=request.user)]
    chosen: Municipality = resolve_municipality(request, allowed_ids=allowed)
    return chosen


def _filters(request: HttpRequest) -> tuple[int, int | None]:
    try:
        months = int(request.GET.get("maanden", 12))
    except ValueError:
        months = 12
    months = months if months in figures.PERIODS else 12
    try:
        wijk_id = int(request.GET["wijk"]) if request.GET.get("wijk") else None
    except ValueError:
        wijk_id = None
    return months, wijk_id


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    scope = figures.insight_scope(user=request.user, municipality=municipality)
    if not scope.staff:
        return redirect("insights:team", pk=min(scope.own_team_ids))
    months, wijk_id = _filters(request)
    if wijk_id is not None and not scope.sees_wijk(wijk_id):
        wijk_id = None
    data = figures.dashboard(scope=scope, months=months, wijk_id=wijk_id)
    return render(request, "insights/dashboard.html", {
        "municipality": municipality, **data, "periods": figures.PERIODS, "query": request.GET.urlencode(),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "may_configure": can_configure_insights(request.user, municipality.pk),
    })


@login_required
def table_csv(request: AuthenticatedHttpRequest, table_id: str) -> HttpResponse:
    """The table behind any chart, as CSV (same scope and filters as the page)."""
    municipality = _municipality(request)
    scope = figures.insight_scope(user=request.user, municipality=municipality)
    months, wijk_id = _filters(request)
    if request.GET.get("team"):
        initiative = get_object_or_404(Initiative, pk=request.GET["team"], municipality=municipality)
        tables = figures.team_view(scope=scope, initiative=initiative, months=months)["tables"]
    else:
        if wijk_id is not None and not scope.sees_wijk(wijk_id):
            raise PermissionDenied
        tables = figures.dashboard(scope=scope, months=months, wijk_id=wijk_id)["tables"]
    table = next((t for t in tables if t.id == table_id), None)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzicht-{municipality.slug}-{table_id}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(table.columns)
    writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return response


@login_required
def map_json(request: AuthenticatedHttpRequest) -> JsonResponse:
    municipality = _municipality(request)
    scope = figures.insight_scope(user=request.user, municipality=municipality)
    months, wijk_id = _filters(request)
    if wijk_id is not None and not scope.sees_wijk(wijk_id):
        raise PermissionDenied
    return JsonResponse(figures.map_data(scope=scope, months=months, wijk_id=wijk_id))


@login_required
def team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from buurtpreventie.initiatives.selectors import initiative_for_user

    # A team the user may see, or any team where he sees insights; elsewhere 404 (who may see the
    # team's figures is team_view's rule: 403).
    initiative = initiative_for_user(user=request.user, pk=pk) or get_object_or_404(
        Initiative, pk=pk, municipality__in=figures.municipalities_for(user=request.user))
    scope = figures.insight_scope(user=request.user, municipality=initiative.municipality)
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    months, _wijk = _filters(request)
    data = figures.team_view(scope=scope, initiative=initiative, months=months)
    return render(request, "insights/team.html", {
        "municipality": initiative.municipality, **data, "periods": figures.PERIODS, "staff": scope.staff,
        "own_teams": sorted(scope.own_team_ids), "csv_query_team": urlencode({"team": pk, "maanden": months}),
    })


@login_required
def teams_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per team: motivation mix, budget and composition against the wijk (staff)."""
    municipality = _municipality(request)
    if not figures.insight_scope(user=request.user, municipality=municipality).staff:
        raise PermissionDenied
    data: dict[str, Any] = teams_overview_for(user=request.user, municipality=municipality)
    labels = dict(Profile.choices)
    shown = [r for r in data["rows"] if r.mix.shown]
    datasets = [{"label": str(labels[p]), "data": [r.mix.shares.get(p, 0) for r in shown], "stack": "mix"}
                for p in PROFILES]
    datasets.append({"label": _("Gemengd profiel"), "data": [r.mix.shares.get(MIXED, 0) for r in shown],
                     "stack": "mix"})
    chart = {"labels": [r.initiative.name for r in shown], "datasets": datasets, "max": 100}
    return render(request, "insights/teams.html", {
        "municipality": municipality, **data, "chart": chart, "profiles": [(labels[p], p) for p in PROFILES],
        "implications": [(labels[p], IMPLICATIONS[p]) for p in PROFILES],
        "repr_labels": [label for label, _f in AGE_BANDS] + ["vrouw"],
    })


def public_summary(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    summary = figures.public_summary(municipality=municipality)
    if summary is None:
        raise Http404
    request.municipality = municipality  # type: ignore[attr-defined]
    return render(request, "insights/public_summary.html", {"municipality": municipality, **summary})


@login_required
def council_report(request: AuthenticatedHttpRequest, year: str, fmt: str) -> HttpResponse:
    """The yearly council report (staff of the municipality, whole-municipality scope)."""
    from .report import render_pdf, render_xlsx, report_data

    municipality = _municipality(request)
    scope = figures.insight_scope(user=request.user, municipality=municipality)
    if not scope.staff or scope.wijk_ids is not None:
        raise PermissionDenied
    data = report_data(municipality=municipality, year=int(year))
    if fmt == "pdf":
        body, ctype = render_pdf(data), "application/pdf"
    else:
        body = render_xlsx(data)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="raadsbrief-{municipality.slug}-{year}.{fmt}"'
    return response


@login_required
def settings_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    if not can_configure_insights(request.user, municipality.pk):
        raise PermissionDenied
    conf = settings_for(municipality)
    form = InsightSettingsForm(request.POST or None, instance=conf)
    if request.method == "POST" and form.is_valid():
        insight_settings_update(actor=request.user, municipality=municipality,
                                **{k: form.cleaned_data[k] for k in form.Meta.fields})
        messages.success(request, _("De instellingen zijn opgeslagen."))
        return redirect("insights:dashboard")
    return render(request, "insights/settings.html", {"form": form, "municipality": municipality},
                  status=400 if form.is_bound else 200)
