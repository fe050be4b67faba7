from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from buurtpreventie.engagement.models import ContactKind, ContactLog, ContactRhythm
from buurtpreventie.engagement.rhythm import add_months, days_overdue, due_on, local_date, today_local
from buurtpreventie.engagement.selectors import overdue_contacts_visible_to, overdue_for
from buurtpreventie.initiatives.models import Membership
from buurtpreventie.testing.factories import WijkFactory
from buurtpreventie.testing.helpers import make_professional


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 5, 10), 12, date(2027, 5, 10)),
])
def test_add_months_clamps_to_month_end_and_crosses_years(start, months, expected):
    assert add_months(start, months) == expected


def test_local_date_uses_amsterdam_not_utc():
    # 23:30 UTC on 31 Jan is 00:30 on 1 Feb in Amsterdam (CET, +1)
    assert local_date(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)) == date(2026, 2, 1)
    # summer time (CEST, +2): 22:30 UTC on 30 June is already 1 July
    assert local_date(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == date(2026, 7, 1)
    # DST starts 29 March 2026 at 01:00 UTC: 00:30 UTC is 01:30 CET, 01:30 UTC is 03:30 CEST — same day
    assert local_date(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == date(2026, 3, 29)
    assert local_date(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == date(2026, 3, 29)
    # DST ends 25 October 2026: 22:30 UTC on 24 Oct is 00:30 CEST on 25 Oct
    assert local_date(datetime(2026, 10, 24, 22, 30, tzinfo=UTC)) == date(2026, 10, 25)


def test_today_local_at_midnight_boundary():
    assert today_local(datetime(2026, 12, 31, 23, 15, tzinfo=UTC)) == date(2027, 1, 1)


def test_overdue_from_the_day_after_due():
    due = due_on(date(2026, 1, 31), 1)
    assert days_overdue(due, date(2026, 2, 28)) == 0
    assert days_overdue(due, date(2026, 3, 1)) == 1


@pytest.fixture
def contact_at(municipality, team, coordinator, wijkagent):
    def _make(moment: datetime, kind: str = ContactKind.CALL) -> ContactLog:
        return ContactLog.objects.create(municipality=municipality, initiative=team, contact_person=coordinator,
                                         professional=wijkagent, kind=kind, occurred_at=moment)
    return _make


@pytest.mark.django_db
def test_contact_late_on_31_january_utc_counts_as_february(municipality, coordinator, contact_at):
    Membership.objects.filter(user=coordinator).update(joined_on=date(2025, 1, 1))
    contact_at(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))  # 1 Feb 00:30 local
    contact_at(datetime(2026, 1, 15, 10, 0, tzinfo=UTC), ContactKind.COORDINATORS_MEETING)
    # due = 1 March (local). On 1 March nothing overdue; on 2 March one day overdue.
    assert [i.kind for i in overdue_for(municipality, today=date(2026, 3, 1))] == []
    items = overdue_for(municipality, today=date(2026, 3, 2))
    assert [(i.kind, i.days, i.due, i.last_contact) for i in items] == [
        ("checkin", 1, date(2026, 3, 1), date(2026, 2, 1))]
    assert items[0].professional.username == "wijkagent"


@pytest.mark.django_db
def test_two_months_without_contact_is_overdue_and_yearly_meeting_too(municipality, coordinator, contact_at):
    Membership.objects.filter(user=coordinator).update(joined_on=date(2024, 6, 1))
    contact_at(datetime(2026, 8, 20, 9, 0, tzinfo=UTC))
    items = overdue_for(municipality, today=date(2026, 10, 21))
    kinds = {i.kind: i for i in items}
    assert kinds["checkin"].days == 31  # due 20 Sep
    assert kinds["meeting"].last_contact is None  # never at a coordinators' meeting since joining
    # a longer rhythm set by the municipality removes the check-in
    ContactRhythm.objects.create(municipality=municipality, checkin_months=3)
    assert {i.kind for i in overdue_for(municipality, today=date(2026, 10, 21))} == {"meeting"}


@pytest.mark.django_db
def test_new_coordinator_is_measured_from_joining(municipality, coordinator):
    Membership.objects.filter(user=coordinator).update(joined_on=timezone.localdate() - timedelta(days=10))
    assert overdue_for(municipality) == []


@pytest.mark.django_db
def test_overdue_list_is_scoped(municipality, team, coordinator, wijkagent, safety_officer, other_safety_officer,
                                member):
    Membership.objects.filter(user=coordinator).update(joined_on=date(2020, 1, 1))
    assert len(overdue_contacts_visible_to(user=safety_officer, municipality=municipality)) == 2
    assert len(overdue_contacts_visible_to(user=wijkagent, municipality=municipality)) == 2
    elsewhere = make_professional("wijkagent", municipality, wijk=WijkFactory(municipality=municipality),
                                  username="agent-elders")
    assert overdue_contacts_visible_to(user=elsewhere, municipality=municipality) == []
    from django.core.exceptions import PermissionDenied

    for user in (other_safety_officer, member):
        with pytest.raises(PermissionDenied):
            overdue_contacts_visible_to(user=user, municipality=municipality)
