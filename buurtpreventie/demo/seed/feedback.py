"""Demo: feedback from the wijkagent on the complete report, a news item, an Open311 key."""

from __future__ import annotations

from buurtpreventie.demo.context import DemoContext
from buurtpreventie.feedback.forwarding import defect_forward
from buurtpreventie.feedback.models import Feedback, NewsItem, Open311Key
from buurtpreventie.feedback.services import feedback_give
from buurtpreventie.patrols.models import Defect, ForwardState, PatrolReport


def seed(ctx: DemoContext) -> None:
    wijkagent = ctx.users["wijkagent"]
    report = PatrolReport.objects.filter(client_uuid=ctx.extra.get("patrols_full_report_uuid")).first()
    if report is not None and not Feedback.objects.filter(report=report, author=wijkagent).exists():
        feedback_give(
            actor=wijkagent, report=report, kind="action",
            body="Dank voor de melding van de open achterdeur. Ik heb de bewoner gesproken over "
                 "inbraakpreventie en de lantaarnpaal is doorgezet naar de gemeente.",
        )
    for defect in Defect.objects.filter(municipality=ctx.municipality, forward_state=ForwardState.PENDING):
        defect_forward(defect_id=defect.pk)
    NewsItem.objects.get_or_create(
        slug="nijmegen-minder-fietsendiefstal-in-de-binnenstad",
        defaults={
            "municipality": ctx.municipality, "wijk": ctx.wijken["WK026801"], "author": wijkagent,
            "title": "Minder fietsendiefstal in de binnenstad",
            "body": "Dankzij de meldingen van Buurtpreventie Binnenstad hebben politie en gemeente extra "
                    "gecontroleerd rond het station. Het aantal fietsendiefstallen is de afgelopen maand gedaald.",
        },
    )
    Open311Key.objects.get_or_create(key="demo-open311-key", defaults={
        "municipality": ctx.municipality, "name": "Demo-koppeling openbare ruimte"})
    ctx.say("loket         terugkoppeling van wijkagent, 1 nieuwsbericht; Open311: /open311/v2/requests.json"
            "?jurisdiction_id=GM0268 (POST-sleutel demo-open311-key)")
