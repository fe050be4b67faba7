"""Demo: contact rhythm with one overdue coordinator, events, appreciation, budgets, newsletter draft,
an interim evaluation."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from buurtpreventie.demo.context import DemoContext
from buurtpreventie.engagement.models import (
    ActionPoint,
    Appreciation,
    BudgetBasis,
    BudgetRequest,
    BudgetRequestHistory,
    BudgetRequestStatus,
    BudgetRule,
    ContactKind,
    ContactLog,
    ContactRhythm,
    EvaluationMeeting,
    Event,
    EventInvitation,
    EventKind,
    Newsletter,
    PracticeExample,
)
from buurtpreventie.engagement.rhythm import add_months, local_zone
from buurtpreventie.surveys.models import Channel, Questionnaire, QuestionnaireKind, Response
from buurtpreventie.surveys.services import response_submit


def _contact(ctx: DemoContext, key: str, person: str, professional: str, kind: str, when: datetime,
             notes: str) -> None:
    initiative = ctx.initiatives[key]
    ctx.once(
        f"engagement.contactlog:{key}:{person}", ContactLog,
        lookup={"municipality": ctx.municipality, "initiative": initiative, "contact_person": ctx.users[person],
                "kind": kind, "notes": notes},
        defaults={"professional": ctx.users[professional], "occurred_at": when},
    )


def seed(ctx: DemoContext) -> None:
    now = timezone.now()
    year = timezone.localdate().year
    ContactRhythm.objects.get_or_create(municipality=ctx.municipality)

    # Contact log: the centrum coordinator was called recently; the app-group admin of Oost was
    # last contacted ~2.5 months ago, so they show up as overdue.
    _contact(ctx, "centrum", "coordinator", "wijkagent", ContactKind.CALL, now - timedelta(days=9),
             "Loopt goed; wil graag een EHBO-training.")
    _contact(ctx, "oost_app", "appbeheerder", "boa", ContactKind.EMAIL, now - timedelta(days=75),
             "Vraag over meldingen van fietsdiefstal.")
    # The coordinator of Galgenveld (a team at risk) was last seen at a meeting in the middle of
    # the month three months back: anchored to the month, not to a number of days, so the
    # team's last two complete months never hold a contact whatever the day the demo is loaded
    # on (the early warning in demo/seed/insights.py depends on it).
    three_back = add_months(timezone.localdate().replace(day=1), -3)
    _contact(ctx, "oost_team", "coordinator-oost", "boa", ContactKind.MEETING,
             datetime(three_back.year, three_back.month, 15, 10, tzinfo=local_zone()),
             "Kennismaking; team zoekt nieuwe lopers.")

    meeting, _ = ctx.once(
        "engagement.event:coordinators_meeting", Event,
        lookup={"municipality": ctx.municipality, "title": "Coördinatorenoverleg voorjaar",
                "kind": EventKind.COORDINATORS_MEETING},
        defaults={"starts_at": now - timedelta(days=150), "location": "Stadhuis Nijmegen",
                  "description": "Jaarlijks overleg van coördinatoren en beheerders met gemeente en politie.",
                  "created_by": ctx.users["oov"]},
    )
    for username, key in (("coordinator", "centrum"), ("appbeheerder", "oost_app")):
        inv, _ = EventInvitation.objects.get_or_create(event=meeting, user=ctx.users[username],
                                                       defaults={"initiative": ctx.initiatives[key], "attended": True})
        ContactLog.objects.get_or_create(
            municipality=ctx.municipality, initiative=ctx.initiatives[key], contact_person=ctx.users[username],
            kind=ContactKind.COORDINATORS_MEETING, event=meeting,
            defaults={"professional": ctx.users["oov"], "occurred_at": meeting.starts_at, "notes": meeting.title},
        )
    ctx.once(
        "engagement.event:bbq", Event,
        lookup={"municipality": ctx.municipality, "title": "Buurtpreventie-BBQ", "kind": EventKind.MEMBER_EVENT},
        defaults={"starts_at": now + timedelta(days=40), "location": "Park Brakkenstein",
                  "description": "Jaarlijkse BBQ voor alle buurtpreventen, als dank voor hun inzet.",
                  "created_by": ctx.users["oov"]},
    )

    Appreciation.objects.get_or_create(
        initiative=ctx.initiatives["centrum"], kind="mayor_drinks",
        defaults={"occurred_on": timezone.localdate() - timedelta(days=30), "logged_by": ctx.users["oov"],
                  "note": "Nieuwjaarsborrel op het stadhuis met de burgemeester."},
    )
    Appreciation.objects.get_or_create(
        initiative=ctx.initiatives["oost_team"], kind="round",
        defaults={"occurred_on": timezone.localdate() - timedelta(days=12), "logged_by": ctx.users["wijkagent"],
                  "note": "Wijkagent liep mee op de avondronde."},
    )

    # Budget rules: a default per active member; Galgenveld per inhabitant (CBS); the app group per activity.
    BudgetRule.objects.update_or_create(
        municipality=ctx.municipality, initiative=None, year=year,
        defaults={"basis": BudgetBasis.PER_MEMBER, "rate": Decimal("25.00"), "minimum": Decimal("100.00"),
                  "maximum": Decimal("500.00"), "updated_by": ctx.users["oov"]},
    )
    BudgetRule.objects.update_or_create(
        municipality=ctx.municipality, initiative=ctx.initiatives["oost_team"], year=year,
        defaults={"basis": BudgetBasis.PER_INHABITANT, "rate": Decimal("0.02"), "minimum": Decimal("150.00"),
                  "maximum": Decimal("600.00"), "updated_by": ctx.users["oov"]},
    )
    BudgetRule.objects.update_or_create(
        municipality=ctx.municipality, initiative=ctx.initiatives["oost_app"], year=year,
        defaults={"basis": BudgetBasis.PER_ACTIVITY, "rate": Decimal("300.00"), "activity": "EHBO-training",
                  "minimum": Decimal("100.00"), "maximum": Decimal("400.00"), "updated_by": ctx.users["oov"]},
    )
    request, created = ctx.once(
        f"engagement.budgetrequest:centrum:{year}", BudgetRequest,
        lookup={"initiative": ctx.initiatives["centrum"], "year": year,
                "purpose": "Etentje met het hele team na de zomer"},
        defaults={"amount": Decimal("120.00"), "requested_by": ctx.users["coordinator"],
                  "status": BudgetRequestStatus.APPROVED, "decided_by": ctx.users["oov"], "decided_at": now},
    )
    if created:
        BudgetRequestHistory.objects.create(request=request, status=BudgetRequestStatus.REQUESTED,
                                            actor=ctx.users["coordinator"])
        BudgetRequestHistory.objects.create(request=request, status=BudgetRequestStatus.APPROVED,
                                            actor=ctx.users["oov"])

    newsletter, _ = ctx.once(
        "engagement.newsletter:autumn", Newsletter,
        lookup={"municipality": ctx.municipality, "title": "Nieuwsbrief buurtpreventie — najaar"},
        defaults={"intro": "In deze nieuwsbrief delen teams wat bij hen werkt.", "created_by": ctx.users["oov"]},
    )
    ctx.once(
        "engagement.practiceexample:white_feet", PracticeExample,
        lookup={"newsletter": newsletter, "title": "Witte-voetjes-actie in de Binnenstad"},
        defaults={"initiative": ctx.initiatives["centrum"], "order": 1,
                  "body": "Samen met de wijkagent legden leden briefjes bij open ramen en deuren. "
                          "Bewoners reageerden positief; het team kreeg er twee nieuwe leden bij."},
    )
    ctx.once(
        "engagement.practiceexample:app_evening", PracticeExample,
        lookup={"newsletter": newsletter, "title": "Een vaste avond in de app-groep"},
        defaults={"initiative": ctx.initiatives["oost_app"], "order": 2,
                  "body": "De beheerder vat elke zondagavond de meldingen van de week samen en deelt wat de "
                          "politie ermee deed. Dat houdt de groep betrokken."},
    )

    evaluation = Questionnaire.objects.filter(municipality=ctx.municipality, kind=QuestionnaireKind.EVALUATION).first()
    if evaluation is not None:
        if not Response.objects.filter(questionnaire=evaluation, initiative=ctx.initiatives["centrum"]).exists():
            answers: dict[int, object] = {}
            values = [4, 4, 5, 3, 2, 3, 4, 4]
            statements = [q for q in evaluation.questions.all() if q.kind == "statement"]
            for q, v in zip(statements, values, strict=False):
                answers[q.pk] = v
            opens = [q for q in evaluation.questions.all() if q.kind == "open"]
            for q, text in zip(opens, ["Vaste looproutes en een goed rooster.",
                                       "We horen weinig terug over onze meldingen.",
                                       "Spreek een vast moment af met de wijkagent."], strict=False):
                answers[q.pk] = text
            response_submit(actor=ctx.users["coordinator"], questionnaire=evaluation, channel=Channel.ONLINE,
                            consent=True, initiative=ctx.initiatives["centrum"], answers=answers)
        em, _ = ctx.once(
            "engagement.evaluationmeeting:autumn", EvaluationMeeting,
            lookup={"municipality": ctx.municipality, "title": "Tussenevaluatie najaar"},
            defaults={"held_on": timezone.localdate() + timedelta(days=21), "questionnaire": evaluation,
                      "created_by": ctx.users["oov"],
                      "outcomes": "Terugkoppeling op meldingen is het grootste knelpunt."},
        )
        ctx.once(
            "engagement.actionpoint:feedback_monthly", ActionPoint,
            lookup={"meeting": em, "description": "Maandelijks terugkoppelen wat met meldingen is gedaan"},
            defaults={"owner": "Wijkagent Centrum", "initiative": ctx.initiatives["centrum"],
                      "due_on": timezone.localdate() + timedelta(days=60)},
        )
    ctx.say("engagement: overdue contacts at /contact/, budgets at /contact/budget/")
