from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from iite.accounts.tests.factories import UserFactory
from iite.partners import selectors, services
from iite.partners.models import (
    AgreementReminder,
    AgreementStatus,
    BudgetComponent,
    FocalPoint,
    MemberStateEngagement,
    Partner,
    PartnerMerge,
)
from iite.programme.tests.factories import ActivityFactory

from .factories import (
    AgreementFactory,
    BudgetLineFactory,
    EngagementFactory,
    FocalPointFactory,
    InKindFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Université Normale de Pékin", "universite normale de pekin"),
        ("Tsinghua Univ.", "tsinghua   UNIV"),
        ("UNESCO-ICHEI", "unesco ichei"),
    ],
)
def test_names_are_normalised_for_case_accents_punctuation_and_spaces(a, b):
    """Two spellings that differ only in case, accents, punctuation or spacing compare equal."""
    assert selectors.normalise_name(a) == selectors.normalise_name(b)


def test_website_domain_ignores_scheme_www_and_path():
    """http://www.bnu.edu.cn/en/ and bnu.edu.cn are the same domain."""
    assert selectors.website_domain("http://www.BNU.edu.cn/en/") == "bnu.edu.cn"
    assert selectors.website_domain("bnu.edu.cn") == "bnu.edu.cn"
    assert selectors.website_domain("") == ""


def test_duplicates_found_by_a_name_in_another_language():
    """A new entry named in Russian matches the partner whose Russian name is the same."""
    bnu = PartnerFactory(
        name={"en": "Beijing Normal University", "ru": "Пекинский педагогический университет"}
    )
    PartnerFactory(name={"en": "Other"})
    found = selectors.partner_find_duplicates(
        names={"ru": "пекинский  педагогический университет!"}
    )
    assert found == [bnu]


def test_duplicates_found_by_website_domain_and_alias():
    """Same website domain, or a name kept as an alias after a merge, marks a duplicate."""
    huawei = PartnerFactory(name={"en": "Huawei Technologies"}, website="https://www.huawei.com")
    alias = PartnerFactory(name={"en": "NetDragon"}, aliases=["NetDragon Websoft"])
    assert selectors.partner_find_duplicates(names={"en": "HW"}, website="http://huawei.com/x") == [
        huawei
    ]
    assert selectors.partner_find_duplicates(names=["netdragon websoft"]) == [alias]
    assert (
        selectors.partner_find_duplicates(names={"en": "Huawei Technologies"}, exclude_pk=huawei.pk)
        == []
    )


def test_partner_save_dates_a_change_of_publication_consent():
    """Changing what the partner agreed to publish records today's date as the consent date."""
    partner = PartnerFactory()
    before = services.partner_snapshot(partner)
    partner.publish_description = True
    services.partner_save(partner=partner, before=before)
    partner.refresh_from_db()
    assert partner.publish_consent_on == datetime.date.today()


def test_partner_save_gives_a_slug_that_avoids_reserved_and_merged_ones():
    """A new partner gets a slug from its acronym, never one of the page addresses."""
    partner = services.partner_save(partner=Partner(name={"en": "Map"}, kind="ngo"))
    assert partner.slug == "map-2"


def test_focal_point_with_an_account_stores_only_the_link():
    """For a platform user nothing is copied: no name, no email on the focal point."""
    user = UserFactory(name="Li Wei")
    fp = services.focal_point_add(
        partner=PartnerFactory(),
        user=user,
        name="Li Wei",
        email="li@example.org",
        consent_given_on=datetime.date(2026, 1, 1),
    )
    assert (fp.name, fp.email, fp.display_name, fp.contact_email) == ("", "", "Li Wei", user.email)


def test_focal_point_without_account_needs_a_name():
    """A contact without an account is stored with a name; without it the write fails."""
    with pytest.raises(ValidationError) as error:
        services.focal_point_add(
            partner=PartnerFactory(), consent_given_on=datetime.date(2026, 1, 1)
        )
    assert "name" in error.value.message_dict
    assert FocalPoint.objects.count() == 0


def test_focal_point_personal_data_export_and_erase():
    """The person's focal point links are exported, then erased with the account's data."""
    fp = FocalPointFactory(position="Director")
    assert services.focal_point_export(fp.user) == [
        {
            "partner": fp.partner.slug,
            "position": "Director",
            "consent_given_on": "2026-01-15",
            "consent_note": "",
        }
    ]
    services.focal_point_erase(fp.user)
    assert not FocalPoint.objects.exists()
    assert Partner.objects.filter(pk=fp.partner.pk).exists()


