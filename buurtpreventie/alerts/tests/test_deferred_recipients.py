"""An alert to many people stores its recipients in one value and the rows follow after the
request (recipients.py); nobody may notice: answers, the dispatcher's list and the member's own
alerts all work while the rows are still pending, and the delivery task writes them."""

from __future__ import annotations

import json

import pytest

from buurtpreventie.alerts import recipients, selectors, services
from buurtpreventie.alerts.models import Alert, AlertAcknowledgement, AlertRecipient
from buurtpreventie.alerts.targeting import AlertArea
from buurtpreventie.core.eventbus import get_bus

from .conftest import CENTRE, start_round

pytestmark = pytest.mark.django_db(transaction=True)  # events and tasks run on commit

CIRCLE = AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500)


@pytest.fixture
def defer_all(monkeypatch):
    monkeypatch.setattr(recipients, "DEFER_FROM", 1)


def _send(dispatcher, municipality):
    return services.alert_send(actor=dispatcher, municipality=municipality, area=CIRCLE, situation="Overval",
                               instructions="Grijp niet in")


def test_rows_are_pending_after_the_request_and_an_answer_writes_them(
        defer_all, monkeypatch, municipality, dispatcher, team, member, walker2):
    monkeypatch.setattr(services, "_enqueue_delivery", lambda alert_id, kind: None)  # the task has not run yet
    start_round(team, [member, walker2], at=CENTRE)
    alert = _send(dispatcher, municipality)
    assert not AlertRecipient.objects.filter(alert=alert).exists()
    assert sorted(recipients.payload_user_ids(alert.recipients_pending)) == sorted([member.pk, walker2.pk])
    [group] = alert.recipients_pending["p"]  # grouped by reason, team and round, the people packed
    assert group[:3] == ["patrol", team.pk, group[2]] and isinstance(group[3], str)
    assert recipients.unpack_ids(group[3]) == sorted([member.pk, walker2.pk])
    [event] = [e for _c, e in get_bus().published if e["type"] == "alert"]
    assert sorted(event["audience"]) == sorted([member.pk, walker2.pk])  # the event went out without the rows
    assert selectors.recipient_count(alert) == 2
    assert [i["alert"].pk for i in selectors.alerts_for_recipient(user=member)] == [alert.pk]

    services.alert_acknowledge(actor=walker2, alert=alert, kind="safe")
    assert AlertAcknowledgement.objects.filter(alert=alert, recipient__user=walker2, kind="safe").exists()
    rows = AlertRecipient.objects.filter(alert=alert)
    assert sorted(rows.values_list("user_id", flat=True)) == sorted([member.pk, walker2.pk])
    assert set(rows.values_list("reason", flat=True)) == {"patrol"}
    assert set(rows.values_list("initiative_id", flat=True)) == {team.pk}
    alert.refresh_from_db()
    assert alert.recipients_pending is None
    assert not recipients.write_pending(alert.pk)  # written once, by one writer


def test_the_dispatcher_list_and_a_stranger_see_the_right_thing_while_pending(
        defer_all, monkeypatch, municipality, dispatcher, team, member, coordinator):
    monkeypatch.setattr(services, "_enqueue_delivery", lambda alert_id, kind: None)
    start_round(team, [member], at=CENTRE)
    alert = _send(dispatcher, municipality)
    assert selectors.access_alert(user=member, pk=alert.pk).recipient is not None
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.access_alert(user=coordinator, pk=alert.pk)  # not reached, not staff
    alert.refresh_from_db()
    assert [r["user"].pk for r in selectors.alert_recipient_rows(alert=alert)] == [member.pk]


def test_the_delivery_task_writes_the_rows_right_after_commit(defer_all, municipality, dispatcher, team, member):
    start_round(team, [member], at=CENTRE)
    alert = _send(dispatcher, municipality)  # the test settings run tasks at once, on commit
    alert.refresh_from_db()
    assert alert.recipients_pending is None
    assert list(AlertRecipient.objects.filter(alert=alert).values_list("user_id", flat=True)) == [member.pk]


def test_small_alerts_write_their_rows_in_the_request(monkeypatch, municipality, dispatcher, team, member):
    monkeypatch.setattr(services, "_enqueue_delivery", lambda alert_id, kind: None)
    start_round(team, [member], at=CENTRE)
    alert = _send(dispatcher, municipality)
    assert alert.recipients_pending is None
    assert list(AlertRecipient.objects.filter(alert=alert).values_list("user_id", flat=True)) == [member.pk]


