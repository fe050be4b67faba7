from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from buurtpreventie.accounts.policies import has_capability, municipality_ids_with, wijk_scope
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.accounts.selectors import user_memberships
from buurtpreventie.areas.selectors import wijken_of
from buurtpreventie.core.channels import alerts_channel, live_channel
from buurtpreventie.core.live import sign_stream_token
from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.patrols.models import Round, RoundStatus

from . import selectors, services
from .forms import AlertForm, AlertTemplateForm, ClearForm, HomeLocationForm, OutcomeForm, PreviewForm
from .models import AckKind, Alert, AlertStatus, AlertTemplate, HomeLocation
from .policies import live_wijk_scope, may_cancel_sos, may_edit_templates

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest, User


def _staff_municipality(request: HttpRequest, capability: str) -> Any:
    return resolve_municipality(request, allowed_ids=municipality_ids_with(request.user, capability))


def _wijken_geojson(municipality: Any, scope: set[int] | None) -> dict[str, Any]:
    features = []
    for w in wijken_of(municipality=municipality).exclude(geometry=None):
        features.append({"type": "Feature", "id": w.pk,
                         "properties": {"id": w.pk, "name": w.name, "in_scope": scope is None or w.pk in scope},
                         "geometry": w.geometry})
    return {"type": "FeatureCollection", "features": features}


# --- live board ------------------------------------------------------------------------------


@login_required
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
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
        "sos_signals": selectors.sos_active_visible_to(user=request.user, municipality=municipality),
        "may_send": has_capability(request.user, Cap.SEND_ALERT, municipality_id=municipality.pk),
        "stream_url": reverse("alerts:stream_token") + "?soort=meldkamer&gemeente=" + municipality.code,
    })


@login_required
@require_GET
def board_data(request: AuthenticatedHttpRequest) -> JsonResponse:
    municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
    services.live_positions_viewed(actor=request.user, municipality_id=municipality.pk, via="data")
    rows = selectors.live_rounds_visible_to(user=request.user, municipality=municipality)
    return JsonResponse({"rounds": selectors.board_payload(rows)})


@login_required
@require_GET
def board_alerts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """htmx: active alerts on the board, with teams that answered and teams that are late."""
    municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
    return render(request, "alerts/partials/board_alerts.html", {"items": _board_alert_items(request, municipality)})


def _board_alert_items(request: AuthenticatedHttpRequest, municipality: Any) -> list[dict[str, Any]]:
    from django.utils import timezone

    # Escalation runs in the periodic job `alerts.escalations` (every 30 s), not on page loads.
    now = timezone.now()
    items = []
    alerts = list(selectors.alerts_visible_to(user=request.user, municipality=municipality,
                                              status=AlertStatus.ACTIVE))
    team_rows = selectors.alert_team_rows_for(alerts=alerts)  # one aggregate for every alert on the board
    for alert in alerts:
        teams = team_rows[alert.pk]
        for t in teams:
            t["late"] = not t["answered"] and now >= t["deadline"]
        items.append({"alert": alert, "teams": teams})
    return items


@login_required
@require_GET
def stream_token(request: AuthenticatedHttpRequest) -> JsonResponse:
    """A short-lived signed URL for the live stream of this user (fetched before every (re)connect)."""
    user = request.user
    kind = request.GET.get("soort", "lid")
    subs: list[dict[str, Any]] = []
    if kind == "meldkamer":
        municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
        scope = live_wijk_scope(user, municipality_id=municipality.pk)
        services.live_positions_viewed(actor=user, municipality_id=municipality.pk, via="stream")
        w = sorted(scope) if scope is not None else None
        subs = [{"c": live_channel(municipality.pk), "k": "live", "w": w},
                {"c": alerts_channel(municipality.pk), "k": "dispatch", "w": w}]
    else:
        municipality_ids = {m.initiative.municipality_id for m in user_memberships(user=user)}
        home = HomeLocation.objects.filter(user=user).values_list("municipality_id", flat=True).first()
        if home:
            municipality_ids.add(home)
        from .models import AlertSubscription

        municipality_ids |= set(AlertSubscription.objects.filter(user=user).values_list("municipality_id", flat=True))
        subs = [{"c": alerts_channel(mid), "k": "member", "u": user.pk} for mid in sorted(municipality_ids)]
        if not subs:
            raise PermissionDenied
    from buurtpreventie.accounts.selectors import access_fingerprint

    if not request.session.session_key:
        request.session.save()
    token = sign_stream_token(user_id=user.pk, subscriptions=subs, session_key=str(request.session.session_key),
                              fingerprint=access_fingerprint(user_id=user.pk))
    return JsonResponse({"url": f"/live/stream?token={token}"})


