"""The issue's "done when", on the real demo data (Nijmegen)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from buurtpreventie.accounts.models import User
from buurtpreventie.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_demo_story(client_for):
    call_command("load_demo", quiet=True)
    oov = User.objects.get(username="oov")
    centrum = Initiative.objects.get(name="Buurtpreventie Binnenstad")
    c = client_for(oov)

    # members of a Nijmegen team answered; the safety officer sees the mix and a suggested professional
    html = c.get(f"/vragenlijsten/team/{centrum.pk}/").content.decode()
    assert "team-mix-data" in html and "Rationele vrijwilliger" in html
    assert "Voorgestelde professional" in html and "Willem Wijkagent" in html and "Witte-voetjes-actie" in html
    # a member answers too
    lid = User.objects.get(username="lid")
    from buurtpreventie.surveys.models import Questionnaire

    q = Questionnaire.objects.get(municipality=centrum.municipality, kind="motivation")
    assert client_for(lid).get(f"/vragenlijsten/{q.pk}/invullen/").status_code == 200

    # the overdue list shows a coordinator/admin not contacted for two months
    contact = c.get("/contact/").content.decode()
    assert "overdue-table" in contact and "Anton App-beheerder" in contact

    # the budget page shows each team's computed amount with its formula
    budget = c.get("/contact/budget/").content.decode()
    assert "actieve leden × € 25,00" in budget
    assert "inwoners × € 0,02" in budget
    assert "activiteit &#x27;EHBO-training&#x27;" in budget or "activiteit 'EHBO-training'" in budget

    # the dashboard brings it together: overdue contact, a declining team with its warning,
    # wijken without coverage, a year of history
    html = c.get("/inzicht/").content.decode()
    assert 'id="overdue"' in html and "Buurtapp Oost" in html[html.index('id="overdue"'):]
    galgenveld = Initiative.objects.get(name="Buurtpreventie Galgenveld")
    assert 'id="warnings"' in html and f"/inzicht/team/{galgenveld.pk}/" in html
    assert "rondes in" in html and "gemiddeld" in html and "leden gestopt" in html
    assert 'id="uncovered"' in html
    galgenveld.refresh_from_db()
    assert galgenveld.at_risk and not centrum.at_risk
    from buurtpreventie.insights.models import TeamMonth

    assert TeamMonth.objects.filter(initiative=centrum, reports__gt=0).count() >= 12
    assert c.get("/inzicht/openbaar/nijmegen/").status_code == 200


@pytest.mark.parametrize("day", ["2026-10-05", "2026-12-04", "2027-01-31", "2027-03-01"])
def test_the_declining_team_is_warned_on_any_day_the_demo_is_loaded(day):
    """The demo is loaded on real days: a contact seeded "64 days ago" fell inside the judged
    months on some of them and hid Galgenveld's decline (the story above failed on 4 December)."""
    from datetime import datetime
    from unittest import mock

    from django.utils import timezone

    from buurtpreventie.insights.models import EarlyWarning

    moment = datetime.fromisoformat(f"{day}T12:00:00+00:00")
    with mock.patch.object(timezone, "now", lambda: moment):
        call_command("load_demo", quiet=True)
    galgenveld = Initiative.objects.get(name="Buurtpreventie Galgenveld")
    warning = EarlyWarning.objects.get(initiative=galgenveld)
    assert warning.month.isoformat()[:7] < day[:7]  # the last complete month, judged
    assert galgenveld.at_risk
