"""Ready-made questionnaires from the CCV guideline (Buurtpreventie binnen lokale veiligheidsaanpak, 2018).

Texts are the guideline's own Dutch wording where it gives any:
- MOTIVATION: table 2 ("Voorbeeldvragen om de motivaties van burgers te achterhalen"), two
  statements per profile, plus the five weighing factors of 3.1.2 ("Afweging") as statements,
  the intake question "why" (3.1.3) and two optional questions for representativeness (F22).
- PROFESSIONAL: the questions of 2.2.2 ("Betrokkenheid") for wijkagenten, BOA's and others.
- EVALUATION: an interim evaluation per team in the spirit of CCV's Kleurenwijzer (2015):
  themes that are coloured green/orange/red by their mean score (see `scoring.kleur`).

These are content, not translatable UI strings: the municipality edits them as data.
"""

from __future__ import annotations

from typing import Any

MOTIVATION_KEY = "motivatie-2018"
PROFESSIONAL_KEY = "professionals-2018"
EVALUATION_KEY = "tussenevaluatie-2018"

AGE_BANDS = ["15-25", "25-45", "45-65", "65+", "Zeg ik liever niet"]
GENDERS = ["Man", "Vrouw", "Anders", "Zeg ik liever niet"]

MOTIVATION: dict[str, Any] = {
    "key": MOTIVATION_KEY,
    "kind": "motivation",
    "title": "Wat motiveert u als buurtprevent?",
    "public_poll": True,
    "purpose": (
        "De gemeente en de politie willen weten wat u drijft om mee te doen aan buurtpreventie, "
        "zodat zij de samenwerking beter op u en uw team kunnen afstemmen (bijvoorbeeld meer "
        "terugkoppeling, concrete acties of nauwer contact met de wijkagent). De stellingen komen "
        "uit de handreiking 'Buurtpreventie binnen lokale veiligheidsaanpak' van het CCV (2018). "
        "Invullen kost ongeveer 3 minuten."
    ),
    "consent": (
        "Uw antwoorden worden bewaard bij uw account en alleen gebruikt om de samenwerking met uw "
        "team af te stemmen. Uw coördinator en de gemeente zien alleen overzichten van het hele "
        "team, en pas vanaf 5 ingevulde vragenlijsten, zodat niemand herkenbaar is. U kunt uw "
        "antwoorden altijd inzien en verwijderen via 'Mijn antwoorden'. Meedoen is vrijwillig."
    ),
    "questions": [
        # Table 2 — normatief
        {"kind": "statement", "profile": "normative", "required": True,
         "text": "Als buurtbewoner deel ik in de verantwoordelijkheid voor de veiligheid in en "
                 "leefbaarheid van mijn wijk."},
        {"kind": "statement", "profile": "normative", "required": True,
         "text": "Via het buurtpreventieteam wil ik de sociale controle in de buurt versterken."},
        # Table 2 — pragmatisch
        {"kind": "statement", "profile": "pragmatic", "required": True,
         "text": "Het ontvangen van professionele feedback over wat met de ontvangen informatie van "
                 "het buurtpreventieteam is gedaan, is voor mij belangrijk."},
        {"kind": "statement", "profile": "pragmatic", "required": True,
         "text": "Ik vind het belangrijk om samen met mijn buurtgenoten bij te dragen aan "
                 "veiligheid/leefbaarheid."},
        # Table 2 — rationeel
        {"kind": "statement", "profile": "rational", "required": True,
         "text": "Ik vind het sowieso belangrijk om vrijwilligerswerk te doen."},
        {"kind": "statement", "profile": "rational", "required": True,
         "text": "Het is belangrijk dat het buurtpreventieteam concrete resultaten boekt."},
        # 3.1.2 — afweging
        {"kind": "statement", "factor": "importance",
         "text": "Ik vind het buurtpreventie-initiatief in mijn buurt belangrijk."},
        {"kind": "statement", "factor": "tasks",
         "text": "De taken die ik als buurtprevent uitvoer, spreken mij aan."},
        {"kind": "statement", "factor": "ability",
         "text": "Ik ben goed in staat om bij te dragen aan het buurtpreventieteam."},
        {"kind": "statement", "factor": "added_value",
         "text": "Met mijn inzet lever ik een toegevoegde waarde voor de veiligheid in de buurt."},
        {"kind": "statement", "factor": "trust",
         "text": "Ik vertrouw erop dat de gemeente en de politie goed met ons samenwerken."},
        # 3.1.3 — het gesprek: vraag door naar het waarom
        {"kind": "open", "text": "Waarom doet u mee aan buurtpreventie?",
         "help": "In uw eigen woorden; mag kort."},
        {"kind": "open", "text": "Wat heeft u nodig van de gemeente of de politie om te blijven meedoen?"},
        # F22 — representativiteit, vrijwillig
        {"kind": "choice", "topic": "age_band", "options": AGE_BANDS,
         "text": "Wat is uw leeftijd?",
         "help": "Vrijwillig. Alleen gebruikt om te zien of teams een afspiegeling van de wijk zijn."},
        {"kind": "choice", "topic": "gender", "options": GENDERS,
         "text": "Wat is uw geslacht?",
         "help": "Vrijwillig. Alleen gebruikt om te zien of teams een afspiegeling van de wijk zijn."},
    ],
}

