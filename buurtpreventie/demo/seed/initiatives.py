"""Demo data for initiatives in Nijmegen: teams and app groups in every life-cycle state,
goals, commitments, a coming registration moment and the agreement of team "centrum".

Idempotent: every object is looked up before it is made; running `load_demo` twice adds nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from buurtpreventie.demo.context import DemoContext
from buurtpreventie.demo.seed.base import demo_initiative
from buurtpreventie.initiatives import services
from buurtpreventie.initiatives.models import (
    APP_GROUP_HOUSE_RULES,
    TEAM_HOUSE_RULES,
    Agreement,
    AgreementAcceptance,
    Application,
    Commitment,
    EquipmentIssue,
    HouseRulesAcceptance,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    InitiativeStatusChange,
    Membership,
    Party,
    PolicyGoal,
    ProfessionalInvolvement,
    RegistrationMoment,
    TrainingKind,
    TrainingRecord,
    initiative_transition_allowed,
)

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def _aware(day: Any, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _history(initiative: Initiative, steps: list[Any], actor: User) -> None:
    """Back-fill a plausible history for initiatives made by the base seed (only once)."""
    if initiative.status_changes.exists():
        return
    previous = ""
    for status, reason, days_ago in steps:
        if not initiative_transition_allowed(previous, status):  # the demo follows the life-cycle table too
            raise ValueError(f"demo history {previous!r} → {status!r} is not a valid transition")
        InitiativeStatusChange.objects.create(
            initiative=initiative,
            from_status=previous,
            to_status=status,
            actor=actor,
            actor_label=str(actor),
            reason=reason,
            at=timezone.now() - timedelta(days=days_ago),
        )
        previous = status


ACTIVE_STEPS = [
    (InitiativeStatus.APPLIED, gettext_noop("Aanvraag ontvangen via de openbare pagina."), 460),
    (InitiativeStatus.INTAKE, gettext_noop("Intakegesprek gehouden."), 445),
    (InitiativeStatus.AGREEMENT, gettext_noop("Aanvraag toegelaten; convenant in voorbereiding."), 430),
    (InitiativeStatus.ACTIVE, gettext_noop("Convenant door alle partijen getekend."), 410),
]


def seed(ctx: DemoContext) -> None:
    m = ctx.municipality
    oov = ctx.users["oov"]
    today = timezone.localdate()

    # Policy goals and commitments (F1, F3)
    goals = [
        (
            "problems",
            "Minder woninginbraken in de wijken met een buurtpreventieteam.",
            "Woninginbraken per 1.000 woningen (politie, CBS)\nAantal rondes per maand per team",
            180,
        ),
        (
            "collaboration",
            "Beter contact tussen bewoners, gemeente en politie.",
            "Coördinatorenoverleg minstens één keer per jaar\nMaandelijks contact met elke coördinator",
            365,
        ),
    ]
    for goal_type, description, indicators, days in goals:
        ctx.once(
            f"initiatives.policygoal:{goal_type}",
            PolicyGoal,
            lookup={"municipality": m, "initiative": None, "description": description},
            defaults={"goal_type": goal_type, "indicators": indicators, "review_on": today + timedelta(days=days)},
        )
    Commitment.objects.get_or_create(
        municipality=m,
        initiative=None,
        party=Party.MUNICIPALITY,
        defaults={
            "contact_frequency": "Maandelijks een korte mail of belletje; jaarlijks coördinatorenoverleg.",
            "information_shared": "Wat er met de meldingen is gedaan; nieuws over de wijk.",
            "time_and_resources": "OOV-adviseur 4 uur per week; hesjes, zaklampen en een teambudget.",
        },
    )
    Commitment.objects.get_or_create(
        municipality=m,
        initiative=None,
        party=Party.POLICE,
        defaults={
            "contact_frequency": "De wijkagent loopt een keer per kwartaal mee.",
            "information_shared": "Terugkoppeling op meldingen en inbraaktrends in de wijk.",
            "time_and_resources": "Training 'handelen bij acuut gevaar' twee keer per jaar.",
        },
    )

    # A coming registration moment with an information meeting (F20)
    moment, _ = ctx.once(
        "initiatives.registrationmoment:spring",
        RegistrationMoment,
        lookup={"municipality": m, "title": "Aanmeldronde voorjaar"},
        defaults={
            "opens_on": today - timedelta(days=7),
            "closes_on": today + timedelta(days=40),
            "info_meeting_at": _aware(today + timedelta(days=14), 19),
            "info_meeting_location": "Stadhuis Nijmegen, Korte Burchtstraat 20",
            "description": "Met koffie en uitleg van de wijkagent over wat wel en niet mag.",
        },
    )
    if not moment.invitations.exists():
        services.meeting_invite_coordinators(actor=oov, moment=moment)

    centrum, oost_app, oost_team = (ctx.initiatives[k] for k in ("centrum", "oost_app", "oost_team"))
    for initiative in (centrum, oost_app, oost_team):
        _history(initiative, ACTIVE_STEPS, oov)
    # The texts a coordinator may edit are filled in once (while still empty or the placeholder).
    if not centrum.how_to_join:
        centrum.how_to_join = (
            "Wij lopen twee avonden per week door de binnenstad. Meelopen? Stuur de coördinator een bericht."
        )
        centrum.save(update_fields=["how_to_join"])
    if centrum.public_description in ("", "Demo-initiatief met fictieve leden."):
        centrum.public_description = "Vrijwilligers uit de binnenstad letten samen op hun buurt."
        centrum.save(update_fields=["public_description"])
    if not oost_app.how_to_join:
        oost_app.how_to_join = "Woont u in Nijmegen-Oost en bent u 18 jaar of ouder? Vraag de beheerder om toegang."
        oost_app.save(update_fields=["how_to_join"])
    if not oost_team.at_risk:
        oost_team.at_risk = True
        oost_team.save(update_fields=["at_risk"])

    # The agreement of team "centrum", accepted by all three parties (F18)
    agreement = Agreement.objects.filter(initiative=centrum, version=1).first()
    if agreement is None:
        agreement = Agreement.objects.create(
            initiative=centrum,
            version=1,
            created_by=oov,
            citizens_roles="De coördinator is het aanspreekpunt, plant rondes en vult na elke ronde het verslag in. "
            "Leden lopen met minstens twee personen, signaleren en melden; zij grijpen niet in.",
            professionals_roles="De wijkagent geeft binnen twee weken terugkoppeling op meldingen en loopt elk "
            "kwartaal mee. De OOV-adviseur belt maandelijks met de coördinator.",
            offered="Hesjes en zaklampen (herkenbaar en veilig), training 'handelen bij acuut gevaar', "
            "een teambudget van 250 euro per jaar.",
            not_offered="Geen portofoons (de politie wil geen parallel meldkanaal) en geen vergoeding per uur "
            "(het blijft vrijwilligerswerk).",
            action_points="Eerste ronde samen met de wijkagent\nHalfjaarlijkse evaluatie met de OOV-adviseur",
        )
        for party, name in [
            (Party.CITIZENS, "Carla Coördinator"),
            (Party.MUNICIPALITY, "Olga OOV-adviseur"),
            (Party.POLICE, "Willem Wijkagent"),
        ]:
            AgreementAcceptance.objects.create(agreement=agreement, party=party, signed_by_name=name, recorded_by=oov)

    # Members: trainings, equipment, house rules (F6, F11)
    for membership in Membership.objects.filter(initiative__in=[centrum, oost_app, oost_team]):
        initiative = membership.initiative
        if not membership.house_rules_acceptances.exists():
            HouseRulesAcceptance.objects.create(
                membership=membership,
                confirms_adult=True,
                rules_text=str(APP_GROUP_HOUSE_RULES if initiative.is_app_group else TEAM_HOUSE_RULES),
            )
        if initiative.kind == InitiativeKind.TEAM and not membership.trainings.exists():
            TrainingRecord.objects.create(
                membership=membership,
                kind=TrainingKind.ACUTE_DANGER,
                completed_on=today - timedelta(days=200),
                recorded_by=oov,
            )
            EquipmentIssue.objects.create(membership=membership, item="Hesje", issued_on=today - timedelta(days=380))

    # Professionals linked to wijken and teams (F4)
    wijkagent = ctx.users["wijkagent"]
    if not ProfessionalInvolvement.objects.filter(professional=wijkagent, initiative=centrum).exists():
        services.involvement_record(
            actor=oov,
            municipality=m,
            professional=wijkagent,
            initiative=centrum,
            wijken=[ctx.wijken["WK026801"]],
            attitude="Positief; ziet het team als extra ogen en oren in de binnenstad.",
            setup_wishes="Vaste contactpersoon (de coördinator), meldingen via het platform.",
            needs="Rondeverslagen met straten en tijden, zodat hij gericht kan terugkoppelen.",
            objections="Zorg dat leden niet zelf ingrijpen.",
            objections_resolution="Opgenomen in het convenant en in de training 'handelen bij acuut gevaar'.",
        )

    # More initiatives in other states
    extra = [
        (
            "dukenburg_app",
            "Buurtapp Dukenburg",
            InitiativeKind.APP_GROUP,
            "WK026807",
            ACTIVE_STEPS
            + [(InitiativeStatus.DORMANT, gettext_noop("Beheerder verhuisd; groep tijdelijk slapend."), 30)],
        ),
        ("zuid_app", "Buurtapp Nijmegen-Zuid", InitiativeKind.APP_GROUP, "WK026806", ACTIVE_STEPS),
        (
            "midden_team",
            "Buurtpreventie Nijmegen-Midden",
            InitiativeKind.TEAM,
            "WK026805",
            ACTIVE_STEPS
            + [(InitiativeStatus.STOPPED, gettext_noop("Te weinig leden; doel bereikt met de buurtapp."), 60)],
        ),
    ]
    for key, name, kind, wijk_code, steps in extra:
        initiative, created = demo_initiative(ctx, key, name=name, kind=kind, status=steps[-1][0])
        if created:
            initiative.wijken.add(ctx.wijken[wijk_code])
            _history(initiative, steps, oov)
        ctx.initiatives[key] = initiative

    # Applications: one just applied (new team), one in intake (new app group), one wanting to join "centrum"
    applicants: list[tuple[Any, ...]] = [
        (
            "anna.applied@demo.buurtpreventie.local",
            "Anna de Vries",
            "start",
            "WK026803",
            InitiativeKind.TEAM,
            "Buurtpreventie Oud-West",
            None,
        ),
        (
            "ivo.intake@demo.buurtpreventie.local",
            "Ivo Jansen",
            "start",
            "WK026808",
            InitiativeKind.APP_GROUP,
            "Buurtapp Lindenholt",
            "intake",
        ),
        ("jet.join@demo.buurtpreventie.local", "Jet Bakker", "join", "WK026801", InitiativeKind.TEAM, "", None),
    ]
    for email, full_name, kind, wijk_code, ikind, proposed, step in applicants:
        application = Application.objects.filter(municipality=m, email=email).first()
        if application is None:
            application = services.application_submit(
                municipality=m,
                kind=kind,
                full_name=full_name,
                email=email,
                wijk=ctx.wijken[wijk_code],
                initiative=centrum if kind == "join" else None,
                initiative_kind=ikind,
                proposed_name=proposed,
                motivation="Er wordt veel ingebroken in onze straat en ik wil samen met de buren iets doen.",
            )
            if step == "intake":
                services.application_intake_plan(
                    actor=oov, application=application, intake_at=_aware(today + timedelta(days=3), 10)
                )
        if application.initiative is not None and kind == "start":
            ctx.initiatives[f"applied_{wijk_code}"] = application.initiative
    ctx.say("initiatives    applications, agreement 'centrum', registration moment: /initiatieven/")
