"""The one notification path: per-recipient language, after commit, stored notices, one mail API user."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from buurtpreventie.notifications.links import absolute_url
from buurtpreventie.notifications.models import Notice
from buurtpreventie.notifications.service import EMAIL, NOTICE, Recipient, notify

PACKAGE = Path(__file__).resolve().parents[2]
MAIL_API = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage", "EmailMultiAlternatives"}
BELOW_MINIMUM = "patrols/email/below_minimum"


def _mail_api_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.mail"):
            found += [f"{path}:{node.lineno} imports {a.name}" for a in node.names if a.name in MAIL_API]
        elif isinstance(node, ast.Attribute) and node.attr in MAIL_API:
            found.append(f"{path}:{node.lineno} uses {node.attr}")
    return found


def test_no_mail_api_outside_the_notification_module() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "notifications" or "tests" in relative.parts:
            continue
        offenders += _mail_api_uses(path)
    assert offenders == [], "send e-mail through buurtpreventie.notifications.service.notify:\n" + "\n".join(offenders)


def test_the_guard_itself_spots_a_send_mail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from django.core.mail import send_mail\nimport django.core.mail as m\nm.EmailMessage()\n")
    assert len(_mail_api_uses(sample)) == 2


def _people(member: Any, coordinator: Any) -> tuple[Any, Any]:
    member.language = "nl"
    member.save(update_fields=["language"])
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return member, coordinator


def test_each_recipient_reads_the_mail_in_their_own_language_after_the_commit(
    member: Any, coordinator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    dutch, english = _people(member, coordinator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([dutch, english], BELOW_MINIMUM, {"when": "05-12 20:00", "n": 1, "min": 2}, url="/rondes/7/")
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[dutch.email].subject == "Te weinig lopers"
    assert "1 van minimaal 2" in by_address[dutch.email].body
    assert "of at least 2" in by_address[english.email].body
    assert by_address[english.email].subject != "Te weinig lopers"
    assert absolute_url("/rondes/7/") in by_address[english.email].body


def test_a_rolled_back_transaction_sends_nothing(member: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify([member], BELOW_MINIMUM, {"when": "x", "n": 0, "min": 2}, channels=(EMAIL, NOTICE))
        raise RuntimeError("rollback")
    assert mail.outbox == []
    assert not Notice.objects.filter(user=member).exists()


def test_a_notice_is_stored_as_source_and_parameters_and_read_in_the_readers_language(member: Any) -> None:
    notify([member], BELOW_MINIMUM, {"when": "05-12 20:00", "n": 1, "min": 2}, channels=(NOTICE,), url="/r/")
    notice = Notice.objects.get(user=member)
    assert notice.template == BELOW_MINIMUM
    assert notice.params == {"when": "05-12 20:00", "n": 1, "min": 2}
    assert notice.text.startswith("Te weinig lopers")  # the source text, searchable
    with translation.override("en"):
        assert notice.display_text() == "Too few walkers for the round of 05-12 20:00: 1 of at least 2."
    with translation.override("nl"):
        assert notice.display_text() == "Te weinig lopers voor de ronde van 05-12 20:00: 1 van minimaal 2."
    assert mail.outbox == []  # notice channel only


def test_older_notices_without_template_show_their_text(member: Any) -> None:
    assert Notice.objects.create(user=member, text="Oud bericht").display_text() == "Oud bericht"


def test_notice_parameters_must_be_json(member: Any) -> None:
    with pytest.raises(TypeError):
        notify([member], BELOW_MINIMUM, {"when": object(), "n": 1, "min": 2}, channels=(NOTICE,))


def test_unknown_channel_is_refused(member: Any) -> None:
    with pytest.raises(ValueError):
        notify([member], BELOW_MINIMUM, {}, channels=("pigeon",))


@pytest.mark.django_db
def test_people_without_an_account_get_mail_with_reply_to_and_headers(django_capture_on_commit_callbacks: Any) -> None:
    person = Recipient(email="anna@example.org", language="en", name="Anna", headers={"List-Unsubscribe": "<x>"})
    with django_capture_on_commit_callbacks(execute=True):
        reached = notify([person, Recipient(email="")], BELOW_MINIMUM, {"when": "w", "n": 0, "min": 1},
                         channels=(EMAIL, NOTICE), reply_to=["bea@example.org"])
    assert reached == 1
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"] and message.reply_to == ["bea@example.org"]
    assert message.extra_headers["List-Unsubscribe"] == "<x>"
    assert not Notice.objects.exists()  # no account, no in-app notice


@override_settings(BUURTPREVENTIE={"PUBLIC_BASE_URL": "https://buurt.example.nl/"})
def test_absolute_url_uses_the_configured_public_address() -> None:
    assert absolute_url("/alarm/3/") == "https://buurt.example.nl/alarm/3/"


@override_settings(BUURTPREVENTIE={"PUBLIC_BASE_URL": ""})
def test_absolute_url_falls_back_to_the_dev_host_on_the_port_in_use(monkeypatch: Any) -> None:
    monkeypatch.setenv("PORT", "8123")
    assert absolute_url("/x/") == "http://127.0.0.1:8123/x/"


@pytest.mark.django_db
def test_a_person_who_switched_a_message_type_off_gets_nothing_of_that_type(member: Any, coordinator: Any,
                                                                              django_capture_on_commit_callbacks: Any) -> None:
    from buurtpreventie.notifications.service import message_types_received, message_types_set

    message_types_set(actor=member, receive={"broadcast", "reminder"})  # feedback off
    assert message_types_received(user=member) == {"broadcast", "reminder"}
    with django_capture_on_commit_callbacks(execute=True):
        reached = notify([member, coordinator], BELOW_MINIMUM, {"when": "x", "n": 0, "min": 2}, channels=(EMAIL, NOTICE),
                         message_type="feedback")
    assert reached == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert not Notice.objects.filter(user=member).exists()
    # A message without a type (own account, application) and another type still reach the person.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([member], BELOW_MINIMUM, {"when": "x", "n": 0, "min": 2}) == 1
        assert notify([member], BELOW_MINIMUM, {"when": "x", "n": 0, "min": 2}, message_type="broadcast") == 1
    assert len(mail.outbox) == 3
    with pytest.raises(ValueError):
        notify([member], BELOW_MINIMUM, {}, message_type="gossip")
