import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from iite.core.exports import table_csv, table_xlsx
from iite.programme.importer import import_activities_file, template_sheet
from iite.programme.models import (
    Activity,
    AggregateParticipation,
    ImportBatch,
    Participation,
    Person,
)
from iite.programme.tests.factories import ActivityFactory, person

pytestmark = pytest.mark.django_db

HEADER = "code,title,kind,start_date,end_date,unit,pillars,objectives,target_countries,priorities,languages,modality,status,participants_total,participants_female,participants_male,participants_not_stated,participants_countries"


def run(text, user=None, name="activities.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return import_activities_file(name=name, handle=io.BytesIO(data), user=user)


@pytest.fixture
def ready(framework, countries, regions):
    return framework


def test_valid_csv_imports_activities_links_and_counts(ready):
    """A valid file creates activities with their strategy links and venue counts."""
    report = run(
        HEADER
        + "\nai-forum-2026,AI forum,regional_convention,2026-04-02,2026-04-03,DPLM,P1;P4,SO2,Kenya; EGY,africa_sids,en;fr,onsite,completed,120,70,48,2,KE;EG"
        + "\nai-brief-2026,AI brief,policy_brief,2026-05-01,,DPLM,P2,SO1,,,en,,,,,,,\n"
    )
    assert report.ok, report.errors
    assert report.created == {"activities": 2, "aggregate participation records": 1}
    forum = Activity.objects.get(code="ai-forum-2026")
    assert forum.title == {"en": "AI forum"}
    assert sorted(p.code for p in forum.pillars.all()) == ["P1", "P4"]
    assert sorted(c.iso2 for c in forum.target_countries.all()) == ["EG", "KE"]
    assert [p.code for p in forum.priorities.all()] == ["africa_sids"]
    assert forum.period.code == "2026-2029" and forum.unit.code == "DPLM"
    assert forum.languages == ["en", "fr"]
    counts = AggregateParticipation.objects.get(activity=forum)
    assert (counts.total, counts.female, counts.male, counts.not_stated, counts.country_count) == (
        120,
        70,
        48,
        2,
        2,
    )
    brief = Activity.objects.get(code="ai-brief-2026")
    assert (
        brief.end_date == brief.start_date
        and brief.modality == "online"
        and brief.status == "planned"
    )
    assert ImportBatch.objects.get().rows == 2


def test_file_with_errors_writes_nothing_and_names_row_and_column(ready):
    """Errors in several rows and columns are all reported, and nothing is written."""
    report = run(
        HEADER
        + "\ngood-2026,Good,webinar,2026-04-02,,DPLM,P1,,,,,,,,,,,"
        + "\nbad-date,Bad date,webinar,2026-13-40,,DPLM,,,,,,,,,,,,"
        + "\nbad-country,Bad country,webinar,2026-04-02,,DPLM,,,Atlantis,,,,,,,,,"
        + "\nbad-sum,Bad sum,webinar,2026-04-02,,DPLM,P9,,,,,,,100,50,40,0,"
        + "\ngood-2026,Repeat,nonsense,2026-04-02,2026-04-01,XYZ,,,,,,,,,,,,\n"
    )
    assert not report.ok
    found = {(e.row, e.column) for e in report.errors}
    assert {
        (3, "start_date"),
        (4, "target_countries"),
        (5, "pillars"),
        (5, "participants_total"),
        (6, "code"),
        (6, "kind"),
        (6, "end_date"),
        (6, "unit"),
    } <= found
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert messages[(3, "start_date")] == "“2026-13-40” is not a date; use YYYY-MM-DD."
    assert messages[(4, "target_countries")] == "Unknown countries: Atlantis."
    assert (
        messages[(5, "participants_total")]
        == "Female, male, another and not stated add up to 90, not 100."
    )
    assert all(e.file == "activities.csv" for e in report.errors)
    assert not Activity.objects.exists()
    assert not AggregateParticipation.objects.exists()
    assert not ImportBatch.objects.exists()


def test_errors_are_in_the_users_language(ready):
    """Messages follow the active language (French here)."""
    from django.utils import translation

    with translation.override("fr"):
        report = run("code,title,kind,start_date,unit\nx,X,webinar,demain,DPLM\n")
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "start_date", "« demain » n'est pas une date ; utilisez AAAA-MM-JJ.")
    ]


def test_existing_code_is_refused(ready):
    """An activity code already in the database is an error on that row."""
    ActivityFactory(code="taken", period=ready)
    report = run("code,title,kind,start_date,unit\ntaken,T,webinar,2026-04-02,DPLM\n")
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "code", "An activity with this code already exists.")
    ]