# --- alerts for staff ------------------------------------------------------------------------


@login_required
def alert_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    municipality = resolve_municipality(request, allowed_ids=municipality_ids_with(user, Cap.SEND_ALERT),
                                        required=False)
    if municipality is None:
        items = selectors.alerts_for_recipient(user=user, hours=24 * 30)
        return render(request, "alerts/my_alerts.html", {"items": items})
    return render(request, "alerts/alert_list.html", {
        "municipality": municipality,
        "alerts": selectors.alerts_visible_to(user=user, municipality=municipality)[:50],
        "may_edit_templates": may_edit_templates(user, municipality_id=municipality.pk),
    })


def _alert_form_context(request: AuthenticatedHttpRequest, municipality: Any, form: AlertForm) -> dict[str, Any]:
    scope = wijk_scope(request.user, Cap.SEND_ALERT, municipality_id=municipality.pk)
    rows = selectors.live_rounds_visible_to(user=request.user, municipality=municipality)
    templates = {t.pk: {"situation": t.situation, "instructions": t.instructions}
                 for t in selectors.alert_templates_for(municipality=municipality)}
    return {"municipality": municipality, "form": form, "wijken_geojson": _wijken_geojson(municipality, scope),
            "board_json": selectors.board_payload(rows), "templates_json": templates}


@login_required
def alert_new(request: AuthenticatedHttpRequest) -> HttpResponse:
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
            reached = selectors.recipient_count(alert)
            messages.success(request, _("Alarm verstuurd naar %(n)s personen.") % {"n": reached})
            return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/alert_form.html", _alert_form_context(request, municipality, form))


@login_required
@require_POST
def alert_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
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


def _get_alert(request: AuthenticatedHttpRequest, pk: int) -> tuple[Alert, bool, Any]:
    access = selectors.access_alert(user=request.user, pk=pk)
    request.municipality = access.alert.municipality  # type: ignore[attr-defined]
    return access.alert, access.manager, access.recipient


@login_required
def alert_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert, manager, recipient = _get_alert(request, pk)
    if not manager:
        items = [i for i in selectors.alerts_for_recipient(user=request.user, hours=24 * 365) if i["alert"].pk == pk]
        return render(request, "alerts/alert_member.html", {"alert": alert, "items": items})
    from .targeting import AlertArea

    area = AlertArea(lat=alert.lat, lon=alert.lon, radius_m=alert.radius_m, wijk_id=alert.wijk_id,
                     polygon=alert.polygon, include_neighbours=alert.include_neighbours)
    return render(request, "alerts/alert_detail.html", {
        "alert": alert,
        "rows": selectors.alert_recipient_rows(alert=alert),
        "teams": selectors.alert_team_rows(alert=alert),
        "sightings": selectors.alert_sightings(alert=alert),
        "history": alert.history.select_related("actor"),
        "area_geojson": area.as_geojson(),
        "outcome_form": OutcomeForm(initial={"outcome": alert.outcome}),
        "clear_form": ClearForm(),
        "stream_url": reverse("alerts:stream_token") + "?soort=meldkamer&gemeente=" + alert.municipality.code,
    })


