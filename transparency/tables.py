"""The published tables, built from the stored figures in the reader's language: each with its chart, and with small
cells hidden for the public (`cells`) or exact for fund staff. The page, its CSV files and the admin show these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.choices import Region
from appeals.models import Appeal
from payments.models import Group

from . import cells
from .charts import COLOURS, GREY, Chart, Series, stacked

INSURED_GROUPS = [Group.EMPLOYEE, Group.SELF_PAYER, Group.PREFERENTIAL, Group.RETENTION]
GROUPS = [*INSURED_GROUPS, Group.NOT_INSURED]
GROUP_COLOURS = [*COLOURS[: len(INSURED_GROUPS)], GREY]
ALL = "*"  # the whole country, where a region is chosen


@dataclass(frozen=True)
class Cell:
    value: object  # the figure, exact; None where there is none
    text: str  # as shown
    mark: str = cells.SHOWN  # cells.PRIMARY ("< 10") or cells.SECONDARY ("…") when hidden

    @property
    def csv(self) -> str:
        """As the CSV file holds it: the plain figure, or the mark of a hidden one."""
        if self.mark or self.value is None:
            return self.text
        return str(self.value)


@dataclass(frozen=True)
class Table:
    slug: str
    caption: str
    columns: tuple[str, ...]  # the first heads the rows' labels
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]
    total: tuple[str, tuple[Cell, ...]] | None = None
    chart: Chart | None = None


def region_label(code: str) -> str:
    return str(Region(code).label) if code in Region.values else _("region not known")


def region_order(codes) -> list[str]:
    known = [code for code in Region.values if code in codes]
    return known + [code for code in codes if code not in Region.values]


def number(value, decimals: int | None = None) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def count(value: int, mark: str = cells.SHOWN) -> Cell:
    if mark == cells.PRIMARY:
        return Cell(value, "< 10", mark)
    if mark == cells.SECONDARY:
        return Cell(value, "…", mark)
    return Cell(value, number(value))


def exact_or_small(value: int, exact: bool) -> Cell:
    return count(value, cells.PRIMARY if not exact and cells.primary(value) else cells.SHOWN)


def share(part: int, whole: int, exact: bool) -> Cell:
    """A percentage, shown only when the whole is at least SMALL (or to staff)."""
    if not whole or (not exact and whole < cells.SMALL):
        return Cell(None, "–")
    value = round(100 * part / whole)
    return Cell(value, f"{number(value)}%")


def days(median: float | None, answered: int, exact: bool) -> Cell:
    if median is None or (not exact and answered < cells.SMALL):
        return Cell(None, "–")
    return Cell(median, number(Decimal(str(median)).normalize()))


def _people_table(slug: str, caption: str, head: str, labels: list[str], matrix: list[list[int]], exact: bool,
                  total_label: str) -> Table:  # fmt: skip
    """Rows of people by group, with each row's total and share insured, a total row, and the chart."""
    marks = cells.suppress(matrix) if not exact else [[cells.SHOWN] * len(row) for row in matrix]
    rows, bars = [], []
    for label, values, row_marks in zip(labels, matrix, marks, strict=True):
        whole = sum(values)
        insured = whole - values[-1]
        hidden = any(row_marks)
        row = [count(value, mark) for value, mark in zip(values, row_marks, strict=True)]
        row.append(exact_or_small(whole, exact))
        row.append(Cell(None, "…", cells.SECONDARY) if hidden else share(insured, whole, exact))
        rows.append((label, tuple(row)))
        drawn = [None if mark else value for value, mark in zip(values, row_marks, strict=True)]
        bars.append((label, drawn, row[-2].text))
    sums = [sum(column) for column in zip(*matrix, strict=True)] if matrix else [0] * len(GROUPS)
    whole = sum(sums)
    total = [exact_or_small(value, exact) for value in sums]
    total += [exact_or_small(whole, exact), share(whole - sums[-1], whole, exact)]
    columns = (head, *[str(group.label) for group in GROUPS], _("all people"), _("share insured"))
    series = [Series(str(group.label), colour) for group, colour in zip(GROUPS, GROUP_COLOURS, strict=True)]
    return Table(slug, caption, columns, tuple(rows), (total_label, tuple(total)), stacked(series, bars))


def insured_today(data: dict, exact: bool) -> Table:
    regions = data["regions"]
    order = region_order(regions)
    matrix = [[regions[code][group][-1] for group in GROUPS] for code in order]
    caption = _("People insured and not insured today, by region and by who pays")
    return _people_table("insured-today", caption, _("Region"), [region_label(code) for code in order], matrix,
                         exact, _("Kazakhstan"))  # fmt: skip


def insured_months(data: dict, region: str, exact: bool) -> Table:
    """Month by month, for the country (ALL) or one region. A series has no total row: each month counts the same
    people again."""
    regions = data["regions"]
    chosen = list(regions.values()) if region == ALL else [regions[region]] if region in regions else []
    months = data["months"]
    matrix = [[sum(groups[group][n] for groups in chosen) for group in GROUPS] for n in range(len(months))]
    where = _("Kazakhstan") if region == ALL else region_label(region)
    caption = _("People insured and not insured month by month: %(where)s") % {"where": where}
    table = _people_table("insured-months", caption, _("Month"), months, matrix, exact, "")
    return Table(table.slug, table.caption, table.columns, table.rows, None, table.chart)


