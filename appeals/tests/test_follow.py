"""The public follow page: number and access code, nothing less; the same answer for unknown and wrong."""

import re

import pytest
from django.urls import reverse

from appeals import numbers, views

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(file_appeal):
    return file_appeal()


def _follow(client, number, code):
    return client.post(reverse("appeals:follow"), {"number": number, "code": code})


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_number_and_code_open_the_appeal_without_sign_in(english, filed):
    response = _follow(english, filed.appeal.number, filed.access_code.lower())
    assert response.status_code == 302 and response["Location"] == reverse("appeals:detail", args=[filed.appeal.number])
    page = english.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "Registered" in html and "Add a comment or a document" in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_a_number_typed_loosely_still_works(client, filed):
    loose = "№ " + filed.appeal.number.replace("-", " ")
    assert _follow(client, loose, filed.access_code.replace("-", "")).status_code == 302


def test_unknown_number_and_wrong_code_get_the_same_answer(english, filed):
    other = numbers.make(2026, 4242)
    wrong_code = _follow(english, filed.appeal.number, "ABCDE-FGHJK")
    unknown = _follow(english, other, filed.access_code)
    assert wrong_code.status_code == unknown.status_code == 200
    message = "No appeal matches this number and access code."
    assert message in wrong_code.content.decode() and message in unknown.content.decode()
    strip = _without_csrf(wrong_code.content.decode()).replace(filed.appeal.number, "N")
    assert strip == _without_csrf(unknown.content.decode()).replace(other, "N")
    assert "Registered" not in wrong_code.content.decode()


def test_a_wrong_check_digit_is_told_as_a_typo(english, filed):
    number = filed.appeal.number
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = _follow(english, typo, filed.access_code)
    assert "This number has a typo" in response.content.decode()
    not_a_number = _follow(english, "hello", filed.access_code)
    assert "A tracking number looks like" in not_a_number.content.decode()


def test_tampered_codes_never_match(client, filed):
    code = filed.access_code
    for tampered in (code[:-1] + ("0" if code[-1] != "0" else "1"), "", "-----", code + "X", code[:5]):
        assert _follow(client, filed.appeal.number, tampered).status_code == 200  # the form again, no redirect


def test_attempts_are_limited_per_number_from_any_address(english, filed, monkeypatch):
    monkeypatch.setattr(views, "FOLLOW_NUMBER_LIMIT", ("appeal-follow-number", 3, 3600))
    for n in range(3):
        english.post(reverse("appeals:follow"), {"number": filed.appeal.number, "code": "AAAAA-AAAAA"},
                     REMOTE_ADDR=f"10.0.0.{n}")  # fmt: skip
    blocked = english.post(reverse("appeals:follow"), {"number": filed.appeal.number, "code": filed.access_code},
                           REMOTE_ADDR="10.0.0.99")  # fmt: skip
    assert blocked.status_code == 429 and "Too many attempts" in blocked.content.decode()


def test_attempts_are_limited_per_client(client, filed, monkeypatch):
    monkeypatch.setattr(views, "FOLLOW_CLIENT_LIMITS", [("appeal-follow-min", 2, 60)])
    for n in range(2):
        _follow(client, numbers.make(2026, 100 + n), "AAAAA-AAAAA")
    assert _follow(client, filed.appeal.number, filed.access_code).status_code == 429


def test_the_code_holder_can_comment_rate_and_reopen_through_the_session(client, filed, officer):
    from appeals import services
    from appeals.workflow import State

    _follow(client, filed.appeal.number, filed.access_code)
    client.post(reverse("appeals:comment", args=[filed.appeal.number]), {"text": "Дополнение"})
    services.appeal_assign(appeal=filed.appeal, officer=officer, by=officer)
    services.appeal_transition(appeal=filed.appeal, name="start_review", by=officer)
    services.appeal_transition(appeal=filed.appeal, name="answer", by=officer, reason="Ответ")
    client.post(reverse("appeals:reopen", args=[filed.appeal.number]), {"reason": "Не решено"})
    filed.appeal.refresh_from_db()
    assert filed.appeal.state == State.REOPENED
    assert filed.appeal.events.filter(text="Дополнение", actor=None, actor_kind="citizen").exists()