@login_required
def alert_teams(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """htmx: the team/answer tables, refreshed on events and every 30 s.

    Escalation itself runs in the periodic job `alerts.escalations`, not on this refresh."""
    alert, manager, _recipient = _get_alert(request, pk)
    if not manager:
        raise Http404
    return render(request, "alerts/partials/alert_status.html", {
        "alert": alert, "rows": selectors.alert_recipient_rows(alert=alert),
        "teams": selectors.alert_team_rows(alert=alert), "sightings": selectors.alert_sightings(alert=alert)})


@login_required
@require_POST
def alert_ack(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def alert_sighting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """'Ik zie iets' from the phone: text, position, optional photo (multipart)."""
    alert, _manager, recipient = _get_alert(request, pk)
    if recipient is None:
        raise Http404

    def number(name: str) -> float | None:
        try:
            return float(request.POST[name]) if request.POST.get(name) else None
        except ValueError:
            return None

    try:
        services.alert_sighting_report(actor=request.user, alert=alert, text=request.POST.get("text", ""),
                                       lat=number("lat"), lon=number("lon"), photo=request.FILES.get("photo"))
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    if request.headers.get("HX-Request") or request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True, "message": _("Doorgegeven aan de meldkamer.")}, status=201)
    messages.success(request, _("Doorgegeven aan de meldkamer."))
    return redirect("alerts:detail", pk=alert.pk)


