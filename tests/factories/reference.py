"""Factories for counties and municipalities."""

import factory

from regions.models import County, Municipality


class CountyFactory(factory.django.DjangoModelFactory):
    """A county with a two-digit code."""

    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.LazyAttribute(lambda county: f"Testlän {county.code}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A municipality whose code starts with its county's code."""

    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    county = factory.SubFactory(CountyFactory)
    code = factory.LazyAttributeSequence(lambda m, n: f"{m.county.code}{(n % 99) + 1:02d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    skr_group = "C8"
    population = 10_000
