"""The IATI file validates against the IATI 2.03 schema kept beside these tests; the PDF report reads right."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from iite.monitoring.iati import iati_activities_xml
from iite.monitoring.loaders import load_risks
from iite.monitoring.report import annual_report_pdf
from iite.partners.tests.factories import PartnerFactory
from iite.programme.tests.factories import ActivityFactory, AggregateFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory

from .factories import WorkplanFactory, WorkplanItemFactory

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parent / "schemas" / "iati-2.03" / "iati-activities-schema.xsd"


@pytest.fixture
def activities():
    kenya = CountryFactory(iso2="KE", iso3="KEN")
    egypt = CountryFactory(iso2="EG", iso3="EGY", unesco_region="arab_states")
    partner = PartnerFactory(name={"en": "Beijing Normal University", "zh-hans": "北京师范大学"})
    webinar = ActivityFactory(
        code="ai-webinar",
        kind="webinar",
        title={"en": "AI for teachers", "ar": "الذكاء الاصطناعي للمعلمين"},
        target_countries=[kenya, egypt],
        partners=[partner],
    )
    ParticipationFactory(activity=webinar, country=kenya)
    AggregateFactory(activity=webinar, total=40, female=20, male=20)
    ActivityFactory(
        code="planned-course", kind="course", status="planned", start_date=datetime.date(2026, 9, 1)
    )
    ActivityFactory(code="hidden", kind="webinar", is_public=False)
    return webinar


def test_iati_export_validates_against_the_schema(activities):
    """The file is valid IATI 2.03 and carries results with baseline, targets and actuals."""
    document = etree.fromstring(iati_activities_xml(year=2026))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(document), schema.error_log
    identifiers = document.xpath("//iati-identifier/text()")
    assert identifiers == [
        "XM-DAC-41304-IITE-MTS-2026-2029",
        "XM-DAC-41304-IITE-ai-webinar",
        "XM-DAC-41304-IITE-planned-course",
    ]
    webinar = document.xpath("//iati-activity[iati-identifier='XM-DAC-41304-IITE-ai-webinar']")[0]
    assert webinar.xpath("activity-status/@code") == ["4"]
    assert webinar.xpath("recipient-country/@code") == ["EG", "KE"]
    assert webinar.xpath("recipient-country/@percentage") == ["50.00", "50.00"]
    assert webinar.xpath("sector/@code") == ["11130"]
    assert webinar.xpath("participating-org[@role='4']/narrative/text()")[-2:] == [
        "Beijing Normal University",
        "北京师范大学",
    ]
    assert webinar.xpath("result/indicator/period/actual/@value") == ["41"]
    assert webinar.xpath("activity-date/@type") == ["2", "4"]
    planned = document.xpath("//iati-activity[iati-identifier='XM-DAC-41304-IITE-planned-course']")[
        0
    ]
    assert planned.xpath("activity-status/@code") == ["1"]
    assert planned.xpath("result") == []
    programme = document.xpath("//iati-activity[@hierarchy='1']")[0]
    held = programme.xpath("result/indicator[title/narrative='Webinars and workshops held']")[0]
    assert held.xpath("baseline/@value") == ["30"]
    assert held.xpath("period/target/@value") == ["30", "32", "34", "36"]
    # The programme's totals count every record, the non-public webinar too.
    assert held.xpath("period/actual/@value") == ["2"]


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def report_data(activities):
    load_risks()
    workplan = WorkplanFactory(
        year=2026,
        title={"en": "Workplan 2026", "ar": "خطة العمل 2026", "zh-hans": "2026年工作计划"},
    )
    WorkplanItemFactory(workplan=workplan, title={"en": "Global Smart Education Conference"})
    return workplan


def test_pdf_report_in_english(report_data):
    """The English report holds the indicator tables, workplan and risks."""
    text = _pdf_text(annual_report_pdf(year=2026, language="en"))
    assert "Annual report to the Governing Board 2026" in text
    assert "Webinars and workshops held" in text
    assert "Global Smart Education Conference" in text
    assert "Funding to secure the core team and programmes remains unstable" in text


def test_pdf_report_in_arabic_is_right_to_left(report_data):
    """The Arabic report renders Arabic text (risk titles in Arabic) right to left."""
    from iite.monitoring.report import annual_report_html

    html = annual_report_html(year=2026, language="ar")
    assert 'dir="rtl"' in html
    text = _pdf_text(annual_report_pdf(year=2026, language="ar"))
    assert "التقرير السنوي إلى مجلس الإدارة" in text
    assert "الندوات الإلكترونية وحلقات العمل المعقودة" in text
    assert "لا يزال تمويل الفريق الأساسي والبرامج غير مستقر" in text
    assert "Annual report to the Governing Board" not in text


def test_pdf_report_in_chinese(report_data):
    """The Chinese report shows CJK text with the Noto CJK font."""
    pdf = annual_report_pdf(year=2026, language="zh-hans")
    text = _pdf_text(pdf)
    assert "2026年工作计划" in text
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in (page["/Resources"].get("/Font") or {}).values()
        for font in [font.get_object()]
    }
    assert any("CJK" in name for name in fonts), fonts


def test_pdf_and_iati_views(client, report_data):
    """Staff download the PDF in a chosen language; anyone downloads the IATI file."""
    from .helpers import board_member

    assert client.get("/en/results/iati.xml?year=2026")["Content-Type"] == "application/xml"
    assert client.get("/en/results/manage/report/2026.pdf?lang=fr").status_code == 302
    client.force_login(board_member())
    response = client.get("/en/results/manage/report/2026.pdf?lang=fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Rapport annuel au Conseil d'administration 2026" in text
    assert "Webinaires et ateliers tenus" in text
    assert "Le financement de l'équipe de base et des programmes reste instable" in text
    assert "Annual report to the Governing Board" not in text
    assert client.get("/en/results/manage/report/2026.pdf?lang=xx").status_code == 400


def test_a_report_for_a_year_without_records_is_404_not_500(client):
    """Year 1 or 9999 has no report: 404, without computing anything."""
    from .helpers import board_member

    client.force_login(board_member())
    for year in (1, 1999, 9999):
        assert client.get(f"/en/results/manage/report/{year}.pdf").status_code == 404
