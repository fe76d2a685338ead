"""A visitor, not signed in, finds the fund's figures from the home page on a phone, reads a chart's table, picks a
region and downloads the table: without JavaScript, as with it."""

import pytest
from django.utils import translation

from .helpers import words
from .test_accessibility import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def figures(portal_data):
    from transparency import services
    from transparency.models import Figures

    services.insured_backfill()
    services.figures_refresh()
    return Figures.objects.get(name="contributions").data


@pytest.mark.parametrize("javascript", [False, True])
def test_a_visitor_reads_the_contributions_chart_as_a_table(new_page, figures, javascript):
    page = new_page(javascript=javascript)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/ru/")
    page.get_by_role("link", name=words("ru", "The fund in figures")).first.click()
    page.wait_for_url("**/ru/transparency/")
    assert page.get_by_role("heading", level=1).inner_text() == words("ru", "The fund in figures")

    caption = words("ru", "Contributions received by month and payment code (KNP)")
    table = page.get_by_role("table", name=caption)
    month = next(n for n, amount in enumerate(figures["122"]["amount"]) if amount != "0.00")
    row = table.get_by_role("row", name=figures["months"][month])
    cells = row.get_by_role("cell").all_inner_texts()
    with translation.override("ru"):
        from transparency.tables import number

        assert cells[1] == number(round(float(figures["122"]["amount"][month])), 0)  # the 122 column, in tenge
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing scrolls sideways

    page.select_option("select[name=region]", "almaty")
    page.get_by_role("button", name=words("ru", "Show")).click()
    page.wait_for_url("**/ru/transparency/?region=almaty*")
    where = words("ru", "Almaty Region")
    series = words("ru", "People insured and not insured month by month: %(where)s") % {"where": where}
    assert page.get_by_role("table", name=series).is_visible()

    link = page.get_by_role("link", name=words("ru", "Download “%(caption)s” as CSV") % {"caption": series})
    answer = page.request.get(link.get_attribute("href"))
    assert answer.headers["content-disposition"].startswith("attachment")
    assert answer.text().lstrip("\ufeff").startswith(words("ru", "Month"))
    if (
        javascript
    ):  # Chromium with scripts off does not hand a download over to Playwright; the answer above is the file
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.startswith("saqtandyru-insured-months-")

    if javascript:  # axe-core is a script
        violations = axe_violations(page)
        assert not violations, describe("/ru/transparency/", violations)
