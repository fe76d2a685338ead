"""The public page and its CSV files in three languages, with small cells hidden; staff see the same exact."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from transparency import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(country, today):
    services.insured_backfill(today=today)
    services.figures_refresh(today=today)


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())  # spreadsheet programs then read the Kazakh letters
    return list(csv.reader(io.StringIO(content.decode()[1:])))


@pytest.mark.parametrize(
    ("language", "heading"),
    [("kk", "Қор сандармен"), ("ru", "Фонд в цифрах"), ("en", "The fund in figures")],
)
def test_anyone_reads_the_page_in_each_language_without_signing_in(client, published, language, heading):
    translation.activate(language)
    response = client.get(reverse("transparency:page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert 'id="insured-today-table"' in html and 'id="appeals-regions-table"' in html
    assert html.count('class="chart"') == 7  # each table has its chart


def test_the_public_sees_small_cells_hidden_and_staff_see_them_exact(client, published, staff_member):
    translation.activate("en")
    rows = read_csv(client.get(reverse("transparency:csv", args=["insured-today"])))
    assert rows[0] == ["Region", "employees (an employer pays)", "paying for themselves",
                       "preferential categories (the state pays)", "five years of contributions (retention)",
                       "not insured", "all people", "share insured"]  # fmt: skip
    astana = next(row for row in rows if row[0] == "Astana")
    assert astana[1:7] == ["< 10", "< 10", "0", "< 10", "0", "< 10"]
    assert rows[-1][0] == "Kazakhstan" and rows[-1][6] == "< 10"  # six people in all: still fewer than 10
    client.force_login(staff_member)
    exact = read_csv(client.get(reverse("admin:transparency_figures_csv", args=["insured-today"])))
    astana = next(row for row in exact if row[0] == "Astana")
    assert astana[1:8] == ["1", "1", "0", "1", "0", "3", "100"]
    assert exact[-1][6] == "6"


def test_the_page_reads_only_the_published_figures(client, published):
    translation.activate("ru")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("transparency:page")).status_code == 200
    tables = " ".join(query["sql"] for query in queries)
    assert "transparency_figures" in tables
    for source in ("payments_payment", "payments_personstatus", "appeals_appeal", "accounts_person"):
        assert source not in tables


def test_a_region_shows_its_own_months(client, published):
    translation.activate("en")
    response = client.get(reverse("transparency:page"), {"region": "almaty"})
    assert "People insured and not insured month by month: Almaty" in response.content.decode()
    rows = read_csv(client.get(reverse("transparency:csv", args=["insured-months"]), {"region": "almaty"}))
    assert rows[-1][0] == "2026-03" and rows[-1][3] == "< 10"  # the child: preferential


def test_a_bad_region_gets_a_translated_answer(client, published):
    translation.activate("ru")
    response = client.get(reverse("transparency:page"), {"region": "atlantis"})
    assert response.status_code == 200
    assert "Выберите регион из списка." in response.content.decode()
    answer = client.get(reverse("transparency:csv", args=["insured-months"]), {"region": "atlantis"})
    assert answer.status_code == 400 and "Выберите регион из списка." in answer.content.decode()
    assert client.get("/ru/transparency/nothing.csv").status_code == 404


def test_before_the_first_count_the_page_says_so(client, db):
    translation.activate("en")
    response = client.get(reverse("transparency:page"))
    assert "No figures have been published yet" in response.content.decode()
    assert client.get(reverse("transparency:csv", args=["contributions"])).status_code == 404


def test_staff_see_the_exact_figures_in_the_admin_and_other_roles_do_not(client, published, staff_member):
    from django.contrib.auth.models import Group

    from accounts.models import User

    translation.activate("en")
    client.force_login(staff_member)
    response = client.get(reverse("admin:transparency_figures_changelist"))
    assert response.status_code == 200
    assert "The fund in figures: exact" in response.content.decode()
    editor = User.objects.create_user("ed", password="x-Long-pass-2026", is_staff=True)
    editor.groups.add(Group.objects.get(name="catalogue_editor"))
    client.force_login(editor)
    assert client.get(reverse("admin:transparency_figures_changelist")).status_code == 403
    assert client.get(reverse("admin:transparency_figures_csv", args=["insured-today"])).status_code == 403
