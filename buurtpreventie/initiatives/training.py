"""Training gates: which trainings a walker of a physical team needs, and for how long one counts.

A walker without a valid required training is warned at sign-up (not refused: the guideline asks
for training, the team decides); the coordinator sees who misses what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from .models import InitiativeKind, Membership, TrainingKind, TrainingRecord

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

# kind of initiative -> {training kind: months valid}
REQUIRED_TRAININGS: dict[str, dict[str, int]] = {
    InitiativeKind.TEAM: {TrainingKind.ACUTE_DANGER: 24},
    InitiativeKind.APP_GROUP: {},
}


@dataclass
class TrainingGap:
    kind: str
    label: str
    expired_on: date | None  # None = never followed

    @property
    def expired(self) -> bool:
        return self.expired_on is not None


def training_gaps(*, membership: Membership, today: date | None = None) -> list[TrainingGap]:
    today = today or timezone.localdate()
    required = REQUIRED_TRAININGS.get(membership.initiative.kind, {})
    gaps = []
    for kind, months in required.items():
        last = (TrainingRecord.objects.filter(membership__user_id=membership.user_id, kind=kind)
                .order_by("-completed_on").first())
        label = str(TrainingKind(kind).label)
        if last is None:
            gaps.append(TrainingGap(kind=kind, label=label, expired_on=None))
            continue
        valid_until = last.completed_on + timedelta(days=round(months * 30.44))
        if valid_until < today:
            gaps.append(TrainingGap(kind=kind, label=label, expired_on=valid_until))
    return gaps


def training_gaps_for_user(*, user: User, initiative: Any) -> list[TrainingGap]:
    membership = Membership.objects.current().filter(initiative=initiative, user=user).select_related(
        "initiative").first()
    return training_gaps(membership=membership) if membership else []