def test_bom_semicolons_and_utf16(ready):
    """Excel's UTF-8 BOM, semicolon separators and UTF-16 files are read."""
    text = "code;title;title_ru;kind;start_date;unit\nru-webinar;Webinar;Вебинар;webinar;2026-04-02;DPLM\n"
    assert run("\ufeff" + text).ok
    Activity.objects.all().delete()
    assert run(text.encode("utf-16"), name="export.csv").ok
    assert Activity.objects.get().title == {"en": "Webinar", "ru": "Вебинар"}


def test_windows_1252_file_is_read(ready):
    """A file Excel saved as plain "CSV" on Western-European Windows (cp1252) keeps its accents."""
    text = "code;title;kind;start_date;unit\ncafe-2026;Café “IA” – 5 €;webinar;2026-04-02;DPLM\n"
    report = run(text.encode("cp1252"))
    assert report.ok, report.errors
    assert Activity.objects.get().title == {"en": "Café “IA” – 5 €"}


def test_file_that_is_not_text_is_reported(ready):
    """A binary file named .csv (an old .xls, a PDF) gives one clear error instead of a crash."""
    report = run(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00code,title\n", name="old.csv")
    assert not report.ok
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (1, "", "The file's text encoding is not readable.")
    ]
    assert not Activity.objects.exists()


def test_unknown_and_missing_columns_are_reported_on_the_header(ready):
    """Typos in column names and missing required columns are errors of row 1."""
    report = run("code,title,knd\nx,X,webinar\n")
    assert {(e.row, e.column) for e in report.errors} == {
        (1, "knd"),
        (1, "kind"),
        (1, "start_date"),
    }


def test_xlsx_import(ready):
    """An Excel workbook is read with real date cells."""
    import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Code",
            "Title",
            "Kind",
            "Start date",
            "Participants total",
            "Participants female",
            "Participants male",
            "Unit",
        ]
    )
    sheet.append(
        ["xlsx-1", "From Excel", "Webinar", datetime.datetime(2026, 6, 1), 10, 4, 6, "DPLM"]
    )
    sheet.append([None, None, None, None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), name="activities.xlsx")
    assert report.ok, report.errors
    activity = Activity.objects.get(code="xlsx-1")
    assert activity.start_date == datetime.date(2026, 6, 1) and activity.kind == "webinar"
    assert activity.aggregate_participations.get().total == 10


def test_damaged_xlsx_is_reported(ready):
    """A file named .xlsx that is not a workbook gives a clear error."""
    report = run(b"not a zip", name="broken.xlsx")
    assert not report.ok
    assert report.errors[0].message == "The file is not a readable Excel workbook (.xlsx)."


def test_aggregate_file(ready):
    """Aggregate participation rows attach counts to existing activities, validated."""
    ActivityFactory(code="gsec-2026", period=ready)
    good = "activity,total,female,male,another,not_stated,countries,country_count,target_group\ngsec-2026,120,70,48,0,2,KZ;KE,12,teachers\n"
    report = run(good, name="counts.csv")
    assert report.ok, report.errors
    record = AggregateParticipation.objects.get()
    assert (record.total, record.country_count, record.target_group.code) == (120, 12, "teachers")
    bad = "activity,total,female,male\nnope,10,5,5\ngsec-2026,10,5,4\n"
    report = run(bad, name="counts.csv")
    assert [(e.row, e.column) for e in report.errors] == [(2, "activity"), (3, "total")]
    assert AggregateParticipation.objects.count() == 1


def test_individual_participation_file(ready):
    """Rows by account email create records; a second file updates flags without losing them."""
    ActivityFactory(code="gsec-2026", period=ready)
    someone = person("teacher@example.org", sex="female", role="teacher")
    report = run(
        "activity,email,role,attended\ngsec-2026,Teacher@example.org,speaker,yes\n",
        name="people.csv",
    )
    assert report.ok, report.errors
    report = run(
        "activity,email,role,attended,certified\ngsec-2026,teacher@example.org,speaker,,1\n",
        name="people.csv",
    )
    assert report.ok, report.errors
    record = Participation.objects.get()
    assert (
        record.person,
        record.role,
        record.attended,
        record.certified,
        record.sex,
        record.source,
    ) == (someone, "speaker", True, True, "female", "import")
    report = run(
        "activity,email,attended,country,sex\ngsec-2026,nobody@example.org,yes,XX,robot\n"
        "gsec-2026,not an address,yes,,\n",
        name="people.csv",
    )
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "country", "Unknown countries: XX."),
        (2, "sex", "“robot” is not one of: female, male, another, not_stated."),
        (3, "email", "“not an address” is not an e-mail address."),
    ]
    assert not Person.objects.exists()


