"""Pages for rosters, patrol mode and the patrol report. Thin: services and selectors do the work."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtpreventie.accounts.models import User
from buurtpreventie.accounts.policies import team_ids
from buurtpreventie.initiatives.models import Initiative, InitiativeKind, Membership
from buurtpreventie.notifications.selectors import unread_notice_count

from . import policies, services
from .forms import DefectFormSet, ObservationFormSet, ReportForm, RoundPlanForm
from .ics import calendar_for_rounds
from .models import CalendarFeed, Round, RoundParticipant, RoundStatus
from .quality import MISSING_LABELS, quality_label
from .selectors import (
    access_report,
    access_round,
    positions_of_round,
    report_extra_answers,
    report_list_visible_to,
    report_settings_for,
    round_list_visible_to,
    rounds_of_user,
    streets_for_round,
)

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


def _round_or_404(request: AuthenticatedHttpRequest, pk: int) -> Round:
    round = access_round(user=request.user, pk=pk)
    request.municipality = round.initiative.municipality  # type: ignore[attr-defined]
    return round


def _walkers(round: Round) -> list[RoundParticipant]:
    return [p for p in round.participants.select_related("user") if p.cancelled_at is None]


def _my_teams(user: User) -> list[Initiative]:
    return list(Initiative.objects.filter(pk__in=team_ids(user), kind=InitiativeKind.TEAM).order_by("name"))


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    rounds = list(
        round_list_visible_to(user=user)
        .filter(planned_end__gte=now - dt.timedelta(hours=12))
        .exclude(status__in=[RoundStatus.CANCELLED, RoundStatus.ENDED])
        .prefetch_related("participants__user")
        .order_by("planned_start")[:30]
    )
    rows = []
    for r in rounds:
        walkers = [p.user for p in r.participants.all() if p.cancelled_at is None]
        rows.append({"round": r, "walkers": walkers, "signed_up": any(w.pk == user.pk for w in walkers),
                     "below_minimum": len(walkers) < r.minimum_walkers})
    to_report = list(
        round_list_visible_to(user=user).filter(status=RoundStatus.ENDED, participants__user=user,
                                                participants__cancelled_at__isnull=True, reports__isnull=True)
        .order_by("-planned_start")[:5]
    )
    my_reports = list(report_list_visible_to(user=user).filter(initiative_id__in=team_ids(user))[:10])
    teams = _my_teams(user)
    feed = services.calendar_feed_for(user=user) if teams else None
    unread = unread_notice_count(user=user)
    return render(request, "patrols/home.html", {
        "unread_notices": unread, "rows": rows, "teams": teams, "to_report": to_report, "my_reports": my_reports,
        "feed_url": request.build_absolute_uri(reverse("patrols:ics", args=[feed.token])) if feed else "",
        "may_plan": any(policies.may_plan_round(user, t) for t in teams),
    })


@login_required
def round_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    teams = [t for t in _my_teams(user) if policies.may_plan_round(user, t)]
    if not teams:
        raise PermissionDenied
    form = RoundPlanForm(request.POST or None, initiatives=teams,
                         initial={"date": timezone.localdate(), "minimum_walkers": 2})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.round_plan(
                actor=user, initiative=data["initiative"], planned_start=data["planned_start"],
                planned_end=data["planned_end"], meeting_point=data["meeting_point"],
                minimum_walkers=data["minimum_walkers"], planned_streets=data["planned_street_list"],
                wijk=data.get("wijk"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De ronde is gepland. U staat als loper aangemeld."))
            return redirect("patrols:round_detail", round.pk)
    return render(request, "patrols/round_plan.html", {"form": form, "teams": teams})


@login_required
def team_calendar(request: AuthenticatedHttpRequest, initiative_id: int) -> HttpResponse:
    user = request.user
    initiative = get_object_or_404(Initiative, pk=initiative_id)
    visible = round_list_visible_to(user=user, initiative_id=initiative.pk)
    if not (policies.may_plan_round(user, initiative) or initiative.pk in team_ids(user) or visible.exists()):
        raise Http404
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    today = timezone.localdate()
    try:
        year, month = int(request.GET.get("jaar", today.year)), int(request.GET.get("maand", today.month))
        first = dt.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    tz = timezone.get_current_timezone()
    rounds = list(
        visible.filter(planned_start__gte=dt.datetime.combine(first, dt.time.min, tzinfo=tz),
                       planned_start__lte=dt.datetime.combine(last, dt.time.max, tzinfo=tz))
        .prefetch_related("participants__user").order_by("planned_start")
    )
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    for r in rounds:
        count = sum(1 for p in r.participants.all() if p.cancelled_at is None)
        by_day.setdefault(timezone.localtime(r.planned_start).date(), []).append(
            {"round": r, "count": count, "below_minimum": count < r.minimum_walkers
             and r.status == RoundStatus.PLANNED})
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([{"date": d, "in_month": d.month == first.month, "rounds": by_day.get(d, []),
                       "today": d == today} for d in week])
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    return render(request, "patrols/team_calendar.html", {
        "initiative": initiative, "weeks": weeks, "month": first, "prev": prev_month, "next": next_month,
        "items": [item for d in sorted(by_day) for item in by_day[d]],
        "is_manager": policies.may_manage_round(user, Round(initiative=initiative)),
    })


@login_required
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = _round_or_404(request, pk)
    user = request.user
    walkers = _walkers(round)
    return render(request, "patrols/round_detail.html", {
        **_area_context(round), "planned_streets": _planned_streets(round),
        "round": round, "walkers": walkers, "signed_up": any(p.user_id == user.pk for p in walkers),
        "below_minimum": len(walkers) < round.minimum_walkers,
        "may_walk": policies.may_walk(user, round), "may_manage": policies.may_manage_round(user, round),
        "reports": list(round.reports.select_related("author")),
        "may_file": policies.may_file_report(user, round),
        "may_walk_along": policies.may_walk_along(user, round) and round.status == RoundStatus.PLANNED,
    })


def _act(
    request: AuthenticatedHttpRequest, pk: int, action: Any, ok: str, target: str = "patrols:round_detail"
) -> HttpResponse:
    round = _round_or_404(request, pk)
    try:
        action(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, ok)
    return redirect(target, round.pk)


@login_required
@require_POST
def round_signup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    response = _act(request, pk, services.round_signup, _("U bent aangemeld voor deze ronde."))
    from buurtpreventie.initiatives.training import training_gaps_for_user

    round = _round_or_404(request, pk)
    for gap in training_gaps_for_user(user=request.user, initiative=round.initiative):
        if gap.expired_on:
            messages.warning(request, _("Let op: uw training '%(name)s' is verlopen op %(date)s. Vraag uw "
                                        "coördinator naar een nieuwe datum.") % {
                "name": gap.label, "date": f"{gap.expired_on:%d-%m-%Y}"})
        else:
            messages.warning(request, _("Let op: u heeft de training '%(name)s' nog niet gevolgd. Vraag uw "
                                        "coördinator naar een datum.") % {"name": gap.label})
    return response


@login_required
@require_POST
def round_signup_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.round_signup_cancel, _("U bent afgemeld voor deze ronde."))


@login_required
@require_POST
def round_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.round_cancel, _("De ronde is geannuleerd."))


@login_required
@require_POST
def round_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.round_start, _("De ronde is gestart. Goede ronde!"), "patrols:patrol_mode")


@login_required
@require_POST
def round_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.round_end, _("De ronde is beëindigd. Vul nu het loopverslag in."),
                "patrols:report_create")


@login_required
@require_POST
def position_sharing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = _round_or_404(request, pk)
    enabled = request.POST.get("enabled") == "1"
    try:
        services.position_sharing_set(actor=request.user, round=round, enabled=enabled)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("U deelt nu uw locatie met de meldkamer en uw wijkagent zolang de ronde loopt.")
                         if enabled else _("U deelt uw locatie niet meer."))
    return redirect("patrols:patrol_mode", round.pk)


def _planned_streets(round: Round) -> list[str]:
    """The planned route's street names in walking order (the round's GeoJSON keeps them)."""
    return [f["properties"]["name"] for f in (round.planned_route or {}).get("features", [])]


def _area_context(round: Round) -> dict[str, Any]:
    """The round's wijk and planned route for the map (patrol.js)."""
    wijk_geojson = None
    if round.wijk and round.wijk.geometry:
        wijk_geojson = {"type": "Feature", "properties": {"name": round.wijk.name}, "geometry": round.wijk.geometry}
    return {"wijk_geojson": wijk_geojson, "route_geojson": round.planned_route}


