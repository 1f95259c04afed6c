from django.apps import AppConfig
from django.core.signals import request_started
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from iite.core.validators import forms_refuse_control_characters

# Before any form class is defined (app configurations are imported before models, admin
# modules and URL configurations), so every text field of every form gets the validator.
forms_refuse_control_characters()


class CoreConfig(AppConfig):
    name = "iite.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from iite.core.formats import number_grouping_install
        from iite.core.i18n import pending_review_reset
        from iite.core.records import records_changed

        from . import middleware, sites

        request_started.connect(pending_review_reset, dispatch_uid="iite.core.pending_review")
        # Spanish "1234" but "12.345" in intcomma and floatformat "g" too (CLDR).
        number_grouping_install()
        # The anonymous pages each worker keeps (PublicCacheMiddleware) are rendered again
        # after any write.
        for signal in (post_save, post_delete, m2m_changed, records_changed):
            signal.connect(
                middleware.public_pages_invalidate,
                dispatch_uid=f"iite.core.public_pages.{id(signal)}",
            )
        # After django.contrib.sites has created its example.com row (it comes first in
        # INSTALLED_APPS), so every migrate leaves the row saying what settings say.
        post_migrate.connect(sites.site_sync, sender=self, dispatch_uid="iite.core.site_sync")
