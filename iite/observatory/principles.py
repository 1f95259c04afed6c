"""The ten principles of action of UNESCO's Recommendation on the Ethics of AI (2021).

The strategy (section I) names them in this order; every assessment rates a tool against
each of them, and the public pages show them in this order.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Principle(models.TextChoices):
    PROPORTIONALITY = "proportionality", _("Proportionality and do no harm")
    SAFETY = "safety", _("Safety and security")
    FAIRNESS = "fairness", _("Fairness and non-discrimination")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    PRIVACY = "privacy", _("Right to privacy and data protection")
    OVERSIGHT = "oversight", _("Human oversight and determination")
    TRANSPARENCY = "transparency", _("Transparency and explainability")
    ACCOUNTABILITY = "accountability", _("Responsibility and accountability")
    LITERACY = "literacy", _("Awareness and literacy")
    GOVERNANCE = "governance", _("Multi-stakeholder and adaptive governance")


PRINCIPLES: tuple[str, ...] = tuple(Principle.values)
