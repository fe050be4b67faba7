"""The permission matrix: every URL pattern × role × scope has a declared answer (ADR access layer).

The URL patterns come from the resolver (`get_resolver()`, walked recursively), so a new URL
without a declared answer fails the test. Answers are declared as plain data, one table per app
(`<app>/tests/access_expectations.py`, `EXPECTATIONS`), keyed by the URL name
(`namespace:name`). An entry:

    "patrols:round_detail": ("GET", "round", {"anonymous": 302, "member": (200, 404, 404, 404), "*": 404}),

i.e. (method, object, answers): the method is "GET" or "POST" (sent with an empty body); the
object names what fills the URL's arguments per scope (see PROVIDERS; None for a URL without
one); the answers give per role one status for every scope, or a tuple (own, other team,
other wijk, other municipality); "*" answers for every role not named.

For a URL without an object the scopes are "own" and "other municipality" (`?gemeente=<other>`):
give one status, or a pair (own, other municipality).

Roles: anonymous, resident, member, coordinator, app_group_admin, wijkagent, boa, oov (safety
officer), meldkamer (dispatcher), beheer (administrator). Scopes are relative to the role: "own" is
the role's own team (the app-group admin's app group) or the wijk/municipality a professional
works in; "other team" is another team in the same wijk; "other wijk" a team in another wijk of
the same municipality; "other municipality" a team of another municipality.

Set ACCESS_MATRIX_RECORD=1 to print the observed answers in this format instead of failing
(for a new URL: record, then check every answer by hand before pasting it in).
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

ROLES = ("anonymous", "resident", "member", "coordinator", "app_group_admin", "wijkagent", "boa", "oov",
         "meldkamer", "beheer")
SCOPES = ("own", "other_team", "other_wijk", "other_municipality")
ADMIN_NAMESPACE = "admin"
# URL names whose answers do not depend on role or scope and are declared once in the table of
# `core`-level URLs under these keys.
ADMIN_KEY = "admin:*"


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    converters: tuple[str, ...]


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, walked recursively, with its full name and route."""
    found: list[Pattern] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                ns = namespace
                if item.namespace:
                    ns = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item, prefix + str(item.pattern), ns)
            elif isinstance(item, URLPattern):
                name = item.name or str(item.pattern)
                full = f"{namespace}:{name}" if namespace else name
                converters = tuple(item.pattern.converters) if hasattr(item.pattern, "converters") else ()
                found.append(Pattern(full, prefix + str(item.pattern), converters))

    walk(get_resolver(), "", None)
    return found


def expectation_tables() -> dict[str, dict[str, Any]]:
    """All apps' `tests/access_expectations.py` tables merged (a name declared twice is an error)."""
    import buurtpreventie

    merged: dict[str, dict[str, Any]] = {}
    for info in pkgutil.iter_modules(buurtpreventie.__path__):
        module_name = f"buurtpreventie.{info.name}.tests.access_expectations"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name in (module_name, f"buurtpreventie.{info.name}.tests"):
                continue
            raise
        for key, entry in module.EXPECTATIONS.items():
            if key in merged:
                raise AssertionError(f"{key} is declared twice (second time in {module_name})")
            merged[key] = normalize(entry)
    return merged


def expected(entry: dict[str, Any], role: str, scope: str) -> int:
    table = entry["expect"]
    value = table.get(role, table.get("*"))
    if value is None:
        raise AssertionError(f"no answer for role {role}")
    if isinstance(value, int):
        return value
    if entry.get("object") is None:
        own, other = value
        return int(own if scope == "own" else other)
    return int(value[SCOPES.index(scope)])


def scopes_for(entry: dict[str, Any]) -> tuple[str, ...]:
    if entry.get("scopes"):
        return tuple(entry["scopes"])
    return SCOPES if entry.get("object") is not None else ("own", "other_municipality")


# --- The world: municipalities, wijken, teams and one of every object, built once per test class ----