def test_a_sign_in_sheet_counts_people_without_an_account(ready):
    """Rows whose address has no account count through person records, with the name,
    country and sex the sheet gives; the same address in any case is one person."""
    ActivityFactory(code="gsec-2026", period=ready)
    report = run(
        "activity,email,name,country,sex,attended\n"
        "gsec-2026,Nobody@Example.org,Nobody Known,Kazakhstan,female,yes\n",
        name="sheet.csv",
    )
    assert report.ok, report.errors
    record = Person.objects.get()
    assert (record.email, record.name, record.country.iso2, record.sex, record.source) == (
        "nobody@example.org",
        "Nobody Known",
        "KZ",
        "female",
        "import",
    )
    participation = Participation.objects.get()
    assert (participation.person_id, participation.person_key, participation.attended) == (
        None,
        record.person_key,
        True,
    )
    assert (participation.country.iso2, participation.sex) == ("KZ", "female")
    assert run("activity,email,certified\ngsec-2026,NOBODY@example.org,yes\n").ok
    assert Person.objects.count() == 1
    assert Participation.objects.get().certified is True


def test_officer_imports_only_their_units(ready, officer):
    """A programme officer's file may not create activities of another unit."""
    report = run("code,title,kind,start_date,unit\nx-1,X,webinar,2026-04-02,ICTHE\n", user=officer)
    assert [(e.row, e.column) for e in report.errors] == [(2, "unit")]
    assert run("code,title,kind,start_date,unit\nx-1,X,webinar,2026-04-02,TPDN\n", user=officer).ok


def test_templates_are_importable_headers(ready):
    """The downloadable templates have the documented header and parse as the right kind."""
    csv_text = "".join(table_csv([template_sheet("activities")]))
    assert csv_text.lstrip("\ufeff").splitlines()[0].startswith("code,title,kind,start_date")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(table_xlsx([template_sheet("aggregate")])), read_only=True)
    sheet = workbook.worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[:2] == ("activity", "total")
    for kind in ("activities", "aggregate", "participation"):
        data = table_xlsx([template_sheet(kind)])
        report = run(data, name=f"template-{kind}.xlsx")
        assert report.kind == kind


def test_management_command(ready, tmp_path):
    """`import_activities FILE` imports a valid file and fails loudly on errors."""
    good = tmp_path / "good.csv"
    good.write_text("code,title,kind,start_date,unit\ncmd-1,From command,webinar,2026-04-02,DPLM\n")
    out = io.StringIO()
    call_command("import_activities", str(good), stdout=out)
    assert "1 rows" in out.getvalue()
    assert Activity.objects.filter(code="cmd-1").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("code,title,kind,start_date,unit\ncmd-2,X,webinar,someday,DPLM\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_activities", str(bad), stderr=err)
    assert "bad.csv: row 2, column start_date" in err.getvalue()
    assert not Activity.objects.filter(code="cmd-2").exists()


