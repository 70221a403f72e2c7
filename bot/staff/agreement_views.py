"""The agreement report's page (/staff/agreement), its CSV (/staff/agreement.csv) and its API
(/staff/api/agreement). Figures only, no patient data: login is required, the access log is not written."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sanic import response

from . import agreement
from .agreement_chart import rate_chart
from .exports import csv_cell
from .labels import type_label
from .pages import _error_page, _page  # the staff pages' frame (navigation, alert banner)

CSV_COLUMNS = ("figure", "period", "bot_type", "staff_type", "count", "agreed", "rate")


def _report(request):
    start, end = agreement.parse_range(request.args)
    with request.app.ctx.db() as session:
        report = agreement.compute(agreement.load(session, start, end))
    query = {k: v.isoformat() for k, v in (("from", start), ("to", end)) if v}
    return report, start, end, query


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_rows(report: agreement.Report) -> Iterator[tuple]:
    """One tidy table: each row one figure (overall, a month, a type, a matrix cell, red flags)."""
    yield ("overall", "all", "", "", report.reviewed, report.agreed, _rate(report.agreement_rate))
    for p in report.periods:
        yield ("month", p.label, "", "", p.reviewed, p.agreed, _rate(p.agreement_rate))
    for t in report.per_type:
        if t.bot_said or t.staff_said:
            yield ("bot_said_type", "all", type_label(t.code), "", t.bot_said, t.agreed, _rate(t.precision))
            yield ("staff_said_type", "all", "", type_label(t.code), t.staff_said, t.agreed, _rate(t.recall))
    for b in report.bot_types:
        for s in report.staff_types:
            if report.cell(b, s):
                yield ("confusion", "all", type_label(b), type_label(s), report.cell(b, s), "", "")
    yield ("red_flags_raised", "all", "", "", report.red_flags_raised, "", "")
    yield ("red_flags_confirmed", "all", "", "", report.red_flags_confirmed, "", _rate(report.red_flags_confirmed_rate))
    yield ("red_flags_dismissed", "all", "", "", report.red_flags_dismissed, "", "")
    yield ("red_flags_not_reviewed", "all", "", "", report.red_flags_not_reviewed, "", "")
    for p in report.periods:
        yield ("red_flags_confirmed", p.label, "", "", p.red_flags_confirmed, "", "")
        yield ("red_flags_dismissed", p.label, "", "", p.red_flags_dismissed, "", "")


def csv_text(report: agreement.Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


async def page(request):
    try:
        report, start, end, query = _report(request)
    except agreement.BadRange as error:
        return _error_page(request, 400, str(error))
    return _page(
        request, "agreement.html", report=report, chart=rate_chart(report.periods), start=start, end=end, query=query
    )


async def csv_export(request):
    try:
        report, *_ = _report(request)
    except agreement.BadRange as error:
        return response.json({"error": str(error)}, status=400)
    return response.text(
        csv_text(report),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="agreement.csv"'},
    )


async def api(request):
    try:
        report, start, end, _ = _report(request)
    except agreement.BadRange as error:
        return response.json({"error": str(error)}, status=400)
    return response.json(
        {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None, **report.to_json()}
    )