@dataclass
class Place:
    """Everything that hangs under one initiative."""

    initiative: Any
    membership: Any = None
    round: Any = None
    report: Any = None
    defect: Any = None
    agreement: Any = None
    application: Any = None
    expense: Any = None
    alert: Any = None
    goal: Any = None
    signal: Any = None
    sighting: Any = None
    sos: Any = None
    invite_link: Any = None
    invite_request: Any = None
    walked_round: Any = None  # a second round the place's member signed up for


@dataclass
class Tenant:
    """Everything that hangs under one municipality."""

    municipality: Any
    moment: Any = None
    template: Any = None
    questionnaire: Any = None
    question: Any = None
    response: Any = None
    event: Any = None
    rule: Any = None
    newsletter: Any = None
    evaluation: Any = None
    news: Any = None


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # A (own team), G (own app group), B, C, D
    tenants: dict[str, Tenant] = field(default_factory=dict)  # M1, M2
    wijken: dict[str, Any] = field(default_factory=dict)  # W1, W2, W3

    def place(self, role: str, scope: str) -> Place:
        own = "G" if role == "app_group_admin" else "A"
        return self.places[{"own": own, "other_team": "B", "other_wijk": "C", "other_municipality": "D"}[scope]]

    def tenant(self, scope: str) -> Tenant:
        return self.tenants["M2" if scope == "other_municipality" else "M1"]

    def wijk(self, scope: str) -> Any:
        return self.wijken[{"own": "W1", "other_team": "W1", "other_wijk": "W2", "other_municipality": "W3"}[scope]]


