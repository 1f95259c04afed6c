"""The observatory's demo tools arrive published through the whole workflow."""

import pytest

from iite.accounts.services import staff_roles_sync
from iite.core.i18n import untranslated_texts
from iite.demo import observatory
from iite.library.services import publication_create
from iite.observatory.loaders import protocol_load_reference
from iite.observatory.models import (
    AssessmentStatus,
    BiasAudit,
    PrincipleRating,
    Tool,
    ToolPublication,
)
from iite.programme.models import Activity, ActivityKind
from iite.strategy.models import ProgrammeUnit

pytestmark = pytest.mark.django_db


def test_demo_tools_are_assessed_published_and_counted_and_load_once(framework):
    """Twelve tools, each with a published assessment of all ten principles, in several
    languages, with bias audits; each counts as a learning resource; a second run adds nothing."""
    staff_roles_sync()
    protocol_load_reference()
    brief = publication_create(
        title={"en": "AI ethics in schools"},
        kind="policy_brief",
        abstract={"en": "What schools should ask of AI tools."},
        slug="ai-ethics-in-schools",
        unit=ProgrammeUnit.objects.get(period=framework, code="DPLM"),
    )
    assert observatory.load() == "12 tools"
    assert observatory.load() == "0 tools"
    tools = Tool.objects.all()
    assert tools.count() == 12
    assert {tool.original_language for tool in tools} >= {"en", "fr", "es", "ru", "ar", "zh-hans"}
    assert all(tool.assessments.get().status == AssessmentStatus.PUBLISHED for tool in tools)
    assert PrincipleRating.objects.count() == 120
    assert BiasAudit.objects.count() == 2
    # The demo library's publications that exist are linked to the tools they discuss.
    linked = ToolPublication.objects.filter(publication=brief).values_list("tool__slug", flat=True)
    assert sorted(linked) == ["essay-feedback", "maths-tutor-chat"]
    assert ToolPublication.objects.count() == 2
    # Every text the observatory loads is in the six languages (the content check of the run).
    texts = untranslated_texts()
    assert [text for text in texts if text.startswith("observatory.")] == []
    observatory_activities = Activity.objects.filter(code__startswith="observatory-")
    assert not [
        text
        for text in texts
        if text.startswith("programme.Activity ")
        and int(text.split()[1]) in set(observatory_activities.values_list("pk", flat=True))
    ]
    assert (
        Activity.objects.filter(
            kind=ActivityKind.LEARNING_RESOURCE, code__startswith="observatory-"
        ).count()
        == 12
    )