def contributions(data: dict) -> Table:
    months = data["months"]
    rows, bars = [], []
    for n, month in enumerate(months):
        amounts = [Decimal(data[knp]["amount"][n]) for knp in ("121", "122")]
        payments = [data[knp]["payments"][n] for knp in ("121", "122")]
        row = [Cell(amount, number(amount, 0)) for amount in amounts]
        row.append(Cell(sum(amounts), number(sum(amounts), 0)))
        row += [Cell(value, number(value)) for value in payments]
        rows.append((month, tuple(row)))
        bars.append((month, [float(amount) for amount in amounts], row[2].text))
    columns = (_("Month received"), _("employer transfers (121), KZT"), _("contributions (122), KZT"),
               _("together, KZT"), _("payments (121)"), _("payments (122)"))  # fmt: skip
    series = [Series(_("employer transfers (121)"), COLOURS[0]), Series(_("contributions (122)"), COLOURS[1])]
    caption = _("Contributions received by month and payment code (KNP)")
    return Table("contributions", caption, columns, tuple(rows), None, stacked(series, bars))


def appeals_months(data: dict, exact: bool) -> Table:
    kinds = list(Appeal.Kind.values)
    months = data["months"]
    matrix = [[data["kinds"].get(kind, [0] * len(months))[n] for kind in kinds] for n in range(len(months))]
    marks = cells.suppress(matrix) if not exact else [[cells.SHOWN] * len(kinds) for _row in matrix]
    rows, bars = [], []
    for month, values, row_marks, summary in zip(months, matrix, marks, data["by_month"], strict=True):
        row = [count(value, mark) for value, mark in zip(values, row_marks, strict=True)]
        row.append(exact_or_small(summary["filed"], exact))
        row.append(share(summary["on_time"], summary["decided"], exact))
        row.append(days(summary["median_days"], summary["answered"], exact))
        rows.append((month, tuple(row)))
        bars.append((month, [None if mark else value for value, mark in zip(values, row_marks, strict=True)],
                     row[len(kinds)].text))  # fmt: skip
    columns = (_("Month filed"), *[str(Appeal.Kind(kind).label) for kind in kinds], _("all appeals"),
               _("answered on time"), _("median days to answer"))  # fmt: skip
    series = [Series(str(Appeal.Kind(kind).label), COLOURS[n % len(COLOURS)]) for n, kind in enumerate(kinds)]
    caption = _("Appeals by month and by what they are about")
    return Table("appeals-months", caption, columns, tuple(rows), None, stacked(series, bars))


def appeals_regions(data: dict, exact: bool) -> Table:
    regions = data["regions"]
    rows, bars = [], []
    for code in region_order(regions):
        summary = regions[code]
        row = (
            exact_or_small(summary["filed"], exact),
            exact_or_small(summary["answered"], exact),
            share(summary["on_time"], summary["decided"], exact),
            days(summary["median_days"], summary["answered"], exact),
        )
        rows.append((region_label(code), row))
        bars.append((region_label(code), [None if row[0].mark else summary["filed"]], row[0].text))
    total = data["total"]
    foot = (
        exact_or_small(total["filed"], exact),
        exact_or_small(total["answered"], exact),
        share(total["on_time"], total["decided"], exact),
        days(total["median_days"], total["answered"], exact),
    )
    columns = (_("Region"), _("appeals filed"), _("answered"), _("answered on time"), _("median days to answer"))
    caption = _("Appeals by region")
    chart = stacked([Series(_("appeals filed"), COLOURS[0])], bars)
    return Table("appeals-regions", caption, columns, tuple(rows), (_("Kazakhstan"), foot), chart)


def appeals_channels(data: dict, exact: bool) -> Table:
    channels = data["channels"]
    whole = sum(channels.values())
    rows, bars = [], []
    for code in Appeal.Channel.values:
        filed = channels.get(code, 0)
        row = (exact_or_small(filed, exact), share(filed, whole, exact) if not cells.primary(filed) or exact else
               Cell(None, "…", cells.SECONDARY))  # fmt: skip
        label = str(Appeal.Channel(code).label)
        rows.append((label, row))
        bars.append((label, [None if row[0].mark else filed], row[0].text))
    columns = (_("How it was filed"), _("appeals filed"), _("share"))
    chart = stacked([Series(_("appeals filed"), COLOURS[2])], bars)
    return Table("appeals-channels", _("Appeals by how they were filed"), columns, tuple(rows), None, chart)


def organisations(data: dict, exact: bool) -> Table:
    regions = data["regions"]
    rows, bars = [], []
    for code in region_order(regions):
        figures = regions[code]
        mean = figures["mean"]
        row = (
            count(figures["organisations"]),
            count(figures["rated"]),
            count(figures["reviews"]),
            Cell(mean, number(Decimal(str(mean)), 2) if mean is not None else "–"),
            exact_or_small(figures["appeals"], exact),
        )
        rows.append((region_label(code), row))
        bars.append((region_label(code), [mean], row[3].text))
    columns = (_("Region"), _("medical organisations"), _("with a rating"), _("reviews"), _("mean rating (of 5)"),
               _("appeals about them"))  # fmt: skip
    chart = stacked([Series(_("mean rating (of 5)"), COLOURS[4])], bars, top=5)
    caption = _("Medical organisations: ratings and appeals by region")
    return Table("organisations", caption, columns, tuple(rows), None, chart)