def test_grouped_payload_round_trips_every_reason_team_and_round():
    from types import SimpleNamespace as T

    targets = [T(user_id=1, reason="patrol", initiative_id=7, round_id=70),
               T(user_id=2, reason="resident", initiative_id=None, round_id=None),
               T(user_id=3, reason="patrol", initiative_id=7, round_id=71),
               T(user_id=4, reason="resident", initiative_id=None, round_id=None),
               T(user_id=5, reason="coordinator", initiative_id=8, round_id=None)]
    payload = recipients.pending_payload(targets[:3] + targets[4:], resident_ids=[4])
    assert len(payload["p"]) == 4
    columns = recipients.payload_columns(payload)
    rows = sorted(zip(columns["u"], columns["r"], columns["i"], columns["ro"], strict=True))
    assert rows == [(t.user_id, t.reason, t.initiative_id, t.round_id) for t in targets]
    assert sorted(recipients.payload_user_ids(payload)) == [1, 2, 3, 4, 5]
    assert recipients.payload_columns(json.loads(json.dumps(payload))) == columns  # as jsonb gives it back


@pytest.mark.parametrize("ids", [[], [7], [3, 1, 2], [2**40, 5, 2**31 + 1, 2**31 - 1], list(range(10_000, 0, -3))])
def test_packed_ids_come_back_exactly_and_small(ids):
    packed = recipients.pack_ids(ids)
    assert recipients.unpack_ids(packed) == sorted(ids)
    if len(ids) > 1000:  # a city-centre alert: ~2 bytes a person instead of ~8 as jsonb numbers
        assert len(packed) < 2 * len(ids)


def test_a_payload_stored_grouped_with_plain_numbers_is_still_written(
        defer_all, monkeypatch, municipality, dispatcher, team, member, walker2):
    monkeypatch.setattr(services, "_enqueue_delivery", lambda alert_id, kind: None)
    start_round(team, [member, walker2], at=CENTRE)
    alert = _send(dispatcher, municipality)
    older = {"g": [[reason, initiative, rnd, recipients.unpack_ids(packed)]
                   for reason, initiative, rnd, packed in alert.recipients_pending["p"]]}
    Alert.objects.filter(pk=alert.pk).update(recipients_pending=older)  # as the version before packing stored it
    alert.refresh_from_db()
    assert selectors.recipient_count(alert) == 2
    assert recipients.write_pending(alert.pk)
    assert sorted(AlertRecipient.objects.filter(alert=alert).values_list("user_id", flat=True)) == sorted(
        [member.pk, walker2.pk])


def test_a_payload_stored_as_column_arrays_before_grouping_is_still_written(
        defer_all, monkeypatch, municipality, dispatcher, team, member, walker2):
    monkeypatch.setattr(services, "_enqueue_delivery", lambda alert_id, kind: None)
    start_round(team, [member, walker2], at=CENTRE)
    alert = _send(dispatcher, municipality)
    columns = recipients.payload_columns(alert.recipients_pending)
    Alert.objects.filter(pk=alert.pk).update(recipients_pending=columns)  # as an older version stored it
    alert.refresh_from_db()
    assert selectors.recipient_count(alert) == 2
    assert recipients.write_pending(alert.pk)
    rows = AlertRecipient.objects.filter(alert=alert)
    assert sorted(rows.values_list("user_id", flat=True)) == sorted([member.pk, walker2.pk])
    assert set(rows.values_list("reason", flat=True)) == {"patrol"}


def test_the_alert_event_goes_out_once_the_sending_page_is_answered(client_for, municipality, dispatcher):
    """Through every middleware (core/events.py holds a request's events until its response is
    closed, which the test client does as a server would)."""
    response = client_for(dispatcher).post("/alarm/nieuw/", {
        "area_kind": "circle", "lat": CENTRE[0], "lon": CENTRE[1], "radius_m": 500, "situation": "Overval",
        "instructions": "Blijf binnen", "escalate_after_minutes": 3})
    assert response.status_code == 302, response.content[:300]
    alerts = [e for _c, e in get_bus().published if e.get("type") == "alert"]
    assert len(alerts) == 1 and alerts[0]["situation"] == "Overval"