def build_world() -> World:
    from buurtpreventie.accounts.models import RoleGrant
    from buurtpreventie.alerts.models import Alert, AlertRecipient, AlertSighting, AlertTemplate, SosSignal
    from buurtpreventie.engagement.models import (
        BudgetRequest,
        BudgetRule,
        EvaluationMeeting,
        Event,
        Expense,
        Newsletter,
    )
    from buurtpreventie.feedback.models import NewsItem
    from buurtpreventie.groups.models import InviteLink, InviteRequest
    from buurtpreventie.initiatives.models import Agreement, Application, PolicyGoal, RegistrationMoment
    from buurtpreventie.patrols.models import Defect, ObservationCategory, PatrolReport, RoundParticipant
    from buurtpreventie.signals.models import Signal
    from buurtpreventie.surveys.models import Question, Questionnaire, Response

    from .factories import (
        InitiativeFactory,
        MembershipFactory,
        MunicipalityFactory,
        RoundFactory,
        UserFactory,
        WijkFactory,
    )

    w = World()
    m1: Any = MunicipalityFactory(code="GM0268", name="Nijmegen", slug="nijmegen")
    m2: Any = MunicipalityFactory(code="GM0361", name="Alkmaar", slug="alkmaar")
    w.wijken = {"W1": WijkFactory(municipality=m1, code="WK026801", name="Centrum"),
                "W2": WijkFactory(municipality=m1, code="WK026802", name="Oost"),
                "W3": WijkFactory(municipality=m2, code="WK036101", name="Alkmaar-Centrum")}
    now = timezone.now()
    today = timezone.localdate()
    signal_category = ObservationCategory.values[0]

    def user(name: str) -> Any:
        u = UserFactory(username=name, email=f"{name}@example.org")
        w.users[name] = u
        return u

    for role, grant_role, wijk in (("resident", "resident", None), ("wijkagent", "wijkagent", "W1"),
                                   ("boa", "boa", "W1"), ("oov", "safety_officer", None),
                                   ("meldkamer", "dispatcher", None), ("beheer", "administrator", None)):
        RoleGrant.objects.create(user=user(role), role=grant_role, municipality=m1,
                                 wijk=w.wijken[wijk] if wijk else None)

    layout = {"A": (m1, "W1", "team"), "G": (m1, "W1", "app_group"), "B": (m1, "W1", "team"),
              "C": (m1, "W2", "team"), "D": (m2, "W3", "team")}
    municipality: Any
    for key, (municipality, wijk_key, kind) in layout.items():
        wijk = w.wijken[wijk_key]
        initiative: Any = InitiativeFactory(municipality=municipality, name=f"Initiatief {key}", kind=kind,
                                       wijken=[wijk])
        lead_role = "app_group_admin" if kind == "app_group" else "coordinator"
        lead = user(lead_role if key in ("A", "G") else f"lead-{key}")
        MembershipFactory(user=lead, initiative=initiative, role=lead_role)
        walker = user("member" if key == "A" else f"member-{key}")
        membership = MembershipFactory(user=walker, initiative=initiative, role="member")
        place = Place(initiative=initiative, membership=membership)
        place.round = RoundFactory(initiative=initiative, wijk=wijk)
        place.walked_round = RoundFactory(initiative=initiative, wijk=wijk)
        RoundParticipant.objects.create(round=place.walked_round, user=walker)
        place.report = PatrolReport.objects.create(round=place.round, initiative=initiative,
                                                   municipality=municipality, author=walker, wijk=wijk)
        place.defect = Defect.objects.create(municipality=municipality, report=place.report, wijk=wijk,
                                             category="street_light", place="Hoek Kerkstraat", lat=51.84, lon=5.86)
        place.agreement = Agreement.objects.create(initiative=initiative, version=1, citizens_roles="-",
                                                   professionals_roles="-", offered="-", not_offered="-")
        place.application = Application.objects.create(
            municipality=municipality, kind="join", initiative=initiative, full_name="Aanvrager",
            email=f"aanvrager-{key}@example.org", motivation="Meedoen", token=f"token-{key}-" + "x" * 30)
        budget = BudgetRequest.objects.create(initiative=initiative, year=today.year, amount=Decimal("100"),
                                              purpose="Hesjes", status="approved")
        place.expense = Expense.objects.create(request=budget, amount=Decimal("10"), description="Hesjes",
                                               receipt=SimpleUploadedFile("bon.pdf", b"%PDF-1.4 bon"))
        place.alert = Alert.objects.create(municipality=municipality, wijk=wijk, wijk_ids=[wijk.pk],
                                           situation="Inbraak", instructions="Let op", created_by=None)
        recipient = AlertRecipient.objects.create(alert=place.alert, user=walker, reason="patrol",
                                                  initiative=initiative)
        place.sighting = AlertSighting.objects.create(alert=place.alert, recipient=recipient, text="Persoon bij schuur",
                                                      photo_jpeg=b"\xff\xd8\xff\xd9")
        place.sos = SosSignal.objects.create(round=place.round, user=walker, municipality=municipality)
        place.signal = Signal.objects.create(initiative=initiative, municipality=municipality, wijk=wijk, author=walker,
                                             observed_at=now, place="Hoek Kerkstraat", category=signal_category,
                                             behaviour="Voelde aan deuren")
        place.invite_link = InviteLink.objects.create(initiative=initiative, created_by=lead,
                                                      expires_at=now + timedelta(days=7), requires_approval=True,
                                                      nonce=f"nonce-{key}")
        place.invite_request = InviteRequest.objects.create(link=place.invite_link, full_name="Nieuw Lid",
                                                            email=f"nieuw-{key}@example.org")
        place.goal = PolicyGoal.objects.create(municipality=municipality, initiative=initiative,
                                               goal_type="problems", description="Minder inbraken",
                                               indicators="Aantal", review_on=today + timedelta(days=90))
        w.places[key] = place

    for key, municipality in (("M1", m1), ("M2", m2)):
        t = Tenant(municipality=municipality)
        t.moment = RegistrationMoment.objects.create(municipality=municipality, title="Voorjaar",
                                                     opens_on=today, closes_on=today + timedelta(days=30))
        t.template = AlertTemplate.objects.create(municipality=municipality, name="Inbraak", instructions="-")
        t.questionnaire = Questionnaire.objects.create(municipality=municipality, kind="motivation",
                                                       title="Motivatie", purpose="-", consent_text="-",
                                                       is_active=True)
        t.question = Question.objects.create(questionnaire=t.questionnaire, text="Waarom?")
        respondent = w.users["member"] if key == "M1" else w.users["member-D"]
        t.response = Response.objects.create(questionnaire=t.questionnaire, municipality=municipality,
                                             channel="online", consent_at=now, respondent=respondent)
        t.event = Event.objects.create(municipality=municipality, kind="coordinators_meeting", title="Overleg",
                                       starts_at=now + timedelta(days=7))
        t.rule = BudgetRule.objects.create(municipality=municipality, year=today.year, basis="fixed",
                                           rate=Decimal("250"))
        t.newsletter = Newsletter.objects.create(municipality=municipality, title="Nieuws")
        t.evaluation = EvaluationMeeting.objects.create(municipality=municipality, title="Evaluatie",
                                                        held_on=today)
        t.news = NewsItem.objects.create(municipality=municipality, title="Bericht", slug=f"bericht-{key.lower()}",
                                         body="-")
        w.tenants[key] = t
    return w


