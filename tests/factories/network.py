"""Factories for networks, members and meetings."""

from datetime import timedelta

import factory
from django.utils import timezone

from network.models import Meeting, MeetingMode, Membership, Network, NetworkKind

from .reference import CountyFactory, MunicipalityFactory
from .users import UserFactory


def _municipality_in(county):
    return MunicipalityFactory(county=county) if county else MunicipalityFactory()


class NetworkFactory(factory.django.DjangoModelFactory):
    """A county's network."""

    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")
    kind = NetworkKind.COUNTY
    county = factory.SubFactory(CountyFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member, with a municipality in the network's county."""

    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    member = factory.LazyAttribute(
        lambda membership: UserFactory(
            municipality=_municipality_in(membership.network.county),
        )
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    """An online meeting two weeks ahead, two hours long."""

    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Nätverksträff {n}")
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=14)).replace(microsecond=0)
    )
    end = factory.LazyAttribute(lambda meeting: meeting.start + timedelta(hours=2))
    mode = MeetingMode.ONLINE
    online_url = "https://mote.example/rum-1"
