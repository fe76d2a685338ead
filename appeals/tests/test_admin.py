"""Fund staff's admin: the queue and its filters, the work page, inline notes and replies, bulk actions,
the dashboard, review moderation; and who may enter.
"""

import html
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from appeals import services
from appeals.models import Appeal, Note, Reply, Review
from appeals.workflow import State

pytestmark = pytest.mark.django_db


def hidden_inputs(page: str) -> dict:
    """Every hidden input of the change form (the inlines' management forms and row ids)."""
    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


@pytest.fixture
def queue(file_appeal, make_organisation, officer):
    other = make_organisation(2, name="Облыстық аурухана", region="karaganda")
    first = file_appeal().appeal
    second = file_appeal(kind="quality", region="karaganda", organisation=other).appeal
    services.appeal_assign(appeal=second, officer=officer, by=officer)
    return first, second


@pytest.mark.parametrize(
    "query",
    ["", "?state__exact=registered", "?kind__exact=quality", "?region__exact=karaganda", "?organisation__id__exact=1",
     "?officer__id__exact=1", "?deadline=overdue", "?deadline=near", "?deadline=on_time", "?q=26-000001"],
)  # fmt: skip
def test_the_queue_and_its_filters_render_for_an_appeals_officer(client, officer, queue, query):
    client.force_login(officer)
    response = client.get(reverse("admin:appeals_appeal_changelist") + query)
    assert response.status_code == 200


def test_filters_narrow_the_queue(client, officer, queue):
    first, second = queue
    client.force_login(officer)
    changelist = reverse("admin:appeals_appeal_changelist")
    registered = client.get(changelist + "?state__exact=registered").context["cl"].result_list
    assert list(registered) == [first]
    by_officer = client.get(changelist + f"?officer__id__exact={officer.pk}").context["cl"].result_list
    assert list(by_officer) == [second]
    Appeal.objects.filter(pk=first.pk).update(due_date="2020-01-01")
    overdue = client.get(changelist + "?deadline=overdue").context["cl"].result_list
    assert list(overdue) == [first]


def test_outsiders_and_other_roles_stay_out(client, citizen, staff_member, queue):
    client.force_login(citizen)
    assert client.get(reverse("admin:appeals_appeal_changelist")).status_code == 302  # to the admin's login
    client.force_login(staff_member)  # a fund operator: payments, not appeals
    assert client.get(reverse("admin:appeals_appeal_changelist")).status_code == 403
    assert client.get(reverse("admin:appeals_appeal_dashboard")).status_code == 403


def test_inline_reply_reaches_the_citizen_and_note_does_not(client, officer, queue, mailoutbox):
    first, _second = queue
    client.force_login(officer)
    url = reverse("admin:appeals_appeal_change", args=[first.pk])
    page = client.get(url).content.decode()
    data = hidden_inputs(page)
    data.update({"replies-0-text": "Мы проверили: приём назначен.", "notes-0-text": "Звонил главврачу"})
    mailoutbox.clear()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Reply.objects.get(appeal=first).author == officer and Note.objects.get(appeal=first).author == officer
    assert len(mailoutbox) == 1 and "приём назначен" in mailoutbox[0].body
    assert "Звонил главврачу" not in client.get(reverse("appeals:detail", args=[first.number])).content.decode()


def test_the_work_page_takes_steps_assigns_and_extends(client, officer, queue, mailoutbox):
    first, _second = queue
    client.force_login(officer)
    work = reverse("admin:appeals_appeal_work", args=[first.pk])
    assert client.get(work).status_code == 200
    client.post(work, {"form": "step", "step-step": "assign", "step-text": ""})
    client.post(work, {"form": "step", "step-step": "start_review", "step-text": ""})
    refused = client.post(work, {"form": "step", "step-step": "answer", "step-text": ""})
    assert refused.status_code == 400
    client.post(work, {"form": "extend", "extend-until": "2099-01-01", "extend-reason": "Запрос"})
    first.refresh_from_db()
    assert first.state == State.IN_REVIEW and first.officer == officer and first.extended_until is None
    client.post(work, {"form": "step", "step-step": "answer", "step-text": "Ответ по существу"})
    first.refresh_from_db()
    assert first.state == State.ANSWERED and "Ответ по существу" in mailoutbox[-1].body


