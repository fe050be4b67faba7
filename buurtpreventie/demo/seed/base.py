"""Base demo data: users per role, grants and the first initiatives in Nijmegen."""

from __future__ import annotations

import base64
import binascii
from datetime import date, timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.accounts.models import User
from buurtpreventie.accounts.roles import Role
from buurtpreventie.accounts.services import role_grant_add
from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.demo.context import DemoContext
from buurtpreventie.initiatives.models import Initiative, InitiativeKind, InitiativeStatus, Membership

DEMO_PASSWORD = "demo-buurt-2026"  # noqa: S105 - demo only; demo users are refused in production
CENTRUM = "WK026801"
OOST = "WK026802"

# username, first name, last name, role, wijk (None = whole municipality)
GRANT_USERS = [
    ("bewoner", "Bea", "Bewoner", Role.RESIDENT, None),
    ("wijkagent", "Willem", "Wijkagent", Role.WIJKAGENT, CENTRUM),
    ("boa", "Bram", "Boa", Role.BOA, None),
    ("oov", "Olga", "OOV-adviseur", Role.SAFETY_OFFICER, None),
    ("meldkamer", "Mira", "Meldkamer", Role.DISPATCHER, None),
    ("beheer", "Ben", "Beheerder", Role.ADMINISTRATOR, None),
]
# username, first name, last name, initiative key, team role
TEAM_USERS = [
    ("coordinator", "Carla", "Coördinator", "centrum", "coordinator"),
    ("lid", "Lars", "Lid", "centrum", "member"),
    ("lid2", "Lotte", "Lid", "centrum", "member"),
    ("appbeheerder", "Anton", "App-beheerder", "oost_app", "app_group_admin"),
    ("lid-oost", "Olaf", "Lid", "oost_team", "member"),
    ("coordinator-oost", "Gijs", "Coördinator", "oost_team", "coordinator"),
]


def _totp_key(username: str) -> str:
    """A fixed, public demo key per user so authenticator apps keep working across reloads."""
    return binascii.hexlify(f"demo-{username}-totp-key".encode()[:20].ljust(20, b"0")).decode()


def _user(username: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.buurtpreventie.local",
                  "is_demo": True},
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def demo_initiative(ctx: DemoContext, key: str, *, name: str, kind: str, status: str,
                    description: str = "Demo-initiatief met fictieve leden.") -> tuple[Initiative, bool]:
    """The demo initiative with this key, and whether it was created now.

    Found by its demo key, not its name: a coordinator may rename the team while trying the demo, and
    a second run must keep using it as it is (`reset=False`). The name only adopts a row an older demo
    made before it had keys."""
    return ctx.keyed_created(
        f"initiatives.initiative:{key}", Initiative, reset=False,
        legacy={"municipality": ctx.municipality, "name": name},
        defaults={"municipality": ctx.municipality, "name": name, "kind": kind, "status": status,
                  "public_description": description},
    )


def demo_membership(user: User, initiative: Initiative, *, role: str, joined_on: date) -> Membership:
    """The user's current membership of the initiative, created (with `role`) only when there is none.

    Not `get_or_create(user, initiative, role)`: a member who left and was added again has two rows
    (one ended), and a coordinator may have changed the role; the demo leaves what people did alone."""
    current = Membership.objects.current().filter(user=user, initiative=initiative).order_by("pk").first()
    if current is not None:
        return current
    return Membership.objects.create(user=user, initiative=initiative, role=role, joined_on=joined_on)


def seed_base() -> DemoContext:
    municipality = Municipality.objects.get(code="GM0268")
    wijken = {w.code: w for w in Wijk.objects.filter(municipality=municipality)}
    ctx = DemoContext(municipality=municipality, wijken=wijken, users={})

    specs = {
        "centrum": ("Buurtpreventie Binnenstad", InitiativeKind.TEAM, InitiativeStatus.ACTIVE, CENTRUM),
        "oost_app": ("Buurtapp Oost", InitiativeKind.APP_GROUP, InitiativeStatus.ACTIVE, OOST),
        "oost_team": ("Buurtpreventie Galgenveld", InitiativeKind.TEAM, InitiativeStatus.ACTIVE, OOST),
    }
    for key, (name, kind, status, wijk_code) in specs.items():
        initiative, created = demo_initiative(ctx, key, name=name, kind=kind, status=status)
        if created:
            initiative.wijken.add(wijken[wijk_code])
        ctx.initiatives[key] = initiative

    for username, first, last, role, grant_wijk in GRANT_USERS:
        user = _user(username, first, last)
        role_grant_add(actor=None, user=user, role=role, municipality=municipality,
                       wijk=wijken[grant_wijk] if grant_wijk else None)
        ctx.users[username] = user
        line = f"{username:<16} {Role(role).label!s}"
        if role in {Role.WIJKAGENT, Role.BOA, Role.SAFETY_OFFICER, Role.DISPATCHER, Role.ADMINISTRATOR}:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="Demo authenticator", defaults={"key": _totp_key(username), "confirmed": True}
            )
            key = base64.b32encode(device.bin_key).decode()
            line += f"  (2FA: the code is shown on the demo login page; key {key})"
        ctx.say(line)
    ctx.users["beheer"].is_staff = True
    ctx.users["beheer"].is_superuser = True
    ctx.users["beheer"].save()
    ctx.users["coordinator_phone"] = "06-12345678"

    for username, first, last, key, team_role in TEAM_USERS:
        user = _user(username, first, last)
        demo_membership(user, ctx.initiatives[key], role=team_role,
                        joined_on=timezone.localdate() - timedelta(days=400))
        ctx.users[username] = user
        ctx.say(f"{username:<16} {dict(Membership.ROLE_CHOICES)[team_role]} — {ctx.initiatives[key].name}")
    coordinator = ctx.users["coordinator"]
    if not coordinator.phone:
        coordinator.phone = "06-12345678"
        coordinator.save(update_fields=["phone"])
    return ctx
