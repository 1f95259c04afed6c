"""The platform's own name and address, from settings: never the sites framework's example.com.

allauth and Django's password e-mails read `Site.name` and `Site.domain`; the row is kept in
step with SITE_NAME and SITE_URL after every `migrate`, and e-mails are given the same values
directly so a stale row can never put another domain in front of a reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site


@dataclass(frozen=True)
class PlatformSite:
    """What templates read from `current_site`: the platform's name and domain."""

    name: str
    domain: str

    def __str__(self) -> str:
        return self.domain


def site_from_settings() -> PlatformSite:
    domain = urlsplit(settings.SITE_URL).netloc or settings.SITE_URL
    return PlatformSite(name=settings.SITE_NAME, domain=domain)


def site_sync(**kwargs: Any) -> None:
    """post_migrate: write SITE_NAME and SITE_URL's host into the Sites framework's row."""
    site = site_from_settings()
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"name": site.name[:50], "domain": site.domain[:100]}
    )
