"""CSV and XLSX downloads of every monitoring table."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _

from iite.core.exports import Sheet, tables_response

from . import indicators as ind
from . import selectors
from .models import ReportedValue, Risk, Workplan


def indicator_tables(scope: ind.Scope, *, dims: bool = True) -> list[Sheet]:
    blocks = selectors.indicator_report(scope, with_dims=dims)
    period = f"{scope.year}" + (f"-H{scope.half}" if scope.half else "")
    header = [
        _("Indicator"),
        _("Sub-measure code"),
        _("Sub-measure"),
        _("Period"),
        _("Computed from records"),
        _("Reported"),
        _("Total"),
        _("Target for the year"),
        _("Baseline"),
        _("Baseline year"),
        _("January–June"),
        _("July–December"),
        _("Year"),
        _("Note"),
    ]
    rows = []
    detail = []
    for block in blocks:
        for row in block.measures:
            rows.append(
                [
                    f"{block.number}. {block.title}",
                    row.code,
                    row.label,
                    period,
                    row.value,
                    float(row.reported),
                    float(row.total),
                    row.target if row.target is not None else "",
                    row.baseline if row.baseline is not None else "",
                    row.baseline_year or "",
                    row.h1,
                    row.h2,
                    row.year_value,
                    row.halves_note,
                ]
            )
            for table in row.dims:
                for item in table.rows:
                    detail.append(
                        [row.code, row.label, period, table.label, item.key, item.label, item.value]
                    )
                if table.note:
                    # One line under the table: those in several rows, named by the note.
                    detail.append(
                        [row.code, row.label, period, table.label, "", table.note, table.several]
                    )
    tables: list[Sheet] = [Sheet(str(_("Indicators")), header, rows)]
    if dims:
        tables.append(
            Sheet(
                str(_("Disaggregation")),
                [
                    _("Sub-measure code"),
                    _("Sub-measure"),
                    _("Period"),
                    _("Disaggregated by"),
                    _("Key"),
                    _("Group"),
                    _("Value"),
                ],
                detail,
            )
        )
    return tables


def indicators_export(scope: ind.Scope, fmt: str, *, dims: bool = True) -> HttpResponse:
    name = f"iite-indicators-{scope.year}" + (f"-h{scope.half}" if scope.half else "")
    return tables_response(fmt=fmt, filename=name, sheets=indicator_tables(scope, dims=dims))


def workplan_table(workplan: Workplan) -> Sheet:
    header = [
        _("Year"),
        _("Item"),
        _("Strategic objectives"),
        _("Programme pillars"),
        _("Activity"),
        _("Target"),
        _("Indicator sub-measure"),
        _("Target value"),
        _("Planned cost (USD)"),
        _("Computed progress"),
        _("Indicator figure"),
        _("Narrative"),
    ]
    progress = selectors.workplan_items_progress(workplan)
    rows = [
        [
            workplan.year,
            str(item.title),
            ", ".join(o.code for o in item.objectives.all()),
            ", ".join(p.code for p in item.pillars.all()),
            item.activity.code if item.activity else "",
            str(item.target),
            item.measure,
            item.target_value if item.target_value is not None else "",
            float(item.planned_cost_usd),
            progress[item.pk].state_label,
            progress[item.pk].figure if progress[item.pk].figure is not None else "",
            str(item.narrative),
        ]
        for item in workplan.items.all()
    ]
    return Sheet(str(_("Workplan")), header, rows)


def workplan_export(workplan: Workplan, fmt: str) -> HttpResponse:
    return tables_response(
        fmt=fmt, filename=f"iite-workplan-{workplan.year}", sheets=[workplan_table(workplan)]
    )


def risk_tables(risks: list[Risk]) -> list[Sheet]:
    header = [
        _("Code"),
        _("Risk"),
        _("Category"),
        _("Likelihood"),
        _("Impact"),
        _("Score"),
        _("Owner"),
        _("Status"),
        _("Last review"),
    ]
    rows = []
    actions = []
    for risk in risks:
        reviews = list(risk.reviews.all())
        rows.append(
            [
                risk.code,
                str(risk.title),
                risk.get_category_display(),
                risk.likelihood,
                risk.impact,
                risk.score,
                str(risk.owner),
                risk.get_status_display(),
                reviews[0].reviewed_on.isoformat() if reviews else "",
            ]
        )
        for action in risk.actions.all():
            actions.append(
                [
                    risk.code,
                    str(action.description),
                    str(action.responsible),
                    action.due_date.isoformat() if action.due_date else "",
                    action.get_status_display(),
                ]
            )
    return [
        Sheet(str(_("Risks")), header, rows),
        Sheet(
            str(_("Mitigation actions")),
            [_("Risk"), _("Action"), _("Responsible"), _("Due date"), _("Status")],
            actions,
        ),
    ]


def risks_export(risks: list[Risk], fmt: str) -> HttpResponse:
    return tables_response(fmt=fmt, filename="iite-risk-register", sheets=risk_tables(risks))


def reported_values_export(values: Iterable[ReportedValue], fmt: str) -> HttpResponse:
    header = [
        _("Sub-measure code"),
        _("Sub-measure"),
        _("Year"),
        _("Half-year"),
        _("Value"),
        _("Country"),
        _("What was done"),
        _("Evidence"),
        _("Reported by"),
        _("Date reported"),
    ]
    rows = [
        [
            value.measure,
            str(ind.MEASURES[value.measure].label) if value.measure in ind.MEASURES else "",
            value.year,
            value.half or "",
            float(value.value),
            value.country.iso2 if value.country else "",
            value.description,
            value.evidence_url or (value.evidence_file.name if value.evidence_file else ""),
            str(value.author) if value.author else "",
            value.reported_on.isoformat(),
        ]
        for value in values
    ]
    return tables_response(
        fmt=fmt,
        filename="iite-reported-values",
        sheets=[Sheet(str(_("Reported values")), header, rows)],
    )