PROFESSIONAL: dict[str, Any] = {
    "key": PROFESSIONAL_KEY,
    "kind": "professional",
    "title": "Betrokkenheid van professionals bij buurtpreventie",
    "public_poll": False,
    "purpose": (
        "Volgens de handreiking (paragraaf 2.2.2) betrekt de gemeente professionals al vroeg bij "
        "buurtpreventie: hoe staat u ertegenover, hoe zou u het ingericht willen zien en wat heeft "
        "u nodig? Uw antwoorden helpen bij het koppelen van professionals aan teams en bij het "
        "oplossen van bezwaren of zorgen."
    ),
    "consent": (
        "Uw antwoorden zijn zichtbaar voor de OOV-adviseur van uw gemeente en worden alleen "
        "gebruikt om de samenwerking met buurtpreventie vorm te geven. U kunt ze inzien en "
        "verwijderen via 'Mijn antwoorden'."
    ),
    "questions": [
        {"kind": "open", "required": True, "text": "Hoe staat u tegenover samenwerking met buurtpreventie?"},
        {"kind": "open", "text": "Hoe zou u de samenwerking ingericht willen zien?"},
        {"kind": "open", "text": "Wat heeft u nodig om de nieuwe taken uit te kunnen voeren?"},
        {"kind": "open", "text": "Heeft u bezwaren of zorgen? Wat zou daarvoor een oplossing zijn?"},
        {"kind": "statement",
         "text": "Het achterliggende (beleids)doel van buurtpreventie is mij duidelijk."},
        {"kind": "statement",
         "text": "De bijdrage van burgers helpt mij bij mijn dagelijkse taakuitvoering."},
        {"kind": "statement",
         "text": "Ik wil teams graag betrekken bij campagnes, zoals de witte-voetjes-actie of "
                 "campagnes voor buitenverlichting."},
        {"kind": "statement",
         "text": "In mijn organisatie is een open cultuur waarin ik ervaringen kan delen."},
        {"kind": "statement",
         "text": "Ik heb voldoende vrijheid om zelf invulling te geven aan de samenwerking."},
        {"kind": "statement",
         "text": "Ik heb voldoende tijd en middelen, bijvoorbeeld om eens 's avonds een overleg "
                 "van een team bij te wonen."},
    ],
}

EVALUATION_THEMES = {
    "organisatie": "Organisatie van het team",
    "samenwerking": "Samenwerking met gemeente en politie",
    "informatie": "Informatie-uitwisseling en terugkoppeling",
    "veiligheid": "Veiligheid van de buurtpreventen",
    "resultaten": "Resultaten in de buurt",
}

EVALUATION: dict[str, Any] = {
    "key": EVALUATION_KEY,
    "kind": "evaluation",
    "title": "Tussenevaluatie buurtpreventie",
    "public_poll": False,
    "purpose": (
        "Een tussenevaluatie per team, in de geest van de Kleurenwijzer voor buurtpreventieteams "
        "(CCV 2015): wat loopt goed, wat niet, en welke oplossingen ziet u? De coördinator vult "
        "dit in namens het team; de uitkomsten worden besproken op een gezamenlijke "
        "evaluatiebijeenkomst met andere initiatieven, gemeente en politie. Per thema krijgt het "
        "team een kleur: groen (gaat goed), oranje (aandacht nodig) of rood (actie nodig)."
    ),
    "consent": (
        "De antwoorden gelden voor het team als geheel en worden gedeeld met de gemeente, de "
        "politie en de andere initiatieven op de evaluatiebijeenkomst."
    ),
    "questions": [
        {"kind": "statement", "topic": "organisatie", "text": "Er zijn genoeg actieve leden om het rooster te vullen."},
        {"kind": "statement", "topic": "organisatie",
         "text": "Taken en rollen binnen het team zijn duidelijk verdeeld."},
        {"kind": "statement", "topic": "samenwerking",
         "text": "We weten bij wie we terechtkunnen bij de gemeente en de politie."},
        {"kind": "statement", "topic": "samenwerking",
         "text": "De afspraken met gemeente en politie worden nagekomen (van beide kanten)."},
        {"kind": "statement", "topic": "informatie",
         "text": "We horen wat er met onze meldingen en rapportages is gedaan."},
        {"kind": "statement", "topic": "informatie",
         "text": "Onze rapportages bevatten genoeg detail (routes, tijden, bijzonderheden)."},
        {"kind": "statement", "topic": "veiligheid",
         "text": "Leden weten hoe ze moeten handelen bij een gevaarlijke situatie."},
        {"kind": "statement", "topic": "resultaten",
         "text": "Het team draagt zichtbaar bij aan de veiligheid en leefbaarheid van de buurt."},
        {"kind": "open", "text": "Wat gaat goed?"},
        {"kind": "open", "text": "Wat loopt niet goed?"},
        {"kind": "open", "text": "Welke oplossingen of tips heeft u voor andere initiatieven?"},
    ],
}

STANDARD_QUESTIONNAIRES = [MOTIVATION, PROFESSIONAL, EVALUATION]


def for_app_group(text: str) -> str:
    """The guideline's statements name the physical team; an app-group member reads "buurt-app-groep"."""
    return (text.replace("het buurtpreventieteam", "de buurt-app-groep")
            .replace("Het buurtpreventieteam", "De buurt-app-groep")
            .replace("buurtpreventieteam", "buurt-app-groep")
            .replace("als buurtprevent ", "als deelnemer aan de buurt-app-groep "))