def _geo_context(round: Round) -> dict[str, Any]:
    streets = list(streets_for_round(round=round))
    return {
        **_area_context(round),
        "streets_geojson": {"type": "FeatureCollection", "features": [s.as_feature() for s in streets]},
        "street_names": [s.name for s in streets],
    }


@login_required
def patrol_mode(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = _round_or_404(request, pk)
    user = request.user
    if not policies.may_walk(user, round):
        raise PermissionDenied
    participant = RoundParticipant.objects.filter(round=round, user=user).first()
    return render(request, "patrols/patrol_mode.html", {
        "round": round, "participant": participant, "planned_streets": _planned_streets(round),
        "sharing": bool(participant and participant.shares_position and round.status == RoundStatus.RUNNING),
        **_geo_context(round),
    })


def _initial_report(round: Round, user: User) -> dict[str, Any]:
    start = timezone.localtime(round.started_at or round.planned_start)
    end = timezone.localtime(round.ended_at or round.planned_end)
    initial: dict[str, Any] = {
        "date": start.date(), "start_time": start.time().replace(second=0, microsecond=0),
        "end_time": end.time().replace(second=0, microsecond=0),
        "walkers": [p.user_id for p in round.participants.all() if p.cancelled_at is None] or [user.pk],
    }
    if positions_of_round(round=round).exists():
        route = services.route_derive_for_round(actor=user, round=round)
        if route:
            initial["route_streets"] = "\n".join(route)
            initial["route_source"] = "derived"
    return initial


@login_required
def report_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = _round_or_404(request, pk)
    user = request.user
    if not policies.may_file_report(user, round):
        raise PermissionDenied
    focus, questions = report_settings_for(municipality_id=round.initiative.municipality_id)
    walkers_qs = User.objects.filter(
        pk__in=Membership.objects.current().filter(initiative=round.initiative).values("user_id")
    ).order_by("first_name", "username")
    nudge = False
    kwargs: dict[str, Any] = {"walkers_qs": walkers_qs, "focus_points": focus, "extra_questions": questions}
    if request.method == "POST":
        form = ReportForm(request.POST, **kwargs)
        observations = ObservationFormSet(request.POST, prefix="obs")
        defects = DefectFormSet(request.POST, request.FILES, prefix="defect")
        valid = form.is_valid() and observations.is_valid() and defects.is_valid()
        if valid and request.POST.get("confirm_thin") != "1" and (
            not form.cleaned_data["route_list"]
            or not (form.cleaned_data["started_at"] and form.cleaned_data["ended_at"])
        ):
            nudge = True  # F23: a report without route or times is asked for detail once
            valid = False
        if valid:
            data = form.cleaned_data
            date = data["date"]
            tz = timezone.get_current_timezone()
            obs_inputs = [
                services.ObservationInput(
                    observed_at=dt.datetime.combine(date, o["observed_time"], tzinfo=tz), place=o["place"],
                    category=o["category"], behaviour=o["behaviour"], lat=o.get("lat"), lon=o.get("lon"),
                    person={k: o.get(k) or "" for k in ("person_gender", "person_age", "person_height",
                                                        "person_clothing", "person_other")},
                )
                for o in observations.cleaned_data if o
            ]
            defect_inputs = [
                services.DefectInput(category=d["category"], place=d["place"], description=d.get("description", ""),
                                     lat=d.get("lat"), lon=d.get("lon"), photo=d.get("photo"))
                for d in defects.cleaned_data if d
            ]
            report_input = services.ReportInput(
                started_at=data["started_at"], ended_at=data["ended_at"], route_streets=data["route_list"],
                route_source=data.get("route_source") or "typed", route_kind=data.get("route_kind") or "",
                walker_ids=[w.pk for w in data["walkers"]], quiet=data["quiet"], spoke_to_people=data["spoke"],
                conversation_topics=data["conversation_topics"],
                conversation_outcome=data.get("conversation_outcome") or "",
                focus_points=data["focus_points"], extra_answers=data["extra_answers"], notes=data["notes"],
                observations=obs_inputs, defects=defect_inputs, client_uuid=data.get("client_uuid"),
            )
            try:
                report = services.report_submit(actor=user, round=round, data=report_input)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Uw loopverslag is verstuurd. Dank u wel!"))
                return redirect("patrols:report_detail", report.pk)
    else:
        form = ReportForm(initial=_initial_report(round, user), **kwargs)
        observations = ObservationFormSet(prefix="obs")
        defects = DefectFormSet(prefix="defect")
    return render(request, "patrols/report_form.html", {
        "round": round, "form": form, "observations": observations, "defects": defects, "nudge": nudge,
        **_geo_context(round),
    })


@login_required
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = access_report(user=request.user, pk=pk)
    request.municipality = report.municipality  # type: ignore[attr-defined]
    from buurtpreventie.feedback.selectors import feedback_for_report

    return render(request, "patrols/report_detail.html", {
        "report": report, "observations": list(report.observations.all()), "defects": list(report.defects.all()),
        "walkers": list(report.walkers.all()), "feedback": list(feedback_for_report(report=report)),
        "extra_answers": report_extra_answers(report=report),
        "quality_label": quality_label(report.quality_score),
        "missing": [MISSING_LABELS[m] for m in report.quality_missing if m in MISSING_LABELS],
    })


@login_required
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    reports = list(report_list_visible_to(user=user).filter(initiative_id__in=team_ids(user))[:50])
    return render(request, "patrols/report_list.html", {"reports": reports})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Personal .ics feed; the secret token in the URL is the only key (calendar apps cannot log in)."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    since = timezone.now() - dt.timedelta(days=30)
    rounds = list(rounds_of_user(user=feed.user).filter(planned_start__gte=since)[:500])
    from urllib.parse import urlsplit

    from buurtpreventie.notifications.links import base_url as public_base_url

    configured = settings.BUURTPREVENTIE.get("PUBLIC_BASE_URL")
    base_url = public_base_url() if configured else request.build_absolute_uri("/").rstrip("/")
    body = calendar_for_rounds(rounds, base_url=base_url, uid_host=urlsplit(base_url).hostname)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="buurtpreventie.ics"'
    return response


@login_required
@require_POST
def calendar_feed_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.calendar_feed_renew(actor=request.user)
    messages.success(request, _("Er is een nieuw agenda-adres gemaakt; het oude werkt niet meer."))
    return redirect("patrols:home")


def service_worker(request: HttpRequest) -> HttpResponse:
    """The patrol pages' service worker, served under /rondes/ so it may control that scope."""
    from django.contrib.staticfiles import finders

    path = finders.find("patrols/sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as handle:  # noqa: PTH123
        body = handle.read()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/rondes/"
    response["Cache-Control"] = "no-cache"
    return response
