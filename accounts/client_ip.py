"""The client's IP address, behind a reverse proxy too: for the login lockout and form limits."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the request came from, as the configured proxy header states it.

    Without CLIENT_IP_HEADER the connection's address (REMOTE_ADDR) counts. With it, the
    header's comma-separated list is read from the right: each of CLIENT_IP_PROXY_COUNT proxies
    appends the address it received the request from, so the entry that many places from the
    end was written by our own outermost proxy and cannot be forged by the client.
    """
    header = settings.CLIENT_IP_HEADER
    if not header:
        return request.META.get("REMOTE_ADDR")
    addresses = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
    if len(addresses) < settings.CLIENT_IP_PROXY_COUNT:
        return request.META.get("REMOTE_ADDR")
    return addresses[-settings.CLIENT_IP_PROXY_COUNT]