def test_merge_moves_every_relation_and_loses_nothing():
    """After a merge the survivor holds every record both partners had; the duplicate is gone."""
    kept = PartnerFactory(name={"en": "Shanghai Open University"}, acronym="SOU")
    removed = PartnerFactory(
        name={"en": "Shanghai Open Univ.", "zh-hans": "上海开放大学"},
        website="https://www.sou.edu.cn",
        aliases=["SOU Shanghai"],
    )
    shared_activity = ActivityFactory()
    shared_activity.partners.add(kept, removed)
    ActivityFactory().partners.add(removed)
    AgreementFactory(partner=removed)
    project = ProjectFactory(donor=removed)
    BudgetLineFactory(component=BudgetComponent.EXTRABUDGETARY, donor=removed, project=project)
    InKindFactory(partner=removed)
    same_person = UserFactory()
    FocalPointFactory(partner=kept, user=same_person)
    FocalPointFactory(partner=removed, user=same_person)
    FocalPointFactory(partner=removed, user=None, name="Contact Person")
    EngagementFactory().counterparts.add(removed)
    before_kept = services.partner_relation_counts(kept)
    before_removed = services.partner_relation_counts(removed)

    result = services.partner_merge(kept=kept, removed=removed, by=_administrator())

    after = services.partner_relation_counts(result.kept)
    assert not Partner.objects.filter(pk=removed.pk).exists()
    for label, count in before_removed.items():
        if label == "programme.activity.partners":
            assert after[label] == 2  # the shared activity is counted once
        elif label == "partners.focalpoint.partner":
            assert after[label] == 2  # the same account is a focal point once
        elif label == "partners.partnermerge.kept":
            assert after[label] == 1  # the record of this merge
        else:
            assert after[label] == before_kept[label] + count, label
    assert after["partners.agreement.partner"] == 1
    assert after["partners.budgetline.donor"] == 1
    assert after["partners.extrabudgetaryproject.donor"] == 1
    assert after["partners.inkindcontribution.partner"] == 1
    assert MemberStateEngagement.objects.get().counterparts.get() == kept
    kept.refresh_from_db()
    assert kept.name["zh-hans"] == "上海开放大学"
    assert kept.name["en"] == "Shanghai Open University"
    assert "Shanghai Open Univ." in kept.aliases and "SOU Shanghai" in kept.aliases
    assert kept.website == "https://www.sou.edu.cn"
    record = PartnerMerge.objects.get()
    assert record.removed_slug == removed.slug
    assert record.removed_data["website"] == "https://www.sou.edu.cn"
    assert record.moved["partners.agreement.partner"] == 1
    assert LogEntry.objects.filter(
        object_pk=str(removed.pk), action=LogEntry.Action.DELETE
    ).exists()


def test_merge_into_itself_is_refused():
    """A partner cannot be merged into itself; nothing changes."""
    partner = PartnerFactory()
    with pytest.raises(ValidationError):
        services.partner_merge(kept=partner, removed=partner, by=_administrator())
    assert Partner.objects.filter(pk=partner.pk).exists()


def _administrator():
    return UserFactory(is_staff=True, is_superuser=True)


def test_merging_needs_the_permission_and_a_refusal_moves_nothing():
    """Someone who may not merge partners gets PermissionDenied; both partners stay whole
    and no audit entry is written."""
    kept, removed = PartnerFactory(), PartnerFactory()
    ActivityFactory().partners.add(removed)
    someone = UserFactory()
    before = LogEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.partner_merge(kept=kept, removed=removed, by=someone)
    assert Partner.objects.filter(pk__in=[kept.pk, removed.pk]).count() == 2
    assert removed.activities.count() == 1
    assert LogEntry.objects.count() == before


def test_a_merge_is_one_audited_action_on_the_partner_kept():
    """The partner kept shows one 'partners.merge' entry: who merged, which slug went and
    what moved (the activities through the programme's service)."""
    kept, removed = PartnerFactory(), PartnerFactory()
    activity = ActivityFactory()
    activity.partners.add(removed)
    admin = _administrator()
    services.partner_merge(kept=kept, removed=removed, by=admin)
    entries = [
        entry
        for entry in LogEntry.objects.get_for_object(kept)
        if (entry.additional_data or {}).get("action") == "partners.merge"
    ]
    assert [(entry.actor, entry.additional_data["removed"]) for entry in entries] == [
        (admin, removed.slug)
    ]
    assert entries[0].additional_data["moved"]["programme.activity.partners"] == 1
    assert list(activity.partners.all()) == [kept]


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("agreement.exe", b"MZ...", "file_type"),
        ("agreement.pdf", b"not a pdf at all", "file_content"),
        ("agreement.pdf", b"", "file_empty"),
    ],
)
def test_documents_of_the_wrong_type_or_content_are_refused(name, content, code):
    """Only PDF, DOCX, ODT, PNG and JPEG files whose content matches the extension pass."""
    with pytest.raises(ValidationError) as error:
        services.document_validate(_upload(name, content))
    assert error.value.code == code


