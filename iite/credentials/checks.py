"""System checks: the signing-key directory must never be one the site serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


@register()
def key_dir_not_served(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """CREDENTIAL_KEY_DIR outside MEDIA_ROOT, STATIC_ROOT and every STATICFILES_DIRS entry."""
    key_dir = Path(settings.CREDENTIAL_KEY_DIR)
    served = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    for entry in settings.STATICFILES_DIRS:
        served.append(Path(entry[1] if isinstance(entry, tuple) else entry))
    errors = []
    for root in served:
        if _inside(key_dir, root) or _inside(root, key_dir):
            errors.append(
                Error(
                    f"CREDENTIAL_KEY_DIR ({key_dir}) overlaps a served directory ({root}).",
                    hint="Keep the credential signing keys in a directory the site never serves.",
                    id="credentials.E001",
                )
            )
    return errors
