from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField


class Achievement(models.Model):
    """What a micro-credential attests: an Open Badges 3.0 Achievement.

    A course (or another activity) awards one; every credential issued for it
    embeds its name, description and criteria.
    """

    class Kind(models.TextChoices):
        MICRO_CREDENTIAL = "MicroCredential", _("Micro-credential")
        COURSE = "Course", _("Course completion")
        CERTIFICATE = "Certificate", _("Certificate")
        BADGE = "Badge", _("Badge")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = TranslatedField(_("name"), blank=False)
    description = TranslatedField(_("description"), blank=False)
    criteria = TranslatedField(_("criteria"), blank=False, rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.MICRO_CREDENTIAL
    )
    activity = models.ForeignKey(
        "programme.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="achievements",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("achievement")

    def __str__(self) -> str:
        return str(self.name)