def test_documents_over_ten_megabytes_are_refused():
    """The size limit is 10 MB."""
    upload = _upload("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.document_validate(upload)
    assert error.value.code == "file_size"


def test_document_upload_stores_the_file(settings, tmp_path):
    """A valid PDF is saved with its type and size."""
    settings.MEDIA_ROOT = tmp_path
    agreement = AgreementFactory()
    document = services.agreement_document_add(
        agreement=agreement,
        title="Signed copy",
        upload=_upload("signed copy.pdf", b"%PDF-1.7 body"),
    )
    assert document.content_type == "application/pdf"
    assert document.size == 13
    assert document.file.name.endswith("signed_copy.pdf")


def test_reminders_are_enqueued_once_per_threshold_and_mailed():
    """An agreement ending in 25 days gets the 30-day reminder once, however often it runs."""
    responsible = UserFactory(email="officer@example.org", preferred_language="fr")
    agreement = AgreementFactory(end_date=datetime.date(2026, 12, 18), responsible=responsible)
    today = datetime.date(2026, 11, 23)
    first = services.agreements_send_reminders(today=today)
    second = services.agreements_send_reminders(today=today)
    assert [(r.agreement, r.days_before) for r in first.enqueued] == [(agreement, 30)]
    assert second.enqueued == []
    assert AgreementReminder.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.org"]
    # In the responsible person's language, each value isolated in its own direction.
    partner = agreement.partner.name["en"]
    assert mail.outbox[0].subject == (
        f"L'accord « \u2068{agreement.title}\u2069 » avec \u2068{partner}\u2069 "
        "prend fin le \u206818 décembre 2026\u2069"
    )


def test_reminders_move_to_the_next_threshold_and_rearm_on_renewal():
    """The 7-day reminder follows the 30-day one; a new end date starts over."""
    agreement = AgreementFactory(end_date=datetime.date(2026, 12, 18), responsible=UserFactory())
    services.agreements_send_reminders(today=datetime.date(2026, 11, 23))
    run = services.agreements_send_reminders(today=datetime.date(2026, 12, 12))
    assert [r.days_before for r in run.enqueued] == [7]
    agreement.end_date = datetime.date(2027, 12, 18)
    agreement.save()
    run = services.agreements_send_reminders(today=datetime.date(2027, 10, 1))
    assert [r.days_before for r in run.enqueued] == [90]


def test_reminders_go_to_administrators_when_nobody_is_responsible():
    """Without a responsible staff member the superusers are told."""
    UserFactory(email="root@example.org", is_superuser=True)
    AgreementFactory(end_date=datetime.date(2026, 11, 30))
    services.agreements_send_reminders(today=datetime.date(2026, 11, 23))
    assert mail.outbox[0].to == ["root@example.org"]


def test_draft_and_distant_agreements_get_no_reminder_and_ended_ones_expire():
    """Drafts and agreements ending beyond 90 days are left alone; past ones become expired."""
    AgreementFactory(status=AgreementStatus.DRAFT, end_date=datetime.date(2026, 12, 1))
    AgreementFactory(end_date=datetime.date(2027, 6, 1))
    ended = AgreementFactory(end_date=datetime.date(2026, 11, 1))
    run = services.agreements_send_reminders(today=datetime.date(2026, 11, 23))
    assert run.enqueued == []
    ended.refresh_from_db()
    assert ended.status == AgreementStatus.EXPIRED


def test_reminder_command_enqueues_and_reports(capsys):
    """send_agreement_reminders takes thresholds and a date, and says what it did."""
    AgreementFactory(end_date=datetime.date(2026, 12, 10), responsible=UserFactory())
    call_command("send_agreement_reminders", "--days", "60,14", "--today", "2026-11-23")
    assert "1 reminder(s) enqueued, 0 agreement(s) expired." in capsys.readouterr().out
    assert AgreementReminder.objects.get().days_before == 60


def test_reminder_command_rejects_bad_arguments():
    """Bad thresholds or dates stop the command with a message, not a traceback."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="whole numbers"):
        call_command("send_agreement_reminders", "--days", "soon")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_agreement_reminders", "--today", "23/11/2026")


def test_record_save_reports_field_errors_and_writes_nothing():
    """A negative amount is a field error and no row is written."""
    from iite.partners.models import BudgetLine

    line = BudgetLine(
        component="regular_budget", biennium="2026-2027", year=2026, amount_usd=Decimal("-1")
    )
    with pytest.raises(ValidationError) as error:
        services.record_save(record=line)
    assert "amount_usd" in error.value.message_dict
    assert BudgetLine.objects.count() == 0
