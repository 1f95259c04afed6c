import pytest
from django.contrib.auth.models import AnonymousUser

from iite.learning import permissions
from iite.learning.models import Status

from .factories import make_course, user_with_perms

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return user_with_perms("add_course", "change_course")


@pytest.fixture
def reviewer():
    return user_with_perms("publish_course")


@pytest.fixture
def learner():
    return user_with_perms()


def _course(status, created_by=None, submitted_by=None):
    course = make_course(f"c-{status}", status=status, created_by=created_by, with_quiz=False)
    course.submitted_by = submitted_by
    return course


def test_only_editors_author_and_only_reviewers_publish(editor, reviewer, learner):
    """Authoring needs add/change course; publishing needs learning.publish_course; anonymous has neither."""
    assert permissions.can_author(editor) and not permissions.can_publish(editor)
    assert permissions.can_publish(reviewer) and not permissions.can_author(reviewer)
    assert permissions.can_use_studio(editor) and permissions.can_use_studio(reviewer)
    for nobody in (learner, AnonymousUser()):
        assert not permissions.can_use_studio(nobody)
        assert not permissions.can_create_course(nobody)


def test_a_course_in_review_is_frozen(editor):
    """Editors change drafts and published courses, never one in review."""
    assert permissions.can_edit_course(editor, _course(Status.DRAFT))
    assert permissions.can_edit_course(editor, _course(Status.PUBLISHED))
    assert not permissions.can_edit_course(editor, _course(Status.IN_REVIEW))


def test_only_drafts_are_submitted(editor):
    """Submitting for review applies to drafts only."""
    assert permissions.can_submit(editor, _course(Status.DRAFT))
    assert not permissions.can_submit(editor, _course(Status.PUBLISHED))


def test_reviewers_never_approve_what_they_wrote_or_submitted(reviewer):
    """A reviewer approves others' courses in review, not their own, and nothing outside review."""
    assert permissions.can_review(reviewer, _course(Status.IN_REVIEW))
    own = make_course("own", status=Status.IN_REVIEW, created_by=reviewer, with_quiz=False)
    assert not permissions.can_review(reviewer, own)
    sent = make_course("sent", status=Status.IN_REVIEW, with_quiz=False)
    sent.submitted_by = reviewer
    assert not permissions.can_review(reviewer, sent)
    assert not permissions.can_review(
        reviewer, make_course("d", status=Status.DRAFT, with_quiz=False)
    )


def test_unpublishing_needs_the_publish_permission(editor, reviewer):
    """Only a publisher takes a published course offline."""
    course = _course(Status.PUBLISHED)
    assert permissions.can_unpublish(reviewer, course)
    assert not permissions.can_unpublish(editor, course)


def test_drafts_are_visible_to_studio_people_only_and_learning_needs_a_published_course(
    editor, learner
):
    """Published courses are public; drafts are previews for the studio; learning needs sign-in."""
    draft, published = _course(Status.DRAFT), _course(Status.PUBLISHED)
    assert permissions.can_view_course(AnonymousUser(), published)
    assert not permissions.can_view_course(learner, draft)
    assert permissions.can_view_course(editor, draft)
    assert permissions.can_learn(learner, published)
    assert not permissions.can_learn(learner, draft)
    assert not permissions.can_learn(AnonymousUser(), published)


def test_platforms_are_managed_with_the_change_platform_permission(editor):
    """Changing platforms needs learning.change_platform."""
    assert not permissions.can_manage_platforms(editor)
    assert permissions.can_manage_platforms(user_with_perms("change_platform"))


def test_the_roles_get_the_permissions_their_work_needs():
    """Content editors author, Reviewer/Judge publishes, programme officers do both."""
    from iite.core.registry import role_permissions

    assert {"learning.add_course", "learning.change_course"} <= role_permissions["Content editor"]
    assert "learning.publish_course" not in role_permissions["Content editor"]
    assert "learning.publish_course" in role_permissions["Reviewer/Judge"]
    assert "learning.change_course" not in role_permissions["Reviewer/Judge"]
    assert {"learning.publish_course", "learning.change_course"} <= role_permissions[
        "Programme officer"
    ]
