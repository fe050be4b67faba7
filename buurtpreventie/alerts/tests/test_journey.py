"""The whole path as a new user walks it, on the real ASGI app (pages + live stream):

a resident applies to start a team → the municipality admits and activates it → the new
coordinator sets a password and files a patrol report from a 360 px phone → the wijkagent answers
→ the dispatcher sends an alert → on the phone (patrol mode, scrolled down) the alert is in view →
the acknowledgement shows live on the dispatcher's page → the all-clear (confirmed, with an
outcome) arrives on the phone.

Every wait is for a state (an attribute, an element of the new object, a database row), never for
a word that could be on the page before."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from buurtpreventie.alerts.models import Alert, AlertAcknowledgement, AlertRecipient
from buurtpreventie.feedback.models import Feedback
from buurtpreventie.initiatives.models import Initiative, InitiativeStatus
from buurtpreventie.patrols.models import PatrolReport, Round, RoundStatus
from buurtpreventie.patrols.tests.conftest import nijmegen_streets  # noqa: F401  (fixture)
from buurtpreventie.testing.browser import apply_for_new_team, browser_login, wait_until

from .asgi_server import ThreadedAsgiServer

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
PASSWORD = "Lantaarn-Hunnerberg-2030"

ALERT_IN_VIEW = """(id) => {
  const el = document.querySelector('#alarm-overlay #patrol-alert-' + id + ' [data-title]');
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
}"""


def _plan_and_start_round(page: Any) -> Round:
    """Plan a round for now on the roster page and start it in patrol mode."""
    before = set(Round.objects.values_list("pk", flat=True))
    page.goto("/rondes/")
    page.click("text=Ronde plannen")
    local = timezone.localtime()
    page.fill("#id_date", local.date().isoformat())
    page.fill("#id_start_time", local.strftime("%H:%M"))
    page.fill("#id_end_time", (local + timedelta(hours=2)).strftime("%H:%M"))
    page.fill("#id_meeting_point", "Grote Markt")
    page.fill("#id_minimum_walkers", "1")
    page.click("button >> text=Plannen")
    assert wait_until(lambda: Round.objects.exclude(pk__in=before).exists())
    rnd = Round.objects.exclude(pk__in=before).get()
    page.goto(f"/rondes/{rnd.pk}/patrouille/")
    page.click("button >> text=Ronde starten")
    assert wait_until(lambda: Round.objects.filter(pk=rnd.pk, status=RoundStatus.RUNNING).exists())
    return rnd


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("nijmegen_streets")  # real street names for the route of the report
def test_new_user_journey_from_application_to_all_clear(browser, settings, municipality, wijk, safety_officer,
                                                         wijkagent, dispatcher):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PUBLIC_FORM_MIN_SECONDS": 0}
    with ThreadedAsgiServer() as server:
        contexts: list[Any] = []

        def new_page(kind: dict[str, Any]) -> Any:
            ctx = browser.new_context(base_url=server.url, locale="nl-NL", **kind)
            contexts.append(ctx)
            p = ctx.new_page()
            p.set_default_timeout(20_000)  # a loaded 2-core machine; waits are for states
            return p

        try:
            # 1. A resident applies on the public page (no account yet), on her phone.
            phone = new_page(PHONE)
            apply_for_new_team(phone, municipality_slug=municipality.slug, wijk_name=wijk.name)
            assert Initiative.objects.filter(name="Team Hunnerberg", status=InitiativeStatus.APPLIED).exists()

            # 2. The municipality (safety officer, two-factor login) admits the team and activates it.
            office = new_page(DESK)
            browser_login(office, safety_officer.username)
            office.goto("/initiatieven/aanmeldingen/")
            office.get_by_role("link", name="Anna de Vries").click()
            office.get_by_label("Toelaten").check()
            office.fill("#id_dec-reason", "Past bij het beleidsdoel: minder inbraken.")
            office.get_by_role("button", name="Besluit vastleggen").click()
            office.wait_for_selector("#application-status >> text=Toegelaten")
            office.get_by_role("link", name="Naar het initiatief").click()
            office.get_by_role("link", name="Convenant opstellen").click()
            office.get_by_role("button", name="Convenant opslaan").click()
            for party, name in [("citizens", "Anna de Vries"), ("municipality", "Olga"), ("police", "Willem")]:
                office.select_option("#id_party", party)
                office.fill("#id_signed_by_name", name)
                office.get_by_role("button", name="Acceptatie vastleggen").click()
            assert office.locator("#acceptances").inner_text().count("✓") == 3
            office.get_by_role("link", name="Team Hunnerberg").first.click()
            office.select_option("#id_status", "active")
            office.fill("#id_reason", "Convenant getekend door alle partijen.")
            office.get_by_role("button", name="Status wijzigen").click()
            assert wait_until(lambda: Initiative.objects.filter(name="Team Hunnerberg",
                                                                status=InitiativeStatus.ACTIVE).exists())
            team = Initiative.objects.get(name="Team Hunnerberg")
            anna = team.memberships.get().user  # the applicant became the team's coordinator
            assert anna.email == "anna@example.org" and not anna.has_usable_password()

            # 3. Anna sets her password through the personal link in the activation e-mail, and logs in.
            activation = next(m for m in mail.outbox if m.to == ["anna@example.org"]
                              and "wachtwoord-herstellen" in m.body)
            phone.goto(re.search(r"https?://[^/\s]+(/\S*wachtwoord-herstellen/\S+/)", str(activation.body)).group(1))
            phone.fill("#id_new_password1", PASSWORD)
            phone.fill("#id_new_password2", PASSWORD)
            phone.click("button[type=submit] >> text=Opslaan")
            assert wait_until(lambda: type(anna).objects.get(pk=anna.pk).has_usable_password())
            phone.goto("/account/inloggen/")
            phone.fill("#id_username", "anna@example.org")
            phone.fill("#id_password", PASSWORD)
            phone.click("button[type=submit] >> text=Inloggen")
            phone.wait_for_selector("form[data-logout]", state="attached")

            # 4. She accepts the house rules, walks a round and files a report from her phone.
            phone.goto(f"/initiatieven/{team.pk}/leden/")
            phone.check("#id_accept")
            phone.click("button[type=submit] >> text=Huisregels accepteren")
            assert wait_until(lambda: team.memberships.get().house_rules_acceptances.exists())
            first = _plan_and_start_round(phone)
            phone.click("button >> text=Ronde beëindigen")
            phone.wait_for_selector("#report-form[data-ready='1']")  # draft restored before we type
            phone.fill("#id_obs-0-observed_time", "21:15")
            phone.fill("#id_obs-0-place", "Burchtstraat 12")
            phone.select_option("#id_obs-0-category", "burglary_risk")
            phone.fill("#id_obs-0-behaviour", "Achterdeur stond wijd open, niemand thuis.")
            phone.fill("#id_start_time", "20:30")
            phone.fill("#id_end_time", "22:00")
            phone.fill("#id_route_streets", "Grote Markt\nBurchtstraat")
            phone.click("#report-submit")
            phone.wait_for_url("**/rondes/verslagen/*/")
            report = PatrolReport.objects.get(round=first)
            report_url = phone.url

            # 5. The wijkagent (two-factor login) answers it from the counter.
            agent = new_page(DESK)
            browser_login(agent, wijkagent.username)
            agent.goto("/loket/")
            agent.click(f"a[href='/loket/verslag/{report.pk}/']")
            agent.select_option("#id_kind", "action")
            agent.fill("#id_body", "Bewoner gewaarschuwd, we rijden vaker langs.")
            agent.click("button >> text=Terugkoppeling versturen")
            assert wait_until(lambda: Feedback.objects.filter(report=report).exists())
            phone.goto(report_url)
            assert "Bewoner gewaarschuwd, we rijden vaker langs." in phone.inner_text("#main")

            # 6. The next evening she walks again; in patrol mode she scrolled down to the map.
            second = _plan_and_start_round(phone)
            phone.wait_for_selector("#patrol-alerts[data-state='open']")
            phone.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
            phone.wait_for_function("() => window.scrollY > 0")
            assert phone.evaluate("() => document.getElementById('patrol-alerts').getBoundingClientRect().top < 0")

            # 7. The dispatcher sends an alert for the wijk.
            desk = new_page(DESK)
            browser_login(desk, dispatcher.username)
            desk.goto("/alarm/nieuw/")
            desk.check("input[name=area_kind][value=wijk]")
            desk.select_option("#id_wijk", str(wijk.pk))
            desk.fill("#id_situation", "Inbraak gaande aan de Burchtstraat, verdachte in donkere jas")
            desk.fill("#id_instructions", "Grijp niet in. Bel 112 als u iemand ziet.")
            desk.click("button[type=submit] >> text=Alarm versturen")
            assert wait_until(lambda: Alert.objects.exists())
            alert = Alert.objects.get()
            desk.wait_for_url(f"**/alarm/{alert.pk}/")
            desk.wait_for_selector("#dispatch-state .live-dot[data-state='open']")
            assert AlertRecipient.objects.filter(alert=alert, user=anna, round=second).exists()

            # 8. On the phone the alert takes the screen: in view, focused, answer within thumb reach.
            phone.wait_for_selector(f"#alarm-overlay #patrol-alert-{alert.pk}", state="attached")
            phone.wait_for_function(ALERT_IN_VIEW, arg=alert.pk, timeout=1_000)
            assert phone.evaluate("() => document.activeElement && document.activeElement.matches("
                                  "'#alarm-overlay [data-title]')")
            box = phone.locator("#alarm-overlay button[value=safe]").bounding_box()
            assert box is not None and box["y"] + box["height"] <= 740

            # 9. She answers; the dispatcher sees it live (no reload: the row's state changes).
            phone.click("#alarm-overlay button[value=safe]")
            assert wait_until(lambda: AlertAcknowledgement.objects.filter(alert=alert, kind="safe").exists())
            desk.wait_for_selector(f"#alert-status tr[data-user-id='{anna.pk}'] [data-person-state='answered']")
            assert "Wij zijn veilig" in desk.inner_text(f"#alert-status tr[data-user-id='{anna.pk}'] [data-answer]")

            # 10. All-clear needs the confirmation and an outcome text; without the tick nothing is cleared.
            desk.fill("#clear-form #id_outcome", "Verdachte aangehouden door de politie. Dank voor het uitkijken.")
            desk.click("#clear-form button[type=submit]")
            desk.wait_for_selector("#clear-form")  # back on the page, still active
            assert Alert.objects.get(pk=alert.pk).is_active
            desk.fill("#clear-form #id_outcome", "Verdachte aangehouden door de politie. Dank voor het uitkijken.")
            desk.check("#clear-form #id_confirm")
            desk.click("#clear-form button[type=submit]")
            assert wait_until(lambda: not Alert.objects.get(pk=alert.pk).is_active)

            # 11. The phone shows the alert as cleared among the past alerts, with the outcome.
            card = f"#patrol-alert-past #patrol-alert-{alert.pk}[data-active='0']"
            phone.wait_for_selector(f"{card} [data-outcome-row]:not([hidden])", state="attached")
            phone.click("[data-past] > summary")
            phone.wait_for_selector(f"{card} [data-outcome]", state="visible")
            assert "Verdachte aangehouden door de politie." in phone.inner_text(f"{card} [data-outcome]")
        finally:
            for ctx in contexts:
                ctx.close()
