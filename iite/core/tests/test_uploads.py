"""Reproduction 4: a request body over the limit is refused with 413 before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iite.core.tabular import MAX_BYTES, TableProblem, table_upload_check

pytestmark = pytest.mark.django_db


def test_body_declared_over_the_limit_is_413_before_reading(client, settings):
    """The 413 comes from the declared length: the body is never parsed (CSRF never sees it)."""
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("zoom.csv", b"x" * (1024 * 1024 + 1))
    response = client.post("/en/credentials/verify/", {"upload": upload})
    assert response.status_code == 413
    assert response.content.decode() == "The upload is larger than 1 MB; send a smaller file."


def test_body_under_the_limit_reaches_the_view(client, settings):
    """A small body is served as before."""
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = client.post("/en/credentials/verify/", {"text": "not json"})
    assert response.status_code == 400
    assert "This is not valid JSON." in response.content.decode()


def test_table_upload_is_checked_by_size_before_parsing():
    """A form refuses a table over MAX_BYTES from its size alone."""

    class Big:
        size = MAX_BYTES + 1

    with pytest.raises(TableProblem, match="larger than 20 MB"):
        table_upload_check(Big())
    table_upload_check(SimpleUploadedFile("ok.csv", b"a,b\n"))
