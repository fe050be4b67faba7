from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buurtpreventie.accounts.policies import has_capability, wijk_scope
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.accounts.selectors import user_memberships
from buurtpreventie.areas.selectors import wijken_of
from buurtpreventie.core.live import sign_stream_token
from buurtpreventie.patrols.models import Round, RoundStatus

from . import selectors, services
from .forms import AlertForm, AlertTemplateForm, HomeLocationForm, OutcomeForm, PreviewForm
from .models import AckKind, Alert, AlertTemplate, HomeLocation
from .policies import live_wijk_scope, may_edit_templates, may_manage_alert, recipient_of


def _staff_municipality(request: HttpRequest, capability: str) -> Any:
    municipality = selectors.staff_municipality(user=request.user, capability=capability,
                                                code=request.GET.get("gemeente"))
    if municipality is None:
        raise PermissionDenied
    request.municipality = municipality  # type: ignore[attr-defined]
    return municipality


def _wijken_geojson(municipality: Any, scope: set[int] | None) -> dict[str, Any]:
    features = []
    for w in wijken_of(municipality=municipality).exclude(geometry=None):
        features.append({"type": "Feature", "id": w.pk,
                         "properties": {"id": w.pk, "name": w.name, "in_scope": scope is None or w.pk in scope},
                         "geometry": w.geometry})
    return {"type": "FeatureCollection", "features": features}


# --- live board ------------------------------------------------------------------------------


