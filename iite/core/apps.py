from django.apps import AppConfig
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iite.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from iite.core.i18n import pending_review_reset

        request_started.connect(pending_review_reset, dispatch_uid="iite.core.pending_review")
