"""The e-mail a person receives when a credential is issued: its links, in their language."""

import pytest
from django.core import mail
from django.utils import translation

from iite.accounts.tests.factories import UserFactory
from iite.credentials import services
from iite.credentials.models import Credential

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_issuing_a_credential_emails_its_holder_with_the_links(
    achievement, django_capture_on_commit_callbacks, language
):
    """On commit, the holder gets one e-mail in their language with the credential's page and PDF."""
    holder = UserFactory(email="holder@example.org", name="Nadia", preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        credential = services.credential_issue(achievement=achievement, recipient=holder)
    [message] = mail.outbox
    assert message.to == ["holder@example.org"]
    page = f"https://platform.iite.test/{language}/credentials/{credential.uuid}/"
    assert page in message.body
    assert f"{page}certificate.pdf" in message.body
    assert "example.com" not in message.body
    with translation.override(language):
        greeting = translation.gettext("Hello %(name)s,") % {"name": "\u2068Nadia\u2069"}
    assert message.body.startswith(greeting)


def test_no_email_before_the_issuing_transaction_commits(achievement, learner):
    """Nothing is sent while the credential could still be rolled back."""
    services.credential_issue(achievement=achievement, recipient=learner)
    assert mail.outbox == []


def test_a_credential_issued_again_is_not_announced_twice(
    achievement, learner, django_capture_on_commit_callbacks
):
    """Issuing is idempotent, and so is the e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        services.credential_issue(achievement=achievement, recipient=learner)
    with django_capture_on_commit_callbacks(execute=True):
        services.credential_issue(achievement=achievement, recipient=learner)
    assert len(mail.outbox) == 1


def test_a_batch_emails_every_new_holder_once(achievement, django_capture_on_commit_callbacks):
    """A batch writes to each person it issued to, in each one's own language."""
    people = [
        UserFactory(email="a@example.org", preferred_language="ru"),
        UserFactory(email="b@example.org", preferred_language="es"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.credential_issue_batch(achievement=achievement, recipients=people)
    assert Credential.objects.count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "/ru/credentials/" in bodies["a@example.org"]
    assert "/es/credentials/" in bodies["b@example.org"]
