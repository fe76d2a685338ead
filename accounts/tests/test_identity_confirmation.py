"""Sign-up takeover: an IIN and a name are public facts, so an account shows personal data only after fund staff
have checked its holder's identity document (decision 0019)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts import iin, roles, services
from accounts.models import AccessRecord, Person, User

pytestmark = pytest.mark.django_db

VICTIM_IIN = iin.compose(date(1988, 3, 14), "F", 31)
# Every page and API call that shows a citizen their own data.
OWN_PAGES = [
    "payments:my_status",
    "payments:my_payments",
    "coverage:for_me",
    "payments:category_requests",
    "appeals:mine",
    "providers:my_lookups",
    "documents:statement_csv",
    "documents:statement_pdf",
]
OWN_API = ["v1:me-status", "v1:me-payments", "v1:me-statement"]


@pytest.fixture
def victim():
    """A person the fund knows well, with an employer's payments, who has not opened an account."""
    from payments.models import Payment, Register

    person = Person.from_iin(VICTIM_IIN, last_name="Жұмабаева", first_name="Сәуле", region="almaty")
    person.save()
    Payment.objects.create(
        register=Register.objects.create(name="employer.csv"),
        received_on=date(2026, 11, 10),
        number="E1",
        knp=121,
        sender_id=iin.compose(date(1998, 3, 1), "M", 5001),
        sender_name="ТОО «Құпия жұмыс беруші»",
        iin=VICTIM_IIN,
        amount=Decimal("6000.00"),
        period=date(2026, 10, 1),
    )
    return person


def stranger_signs_up(client) -> User:
    response = client.post(
        reverse("accounts:signup"),
        {
            "iin": VICTIM_IIN,
            "last_name": "Жұмабаева",
            "first_name": "Сәуле",
            "email": "stranger@example.kz",
            "password1": "Bógde-adam-2026!",
            "password2": "Bógde-adam-2026!",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return User.objects.get(username=VICTIM_IIN)


def test_a_stranger_with_the_iin_and_the_name_sees_nothing_personal(client, victim):
    stranger_signs_up(client)
    cabinet = client.get(reverse("accounts:cabinet")).content.decode()
    assert "Almaty" not in cabinet and "almaty" not in cabinet and "14.03.1988" not in cabinet
    for name in OWN_PAGES:
        response = client.get(reverse(name))
        body = response.content.decode(errors="replace")
        assert "Құпия жұмыс беруші" not in body and "6000" not in body and "6 000" not in body, name
        assert response.status_code in (200, 404), (name, response.status_code)
    token = client.post("/api/v1/auth/token", {"iin": VICTIM_IIN, "password": "Bógde-adam-2026!"})
    assert token.status_code in (200, 201), token.content
    api = type(client)(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    for name in OWN_API:
        response = api.get(reverse(name))
        assert response.status_code == 404 and "Құпия" not in response.content.decode(), name
    me = api.get(reverse("v1:me")).json()
    assert me["iin"] is None and me["identity_confirmed"] is False and me["birth_date"] is None


def test_after_staff_check_the_id_the_holder_sees_their_data_and_the_check_is_logged(client, victim, admin_user):
    holder = stranger_signs_up(client)  # here the real Сәуле, who came to a fund office with her ID
    services.identity_confirm(holder, by=admin_user)
    holder.refresh_from_db()
    assert holder.person == victim and holder.identity_confirmed_by == admin_user
    assert "Құпия жұмыс беруші" in client.get(reverse("payments:my_payments")).content.decode()
    record = AccessRecord.objects.get(action="identity_confirmed")
    assert record.actor == admin_user and record.subject_iin == VICTIM_IIN


def test_an_iin_the_fund_has_not_met_becomes_a_person_on_confirmation(client, admin_user):
    holder = stranger_signs_up(client)
    services.identity_confirm(holder, by=admin_user)
    person = Person.objects.get(iin=VICTIM_IIN)
    assert person.last_name == "Жұмабаева" and person.birth_date == date(1988, 3, 14)


def test_the_admin_action_confirms_one_account_for_a_fund_operator_only(client, victim):
    holder = stranger_signs_up(client)
    operator = User.objects.create_user("operator-1", password="Operator-pass-2026", is_staff=True)
    operator.groups.add(Group.objects.get(name=roles.FUND_OPERATOR))
    editor = User.objects.create_user("editor-1", password="Editor-pass-2026", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.CATALOGUE_EDITOR))
    changelist = reverse("admin:accounts_user_changelist")
    action = {"action": "confirm_identity", "_selected_action": [holder.pk]}

    staff = type(client)()
    staff.force_login(editor)
    assert staff.post(changelist, action).status_code == 403  # no view of accounts, no action
    holder.refresh_from_db()
    assert holder.person is None

    staff.force_login(operator)
    assert Permission.objects.filter(codename="confirm_user", group__name=roles.FUND_OPERATOR).exists()
    page = staff.get(changelist + "?identity=waiting").content.decode()
    assert VICTIM_IIN in page and "confirm_identity" in page
    staff.post(changelist, action)
    holder.refresh_from_db()
    assert holder.person == victim and holder.identity_confirmed_by == operator


def test_two_accounts_at_once_or_ones_own_account_are_refused(client, victim, admin_user):
    holder = stranger_signs_up(client)
    other = User.objects.create_user(iin.compose(date(1970, 1, 1), "M", 5), password="Other-pass-2026")
    staff = type(client)()
    staff.force_login(admin_user)
    changelist = reverse("admin:accounts_user_changelist")
    staff.post(changelist, {"action": "confirm_identity", "_selected_action": [holder.pk, other.pk]})
    assert not User.objects.filter(person__isnull=False).exists()
    with pytest.raises(services.IdentityNotConfirmed):
        services.identity_confirm(holder, by=holder)
    services.identity_confirm(holder, by=admin_user)
    with pytest.raises(services.IdentityNotConfirmed):  # once only
        services.identity_confirm(holder, by=admin_user)
