from __future__ import annotations

import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction


@transaction.atomic
def ensure_demo_admin(email: str, password_file: str | None = None) -> tuple[str, str, bool]:
    """The demo administrator: created once, its password kept in var/ so re-runs print it.

    Multi-factor authentication is mandatory for staff, the demo administrator included:
    after the first sign-in the platform asks them to set up an authenticator app.
    """
    path = Path(password_file) if password_file else settings.VAR_DIR / "demo_admin_password"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        password = path.read_text().strip()
    else:
        password = secrets.token_urlsafe(12)
        path.write_text(password)
        path.chmod(0o600)
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"name": "Demo Administrator", "is_staff": True, "is_superuser": True}
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])

    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )

    admin_group = Group.objects.filter(name="Administrator").first()
    if admin_group is not None:
        user.groups.add(admin_group)
    return email, password, created
