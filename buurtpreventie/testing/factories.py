"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.utils import timezone
from faker import Faker

from buurtpreventie.accounts.models import RoleGrant, User
from buurtpreventie.areas.models import Municipality, Street, Wijk
from buurtpreventie.initiatives.models import Initiative, InitiativeStatus, Membership
from buurtpreventie.patrols.models import Round, RoundStatus

_FAKE = Faker("nl_NL")

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.85, 51.83], [5.88, 51.83], [5.88, 51.86], [5.85, 51.86], [5.85, 51.83]]],
}


_M = TypeVar("_M")


class ModelFactory(factory.django.DjangoModelFactory[_M]):
    """Base of the factories: `XFactory(...)` is typed as the model it builds (factory_boy's own
    `__new__` is untyped, so mypy would otherwise see a factory instance)."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, *args: Any, **kwargs: Any) -> _M: ...  # type: ignore[misc]


class MunicipalityFactory(ModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class WijkFactory(ModelFactory[Wijk]):
    class Meta:
        model = Wijk

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"WK{o.municipality.code[2:]}{50 + n % 50:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")
    geometry = SQUARE
    min_lat = 51.83
    max_lat = 51.86
    min_lon = 5.85
    max_lon = 5.88
    centroid_lat = 51.845
    centroid_lon = 5.865
    inhabitants = 10000


class StreetFactory(ModelFactory[Street]):
    class Meta:
        model = Street

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Straat {n}")
    geometry = {"type": "LineString", "coordinates": [[5.86, 51.84], [5.87, 51.85]]}
    min_lat = 51.84
    max_lat = 51.85
    min_lon = 5.86
    max_lon = 5.87
    length_m = 1300


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    # Dutch names, without apostrophes ("van 't Erve"), so tests can look for names in HTML.
    first_name = factory.LazyFunction(lambda: _FAKE.first_name().replace("'", ""))
    last_name = factory.LazyFunction(lambda: _FAKE.last_name().replace("'", ""))
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class RoleGrantFactory(ModelFactory[RoleGrant]):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = "wijkagent"


class InitiativeFactory(ModelFactory[Initiative]):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    status = InitiativeStatus.ACTIVE

    @factory.post_generation
    def wijken(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.wijken.set(extracted)


class MembershipFactory(ModelFactory[Membership]):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"

    @factory.post_generation
    def accepts_house_rules(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Members accept the house rules as they read now, unless `accepts_house_rules=False`."""
        if create and extracted is not False:
            from buurtpreventie.initiatives.models import HouseRulesAcceptance
            from buurtpreventie.initiatives.selectors import house_rules_current

            membership: Any = self
            HouseRulesAcceptance.objects.create(membership=membership, confirms_adult=True,
                                                rules_text=house_rules_current(initiative=membership.initiative)[0])


class RoundFactory(ModelFactory[Round]):
    class Meta:
        model = Round

    initiative = factory.SubFactory(InitiativeFactory)
    planned_start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    planned_end = factory.LazyAttribute(lambda o: o.planned_start + timedelta(hours=2))
    status = RoundStatus.PLANNED
