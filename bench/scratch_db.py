"""Scratch PostgreSQL databases for the bench: created empty, dropped afterwards."""

from urllib.parse import urlsplit, urlunsplit

import psycopg


def reachable(database_url: str) -> bool:
    """Whether the PostgreSQL server of `database_url` answers within a few seconds."""
    try:
        with psycopg.connect(_libpq(_server(database_url)), connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def recreate_database(database_url: str) -> None:
    """Drop the database of `database_url` if it exists, and create it empty."""
    drop_database(database_url)
    _on_server(database_url, 'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    """Drop the database of `database_url`, if it exists, closing its connections."""
    _on_server(database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def connect(database_url: str) -> psycopg.Connection:
    """A plain psycopg connection to `database_url`."""
    return psycopg.connect(_libpq(database_url))


def _on_server(database_url: str, statement: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(_libpq(_server(database_url)), autocommit=True) as connection:
        connection.execute(statement.format(name=name))


def _server(database_url: str) -> str:
    return urlunsplit(urlsplit(database_url)._replace(path="/postgres"))


def _libpq(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)