def test_upload_page_lists_errors_and_offers_templates(client, officer, ready):
    """The upload page documents the columns, offers templates and lists errors by row and column."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    html = client.get("/en/activities/manage/import/").content.decode()
    assert "participants_total" in html and "template-activities.xlsx" in html
    response = client.get("/en/activities/manage/import/template-activities.csv")
    assert response["Content-Type"].startswith("text/csv")
    upload = SimpleUploadedFile(
        "mine.csv", b"code,title,kind,start_date\nx-9,X,webinar,2026-99-01\n"
    )
    response = client.post("/en/activities/manage/import/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "mine.csv" in html and "start_date" in html and "nothing was imported" in html
    upload = SimpleUploadedFile(
        "mine.csv", b"code,title,kind,start_date,unit\nx-9,X,webinar,2026-04-01,TPDN\n"
    )
    assert client.post("/en/activities/manage/import/", {"file": upload}).status_code == 302
    assert Activity.objects.filter(code="x-9").exists()


def test_board_member_cannot_import(client, board):
    """Reading everything does not include importing."""
    client.force_login(board)
    assert client.get("/en/activities/manage/import/").status_code == 403


@pytest.mark.parametrize(
    ("name", "text", "kinds"),
    [
        (
            "activities.csv",
            HEADER
            + "\nai-forum-2026,AI forum,regional_convention,2026-04-02,2026-04-03,DPLM,P1,SO2,,,en,onsite,completed,10,5,5,0,KE\n",
            [{"activity", "aggregate"}],
        ),
        ("counts.csv", "activity,total,female,male\ngsec-2026,10,5,5\n", [{"aggregate"}]),
        (
            "people.csv",
            "activity,email,attended\ngsec-2026,t@example.org,yes\n",
            [{"participation"}],
        ),
    ],
)
def test_an_import_announces_what_it_wrote_once_it_commits(
    ready, name, text, kinds, records_heard, django_capture_on_commit_callbacks
):
    """Each kind of file says which records changed through `records_changed`, on commit."""
    ActivityFactory(code="gsec-2026", period=ready)
    person("t@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        report = run(text, name=name)
    assert report.ok, report.errors
    assert records_heard == [frozenset(k) for k in kinds]


def test_a_participation_import_writes_through_the_bulk_door(ready, participation_bulk_calls):
    """Imported people are recorded by participation_record_many, a blank flag left unset."""
    ActivityFactory(code="gsec-2026", period=ready)
    someone = person("t@example.org")
    calls = participation_bulk_calls("iite.programme.import_steps")
    report = run(
        "activity,email,role,attended\ngsec-2026,t@example.org,speaker,yes\n", name="p.csv"
    )
    assert report.ok, report.errors
    assert report.created == {"participation records": 1}
    [[entry]] = calls
    assert (entry.person_id, entry.role, entry.attended, entry.completed, entry.source) == (
        someone.pk,
        "speaker",
        True,
        None,
        "import",
    )


@pytest.mark.parametrize(
    ("total", "message"),
    [
        ("99999999999999999999", "out of range"),
        ("1e30", "not a finite number within"),
        ("inf", "is not a whole number"),
        ("nan", "is not a whole number"),
    ],
)
def test_numbers_beyond_every_bound_are_refused_with_row_and_column(ready, total, message):
    """Reproduction 6: huge, overflowing and non-finite counts are errors, never a 500."""
    report = run(
        HEADER + f"\nbig-2026,Big,webinar,2026-04-02,,DPLM,P1,,,,,,,{total},,,,\n",
    )
    assert not report.ok
    assert message in str(report.errors[0])
    assert "row 2" in str(report.errors[0])
    assert not Activity.objects.filter(code="big-2026").exists()


def test_a_queued_import_is_followed_on_its_page(client, officer, ready, settings, tmp_path):
    """With a background worker, the upload leads to the import's page, which shows its
    progress while it waits and its outcome once the task has run; the file is then gone."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iite.programme.models import ImportJob
    from iite.programme.tasks import import_job_run

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(officer)
    upload = SimpleUploadedFile(
        "later.csv", b"code,title,kind,start_date,unit\nlater-1,L,webinar,2026-04-01,TPDN\n"
    )
    response = client.post("/en/activities/manage/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting to start" in waiting and 'http-equiv="refresh"' in waiting
    assert not Activity.objects.filter(code="later-1").exists()

    assert import_job_run.call(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.rows, job.created) == ("done", 1, {"activities": 1})
    assert not job.upload
    assert list(tmp_path.rglob("*.csv")) == []
    done = client.get(job.get_absolute_url()).content.decode()
    assert "later.csv: 1 rows imported (1 activity)." in done
    assert 'http-equiv="refresh"' not in done
    # What it made is said in the person's language, not as the importer's keys.
    french = client.get(job.get_absolute_url().replace("/en/", "/fr/", 1)).content.decode()
    assert "(1 activité)" in french and "1 activities" not in french
    assert Activity.objects.filter(code="later-1").exists()


def test_a_failed_import_lists_its_errors_on_its_page(client, officer, ready, settings, tmp_path):
    """A file with errors imports nothing; its page lists each error by row and column."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iite.programme.models import ImportJob
    from iite.programme.tasks import import_job_run

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(officer)
    upload = SimpleUploadedFile(
        "bad.csv", b"code,title,kind,start_date\nb-1,B,webinar,2026-99-01\n"
    )
    client.post("/en/activities/manage/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert import_job_run.call(job.pk) == "failed"
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Nothing was imported" in html and "start_date" in html
    assert not Activity.objects.filter(code="b-1").exists()


def test_an_import_page_is_only_for_who_uploaded_it(
    client, officer, admin_user, ready, settings, tmp_path
):
    """Another person gets a 404 for someone else's import."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iite.programme.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(officer)
    upload = SimpleUploadedFile("a.csv", b"code,title,kind,start_date\n")
    client.post("/en/activities/manage/import/", {"file": upload})
    client.force_login(admin_user)
    assert client.get(ImportJob.objects.get().get_absolute_url()).status_code == 404
