from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def cache_table_create(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After every `migrate`, the database cache's table exists (if the cache is one).

    The embedded set-up keeps its shared cache in the database: login rate limits and
    used TOTP codes are shared by every worker only through it. Creating the table here
    covers `make run`, the benchmarks and every deployment without Redis alike.
    """
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "iite.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(cache_table_create, sender=self, dispatch_uid="accounts-cache-table")
        from allauth.mfa.signals import authenticator_added, authenticator_removed

        from iite.core.audit import track
        from iite.core.registry import (
            PersonalDataHandler,
            register_personal_data,
            register_reference_loader,
            register_role_permissions,
        )

        from .models import User
        from .selectors import account_audit_data, account_personal_data
        from .services import ACCOUNTS_HANDLER_NAME, staff_roles_sync
        from .signals import on_authenticator_added, on_authenticator_removed

        # Erasure of the account itself is account_delete(), which runs last.
        register_personal_data(PersonalDataHandler(ACCOUNTS_HANDLER_NAME, account_personal_data))
        # The trail is erased by account_delete itself, after every other domain's eraser.
        register_personal_data(PersonalDataHandler("audit_trail", account_audit_data))
        register_role_permissions(
            "Administrator",
            [
                "accounts.add_user",
                "accounts.view_user",
                "accounts.change_user",
                "accounts.delete_user",
                "accounts.view_consent",
                "auth.view_group",
                "auth.change_group",
            ],
        )
        register_role_permissions("Programme officer", ["accounts.view_user"])
        # setup_platform runs loaders after every app's ready(), so this sees all roles.
        register_reference_loader("staff roles", staff_roles_sync)
        # An account's history (e-mail addresses, names, roles) is for account administrators.
        track(
            User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups"},
            history_permissions=["accounts.change_user"],
        )
        authenticator_removed.connect(on_authenticator_removed, dispatch_uid="accounts-mfa-removed")
        authenticator_added.connect(on_authenticator_added, dispatch_uid="accounts-mfa-added")