@login_required
@require_GET
def sighting_photo(request: AuthenticatedHttpRequest, pk: int, sighting_pk: int) -> HttpResponse:
    """The photo of a sighting: only for who manages the alert (dispatcher, wijkagent) and its sender."""
    from .models import AlertSighting

    alert, manager, recipient = _get_alert(request, pk)
    sighting = get_object_or_404(AlertSighting, pk=sighting_pk, alert=alert, photo_jpeg__isnull=False)
    if not manager and (recipient is None or sighting.recipient_id != recipient.pk):
        raise Http404
    response = HttpResponse(bytes(sighting.photo_jpeg or b""), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def alert_receipt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The phone reports: the alert arrived (`delivered`) or was shown in view (`seen`)."""
    alert, _manager, recipient = _get_alert(request, pk)
    if recipient is None:
        raise Http404
    from .delivery import confirm

    confirm(recipient=recipient, stage="seen" if request.POST.get("stage") == "seen" else "delivered")
    return HttpResponse(status=204)


@login_required
@require_POST
def alert_clear(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert, manager, _recipient = _get_alert(request, pk)
    if not manager:
        raise PermissionDenied
    form = ClearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul de afloop in en bevestig dat het gevaar voorbij is; het alarm loopt nog."))
        return redirect("alerts:detail", pk=alert.pk)
    try:
        services.alert_clear(actor=request.user, alert=alert, outcome=form.cleaned_data["outcome"])
        messages.success(request, _("Het alarm is opgeheven; alle ontvangers zijn ingelicht."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("alerts:detail", pk=alert.pk)


@login_required
@require_POST
def alert_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert, manager, _recipient = _get_alert(request, pk)
    if not manager:
        raise PermissionDenied
    try:
        services.alert_outcome_publish(actor=request.user, alert=alert, outcome=request.POST.get("outcome", ""))
        messages.success(request, _("De afloop is naar alle ontvangers gestuurd."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("alerts:detail", pk=alert.pk)


# --- team mates on the map --------------------------------------------------------------------


@login_required
def round_mates(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """GET: team mates of my running round who opted in; POST enabled=1/0: my own opt-in."""
    rnd = get_object_or_404(Round.objects.select_related("initiative"), pk=pk)
    if not rnd.participants.filter(user_id=request.user.pk or 0, cancelled_at__isnull=True).exists():
        raise Http404
    if request.method == "POST":
        services.round_mates_sharing_set(actor=request.user, round=rnd, enabled=request.POST.get("enabled") == "1")
    return JsonResponse(selectors.round_mates_for(user=request.user, round=rnd))


# --- subscriptions and preferences ------------------------------------------------------------


@login_required
def subscriptions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Residents and members: alerts for home or a chosen area, channels and quiet hours."""
    from buurtpreventie.notifications.service import message_types_received

    from .forms import PreferenceForm, SubscriptionForm
    from .models import AlertPreference, AlertSubscription

    user = request.user
    pref = AlertPreference.objects.filter(user=user).first()
    sub_form = SubscriptionForm(request.POST if request.POST.get("action") == "add" else None)
    initial: dict[str, Any] = {
        "push": pref.push, "email": pref.email, "sms": pref.sms, "sms_number": pref.sms_number,
        "followups": pref.followups, "quiet_from": pref.quiet_from, "quiet_until": pref.quiet_until,
    } if pref else {}
    initial["message_types"] = sorted(message_types_received(user=user))
    pref_form = PreferenceForm(request.POST if request.POST.get("action") == "preferences" else None,
                               initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "remove":
                sub = get_object_or_404(AlertSubscription, pk=request.POST.get("id") or 0, user=user)
                services.alert_subscription_remove(actor=user, subscription=sub)
                messages.success(request, _("Het gebied is verwijderd."))
                return redirect("alerts:subscriptions")
            if action == "add" and sub_form.is_valid():
                d = sub_form.cleaned_data
                services.alert_subscription_add(actor=user, lat=d["lat"], lon=d["lon"], radius_m=d["radius_m"],
                                                label=d["label"])
                messages.success(request, _("Opgeslagen: u krijgt alarmen voor dit gebied."))
                return redirect("alerts:subscriptions")
            if action == "preferences" and pref_form.is_valid():
                services.alert_preference_save(actor=user, **pref_form.cleaned_data)
                messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
                return redirect("alerts:subscriptions")
        except ValidationError as exc:
            (sub_form if action == "add" else pref_form).add_error(None, exc)
    from buurtpreventie.core.tenancy import resolve_municipality

    subscriptions = list(AlertSubscription.objects.filter(user=user).order_by("created_at"))
    try:  # only the outline of the wijken as orientation: a page every logged-in person may open
        municipality = resolve_municipality(request, required=False)
    except (Http404, PermissionDenied):
        municipality = None
    return render(request, "alerts/subscriptions.html", {
        "subscriptions": subscriptions, "sub_form": sub_form, "pref_form": pref_form,
        # The map: the person's own circles (already coarse) and the wijken as orientation.
        "subscription_areas": [{"id": s.pk, "lat": s.lat, "lon": s.lon, "radius_m": s.radius_m,
                                "label": s.label} for s in subscriptions],
        "wijken_geojson": _wijken_geojson(municipality, None) if municipality is not None else None})


# --- SOS -------------------------------------------------------------------------------------


@login_required
@require_POST
def sos_raise(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Long press on the SOS button in patrol mode: position and round to the live board."""
    rnd = get_object_or_404(Round.objects.select_related("initiative"), pk=request.POST.get("round") or 0)

    def number(name: str) -> float | None:
        try:
            return float(request.POST[name]) if request.POST.get(name) else None
        except ValueError:
            return None

    try:
        sos = services.sos_raise(actor=request.user, round=rnd, lat=number("lat"), lon=number("lon"))
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"sos_id": sos.pk, "cancel_url": reverse("alerts:sos_cancel", args=[sos.pk]),
                         "message": _("SOS verstuurd. De meldkamer, de wijkagent en uw coördinator zijn ingelicht. "
                                      "Bel 112 als u kunt.")}, status=201)


@login_required
@require_POST
def sos_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from .models import SosSignal

    sos = get_object_or_404(SosSignal.objects.select_related("round__initiative"), pk=pk)
    if not may_cancel_sos(request.user, sos):
        raise Http404  # someone else's SOS: not even its existence
    if request.POST.get("confirm") != "1":
        return JsonResponse({"error": _("Bevestig dat u de SOS wilt intrekken.")}, status=400)
    services.sos_cancel(actor=request.user, sos=sos)
    if request.headers.get("HX-Request"):
        municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
        return render(request, "alerts/partials/board_sos.html", {
            "signals": selectors.sos_active_visible_to(user=request.user, municipality=municipality),
            "municipality": municipality})
    return JsonResponse({"message": _("De SOS is ingetrokken.")})


@login_required
@require_GET
def board_sos(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.VIEW_LIVE_BOARD)
    return render(request, "alerts/partials/board_sos.html", {
        "signals": selectors.sos_active_visible_to(user=request.user, municipality=municipality),
        "municipality": municipality})


# --- templates -------------------------------------------------------------------------------


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.SEND_ALERT)
    if not may_edit_templates(request.user, municipality_id=municipality.pk):
        raise PermissionDenied
    return render(request, "alerts/template_list.html", {
        "municipality": municipality, "templates": selectors.alert_templates_for(municipality=municipality)})


@login_required
def template_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
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


def _running_round_for(user: User) -> Round | None:
    return (Round.objects.filter(status=RoundStatus.RUNNING, participants__user=user,
                                 participants__cancelled_at__isnull=True)
            .select_related("initiative", "wijk").order_by("-started_at").first())


@login_required
def my_round(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Minimal patrol-mode page: my running round and the alerts that reach me."""
    user = request.user
    if not user_memberships(user=user):
        raise PermissionDenied
    walks = any(m.initiative.kind == "team" for m in user_memberships(user=user))  # app groups walk no rounds
    return render(request, "alerts/my_round.html", {"round": _running_round_for(user), "walks": walks})


@login_required
def home_location(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
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
def push_subscribe(request: AuthenticatedHttpRequest) -> JsonResponse:
    try:
        data = json.loads(request.body or b"{}")
        keys = data.get("keys") or {}
        services.push_subscription_save(actor=request.user, endpoint=str(data.get("endpoint", "")),
                                        p256dh=str(keys.get("p256dh", "")), auth=str(keys.get("auth", "")))
    except (ValueError, ValidationError):
        return JsonResponse({"ok": False}, status=400)
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def push_receipt(request: HttpRequest) -> HttpResponse:
    """The service worker reports that it showed the push notification of an alert ("seen").

    No session or CSRF token in a service worker: the signed token from the push payload names the
    one recipient row, and the only thing it can do is mark that row seen."""
    from .delivery import confirm, recipient_for_push_receipt

    try:
        token = str(json.loads(request.body or b"{}").get("receipt", ""))
    except (ValueError, AttributeError):
        token = ""
    recipient = recipient_for_push_receipt(token) if token else None
    if recipient is None:
        return HttpResponse(status=400)
    confirm(recipient=recipient, stage="seen")
    return HttpResponse(status=204)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    icon = static("alerts/alarm.svg")
    body = (
        "self.addEventListener('push', function (event) {\n"
        "  var data = {}; try { data = event.data.json(); } catch (e) { data = {title: 'Buurtpreventie', body: ''}; }\n"
        "  var shown = self.registration.showNotification(data.title || 'Buurtpreventie', {\n"
        f"    body: data.body || '', icon: '{icon}', tag: 'alert-' + (data.alert_id || ''), renotify: true,\n"
        "    requireInteraction: true, data: {url: data.url || '/alarm/'}\n  });\n"
        "  if (data.receipt) {  // tell the dispatcher the alert is on the screen\n"
        f"    shown = shown.then(function () {{ return fetch('{reverse('alerts:push_receipt')}', {{\n"
        "      method: 'POST', headers: {'Content-Type': 'application/json'}, credentials: 'omit',\n"
        "      body: JSON.stringify({receipt: data.receipt})}).catch(function () {}); });\n"
        "  }\n"
        "  event.waitUntil(shown);\n});\n"
        "self.addEventListener('notificationclick', function (event) {\n"
        "  event.notification.close();\n"
        "  event.waitUntil(clients.openWindow(event.notification.data.url));\n});\n"
    )
    response = HttpResponse(body, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


ACK_CHOICES = AckKind.choices
