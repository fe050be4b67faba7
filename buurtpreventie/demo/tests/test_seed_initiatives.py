"""The demo seed of this app runs twice without duplicating anything."""

from __future__ import annotations

from typing import Any

import pytest

from buurtpreventie.demo.seed import initiatives as demo
from buurtpreventie.demo.seed import public as public_demo
from buurtpreventie.demo.seed.base import seed_base
from buurtpreventie.initiatives.models import (
    Agreement,
    Application,
    Initiative,
    InitiativeStatus,
    InitiativeStatusChange,
    RegistrationMoment,
)
from buurtpreventie.public.models import PublicPage
from buurtpreventie.testing.factories import WijkFactory

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Initiative.objects.count(),
        Application.objects.count(),
        InitiativeStatusChange.objects.count(),
        Agreement.objects.count(),
        RegistrationMoment.objects.count(),
        PublicPage.objects.count(),
    )


def test_demo_seed_is_idempotent_and_covers_every_state(municipality: Any) -> None:
    for n in range(1, 10):
        WijkFactory(municipality=municipality, code=f"WK02680{n}", name=f"Wijk {n}")
    for _ in range(2):
        ctx = seed_base()
        demo.seed(ctx)
        public_demo.seed(ctx)
        if _ == 0:
            first = _counts()
    assert _counts() == first
    states = set(Initiative.objects.values_list("status", flat=True))
    assert {
        InitiativeStatus.APPLIED,
        InitiativeStatus.INTAKE,
        InitiativeStatus.ACTIVE,
        InitiativeStatus.DORMANT,
        InitiativeStatus.STOPPED,
    } <= states
    centrum = ctx.initiatives["centrum"]
    assert centrum.agreements.get().fully_accepted
    assert RegistrationMoment.objects.get().invitations.exists()