# --- Providers: the URL's arguments for one role and scope ----------------------------------------

Provider = Callable[[World, str, str], dict[str, Any]]


def _place(attr: str, kwarg: str = "pk") -> Provider:
    return lambda w, role, scope: {kwarg: getattr(w.place(role, scope), attr).pk}


def _tenant(attr: str, kwarg: str = "pk") -> Provider:
    return lambda w, role, scope: {kwarg: getattr(w.tenant(scope), attr).pk}


PROVIDERS: dict[str, Provider] = {
    "initiative": lambda w, role, scope: {"pk": w.place(role, scope).initiative.pk},
    "initiative_id": lambda w, role, scope: {"initiative_id": w.place(role, scope).initiative.pk},
    "membership": lambda w, role, scope: {"pk": w.place(role, scope).initiative.pk,
                                          "membership_pk": w.place(role, scope).membership.pk, "action": "training"},
    "round": _place("round"),
    "round_id": _place("round", "round_id"),
    "report": _place("report"),
    "report_id": _place("report", "report_id"),
    "defect": _place("defect"),
    "agreement": _place("agreement"),
    "application": _place("application"),
    "expense": _place("expense"),
    "alert": _place("alert"),
    "goal": _place("goal", "goal_pk"),
    "round_pk": _place("round", "round_pk"),
    "walked_round": _place("walked_round"),
    "signal": _place("signal"),
    "signal_id": _place("signal", "signal_id"),
    "sighting": lambda w, role, scope: {"pk": w.place(role, scope).alert.pk,
                                        "sighting_pk": w.place(role, scope).sighting.pk},
    "sos": _place("sos"),
    "invite_link": lambda w, role, scope: {"pk": w.place(role, scope).initiative.pk,
                                           "link_pk": w.place(role, scope).invite_link.pk},
    "invite_request": lambda w, role, scope: {"pk": w.place(role, scope).initiative.pk,
                                              "request_pk": w.place(role, scope).invite_request.pk},
    # Insights: one chart table as CSV, and the yearly council report (municipality-wide).
    "insights_table": lambda w, role, scope: {"table_id": "activity"},
    "council_report": lambda w, role, scope: {"year": str(timezone.localdate().year), "fmt": "xlsx"},
    "municipality_code": lambda w, role, scope: {"code": w.tenant(scope).municipality.code},
    "open311_service": lambda w, role, scope: {"code": "street_light"},
    "moment": _tenant("moment"),
    "template": _tenant("template"),
    "questionnaire": _tenant("questionnaire"),
    "question": _tenant("question"),
    "response": _tenant("response"),
    "event": _tenant("event"),
    "rule": _tenant("rule"),
    "newsletter": _tenant("newsletter"),
    "evaluation": _tenant("evaluation"),
    "news": lambda w, role, scope: {"slug": w.tenant(scope).news.slug},
    "wijk": lambda w, role, scope: {"code": w.wijk(scope).code},
    "slug": lambda w, role, scope: {"slug": w.tenant(scope).municipality.slug},
    "application_token": lambda w, role, scope: {"slug": w.tenant(scope).municipality.slug,
                                                 "token": w.place(role, scope).application.token},
    "public_contact": lambda w, role, scope: {"slug": w.tenant(scope).municipality.slug,
                                              "pk": w.place(role, scope).initiative.pk},
    # Token URLs: a wrong token must never open anything (the right token is tested in the apps).
    "bad_token": lambda w, role, scope: {"token": "onjuist-" + "x" * 30},
    "bad_reset": lambda w, role, scope: {"uidb64": "MQ", "token": "onjuist-token"},
    "open311_request": lambda w, role, scope: {"pk": str(w.place(role, scope).defect.pk)},
}


