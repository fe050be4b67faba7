"""Pages for signals: the phone form (offline through the patrols' outbox), the member's own list
with the feedback and its share text, and the professionals' feed of app-group signals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.patrols.models import DefectCategory
from buurtpreventie.patrols.quality import quality_label
from buurtpreventie.patrols.selectors import report_settings_for
from buurtpreventie.patrols.services import DefectInput

from . import services
from .forms import SignalForm
from .models import SAAR_RULE
from .quality import MISSING_LABELS
from .selectors import access_signal, feed_groups, initiatives_to_file_for, signal_counter_page, signals_of_user

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initiatives = initiatives_to_file_for(user=user)
    rows = list(signals_of_user(user=user).prefetch_related("feedback")[:50])
    return render(request, "signals/home.html", {"initiatives": initiatives, "rows": rows, "saar_rule": SAAR_RULE})


def _geo_context(initiatives: list[Any]) -> dict[str, Any]:
    from buurtpreventie.areas.models import Street, Wijk

    wijken = Wijk.objects.filter(initiatives__in=[i.pk for i in initiatives]).distinct()
    features = [{"type": "Feature", "properties": {"name": w.name}, "geometry": w.geometry}
                for w in wijken if w.geometry]
    streets = Street.objects.filter(wijken__in=wijken).values_list("name", flat=True).distinct().order_by("name")
    return {"wijk_geojson": {"type": "FeatureCollection", "features": features}, "street_names": list(streets)}


@login_required
def signal_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initiatives = initiatives_to_file_for(user=user)
    if not initiatives:
        raise PermissionDenied
    municipality_id = initiatives[0].municipality_id
    request.municipality = initiatives[0].municipality  # type: ignore[attr-defined]
    _focus, questions = report_settings_for(municipality_id=municipality_id)
    kwargs: dict[str, Any] = {"initiatives": initiatives, "extra_questions": questions}
    if request.method == "POST":
        form = SignalForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            defect = None
            if data.get("defect_category"):
                defect = DefectInput(category=data["defect_category"], place=data["place"],
                                     description=data.get("defect_description", ""),
                                     lat=data.get("lat"), lon=data.get("lon"), photo=data.get("defect_photo"))
            signal_input = services.SignalInput(
                observed_at=data["observed_at"], place=data["place"], category=data["category"],
                behaviour=data["behaviour"], lat=data.get("lat"), lon=data.get("lon"), person=form.person(),
                called_112=data["called"], called_112_by=data.get("called_112_by") or "",
                called_112_at=data.get("called_at"), photo=data.get("photo"), defect=defect,
                extra_answers=data["extra_answers"], client_uuid=data.get("client_uuid"),
            )
            try:
                signal = services.signal_file(actor=user, initiative=data["initiative"], data=signal_input)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Uw signaal is verstuurd naar gemeente en politie. Dank u wel!"))
                return redirect("signals:detail", signal.pk)
    else:
        now = timezone.localtime()
        form = SignalForm(initial={"date": now.date(), "time": now.strftime("%H:%M"),
                                   "initiative": initiatives[0].pk}, **kwargs)
    return render(request, "signals/signal_form.html", {
        "form": form, "saar_rule": SAAR_RULE, "defect_categories": DefectCategory.choices,
        **_geo_context(initiatives),
    })


@login_required
def signal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from buurtpreventie.core.audit import audit_record
    from buurtpreventie.feedback.selectors import feedback_for_signal, share_text

    signal = access_signal(request.user, pk)
    request.municipality = signal.municipality  # type: ignore[attr-defined]
    audit_record(actor=request.user, action="signal.view", obj=signal, municipality_id=signal.municipality_id)
    feedback = [{"item": f, "share": share_text(feedback=f)} for f in feedback_for_signal(signal=signal)]
    return render(request, "signals/signal_detail.html", {
        "signal": signal, "feedback": feedback, "quality_label": quality_label(signal.quality_score),
        "missing": [MISSING_LABELS[m] for m in signal.quality_missing if m in MISSING_LABELS],
        "saar_rule": SAAR_RULE,
    })


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The professional's feed: signals of the app groups in his wijken, by group and period."""
    from buurtpreventie.feedback.selectors import inbox_municipality_ids

    ids = inbox_municipality_ids(user=request.user)
    if not ids:
        raise PermissionDenied
    municipality = resolve_municipality(request, allowed_ids=ids)  # another municipality: 404
    groups = list(feed_groups(user=request.user, municipality_id=municipality.pk))
    group_id = request.GET.get("groep", "")
    group_pk = int(group_id) if group_id.isdigit() and any(g.pk == int(group_id) for g in groups) else None
    today = timezone.localdate()
    since = _date(request.GET.get("van", "")) or today - dt.timedelta(days=30)
    until = _date(request.GET.get("tot", "")) or today
    tz = timezone.get_current_timezone()
    rows = signal_counter_page(
        user=request.user, municipality_id=municipality.pk, initiative_id=group_pk, app_groups_only=True,
        since=dt.datetime.combine(since, dt.time.min, tzinfo=tz),
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz), limit=200,
    )
    return render(request, "signals/feed.html", {
        "municipality": municipality, "groups": groups, "group_id": group_pk, "since": since, "until": until,
        "rows": rows[:200], "more": len(rows) > 200,
    })


def service_worker(request: HttpRequest) -> HttpResponse:
    """The patrols' service worker, served under /signalen/ so the signal form opens offline too."""
    from django.contrib.staticfiles import finders

    path = finders.find("patrols/sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as handle:  # noqa: PTH123
        body = handle.read()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/signalen/"
    response["Cache-Control"] = "no-cache"
    return response