@login_required
def board(request: HttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
    services.live_positions_viewed(actor=request.user, municipality_id=municipality.pk, via="page")
    rows = selectors.live_rounds_visible_to(user=request.user, municipality=municipality)
    scope = live_wijk_scope(request.user, municipality_id=municipality.pk)
    return render(request, "alerts/board.html", {
        "municipality": municipality,
        "rows": rows,
        "board_json": selectors.board_payload(rows),
        "wijken_geojson": _wijken_geojson(municipality, scope),
        "alert_items": _board_alert_items(request, municipality),
        "may_send": has_capability(request.user, Cap.SEND_ALERT, municipality_id=municipality.pk),
        "stream_url": reverse("alerts:stream_token") + "?soort=meldkamer&gemeente=" + municipality.code,
    })


@login_required
@require_GET
def board_data(request: HttpRequest) -> JsonResponse:
    municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
    services.live_positions_viewed(actor=request.user, municipality_id=municipality.pk, via="data")
    rows = selectors.live_rounds_visible_to(user=request.user, municipality=municipality)
    return JsonResponse({"rounds": selectors.board_payload(rows)})


@login_required
@require_GET
def board_alerts(request: HttpRequest) -> HttpResponse:
    """htmx: active alerts on the board, with teams that answered and teams that are late."""
    municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
    return render(request, "alerts/partials/board_alerts.html", {"items": _board_alert_items(request, municipality)})


def _board_alert_items(request: HttpRequest, municipality: Any) -> list[dict[str, Any]]:
    from django.utils import timezone

    services.alert_escalations_check()
    now = timezone.now()
    items = []
    for alert in selectors.alerts_visible_to(user=request.user, municipality=municipality).filter(status="active"):
        teams = selectors.alert_team_rows(alert=alert)
        for t in teams:
            t["late"] = not t["answered"] and now >= t["deadline"]
        items.append({"alert": alert, "teams": teams})
    return items


@login_required
@require_GET
def stream_token(request: HttpRequest) -> JsonResponse:
    """A short-lived signed URL for the live stream of this user (fetched before every (re)connect)."""
    user: Any = request.user
    kind = request.GET.get("soort", "lid")
    subs: list[dict[str, Any]] = []
    if kind == "meldkamer":
        municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
        scope = live_wijk_scope(user, municipality_id=municipality.pk)
        services.live_positions_viewed(actor=user, municipality_id=municipality.pk, via="stream")
        w = sorted(scope) if scope is not None else None
        subs = [{"c": services.live_channel(municipality.pk), "k": "live", "w": w},
                {"c": services.alerts_channel(municipality.pk), "k": "dispatch", "w": w}]
    else:
        municipality_ids = {m.initiative.municipality_id for m in user_memberships(user=user)}
        home = HomeLocation.objects.filter(user=user).values_list("municipality_id", flat=True).first()
        if home:
            municipality_ids.add(home)
        subs = [{"c": services.alerts_channel(mid), "k": "member", "u": user.pk} for mid in sorted(municipality_ids)]
        if not subs:
            raise PermissionDenied
    token = sign_stream_token(user_id=user.pk, subscriptions=subs)
    return JsonResponse({"url": f"/live/stream?token={token}"})


# --- alerts for staff ------------------------------------------------------------------------


@login_required
def alert_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    municipality = selectors.staff_municipality(user=user, capability=Cap.SEND_ALERT, code=request.GET.get("gemeente"))
    if municipality is None:
        items = selectors.alerts_for_recipient(user=user, hours=24 * 30)
        return render(request, "alerts/my_alerts.html", {"items": items})
    request.municipality = municipality  # type: ignore[attr-defined]
    return render(request, "alerts/alert_list.html", {
        "municipality": municipality,
        "alerts": selectors.alerts_visible_to(user=user, municipality=municipality)[:50],
        "may_edit_templates": may_edit_templates(user, municipality_id=municipality.pk),
    })


def _alert_form_context(request: HttpRequest, municipality: Any, form: AlertForm) -> dict[str, Any]:
    scope = wijk_scope(request.user, Cap.SEND_ALERT, municipality_id=municipality.pk)
    rows = selectors.live_rounds_visible_to(user=request.user, municipality=municipality)
    templates = {t.pk: {"situation": t.situation, "instructions": t.instructions}
                 for t in selectors.alert_templates_for(municipality=municipality)}
    return {"municipality": municipality, "form": form, "wijken_geojson": _wijken_geojson(municipality, scope),
            "board_json": selectors.board_payload(rows), "templates_json": templates}


@login_required
def alert_new(request: HttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.SEND_ALERT)
    scope = wijk_scope(request.user, Cap.SEND_ALERT, municipality_id=municipality.pk)
    form = AlertForm(request.POST or None, municipality=municipality, wijk_scope=scope)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            alert = services.alert_send(
                actor=request.user, municipality=municipality, area=form.area(), situation=d["situation"],
                instructions=d["instructions"], include_coordinators=d["include_coordinators"],
                include_residents=d["include_residents"], escalate_after_minutes=d["escalate_after_minutes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error(None, _("Dit gebied ligt (deels) buiten uw wijken; u mag hier geen alarm sturen."))
        else:
            messages.success(request, _("Alarm verstuurd naar %(n)s personen.") % {"n": alert.recipients.count()})
            return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/alert_form.html", _alert_form_context(request, municipality, form))


@login_required
@require_POST
def alert_preview(request: HttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.SEND_ALERT)
    scope = wijk_scope(request.user, Cap.SEND_ALERT, municipality_id=municipality.pk)
    form = PreviewForm(request.POST, municipality=municipality, wijk_scope=scope)
    context: dict[str, Any] = {"result": None, "error": None}
    if form.is_valid():
        try:
            context["result"] = services.alert_preview(
                actor=request.user, municipality=municipality, area=form.area(),
                include_coordinators=form.cleaned_data["include_coordinators"],
                include_residents=form.cleaned_data["include_residents"])
            context["area"] = form.area().as_geojson()
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        except PermissionDenied:
            context["error"] = _("Dit gebied ligt (deels) buiten uw wijken.")
    else:
        context["error"] = _("Kies eerst het gebied.")
    return render(request, "alerts/partials/preview.html", context)


def _get_alert(request: HttpRequest, pk: int) -> tuple[Alert, bool, Any]:
    alert = get_object_or_404(Alert.objects.select_related("municipality", "created_by", "wijk"), pk=pk)
    manager = may_manage_alert(request.user, alert)
    recipient = recipient_of(request.user, alert)
    if not manager and recipient is None:
        raise Http404
    request.municipality = alert.municipality  # type: ignore[attr-defined]
    return alert, manager, recipient


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert, manager, recipient = _get_alert(request, pk)
    if not manager:
        items = [i for i in selectors.alerts_for_recipient(user=request.user, hours=24 * 365) if i["alert"].pk == pk]
        return render(request, "alerts/alert_member.html", {"alert": alert, "items": items})
    from .targeting import AlertArea

    area = AlertArea(lat=alert.lat, lon=alert.lon, radius_m=alert.radius_m, wijk_id=alert.wijk_id,
                     polygon=alert.polygon)
    return render(request, "alerts/alert_detail.html", {
        "alert": alert,
        "rows": selectors.alert_recipient_rows(alert=alert),
        "teams": selectors.alert_team_rows(alert=alert),
        "history": alert.history.select_related("actor"),
        "area_geojson": area.as_geojson(),
        "outcome_form": OutcomeForm(initial={"outcome": alert.outcome}),
        "stream_url": reverse("alerts:stream_token") + "?soort=meldkamer&gemeente=" + alert.municipality.code,
    })


@login_required
def alert_teams(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the team/answer tables, refreshed on events and every 30 s (runs the escalation check)."""
    alert, manager, _recipient = _get_alert(request, pk)
    if not manager:
        raise Http404
    services.alert_escalations_check()
    alert.refresh_from_db()
    return render(request, "alerts/partials/alert_status.html", {
        "alert": alert, "rows": selectors.alert_recipient_rows(alert=alert),
        "teams": selectors.alert_team_rows(alert=alert)})


@login_required
@require_POST
def alert_ack(request: HttpRequest, pk: int) -> HttpResponse:
    alert, _manager, recipient = _get_alert(request, pk)
    if recipient is None:
        raise Http404
    kind = request.POST.get("kind", "")
    try:
        services.alert_acknowledge(actor=request.user, alert=alert, kind=kind)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    if request.headers.get("HX-Request"):
        item = next(i for i in selectors.alerts_for_recipient(user=request.user, hours=24 * 365)
                    if i["alert"].pk == alert.pk)
        return render(request, "alerts/partials/member_alert.html", {"item": item})
    messages.success(request, _("Uw antwoord is doorgegeven aan de meldkamer."))
    return redirect("alerts:detail", pk=alert.pk)


@login_required
@require_POST
def alert_clear(request: HttpRequest, pk: int) -> HttpResponse:
    alert, manager, _recipient = _get_alert(request, pk)
    if not manager:
        raise PermissionDenied
    try:
        services.alert_clear(actor=request.user, alert=alert, outcome=request.POST.get("outcome", ""))
        messages.success(request, _("Het alarm is opgeheven; alle ontvangers zijn ingelicht."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("alerts:detail", pk=alert.pk)


@login_required
@require_POST
def alert_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    alert, manager, _recipient = _get_alert(request, pk)
    if not manager:
        raise PermissionDenied
    try:
        services.alert_outcome_publish(actor=request.user, alert=alert, outcome=request.POST.get("outcome", ""))
        messages.success(request, _("De afloop is naar alle ontvangers gestuurd."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("alerts:detail", pk=alert.pk)


# --- templates -------------------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.SEND_ALERT)
    if not may_edit_templates(request.user, municipality_id=municipality.pk):
        raise PermissionDenied
    return render(request, "alerts/template_list.html", {
        "municipality": municipality, "templates": selectors.alert_templates_for(municipality=municipality)})


@login_required
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.SEND_ALERT)
    if not may_edit_templates(request.user, municipality_id=municipality.pk):
        raise PermissionDenied
    instance = get_object_or_404(AlertTemplate, pk=pk, municipality=municipality) if pk else None
    form = AlertTemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.alert_template_save(actor=request.user, municipality=municipality, name=d["name"],
                                         situation=d["situation"], instructions=d["instructions"],
                                         order=d["order"] or 0, template=instance)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sjabloon opgeslagen."))
            return redirect("alerts:templates")
    return render(request, "alerts/template_form.html", {"form": form, "template": instance})


# --- members ---------------------------------------------------------------------------------


def _running_round_for(user: Any) -> Round | None:
    return (Round.objects.filter(status=RoundStatus.RUNNING, participants__user=user,
                                 participants__cancelled_at__isnull=True)
            .select_related("initiative", "wijk").order_by("-started_at").first())


@login_required
def my_round(request: HttpRequest) -> HttpResponse:
    """Minimal patrol-mode page: my running round and the alerts that reach me."""
    user: Any = request.user
    if not user_memberships(user=user):
        raise PermissionDenied
    walks = any(m.initiative.kind == "team" for m in user_memberships(user=user))  # app groups walk no rounds
    return render(request, "alerts/my_round.html", {"round": _running_round_for(user), "walks": walks})


@login_required
def home_location(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    memberships = user_memberships(user=user)
    if not memberships:
        raise PermissionDenied
    municipality = memberships[0].initiative.municipality
    current = HomeLocation.objects.filter(user=user).first()
    form = HomeLocationForm(request.POST or None, initial={"lat": current.lat, "lon": current.lon} if current else None)
    if request.method == "POST":
        if request.POST.get("remove"):
            services.home_location_remove(actor=user)
            messages.success(request, _("Uw thuislocatie is verwijderd; u krijgt thuis geen alarmen meer."))
            return redirect("alerts:home")
        if form.is_valid():
            services.home_location_set(actor=user, municipality=municipality, lat=form.cleaned_data["lat"],
                                       lon=form.cleaned_data["lon"])
            messages.success(request, _("Opgeslagen: u krijgt alarmen in de buurt van uw huis."))
            return redirect("alerts:home")
    return render(request, "alerts/home_location.html", {
        "form": form, "current": current, "wijken_geojson": _wijken_geojson(municipality, None)})


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    try:
        data = json.loads(request.body or b"{}")
        keys = data.get("keys") or {}
        services.push_subscription_save(actor=request.user, endpoint=str(data.get("endpoint", "")),
                                        p256dh=str(keys.get("p256dh", "")), auth=str(keys.get("auth", "")))
    except (ValueError, ValidationError):
        return JsonResponse({"ok": False}, status=400)
    return JsonResponse({"ok": True})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    icon = static("alerts/alarm.svg")
    body = (
        "self.addEventListener('push', function (event) {\n"
        "  var data = {}; try { data = event.data.json(); } catch (e) { data = {title: 'Buurtpreventie', body: ''}; }\n"
        "  event.waitUntil(self.registration.showNotification(data.title || 'Buurtpreventie', {\n"
        f"    body: data.body || '', icon: '{icon}', tag: 'alert-' + (data.alert_id || ''), renotify: true,\n"
        "    requireInteraction: true, data: {url: data.url || '/alarm/'}\n  }));\n});\n"
        "self.addEventListener('notificationclick', function (event) {\n"
        "  event.notification.close();\n"
        "  event.waitUntil(clients.openWindow(event.notification.data.url));\n});\n"
    )
    response = HttpResponse(body, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


ACK_CHOICES = AckKind.choices
