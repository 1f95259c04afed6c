from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import User


@transaction.atomic
def user_complete_signup(*, user: User, data: dict[str, Any]) -> User:
    user.name = data.get("name", "")
    user.country = data.get("country")
    user.sex = data.get("sex", "")
    user.role = data.get("role", "")
    user.age_band = data.get("age_band", "")
    user.save()
    return user
