"""The results framework of a strategy period: outputs, objectives, pillars and the rest.

Loaded from a reviewed data file with references to the strategy's text
(`source_ref`, e.g. "IV.1" or "V, Pillar 3"), then editable by staff.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField, TranslatedText


class StrategyPeriod(models.Model):
    code = models.SlugField(unique=True)  # "2026-2029"
    title = TranslatedField(_("title"))
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False)
    source_document = models.CharField(max_length=200, blank=True)
    original_language = "en"

    class Meta:
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return self.code


class FrameworkItem(models.Model):
    """Fields every element of the results framework shares."""

    period = models.ForeignKey(StrategyPeriod, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=32)
    title = TranslatedField(_("title"))
    description = TranslatedField(_("description"), rich=True)
    source_ref = models.CharField(_("reference in the strategy"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    original_language = "en"

    class Meta:
        abstract = True
        ordering = ["period", "order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {TranslatedText(dict(self.title), self.original_language)}"


class UnescoOutput(FrameworkItem):
    """A UNESCO C/5 output assigned to IITE (Intersectoral Output 7.4, Output 1.10...)."""

    class Meta(FrameworkItem.Meta):
        constraints = [models.UniqueConstraint(fields=["period", "code"], name="uniq_output_code")]
        verbose_name = _("UNESCO output")


class StrategicObjective(FrameworkItem):
    outputs = models.ManyToManyField(UnescoOutput, related_name="objectives", blank=True)

    class Meta(FrameworkItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="uniq_objective_code")
        ]
        verbose_name = _("strategic objective")


class LineOfAction(FrameworkItem):
    """A line of action under an objective (IV; 2022–2025: the activities listed under it)."""

    objective = models.ForeignKey(
        StrategicObjective, on_delete=models.CASCADE, related_name="lines_of_action"
    )

    class Meta(FrameworkItem.Meta):
        constraints = [models.UniqueConstraint(fields=["period", "code"], name="uniq_line_code")]
        verbose_name = _("line of action")


class StrategicRole(FrameworkItem):
    """Thought Leader, Advocacy Facilitator, Innovative Application Cluster,
    Capacity Building Pioneer (III.1)."""

    class Meta(FrameworkItem.Meta):
        constraints = [models.UniqueConstraint(fields=["period", "code"], name="uniq_role_code")]
        verbose_name = _("strategic role")


class ProgrammePillar(FrameworkItem):
    """A main programme pillar (2026–2029, V) or an action area (2022–2025)."""

    roles = models.ManyToManyField(StrategicRole, related_name="pillars", blank=True)
    objectives = models.ManyToManyField(StrategicObjective, related_name="pillars", blank=True)
    outputs = models.ManyToManyField(UnescoOutput, related_name="pillars", blank=True)

    class Meta(FrameworkItem.Meta):
        constraints = [models.UniqueConstraint(fields=["period", "code"], name="uniq_pillar_code")]
        verbose_name = _("programme pillar")


class Initiative(FrameworkItem):
    """A named initiative of a pillar: a flagship conference, platform, competition or award.

    For 2022–2025, whose action areas are loaded as pillars, the activity areas under
    each action area are initiatives of kind "activity area".
    """

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Flagship conference")
        REGIONAL = "regional", _("Regional convention or initiative")
        PLATFORM = "platform", _("Online platform")
        COMPETITION = "competition", _("Competition")
        AWARD = "award", _("Award")
        RESEARCH = "research", _("Research line")
        TRAINING = "training", _("Training and webinars")
        CONSULTATION = "consultation", _("Youth consultation")
        UNESCO_INITIATIVE = "unesco", _("UNESCO global initiative")
        ACTIVITY_AREA = "activity_area", _("Activity area")

    pillar = models.ForeignKey(
        ProgrammePillar, on_delete=models.CASCADE, related_name="initiatives"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    partner_names = models.CharField(_("co-organisers"), max_length=300, blank=True)

    class Meta(FrameworkItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="uniq_initiative_code")
        ]
        verbose_name = _("initiative")


class Priority(FrameworkItem):
    """Priority Africa and SIDS, Gender Equality, Inclusion, Youth (III.2)."""

    class Meta(FrameworkItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="uniq_priority_code")
        ]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")


class TargetGroup(FrameworkItem):
    """A target group of III.4; `person_roles` maps the profile roles that belong to it."""

    person_roles = models.JSONField(default=list, blank=True)

    class Meta(FrameworkItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="uniq_target_group_code")
        ]
        verbose_name = _("target group")


class ProgrammeUnit(FrameworkItem):
    """One of the three programme units (VI.3)."""

    class Meta(FrameworkItem.Meta):
        constraints = [models.UniqueConstraint(fields=["period", "code"], name="uniq_unit_code")]
        verbose_name = _("programme unit")
