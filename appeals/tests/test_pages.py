"""Citizens' pages: filing (signed in and anonymous), the confirmation, my appeals, the appeal page and its actions.

Personas: citizen (owner, alice), outsider (charlie), officer and staff_member (bob's colleagues).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from appeals import services
from appeals.models import Appeal, Event
from appeals.workflow import State

from .conftest import ANONYMOUS_IIN, pdf

pytestmark = pytest.mark.django_db


def form_data(client, **changes):
    """A filled filing form, with the token the page gave."""
    page = client.get(reverse("appeals:new"))
    token = page.context["form"].initial["token"]
    data = {
        "kind": "care_refused", "region": "astana", "organisation": "", "organisation_name": "Емхана №5",
        "event_date": timezone.localdate().isoformat(), "description": "Отказали в приёме у терапевта.",
        "name": "Мұратов Ерболат", "iin": ANONYMOUS_IIN, "email": "erbolat@example.kz", "phone": "", "token": token,
    }  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_filing_page_is_kazakh_by_default_and_works_without_javascript(client):
    response = client.get(reverse("appeals:new"))
    html = response.content.decode()
    assert response.status_code == 200 and 'lang="kk"' in html
    assert "<script" not in html.split("<main")[1]  # no script in the page itself
    assert 'for="id_description"' in html and 'name="token"' in html


def test_the_form_marks_what_is_required(english, client, citizen):
    import re

    def required(html: str) -> set[str]:
        return {m for m in re.findall(r'<(?:input|select|textarea)[^>]*name="(\w+)"[^>]*>', html)
                if re.search(rf'name="{m}"[^>]*\brequired\b', html)}  # fmt: skip

    html = english.get(reverse("appeals:new")).content.decode()
    assert {"region", "event_date", "description", "name", "iin"} <= required(html)  # kind: always chosen
    assert "Required when the appeal is about care" in html
    client.force_login(citizen)
    assert "iin" not in required(client.get(reverse("appeals:new")).content.decode())  # the account gives it


def test_anonymous_filing_shows_and_mails_the_number_and_code(english, mailoutbox):
    posted = english.post(reverse("appeals:new"), form_data(english, attachments=[pdf()]))
    assert posted.status_code == 302 and posted["Location"] == reverse("appeals:filed")  # post/redirect/get
    response = english.get(posted["Location"])
    appeal = Appeal.objects.get()
    code = response.context["access_code"]
    html = response.content.decode()
    assert "Your appeal is registered" in html and appeal.number in html and code and code in html
    assert "no-store" in response["Cache-Control"]
    assert appeal.person is None and appeal.organisation_name == "Емхана №5" and appeal.attachments.count() == 1
    assert code in mailoutbox[0].body
    assert english.get(posted["Location"]).context["access_code"] == code  # a refresh shows it again, files nothing
    assert Appeal.objects.count() == 1
    note = english.get(reverse("appeals:filed_note"))
    assert note["Content-Disposition"] == f'attachment; filename="appeal-{appeal.number}.txt"'
    assert appeal.number in note.content.decode() and code in note.content.decode()


def test_the_code_leaves_the_confirmation_after_ten_minutes(english):
    english.post(reverse("appeals:new"), form_data(english))
    later = timezone.now() + timezone.timedelta(minutes=11)
    with time_machine.travel(later, tick=False):
        page = english.get(reverse("appeals:filed"))
        assert page.status_code == 200 and page.context["access_code"] is None
        assert Appeal.objects.get().number in page.content.decode()
        assert english.get(reverse("appeals:filed_note")).status_code == 404


def test_the_confirmation_without_a_filing_goes_back_to_the_form(client):
    assert client.get(reverse("appeals:filed"))["Location"] == reverse("appeals:new")


def test_a_double_press_files_once_and_shows_the_same_number_and_code(english):
    data = form_data(english)
    first = english.post(reverse("appeals:new"), data, follow=True)
    second = english.post(reverse("appeals:new"), data, follow=True)
    assert Appeal.objects.count() == 1
    assert first.context["access_code"] == second.context["access_code"]
    assert "The form was sent twice" in second.content.decode()


def test_signed_in_citizen_files_without_name_or_iin_and_sees_it_in_the_cabinet(client, citizen, organisation):
    client.force_login(citizen)
    page = client.get(reverse("appeals:new"))
    assert "iin" not in page.context["form"].fields
    data = form_data(client, organisation=organisation.bin, organisation_name="", name=None, iin=None, email=None)
    client.post(reverse("appeals:new"), data)
    appeal = Appeal.objects.get()
    assert appeal.person == citizen.person and appeal.organisation == organisation
    listing = client.get(reverse("appeals:mine"))
    assert appeal.number in listing.content.decode()
    assert reverse("appeals:mine") in client.get(reverse("accounts:cabinet")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "   "}, "Describe what happened"),
        ({"region": "atlantis"}, "Select a valid choice"),
        ({"iin": "123456789012"}, "check digit does not match"),
        ({"email": "", "phone": ""}, "Give an e-mail or a phone number"),
        ({"organisation_name": ""}, "Pick the medical organisation"),
        ({"attachments": [pdf("scan.pdf", b"MZ\x90\0 an executable")]}, "is not a PDF, JPEG or PNG"),
        ({"attachments": [pdf("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))]}, "larger than 10 MB"),
        ({"attachments": [pdf(f"{n}.pdf") for n in range(6)]}, "at most 5 files"),
        ({"token": "forged"}, "This form has expired"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(english, changes, message):
    response = english.post(reverse("appeals:new"), form_data(english, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appeal.objects.exists()


def test_filing_is_rate_limited_per_client(english, settings):
    from appeals import views

    scope, _limit, seconds = views.FILE_LIMIT
    settings_limit = (scope, 2, seconds)
    views.FILE_LIMIT, saved = settings_limit, views.FILE_LIMIT
    try:
        for _ in range(2):
            english.post(reverse("appeals:new"), form_data(english))
        response = english.post(reverse("appeals:new"), form_data(english))
    finally:
        views.FILE_LIMIT = saved
    assert response.status_code == 429 and Appeal.objects.count() == 2


# --- the appeal's page ---------------------------------------------------------------------------------------


@pytest.fixture
def owned(file_appeal, citizen):
    return file_appeal(user=citizen, attachments=[pdf("справка.pdf")]).appeal


def test_owner_and_staff_see_the_appeal_outsiders_get_404(client, owned, citizen, outsider, officer):
    url = reverse("appeals:detail", args=[owned.number])
    client.force_login(citizen)
    assert client.get(url).status_code == 200
    client.force_login(officer)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("appeals:detail", args=["26-999999-0"])).status_code == 404


def test_without_sign_in_every_number_leads_to_the_code_form(client, owned):
    existing = client.get(reverse("appeals:detail", args=[owned.number]))
    unknown = client.get(reverse("appeals:detail", args=["26-999999-0"]))
    assert existing.status_code == unknown.status_code == 302
    assert existing["Location"].startswith(reverse("appeals:follow"))
    assert existing["Location"].replace(owned.number, "N") == unknown["Location"].replace("26-999999-0", "N")


def test_the_page_shows_status_timeline_replies_due_date_and_extension(english, owned, citizen, officer):
    services.appeal_assign(appeal=owned, officer=officer, by=officer)
    services.appeal_reply(appeal=owned, text="Мы связались с клиникой.", by=officer)
    services.appeal_note(appeal=owned, text="СЕКРЕТНАЯ ЗАМЕТКА", by=officer)
    english.force_login(citizen)
    html = english.get(reverse("appeals:detail", args=[owned.number])).content.decode()
    assert "Assigned to an officer" in html and "The appeal was registered." in html
    assert "Мы связались с клиникой." in html and owned.due_date.strftime("%d.%m.%Y") in html
    assert "СЕКРЕТНАЯ ЗАМЕТКА" not in html
    assert reverse("appeals:attachment", args=[owned.attachments.get().pk]) in html


def test_extension_and_its_reason_are_shown(english, owned, citizen, officer):
    from appeals import deadlines

    until = deadlines.latest_extension(owned.registered_on)
    services.appeal_extend(appeal=owned, until=until, reason="Ждём ответа клиники", by=officer)
    english.force_login(citizen)
    html = english.get(reverse("appeals:detail", args=[owned.number])).content.decode()
    assert "Deadline extended" in html and "Ждём ответа клиники" in html and until.strftime("%d.%m.%Y") in html


def test_owner_comments_and_adds_documents_while_open(english, owned, citizen):
    english.force_login(citizen)
    url = reverse("appeals:comment", args=[owned.number])
    response = english.post(url, {"text": "Вот ещё справка", "attachments": [pdf("second.pdf")]})
    assert response.status_code == 302
    assert owned.events.filter(kind=Event.Kind.COMMENT, text="Вот ещё справка").exists()
    assert owned.attachments.count() == 2
    bad = english.post(url, {"text": "", "attachments": [pdf("x.pdf", b"GIF89a")]})
    assert bad.status_code == 400 and "is not a PDF, JPEG or PNG" in bad.content.decode()


def test_outsiders_and_staff_cannot_act_for_the_citizen(client, owned, outsider, officer):
    for user in (outsider, officer):
        client.force_login(user)
        assert client.post(reverse("appeals:comment", args=[owned.number]), {"text": "x"}).status_code == 404
    assert not owned.events.filter(kind=Event.Kind.COMMENT).exists()


def _answer(appeal, officer):
    services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    services.appeal_transition(appeal=appeal, name="start_review", by=officer)
    return services.appeal_transition(appeal=appeal, name="answer", by=officer, reason="Ответ фонда")


def test_after_the_answer_the_owner_rates_and_reopens_once(english, owned, citizen, officer):
    _answer(owned, officer)
    english.force_login(citizen)
    page = english.get(reverse("appeals:detail", args=[owned.number])).content.decode()
    assert "Rate the answer" in page and "You may reopen the appeal once" in page
    english.post(reverse("appeals:rate", args=[owned.number]), {"satisfied": "no", "comment": "Не помогло"})
    english.post(reverse("appeals:reopen", args=[owned.number]), {"reason": "Приём не назначен"})
    owned.refresh_from_db()
    assert owned.satisfied is False and owned.state == State.REOPENED


def test_reopen_after_30_days_shows_a_clear_message(english, owned, citizen, officer):
    _answer(owned, officer)
    later = timezone.now() + timezone.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        english.force_login(citizen)
        response = english.post(reverse("appeals:reopen", args=[owned.number]), {"reason": "Поздно"}, follow=True)
    assert "can no longer be reopened" in response.content.decode()
    assert Appeal.objects.get(pk=owned.pk).state == State.ANSWERED


def test_the_owner_may_accept_the_answer(client, owned, citizen, officer):
    _answer(owned, officer)
    client.force_login(citizen)
    client.post(reverse("appeals:accept", args=[owned.number]))
    assert Appeal.objects.get(pk=owned.pk).state == State.CLOSED


# --- documents -----------------------------------------------------------------------------------------------


def test_documents_are_served_to_the_owner_and_staff_only(client, owned, citizen, outsider, officer):
    url = reverse("appeals:attachment", args=[owned.attachments.get().pk])
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment") and "filename" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(officer)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_document_downloads_under_its_checked_type_never_the_name_it_was_sent_with(client, file_appeal, citizen):
    filed = file_appeal(user=citizen, attachments=[pdf('evil<script>"x.html')]).appeal
    client.force_login(citizen)
    response = client.get(reverse("appeals:attachment", args=[filed.attachments.get().pk]))
    disposition = response["Content-Disposition"]
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert disposition.endswith('filename="evil_script_x.pdf"'), disposition
    assert ".html" not in disposition and "<" not in disposition


def test_download_names_keep_the_senders_words_and_take_the_stored_extension():
    from plumbing.uploads import download_name

    assert download_name("справка.pdf", "appeals/ab12.pdf") == "справка.pdf"
    assert download_name("scan.PNG.exe", "x/1f.png") == "scan.PNG.png"
    assert download_name("../../etc/passwd", "x/1f.jpg") == "passwd.jpg"
    assert download_name("<>.html", "x/1f.pdf") == "document.pdf"


def test_a_code_holder_sees_the_page_but_not_the_documents(client, file_appeal):
    filed = file_appeal(attachments=[pdf()])
    client.post(reverse("appeals:follow"), {"number": filed.appeal.number, "code": filed.access_code})
    page = client.get(reverse("appeals:detail", args=[filed.appeal.number]))
    assert page.status_code == 200
    url = reverse("appeals:attachment", args=[filed.appeal.attachments.get().pk])
    assert url not in page.content.decode() and client.get(url).status_code == 404


def test_the_due_date_is_counted_on_the_working_calendar_and_stored(file_appeal):
    with time_machine.travel(datetime(2026, 3, 6, 18, tzinfo=ZoneInfo("Asia/Almaty")), tick=False):
        appeal = file_appeal().appeal  # Friday evening: counting starts on Monday
    assert appeal.registered_on.isoformat() == "2026-03-06"
    # 9 March (8 March moved from Sunday) and 23-25 March (Nauryz and its moved days) are days off.
    assert Appeal.objects.get(pk=appeal.pk).due_date.isoformat() == "2026-04-02"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_citizen_page_renders_in_every_language(client, citizen, file_appeal, organisation, language):
    translation.activate(language)  # the pages under this language's URL prefix
    appeal = file_appeal(user=citizen).appeal
    client.force_login(citizen)
    for url in (reverse("appeals:new"), reverse("appeals:mine"), reverse("appeals:follow"),
                reverse("appeals:detail", args=[appeal.number]), reverse("appeals:ranking"),
                reverse("appeals:reviews", args=[organisation.bin])):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()
