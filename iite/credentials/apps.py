from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks.signals import task_finished


class CredentialsConfig(AppConfig):
    name = "iite.credentials"
    label = "credentials"
    verbose_name = _("Credentials")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.registry import (
            NavItem,
            PersonalDataHandler,
            register_nav,
            register_personal_data,
            register_reference_loader,
            register_role_permissions,
        )

        from . import checks, keys, reissue, services  # noqa: F401 - checks registers itself
        from .models import Achievement, Credential, SigningKey

        register_nav(NavItem(_("Verify a credential"), "credentials:verify", 80, section="more"))
        register_nav(
            NavItem(
                _("Credentials"), "credentials:manage", 82, "credentials.revoke_credential", "staff"
            )
        )
        register_nav(
            NavItem(
                _("Issue credentials"),
                "credentials:batches",
                83,
                "credentials.add_credentialbatch",
                "staff",
            )
        )
        task_finished.connect(
            services.credential_batch_task_finished, dispatch_uid="credentials.batch_finished"
        )
        register_reference_loader("credentials.signing_key", keys.signing_key_ensure)
        register_reference_loader("credentials.reissue", reissue.reference_loader)
        staff_permissions = ["credentials.revoke_credential", "credentials.add_credentialbatch"]
        register_role_permissions("Administrator", staff_permissions)
        register_role_permissions("Programme officer", staff_permissions)
        register_personal_data(
            PersonalDataHandler(
                "credentials", services.personal_data_export, services.personal_data_erase
            )
        )
        track(
            Credential,
            include_fields=[
                "revoked_at",
                "revoked_by",
                "revocation_reason",
                "display_name",
                "recipient",
            ],
            # Those who manage credentials (the list with recipients) read their history.
            history_permissions=["credentials.revoke_credential"],
        )
        track(SigningKey)
        track(Achievement)
