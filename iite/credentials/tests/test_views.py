"""Pages and API: public credential page, downloads, verification, issuer, staff revocation."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from iite.accounts.tests.factories import UserFactory, give_totp
from iite.credentials import services
from iite.credentials.models import Credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(achievement, learner):
    return services.credential_issue(achievement=achievement, recipient=learner)


@pytest.fixture
def officer(db):
    user = UserFactory(email="officer@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="revoke_credential"))
    give_totp(user)  # staff must use two-factor authentication
    return user


def test_public_page_shows_achievement_status_and_verify(client, issued):
    """Anyone sees the achievement, issuer, date, a valid status and the verify/download links."""
    response = client.get(f"/en/credentials/{issued.uuid}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "AI competencies for teachers" in html
    assert "UNESCO Institute for Information Technologies in Education" in html
    assert "This credential is valid" in html
    assert f"/en/credentials/verify/?credential={issued.uuid}" in html
    assert "Amina" not in html  # the learner did not choose to show their name
    assert "amina@example.org" not in html


def test_public_page_shows_name_only_when_chosen(client, issued, learner):
    """After the learner chooses to show their name, the page shows it."""
    client.force_login(learner)
    response = client.post(f"/en/credentials/{issued.uuid}/display-name/", {"show": "1"})
    assert response.status_code == 302
    client.logout()
    assert (
        "Awarded to: <bdi>Amina Diallo</bdi>"
        in client.get(f"/en/credentials/{issued.uuid}/").content.decode()
    )


def test_someone_else_cannot_change_the_name_choice(client, issued):
    """Another signed-in person gets 403 and nothing changes."""
    client.force_login(UserFactory())
    response = client.post(f"/en/credentials/{issued.uuid}/display-name/", {"show": "1"})
    assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.display_name == ""


def test_stable_identifier_redirects_to_a_language(client, issued):
    """The credential id (no language prefix) leads to the page in the reader's language."""
    response = client.get(f"/credentials/{issued.uuid}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == f"/ar/credentials/{issued.uuid}/"


def test_unknown_credential_is_404(client, db):
    """A UUID we never issued is a 404, not a 500."""
    assert client.get("/en/credentials/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_json_download_is_the_signed_document(client, issued):
    """The download is the signed document, as application/ld+json."""
    response = client.get(f"/en/credentials/{issued.uuid}/credential.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == issued.document


def test_page_content_negotiates_json(client, issued):
    """Asking the page for JSON-LD gives the document."""
    response = client.get(f"/en/credentials/{issued.uuid}/", HTTP_ACCEPT="application/ld+json")
    assert json.loads(response.content)["id"] == issued.document["id"]


def test_pdf_certificate_in_arabic_with_link(client, issued):
    """The PDF is in the learner's language (Arabic) and carries the public page's address."""
    response = client.get(f"/en/credentials/{issued.uuid}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert str(issued.uuid) in text
    assert "شهادة" in text or "الذكاء" in text


def test_issuer_profile_json_lists_every_key(client, issued):
    """The issuer profile publishes each key as a Multikey controlled by the profile."""
    response = client.get("/en/credentials/issuer/", HTTP_ACCEPT="application/ld+json")
    profile = json.loads(response.content)
    assert profile["id"] == "https://platform.iite.test/credentials/issuer/"
    assert profile["type"] == ["Profile"]
    [method] = profile["verificationMethod"]
    assert method["type"] == "Multikey"
    assert method["controller"] == profile["id"]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert method["id"] == issued.document["proof"]["verificationMethod"]
    html = client.get("/en/credentials/issuer/").content.decode()
    assert method["publicKeyMultibase"] in html


def test_status_list_is_published(client, issued):
    """The status list credential is served as signed JSON-LD with a 16 KB list."""
    url = issued.document["credentialStatus"]["statusListCredential"]
    path = url.replace("https://platform.iite.test", "/en")
    document = json.loads(client.get(path).content)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    assert document["credentialSubject"]["encodedList"].startswith("u")
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_verify_page_by_link(client, issued):
    """The verify page checks a credential given by its link and lists the checks."""
    response = client.get(f"/en/credentials/verify/?credential={issued.uuid}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This credential is valid" in html
    assert "The signature is valid" in html


def test_verify_page_with_uploaded_file(client, issued):
    """An uploaded credential file is verified."""
    upload = SimpleUploadedFile(
        "c.json", json.dumps(issued.document).encode(), content_type="application/json"
    )
    response = client.post("/en/credentials/verify/", {"upload": upload})
    assert "This credential is valid" in response.content.decode()


def test_verify_page_detects_tampered_paste(client, issued):
    """Pasted JSON with an added property fails and says why."""
    document = dict(issued.document)
    document["grade"] = "A+"
    response = client.post("/en/credentials/verify/", {"text": json.dumps(document)})
    html = response.content.decode()
    assert "This credential is not valid" in html
    assert "no vocabulary defines" in html


def test_verify_page_in_french(client, issued):
    """Check messages follow the page language."""
    response = client.get(f"/fr/credentials/verify/?credential={issued.uuid}")
    assert "La signature est valide" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "not json"}, "This is not valid JSON."),
        ({}, "Give a credential"),
        ({"text": "[]"}, "not one"),
    ],
)
def test_verify_page_garbage_is_400_with_message(client, db, data, message):
    """Garbage gets a 400 page with the reason, never a 500."""
    response = client.post("/en/credentials/verify/", data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_verify_page_refuses_huge_upload(client, db):
    """An upload over 256 KB is refused with a message."""
    upload = SimpleUploadedFile("big.json", b"{" + b" " * 300_000 + b"}")
    response = client.post("/en/credentials/verify/", {"upload": upload})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_api_verify_document(client, issued):
    """POST /api/credentials/verify with the credential gives valid and each check."""
    response = client.post(
        "/api/credentials/verify", json.dumps(issued.document), content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert {check["check"] for check in body["checks"]} == {
        "format",
        "issuer",
        "signature",
        "dates",
        "status",
    }


def test_api_verify_wrapped_and_by_url(client, issued):
    """The API also accepts {"credential": …} and {"url": …}."""
    wrapped = client.post(
        "/api/credentials/verify",
        json.dumps({"credential": issued.document}),
        content_type="application/json",
    )
    assert wrapped.json()["valid"] is True
    by_url = client.post(
        "/api/credentials/verify",
        json.dumps({"url": issued.document["id"]}),
        content_type="application/json",
    )
    assert by_url.json()["valid"] is True


def test_api_verify_tampered(client, issued):
    """A changed credential is 200 with valid false and the failing check named."""
    document = json.loads(json.dumps(issued.document))
    document["name"] = "Something else"
    body = client.post(
        "/api/credentials/verify", json.dumps(document), content_type="application/json"
    ).json()
    assert body["valid"] is False
    assert [c["check"] for c in body["checks"] if not c["passed"]] == ["signature"]


@pytest.mark.parametrize(
    "body",
    [b"", b"garbage", b"[]", b'{"a": 1}', b'{"url": 5}'],
)
def test_api_verify_garbage_is_400(client, db, body):
    """Anything that is not a credential is a 400 with a detail message, never a 500."""
    response = client.post("/api/credentials/verify", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_api_verify_huge_is_413(client, db):
    """More than 256 KB is a 413 (too large) with a detail message, never a 500."""
    body = b'{"x": "' + b"a" * 300_000 + b'"}'
    response = client.post("/api/credentials/verify", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"]


def test_api_verify_upload(client, issued):
    """A multipart upload in the `file` field is verified."""
    upload = SimpleUploadedFile("c.json", json.dumps(issued.document).encode())
    response = client.post("/api/credentials/verify", {"file": upload})
    assert response.json()["valid"] is True


def test_api_credential_and_issuer(client, issued):
    """GET the signed document and the issuer profile; unknown ids are 404."""
    assert client.get(f"/api/credentials/{issued.uuid}").json() == issued.document
    assert client.get("/api/credentials/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/api/credentials/issuer").json()["type"] == ["Profile"]


def test_api_revoke_needs_permission(client, issued, learner, officer):
    """Revoking through the API: 401 anonymous, 403 without the permission, 200 with it."""
    url = f"/api/credentials/{issued.uuid}/revoke"
    payload = json.dumps({"reason": "Issued in error"})
    assert client.post(url, payload, content_type="application/json").status_code == 401
    client.force_login(learner)
    assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(officer)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 200
    assert Credential.objects.get(pk=issued.pk).revoked_at is not None
    again = client.post(url, payload, content_type="application/json")
    assert again.status_code == 400


def test_manage_page_permissions(client, issued, learner, officer):
    """The staff list needs the revoke permission."""
    assert client.get("/en/credentials/manage/").status_code == 302
    client.force_login(learner)
    assert client.get("/en/credentials/manage/").status_code == 403
    client.force_login(officer)
    response = client.get("/en/credentials/manage/")
    assert response.status_code == 200
    assert "amina@example.org" in response.content.decode()


def test_manage_list_query_count(client, achievement, officer, django_assert_max_num_queries):
    """The staff list costs the same number of queries for 3 or 30 credentials (no N+1)."""
    for _ in range(30):
        services.credential_issue(achievement=achievement, recipient=UserFactory())
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get("/en/credentials/manage/")
    assert response.status_code == 200


def test_manage_search_partial(client, issued, officer):
    """Searching with htmx returns only the results fragment."""
    client.force_login(officer)
    response = client.get("/en/credentials/manage/?q=amina", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "amina@example.org" in html
    assert "<html" not in html


def test_revoke_page_flow(client, issued, officer):
    """Staff revoke with a reason; an empty reason shows a field error and changes nothing."""
    client.force_login(officer)
    url = f"/en/credentials/manage/{issued.uuid}/revoke/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert Credential.objects.get(pk=issued.pk).revoked_at is None
    response = client.post(url, {"reason": "Duplicate"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.revocation_reason == "Duplicate"
    page = client.get(f"/en/credentials/{issued.uuid}/").content.decode()
    assert "This credential is not valid" in page
    assert "revoked" in page


def test_revoke_page_forbidden_without_permission(client, issued, learner):
    """A learner cannot reach the revoke page."""
    client.force_login(learner)
    assert client.get(f"/en/credentials/manage/{issued.uuid}/revoke/").status_code == 403


def test_my_credentials_page(client, issued, learner):
    """The learner's list shows their credential with downloads."""
    client.force_login(learner)
    html = client.get("/en/credentials/").content.decode()
    assert issued.get_absolute_url() in html


def test_achievement_page(client, issued, achievement):
    """The achievement id resolves to a public page describing it."""
    html = client.get(f"/en/credentials/achievements/{achievement.code}/").content.decode()
    assert "Complete every lesson and pass the quiz." in html


def test_role_permissions_registered():
    """Administrator and Programme officer may revoke credentials and issue batches."""
    from iite.core.registry import role_permissions

    for role in ("Administrator", "Programme officer"):
        assert "credentials.revoke_credential" in role_permissions[role]
        assert "credentials.add_credentialbatch" in role_permissions[role]


def test_nav_item_registered():
    """A public "Verify a credential" item is in the main navigation."""
    from iite.core.registry import registry

    item = next(i for i in registry.nav if i.url_name == "credentials:verify")
    assert (item.audience, item.section, item.order) == ("public", "more", 80)


def test_api_batch_issue_and_progress(
    client, achievement, officer, django_capture_on_commit_callbacks
):
    """Staff queue a batch by email; progress reads done; unknown emails write nothing."""
    officer.user_permissions.add(Permission.objects.get(codename="add_credentialbatch"))
    people = [UserFactory() for _ in range(3)]
    client.force_login(officer)
    bad = client.post(
        "/api/credentials/batches",
        json.dumps({"achievement": achievement.code, "recipients": ["nobody@example.org"]}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "nobody@example.org" in bad.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/credentials/batches",
            json.dumps({"achievement": achievement.code, "recipients": [p.email for p in people]}),
            content_type="application/json",
        )
    assert response.status_code == 202
    progress = client.get(f"/api/credentials/batches/{response.json()['id']}").json()
    assert (progress["status"], progress["issued"], progress["progress_percent"]) == (
        "done",
        3,
        100,
    )
    assert Credential.objects.filter(achievement=achievement).count() == 3


def test_api_batch_needs_permission(client, achievement, learner):
    """Without credentials.add_credentialbatch the batch API is forbidden."""
    client.force_login(learner)
    response = client.post(
        "/api/credentials/batches",
        json.dumps({"achievement": achievement.code, "recipients": [learner.email]}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_change_history_names_the_revocation(client, achievement, learner):
    """A manager reading the credential's history sees "Credential revoked" by whom."""
    from django.contrib.contenttypes.models import ContentType

    credential = services.credential_issue(achievement=achievement, recipient=learner)
    admin = UserFactory(is_staff=True, is_superuser=True, name="Ada Admin")
    give_totp(admin)
    services.credential_revoke(credential=credential, by=admin, reason="Issued in error")
    client.force_login(admin)
    content_type = ContentType.objects.get_for_model(credential)
    page = client.get(f"/en/staff/audit/{content_type.pk}/{credential.pk}/").content.decode()
    assert "<td>Credential revoked</td>" in page
