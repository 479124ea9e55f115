"""Path converters that accept only what an identifier can be, so junk never reaches a query.

A NUL byte in a path (/lan/0%00/) made PostgreSQL refuse the query with a server error, and an
id of thirty digits overflowed SQLite's integer; such paths now match no URL and answer 404.
"""

from django.urls import register_converter


class CountyCodeConverter:
    """A county's SCB code: two digits."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> str:
        """The code as it is."""
        return value

    def to_url(self, value) -> str:
        """The code as it is."""
        return str(value)


class TokenConverter(CountyCodeConverter):
    """A URL-safe secret (base64url letters), at most 64 characters."""

    regex = "[A-Za-z0-9_-]{1,64}"


class DatabaseIdConverter:
    """A positive id that fits every database's integer columns (at most 18 digits)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        """The id as an integer."""
        return int(value)

    def to_url(self, value) -> str:
        """The id as digits."""
        return str(value)


def register_converters() -> None:
    """Register county_code, token and db_id for the URLconfs."""
    register_converter(CountyCodeConverter, "county_code")
    register_converter(TokenConverter, "token")
    register_converter(DatabaseIdConverter, "db_id")
