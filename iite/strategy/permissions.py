"""Who may change the results framework.

Everyone may read it (it is the published strategy). Changing an item needs the
model's `strategy.change_<model>` permission, adding one `strategy.add_<model>`;
the staff roles get them through register_role_permissions in apps.py.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model


def _perm(action: str, model: type[Model]) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def can_view_framework(user: Any) -> bool:
    return True


def can_change_item(user: Any, model: type[Model]) -> bool:
    return bool(user.is_authenticated and user.has_perm(_perm("change", model)))


def can_add_item(user: Any, model: type[Model]) -> bool:
    return bool(user.is_authenticated and user.has_perm(_perm("add", model)))


def can_edit_any(user: Any, models: list[type[Model]]) -> bool:
    return any(can_change_item(user, model) for model in models)
