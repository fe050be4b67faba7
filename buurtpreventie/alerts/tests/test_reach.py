"""Reach beyond patrols: subscriptions with a radius, per-person channels, quiet hours, SMS."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from buurtpreventie.alerts import delivery, services, sms
from buurtpreventie.alerts.models import (
    AlertDelivery,
    AlertPreference,
    AlertSubscription,
    DeliveryChannel,
    DeliveryState,
)
from buurtpreventie.alerts.targeting import AlertArea, select_targets
from buurtpreventie.testing.factories import UserFactory
from buurtpreventie.testing.helpers import login

from .conftest import CENTRE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def resident(municipality, wijk):
    return UserFactory(username="bewoner", email="bewoner@example.org")


def ids(result):
    return {t.user_id for t in result.targets}


def test_resident_subscribes_coarsely_and_can_delete(client, resident, wijk):
    login(client, resident)
    r = client.post("/alarm/abonnementen/", {"action": "add", "label": "Thuis", "lat": "51.845123",
                                              "lon": "5.865987", "radius_m": "500"})
    assert r.status_code == 302
    sub = AlertSubscription.objects.get(user=resident)
    assert (sub.lat, sub.lon) == (51.845, 5.866)  # coarse: about 100 m
    assert client.post("/alarm/abonnementen/", {"action": "add", "lat": "10", "lon": "10",
                                                "radius_m": "500"}).status_code == 200  # not in any municipality
    other = UserFactory(username="ander")
    client.logout()
    login(client, other)
    client.post("/alarm/abonnementen/", {"action": "remove", "id": sub.pk})
    assert AlertSubscription.objects.filter(pk=sub.pk).exists()  # not someone else's
    client.logout()
    login(client, resident)
    client.post("/alarm/abonnementen/", {"action": "remove", "id": sub.pk})
    assert not AlertSubscription.objects.exists()


def test_subscribers_only_when_the_dispatcher_includes_residents(municipality, resident, wijk, east_wijk):
    AlertSubscription.objects.create(user=resident, municipality=municipality, lat=CENTRE[0], lon=CENTRE[1] + 0.01,
                                     radius_m=500)
    near = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=400)  # ~690 m away: circles overlap
    assert resident.pk not in ids(select_targets(municipality_id=municipality.pk, area=near))
    assert resident.pk in ids(select_targets(municipality_id=municipality.pk, area=near, include_residents=True))
    far = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=100)
    assert resident.pk not in ids(select_targets(municipality_id=municipality.pk, area=far, include_residents=True))
    # A wijk alert reaches the subscription by its centre, never the neighbouring wijk's.
    assert resident.pk in ids(select_targets(municipality_id=municipality.pk, area=AlertArea(wijk_id=wijk.pk),
                                             include_residents=True))
    assert resident.pk not in ids(select_targets(municipality_id=municipality.pk,
                                                 area=AlertArea(wijk_id=east_wijk.pk), include_residents=True))


def _alert_to_resident(dispatcher, municipality, resident):
    AlertSubscription.objects.create(user=resident, municipality=municipality, lat=CENTRE[0], lon=CENTRE[1],
                                     radius_m=500)
    return services.alert_send(actor=dispatcher, municipality=municipality, situation="Brand", instructions="Ramen dicht",
                               area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=300), include_residents=True)


def test_sms_channel_through_the_console_backend(municipality, dispatcher, resident):
    sms.outbox.clear()
    services.alert_preference_save(actor=resident, push=False, email=False, sms=True, sms_number="06 1234 5678")
    alert = _alert_to_resident(dispatcher, municipality, resident)
    assert [m["to"] for m in sms.outbox] == ["+31612345678"] and "Ramen dicht" in sms.outbox[0]["text"]
    assert mail.outbox == []  # e-mail switched off
    assert AlertDelivery.objects.get(recipient__alert=alert, channel=DeliveryChannel.SMS).state == DeliveryState.SENT


def test_quiet_hours_hold_the_follow_ups_but_never_the_alert(municipality, dispatcher, resident, settings):
    now = timezone.localtime()
    AlertPreference.objects.create(user=resident, quiet_from=(now - timedelta(hours=1)).time(),
                                   quiet_until=(now + timedelta(hours=2)).time())
    alert = _alert_to_resident(dispatcher, municipality, resident)
    assert [m.to for m in mail.outbox] == [[resident.email]]  # the acute alert passes quiet hours
    services.alert_clear(actor=dispatcher, alert=alert, outcome="Brand is uit.")
    held = AlertDelivery.objects.get(recipient__alert=alert, kind="cleared", channel=DeliveryChannel.EMAIL)
    assert held.state == DeliveryState.PENDING and held.next_attempt_at > timezone.now() + timedelta(hours=1)
    assert len(mail.outbox) == 1
    delivery.redrive(now=held.next_attempt_at + timedelta(seconds=1))
    assert len(mail.outbox) == 2 and "Brand is uit." in mail.outbox[1].body


def test_quiet_hours_over_midnight():
    pref = AlertPreference(quiet_from=time(23, 0), quiet_until=time(7, 0))
    tz = timezone.get_current_timezone()
    assert pref.quiet_end(datetime(2026, 12, 2, 12, 0, tzinfo=tz)) is None
    assert pref.quiet_end(datetime(2026, 12, 2, 23, 30, tzinfo=tz)) == datetime(2026, 12, 3, 7, 0, tzinfo=tz)
    assert pref.quiet_end(datetime(2026, 12, 3, 2, 0, tzinfo=tz)) == datetime(2026, 12, 3, 7, 0, tzinfo=tz)


def test_no_follow_ups_when_the_person_wants_only_the_alarm(municipality, dispatcher, resident):
    services.alert_preference_save(actor=resident, push=True, email=True, sms=False, followups=False)
    alert = _alert_to_resident(dispatcher, municipality, resident)
    services.alert_clear(actor=dispatcher, alert=alert, outcome="Klaar.")
    assert len(mail.outbox) == 1


def test_bad_sms_number_is_refused(resident):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.alert_preference_save(actor=resident, push=True, email=True, sms=True, sms_number="12")




def test_preferences_page_saves_message_types_and_feedback_honours_them(client_for, member, municipality):
    """The subscriptions page shows the message types beside channels and quiet hours; what the
    person switches off, the one notification path no longer sends (acute alerts always pass)."""
    from buurtpreventie.notifications.models import MessageTypeOptOut

    client = client_for(member)
    page = client.get("/alarm/abonnementen/")
    assert page.status_code == 200 and b'name="message_types"' in page.content
    response = client.post("/alarm/abonnementen/", {"action": "preferences", "push": "on", "email": "on",
                                                     "followups": "on", "message_types": ["reminder"]})
    assert response.status_code == 302
    assert set(MessageTypeOptOut.objects.filter(user=member).values_list("message_type", flat=True)) == {
        "feedback", "broadcast"}
    page = client.get("/alarm/abonnementen/")
    assert page.context["pref_form"].initial["message_types"] == ["reminder"]
