"""Pages for running a team or app group: invitations (links, approval, bulk), broadcasts, house rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtpreventie.accounts.policies import is_team_member
from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.initiatives import services as initiative_services
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.initiatives.policies import can_manage_team, has_accepted_house_rules
from buurtpreventie.initiatives.selectors import house_rules_current, initiative_for_user

from . import policies, services
from .forms import BroadcastForm, BulkInviteForm, ChatSizeForm, HouseRulesEditForm, InviteLinkForm, JoinForm
from .models import Broadcast, InviteLink, InviteRequest

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


def _initiative(request: AuthenticatedHttpRequest, pk: int) -> Initiative:
    initiative = initiative_for_user(user=request.user, pk=pk)
    if initiative is None:
        raise Http404
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    return initiative


@login_required
def invites(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    user = request.user
    if not policies.may_invite(user, initiative):
        raise PermissionDenied
    link_form = InviteLinkForm(prefix="link")
    chat_form = ChatSizeForm(prefix="chat", initial={"size": initiative.chat_group_size})
    bulk_form = BulkInviteForm(request.POST if request.POST.get("bulk") else None, prefix="bulk")
    preview = None
    status = 200
    if request.method == "POST" and request.POST.get("link"):
        link_form = InviteLinkForm(request.POST, prefix="link")
        if link_form.is_valid():
            services.invite_link_create(actor=user, initiative=initiative, days=link_form.cleaned_data["days"],
                                        requires_approval=link_form.cleaned_data["requires_approval"])
            messages.success(request, _("Uitnodigingslink gemaakt. Kopieer hem naar de groepsapp."))
            return redirect("groups:invites", initiative.pk)
        status = 400
    elif request.method == "POST" and request.POST.get("chat"):
        chat_form = ChatSizeForm(request.POST, prefix="chat")
        if chat_form.is_valid():
            services.chat_group_size_set(actor=user, initiative=initiative, size=chat_form.cleaned_data["size"])
            messages.success(request, _("Het aantal deelnemers is opgeslagen."))
            return redirect("groups:invites", initiative.pk)
        status = 400
    elif request.method == "POST" and request.POST.get("bulk"):
        if bulk_form.is_valid():
            text = bulk_form.cleaned_data["addresses"]
            try:
                if request.POST.get("bulk") == "confirm":
                    added = services.bulk_invite(actor=user, initiative=initiative, text=text)
                    messages.success(request, _("%(n)s nieuwe leden uitgenodigd.") % {"n": added})
                    return redirect("groups:invites", initiative.pk)
                preview = services.bulk_invite_preview(actor=user, initiative=initiative, text=text)
            except ValidationError as exc:
                bulk_form.add_error("addresses", exc)
                status = 400
        else:
            status = 400
    links = [{"link": link, "url": request.build_absolute_uri(reverse("groups:join",
                                                                     args=[services.invite_token(link)]))}
             for link in InviteLink.objects.filter(initiative=initiative)[:20]]
    pending = InviteRequest.objects.filter(link__initiative=initiative, decided_at__isnull=True)
    return render(request, "groups/invites.html", {
        "initiative": initiative, "link_form": link_form, "bulk_form": bulk_form, "links": links,
        "chat_form": chat_form,
        "pending": pending, "preview": preview, "new_count": sum(1 for line in preview or [] if line.will_join),
    }, status=status)


@login_required
@require_POST
def invite_revoke(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    link = get_object_or_404(InviteLink, pk=link_pk, initiative=initiative)
    services.invite_link_revoke(actor=request.user, link=link)
    messages.success(request, _("De uitnodigingslink is ingetrokken."))
    return redirect("groups:invites", initiative.pk)


@login_required
@require_POST
def invite_decide(request: AuthenticatedHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    invite_request = get_object_or_404(InviteRequest, pk=request_pk, link__initiative=initiative)
    try:
        services.invite_request_decide(actor=request.user, request=invite_request,
                                       accept=request.POST.get("accept") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Aanmelding afgehandeld."))
    return redirect("groups:invites", initiative.pk)


def join(request: HttpRequest, token: str) -> HttpResponse:
    """The invite link: no account needed; name and e-mail make the person a member (or a request)."""
    try:
        link = services.invite_link_from_token(token)
    except ValidationError as exc:
        return render(request, "groups/join.html", {"error": " ".join(exc.messages)}, status=410)
    request.municipality = link.initiative.municipality  # type: ignore[attr-defined]
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.invite_link_use(token=token, full_name=form.cleaned_data["full_name"],
                                               email=form.cleaned_data["email"], language=get_language() or "nl")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "groups/join.html", {"initiative": link.initiative, "outcome": outcome})
    return render(request, "groups/join.html", {"initiative": link.initiative, "form": form,
                                                "approval": link.requires_approval},
                  status=400 if form.is_bound else 200)


@login_required
def broadcasts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    user = request.user
    may_send = policies.may_broadcast(user, initiative)
    if not (may_send or is_team_member(user, initiative.pk)):
        raise PermissionDenied
    form = BroadcastForm(request.POST or None)
    if request.method == "POST":
        if not may_send:
            raise PermissionDenied
        if form.is_valid():
            try:
                sent = services.broadcast_send(actor=user, initiative=initiative,
                                               subject=form.cleaned_data["subject"], body=form.cleaned_data["body"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Bericht verstuurd aan %(n)s leden.") % {"n": sent.recipient_count})
                return redirect("groups:broadcasts", initiative.pk)
    return render(request, "groups/broadcasts.html", {
        "initiative": initiative, "form": form, "may_send": may_send,
        "history": Broadcast.objects.filter(initiative=initiative).select_related("author")[:50],
    }, status=400 if form.is_bound else 200)


@login_required
def house_rules(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The current house rules with their version; accept them; the lead publishes a new version."""
    initiative = _initiative(request, pk)
    user = request.user
    manager = can_manage_team(user, initiative)
    if not (manager or is_team_member(user, initiative.pk)):
        raise PermissionDenied
    text, number, source = house_rules_current(initiative=initiative)
    form = HouseRulesEditForm(request.POST or None, initial={"text": text})
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            try:
                initiative_services.house_rules_publish(actor=user, initiative=initiative,
                                                        text=form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error("text", exc)
            else:
                messages.success(request, _("Nieuwe versie van de huisregels gepubliceerd; leden accepteren "
                                            "die bij hun volgende ronde of signaal."))
                return redirect("groups:house_rules", initiative.pk)
    own = Membership.objects.current().filter(initiative=initiative, user=user).first()
    return render(request, "groups/house_rules.html", {
        "initiative": initiative, "text": text, "number": number, "source": source, "form": form,
        "manager": manager, "own": own, "accepted": bool(own) and has_accepted_house_rules(user, initiative),
        "versions": initiative.house_rules_versions.all()[:20],
    }, status=400 if form.is_bound else 200)


@login_required
def trainings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator sees who misses which required training (or whose training expired)."""
    from buurtpreventie.initiatives.training import REQUIRED_TRAININGS, training_gaps

    initiative = _initiative(request, pk)
    if not can_manage_team(request.user, initiative):
        raise PermissionDenied
    rows = [{"membership": m, "gaps": training_gaps(membership=m)}
            for m in Membership.objects.current().filter(initiative=initiative).select_related("user", "initiative")
            .order_by("user__first_name", "user__username")]
    return render(request, "groups/trainings.html", {
        "initiative": initiative, "rows": rows, "required": REQUIRED_TRAININGS.get(initiative.kind, {}),
        "missing_count": sum(1 for r in rows if r["gaps"]),
    })


@login_required
def municipality_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The safety officer's page: extra questions on both forms and the municipality's house rules."""
    from buurtpreventie.accounts.policies import municipality_ids_with
    from buurtpreventie.accounts.roles import Cap
    from buurtpreventie.areas.models import Municipality
    from buurtpreventie.initiatives.models import HouseRulesVersion, InitiativeKind
    from buurtpreventie.patrols import services as patrol_services
    from buurtpreventie.patrols.selectors import report_settings_for

    from .forms import MunicipalHouseRulesForm, QuestionsForm

    ids = municipality_ids_with(request.user, Cap.MANAGE_INITIATIVES)
    if not ids:
        raise PermissionDenied
    qs = Municipality.objects.filter(pk__in=ids).order_by("name")
    municipality = resolve_municipality(request, allowed_ids=ids)  # another municipality: 404
    user = request.user
    _focus, questions = report_settings_for(municipality_id=municipality.pk)
    questions_form = QuestionsForm(request.POST if request.POST.get("part") == "questions" else None,
                                   initial={"questions": "\n".join(q["label"] for q in questions)})
    rules_form = MunicipalHouseRulesForm(request.POST if request.POST.get("part") == "rules" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("part") == "questions" and questions_form.is_valid():
                patrol_services.report_questions_set(actor=user, municipality=municipality,
                                                     labels=questions_form.cleaned_data["questions"].splitlines())
                messages.success(request, _("De extra vragen staan nu op het loopverslag en het signaalformulier."))
                return redirect(f"{reverse('groups:municipality_settings')}?gemeente={municipality.code}")
            if request.POST.get("part") == "rules" and rules_form.is_valid():
                initiative_services.house_rules_publish(actor=user, municipality=municipality,
                                                        kind=rules_form.cleaned_data["kind"],
                                                        text=rules_form.cleaned_data["text"])
                messages.success(request, _("Nieuwe versie van de huisregels gepubliceerd."))
                return redirect(f"{reverse('groups:municipality_settings')}?gemeente={municipality.code}")
        except ValidationError as exc:
            (questions_form if request.POST.get("part") == "questions" else rules_form).add_error(None, exc)
        status = 400
    versions = HouseRulesVersion.objects.filter(municipality=municipality, initiative__isnull=True)
    return render(request, "groups/municipality_settings.html", {
        "municipality": municipality, "municipalities": qs, "questions_form": questions_form,
        "rules_form": rules_form, "questions": questions, "versions": versions[:20],
        "kinds": InitiativeKind.choices,
    }, status=status)


@login_required
@require_POST
def walk_along(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    from buurtpreventie.patrols.models import Round
    from buurtpreventie.patrols.policies import may_view_round

    round = get_object_or_404(Round.objects.select_related("initiative"), pk=round_pk)
    if not may_view_round(request.user, round):
        raise Http404
    try:
        services.round_walk_along(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("U loopt mee met deze ronde; het team krijgt een bericht."))
    return redirect("patrols:round_detail", round.pk)


@login_required
def activities(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Activities other than rounds (planned and logged), and thanks to professionals."""
    import datetime as dt

    from django.utils import timezone

    from .forms import ActivityDoneForm, ActivityForm, ThanksForm
    from .models import Activity, Thanks
    from .selectors import activity_summary, professionals_of

    initiative = _initiative(request, pk)
    user = request.user
    manager = policies.may_broadcast(user, initiative)
    member = is_team_member(user, initiative.pk)
    received = Thanks.objects.filter(initiative=initiative, professional=user)
    if not (manager or member or received.exists()):
        raise PermissionDenied
    part = request.POST.get("part", "")
    form = ActivityForm(request.POST if part == "plan" else None)
    thanks_form = ThanksForm(request.POST if part == "thanks" else None,
                             professionals=professionals_of(initiative=initiative))
    status = 200
    try:
        if part == "plan" and form.is_valid():
            data = form.cleaned_data
            services.activity_plan(actor=user, initiative=initiative, kind=data["kind"], title=data["title"],
                                   place=data["place"], planned_at=dt.datetime.combine(
                                       data["date"], data["time"], tzinfo=timezone.get_current_timezone()))
            messages.success(request, _("Activiteit gepland."))
            return redirect("groups:activities", initiative.pk)
        if part == "done":
            activity = get_object_or_404(Activity, pk=request.POST.get("activity", "0"), initiative=initiative)
            done = ActivityDoneForm(request.POST)
            if done.is_valid():
                services.activity_log_done(actor=user, activity=activity,
                                           participants=done.cleaned_data["participants"],
                                           outcome=done.cleaned_data["outcome"])
                messages.success(request, _("Activiteit vastgelegd; die telt mee als activiteit van het team."))
                return redirect("groups:activities", initiative.pk)
        if part == "thanks" and thanks_form.is_valid():
            services.thanks_send(actor=user, initiative=initiative,
                                 professional=thanks_form.cleaned_data["professional"],
                                 message=thanks_form.cleaned_data["message"])
            messages.success(request, _("Uw bedankje is verstuurd."))
            return redirect("groups:activities", initiative.pk)
    except ValidationError as exc:
        (thanks_form if part == "thanks" else form).add_error(None, exc)
    if request.method == "POST":
        status = 400
    return render(request, "groups/activities.html", {
        "initiative": initiative, "manager": manager, "member": member, "form": form, "thanks_form": thanks_form,
        "activities": Activity.objects.filter(initiative=initiative)[:50], "done_form": ActivityDoneForm(),
        "thanks": Thanks.objects.filter(initiative=initiative).select_related("professional", "from_user")[:30],
        "summary": activity_summary(initiative=initiative, since=timezone.now() - dt.timedelta(days=365)),
    }, status=status)
