from __future__ import annotations

import factory

from iite.credentials.models import Achievement


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    code = factory.Sequence(lambda n: f"ai-competencies-{n}")
    name = factory.LazyAttribute(
        lambda o: {"en": "AI competencies for teachers", "ar": "كفايات الذكاء الاصطناعي للمعلمين"}
    )
    description = factory.LazyAttribute(
        lambda o: {"en": "Completed the course on AI competencies.", "ar": "أتم الدورة."}
    )
    criteria = factory.LazyAttribute(
        lambda o: {"en": "<p>Complete every lesson and pass the quiz.</p>"}
    )
    original_language = "en"
