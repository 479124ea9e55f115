"""factory_boy factories for the test suite."""

from .pages import CourseIndexPageFactory, CoursePageFactory, HomePageFactory, ModulePageFactory
from .reference import CountyFactory, MunicipalityFactory
from .users import UserFactory

__all__ = [
    "CountyFactory",
    "CourseIndexPageFactory",
    "CoursePageFactory",
    "HomePageFactory",
    "ModulePageFactory",
    "MunicipalityFactory",
    "UserFactory",
]
