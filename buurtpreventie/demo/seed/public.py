"""Demo texts of Nijmegen's public buurtpreventie page (idempotent)."""

from __future__ import annotations

from buurtpreventie.demo.context import DemoContext
from buurtpreventie.public.models import PublicPage

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
    "introduction_en": (
        "In Nijmegen, residents look after their neighbourhood together: in a neighbourhood watch team that "
        "walks rounds in the evening, or in a neighbourhood app group where neighbours warn each other. They spot "
        "and report; they do not intervene."
    ),
    "policy_goal_en": (
        "The municipality works with residents to reduce burglaries and nuisance and to improve contact between "
        "residents, municipality and police. Every year we check whether that goal is reached."
    ),
    "offered_en": (
        "A training 'acting in acute danger' (with the police), vests and torches so you are recognisable and "
        "safe, a small team budget for a dinner or extra training, and a fixed contact at the municipality."
    ),
    "not_offered_en": (
        "No hourly pay: neighbourhood watch stays volunteer work. No powers and no radios: you never take over "
        "the task of the police or enforcement officers."
    ),
    "relations_en": (
        "Each team or app group has one coordinator or admin, the contact for the municipality's safety officer "
        "and for the community police officer. Reports arrive at one counter; you hear what was done with them."
    ),
    "questions_en": (
        "Call the municipality on 14 024 and ask for the neighbourhood watch safety officer, or e-mail "
        "buurtpreventie@demo.nijmegen.local. Questions about a report: your community police officer via 0900-8844."
    ),
}


def seed(ctx: DemoContext) -> None:
    page, created = PublicPage.objects.get_or_create(municipality=ctx.municipality, defaults=TEXTS)
    missing = {key: value for key, value in TEXTS.items() if not getattr(page, key)}
    if not created and missing:
        for key, value in missing.items():
            setattr(page, key, value)
        page.save()
    ctx.say(f"public page    /gemeente/{ctx.municipality.slug}/")
