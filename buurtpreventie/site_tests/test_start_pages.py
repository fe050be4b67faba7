"""The start page tells each role what to do now; budget requests reach the approver."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from buurtpreventie.engagement.services import budget_request_submit
from buurtpreventie.initiatives.models import ApplicationKind
from buurtpreventie.initiatives.services import application_submit
from buurtpreventie.notifications.models import Notice
from buurtpreventie.patrols.models import RoundParticipant
from buurtpreventie.testing.factories import RoundFactory

pytestmark = pytest.mark.django_db


def _todo(client: Any) -> dict[str, str]:
    import re

    html = client.get("/").content.decode()
    return dict(re.findall(r'data-key="([a-z_]+)"><a class="utrecht-link" href="[^"]*">([^<]+)</a>', html))


def test_safety_officer_sees_open_applications(municipality: Any, wijk: Any, safety_officer: Any,
                                               client_for: Any) -> None:
    assert "open_applications" not in _todo(client_for(safety_officer))
    for name in ("Anna", "Bram"):
        application_submit(municipality=municipality, kind=ApplicationKind.START, full_name=name,
                           email=f"{name.lower()}@example.org", motivation="Veilige buurt", wijk=wijk)
    assert _todo(client_for(safety_officer))["open_applications"] == (
        "2 aanmeldingen wachten op een intakegesprek of besluit")


def test_budget_request_is_waiting_and_the_approver_is_told(team: Any, coordinator: Any, safety_officer: Any,
                                                             client_for: Any,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        budget_request_submit(actor=coordinator, initiative=team, year=timezone.localdate().year,
                              amount=Decimal("120.00"), purpose="Zaklampen")
    assert _todo(client_for(safety_officer))["pending_budget_requests"] == "1 budgetaanvraag wacht op uw besluit"
    notice = Notice.objects.get(user=safety_officer)
    assert notice.url == "/contact/budget/" and "€ 120,00" in notice.text
    message = next(m for m in mail.outbox if m.to == [safety_officer.email])
    assert "€ 120,00" in message.subject and "/contact/budget/" in message.body
    assert "pending_budget_requests" not in _todo(client_for(coordinator))  # not the approver


def test_member_sees_the_next_round_in_dutch(team: Any, member: Any, client_for: Any) -> None:
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=20, minute=0, second=0, microsecond=0)
    round: Any = RoundFactory(initiative=team, planned_start=start, planned_end=start + timedelta(hours=2))
    RoundParticipant.objects.create(round=round, user=member)
    text = _todo(client_for(member))["next_round"]
    months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    assert text == f"Uw volgende ronde: {start.day} {months[start.month - 1]}, 20:00 met {team.name}"


def test_unread_notices_and_the_public_page_for_a_resident(member: Any, municipality: Any,
                                                           client_for: Any) -> None:
    Notice.objects.create(user=member, text="Terugkoppeling")
    client = client_for(member)
    assert _todo(client)["unread_notices"] == "1 nieuw bericht, bijvoorbeeld terugkoppeling"
    assert f'href="/gemeente/{municipality.slug}/"' in client.get("/").content.decode()


def test_nothing_waiting_is_said_plainly(wijkagent: Any, client_for: Any) -> None:
    html = client_for(wijkagent).get("/").content.decode()
    assert 'id="todo-empty"' in html or 'id="todo"' in html