# Providers whose URL names no municipality: the other municipality is asked for with ?gemeente=.
MUNICIPALITY_QUERY = {"insights_table", "council_report"}


def url_for(pattern: Pattern, entry: dict[str, Any], world: World, role: str, scope: str) -> str:
    obj = entry.get("object")
    kwargs = PROVIDERS[obj](world, role, scope) if obj else {}
    if pattern.name.startswith("open311-"):  # GeoReport: the municipality is the jurisdiction
        code = world.tenant(scope).municipality.code
        return reverse(pattern.name, kwargs={**kwargs, "fmt": "json"}) + f"?jurisdiction_id={code}"
    url = reverse(pattern.name, kwargs=kwargs) if pattern.converters or kwargs else reverse(pattern.name)
    if (obj is None or obj in MUNICIPALITY_QUERY) and scope == "other_municipality":
        url += ("&" if "?" in url else "?") + "gemeente=" + world.tenants["M2"].municipality.code
    return url


def clients_for(world: World) -> dict[str, Client]:
    from .helpers import login

    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        clients[role] = login(Client(), world.users[role])
    return clients


def observe(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> int:
    """One request, undone afterwards (a savepoint), with a clean cache (rate limits)."""
    cache.clear()
    cookies = copy.deepcopy(client.cookies)  # a logout must not log the next request out
    sid = transaction.savepoint()
    try:
        if method == "POST" and body is not None:
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            response = client.post(url, {}) if method == "POST" else client.get(url)
        return int(response.status_code)
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = cookies


def table_key(pattern: Pattern) -> str:
    return ADMIN_KEY if pattern.name.split(":")[0] == ADMIN_NAMESPACE else pattern.name


# The Django admin guards every one of its URLs the same way (AdminSite.admin_view): they are
# declared once ("admin:*") and requested through this sample.
ADMIN_SAMPLE = {"admin:index", "admin:accounts_rolegrant_changelist", "admin:accounts_user_changelist",
                "admin:core_auditentry_changelist", "admin:initiatives_initiative_changelist",
                "admin:accounts_rolegrant_add"}


def testable(pattern: Pattern) -> bool:
    return table_key(pattern) != ADMIN_KEY or pattern.name in ADMIN_SAMPLE


def cases(patterns: list[Pattern], table: dict[str, dict[str, Any]]) -> Iterator[tuple[Pattern, dict[str, Any]]]:
    for pattern in patterns:
        if testable(pattern):
            yield pattern, table[table_key(pattern)]


def normalize(value: Any) -> dict[str, Any]:
    """An entry is written as one line: (method, object, {role: answer, "*": answer})."""
    if isinstance(value, dict):
        return value
    method, obj, expect, *rest = value
    return {"method": method, "object": obj, "expect": expect, "body": rest[0] if rest else None}


def body_for(entry: dict[str, Any], world: World, role: str, scope: str) -> dict[str, Any] | None:
    """A JSON body for API calls (a 4th element of the entry): "@initiative", "@round", "@report"
    stand for that object of the role's scope, so the access decision is what differs; "@+7d20:00"
    is a moment relative to today (7 days on, 20:00 local time), so a date never goes stale."""
    body = entry.get("body")
    if not body:
        return None
    place = world.place(role, scope)

    def value(v: Any) -> Any:
        if not (isinstance(v, str) and v.startswith("@")):
            return v
        if v[1] in "+-":
            days, clock = v[1:].split("d")
            hour, minute = (int(part) for part in clock.split(":"))
            day = timezone.localdate() + timedelta(days=int(days))
            moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
            return moment.isoformat()
        return getattr(place, v[1:]).pk

    return {k: value(v) for k, v in body.items()}


def record_entry(pattern: Pattern, entry: dict[str, Any], answers: dict[str, dict[str, int]]) -> str:
    """The observed answers of one URL as one table line (ACCESS_MATRIX_RECORD=<dir>)."""
    per_role: dict[str, Any] = {}
    for role in ROLES:
        values = [answers[role][s] for s in scopes_for(entry)]
        per_role[role] = values[0] if len(set(values)) == 1 else tuple(values)
    counts: dict[str, int] = {}
    for value in per_role.values():
        counts[repr(value)] = counts.get(repr(value), 0) + 1
    common = max(counts, key=lambda k: counts[k])
    parts = [f'"{role}": {value!r}' for role, value in per_role.items() if repr(value) != common]
    parts.append(f'"*": {common}')
    body = f", {entry['body']!r}" if entry.get("body") else ""
    return f'    "{pattern.name}": ("{entry["method"]}", {entry.get("object")!r}, {{{", ".join(parts)}}}{body}),'


def guess_object(pattern: Pattern) -> str | None:
    """A first guess of the provider for recording a new URL (check it by hand)."""
    name = pattern.name.split(":")[-1]
    conv = set(pattern.converters)
    if pattern.name == "open311-request":
        return "open311_request"
    if not conv:
        return None
    special = {"initiatives:application": "application", "initiatives:moment": "moment",
               "initiatives:agreement": "agreement", "initiatives:agreement_accept": "agreement",
               "initiatives:agreement_pdf": "agreement", "initiatives:goal_edit": "goal",
               "initiatives:member_action": "membership", "patrols:report_detail": "report",
               "patrols:ics": "bad_token", "feedback:news_public": "news", "alerts:template_edit": "template",
               "surveys:answer": "questionnaire", "surveys:answer_link": "bad_token", "surveys:poll": "slug",
               "surveys:response_delete": "response", "surveys:manage_detail": "questionnaire",
               "surveys:paper_entry": "questionnaire", "surveys:question_edit": "question",
               "engagement:event_detail": "event", "engagement:budget_rule_edit": "rule",
               "engagement:receipt": "expense", "engagement:newsletter_detail": "newsletter",
               "engagement:unsubscribe": "bad_token", "engagement:evaluation_detail": "evaluation",
               "public:application_status": "application_token", "public:application_withdraw": "application_token",
               "public:contact": "public_contact", "areas:detail": "wijk",
               "accounts:password_reset_confirm": "bad_reset", "open311-request": "open311_request"}
    if pattern.name in special:
        return special[pattern.name]
    if conv == {"slug"}:
        return "slug"
    for kwarg in ("initiative_id", "round_id", "report_id"):
        if kwarg in conv:
            return kwarg
    app = pattern.name.split(":")[0]
    if app == "feedback":
        return "defect" if name.startswith("defect") else "report"
    return {"initiatives": "initiative", "patrols": "round", "alerts": "alert",
            "surveys": "initiative", "engagement": "initiative"}.get(app)
