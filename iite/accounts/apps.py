from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "iite.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed

        from iite.core.audit import track
        from iite.core.registry import (
            PersonalDataHandler,
            register_personal_data,
            register_reference_loader,
            register_role_permissions,
        )

        from .models import User
        from .selectors import account_personal_data
        from .services import ACCOUNTS_HANDLER_NAME, staff_roles_sync
        from .signals import on_authenticator_removed

        # Erasure of the account itself is account_delete(), which runs last.
        register_personal_data(PersonalDataHandler(ACCOUNTS_HANDLER_NAME, account_personal_data))
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
        track(User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
        authenticator_removed.connect(on_authenticator_removed, dispatch_uid="accounts-mfa-removed")
