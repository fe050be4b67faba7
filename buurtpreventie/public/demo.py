"""Demo texts of Nijmegen's public buurtpreventie page (idempotent)."""

from __future__ import annotations

from buurtpreventie.demo.context import DemoContext

from .models import PublicPage

TEXTS = {
    "introduction": (
        "In Nijmegen letten bewoners samen op hun buurt: in een buurtpreventieteam dat 's avonds rondes loopt, "
        "of in een buurt-appgroep waarin buren elkaar waarschuwen. Zij signaleren en melden; zij grijpen niet in."
    ),
    "policy_goal": (
        "De gemeente werkt met bewoners samen om woninginbraken en overlast terug te dringen en om het contact "
        "tussen bewoners, gemeente en politie te verbeteren. Wij kijken elk jaar of dat doel wordt bereikt."
    ),
    "offered": (
        "Een training 'handelen bij acuut gevaar' (samen met de politie), hesjes en zaklampen zodat u herkenbaar "
        "en veilig bent, een klein teambudget voor bijvoorbeeld een etentje of extra training, en een vast "
        "aanspreekpunt bij de gemeente."
    ),
    "not_offered": (
        "Geen vergoeding per uur: buurtpreventie blijft vrijwilligerswerk. Geen bevoegdheden en geen portofoons: "
        "u neemt nooit de taak van politie of handhaving over."
    ),
    "relations": (
        "Het team of de appgroep heeft één coördinator of beheerder. Die is het aanspreekpunt voor de "
        "OOV-adviseur van de gemeente en voor de wijkagent. Meldingen komen bij één loket; u hoort wat ermee "
        "is gedaan."
    ),
    "questions": (
        "Bel de gemeente via 14 024 en vraag naar de OOV-adviseur buurtpreventie, of mail "
        "buurtpreventie@demo.nijmegen.local. Vragen over een melding: uw wijkagent via 0900-8844."
    ),
}


def seed(ctx: DemoContext) -> None:
    page, created = PublicPage.objects.get_or_create(municipality=ctx.municipality, defaults=TEXTS)
    if not created and not page.introduction:
        for key, value in TEXTS.items():
            setattr(page, key, value)
        page.save()
    ctx.say(f"public page    /gemeente/{ctx.municipality.slug}/")