def test_bulk_actions_assign_and_take_a_step(client, officer, queue):
    first, second = queue
    client.force_login(officer)
    translation.activate("en")  # the pages under this language's URL prefix
    ids = [str(first.pk), str(second.pk)]
    changelist = reverse("admin:appeals_appeal_changelist")
    client.post(changelist, {"action": "assign_to_me", admin.helpers.ACTION_CHECKBOX_NAME: ids})
    assert set(Appeal.objects.values_list("state", flat=True)) == {"assigned"}
    form = client.post(changelist, {"action": "take_step", admin.helpers.ACTION_CHECKBOX_NAME: ids})
    assert form.status_code == 200 and "Take one step" in form.content.decode()
    client.post(changelist, {"action": "take_step", admin.helpers.ACTION_CHECKBOX_NAME: ids, "apply": "1",
                             "step-step": "start_review", "step-text": ""})  # fmt: skip
    assert set(Appeal.objects.values_list("state", flat=True)) == {"in_review"}


def test_the_dashboard_shows_status_type_region_organisation_speed_and_satisfaction(client, officer, queue):
    first, second = queue
    services.appeal_assign(appeal=first, officer=officer, by=officer)
    services.appeal_transition(appeal=first, name="start_review", by=officer)
    services.appeal_transition(appeal=first, name="answer", by=officer, reason="Ответ")
    services.appeal_rate(appeal=first, satisfied=True)
    client.force_login(officer)
    translation.activate("en")  # the pages under this language's URL prefix
    response = client.get(reverse("admin:appeals_appeal_dashboard"))
    assert response.status_code == 200
    context = response.context
    assert context["total"] == 2 and context["answered"] == 1
    assert context["on_time_share"] == 100 and context["satisfied_share"] == 100
    assert context["average_days"] is not None
    page = response.content.decode()
    assert "Answered" in page and "Karaganda Region" in page and "Облыстық аурухана" in page
    changelist = client.get(reverse("admin:appeals_appeal_changelist")).content.decode()
    assert reverse("admin:appeals_appeal_dashboard") in changelist


def test_reviews_are_moderated_with_a_reason(client, officer, citizen, insure, organisation):
    insure(citizen.person)
    review = services.review_submit(person=citizen.person, organisation=organisation, score=1, comment="Оскорбление")
    client.force_login(officer)
    url = reverse("admin:appeals_review_changelist")
    assert client.get(url).status_code == 200
    ask = client.post(url, {"action": "hide", admin.helpers.ACTION_CHECKBOX_NAME: [review.pk]})
    assert ask.status_code == 200 and "Оскорбление" in ask.content.decode()  # the form asks for the reason
    client.post(url, {"action": "hide", admin.helpers.ACTION_CHECKBOX_NAME: [review.pk], "apply": "1",
                      "reason": "Оскорбления"})  # fmt: skip
    review.refresh_from_db()
    assert review.hidden and review.moderation_reason == "Оскорбления" and review.moderated_by == officer
    client.post(url, {"action": "show", admin.helpers.ACTION_CHECKBOX_NAME: [review.pk]})
    assert not Review.objects.get(pk=review.pk).hidden


def test_the_dashboard_counts_an_overdue_appeal_without_an_answer_as_late(client, officer, queue):
    """As the public page does (decision 0022): on time among the appeals answered or past their due date."""
    first, second = queue
    services.appeal_assign(appeal=first, officer=officer, by=officer)
    services.appeal_transition(appeal=first, name="start_review", by=officer)
    services.appeal_transition(appeal=first, name="answer", by=officer, reason="Ответ")
    Appeal.objects.filter(pk=second.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    client.force_login(officer)
    translation.activate("en")
    context = client.get(reverse("admin:appeals_appeal_dashboard")).context
    assert context["answered"] == 1 and context["on_time_share"] == 50
