import pytest
from django.core.management import call_command

from accounts.choices import Residency
from accounts.models import Person, User
from payments.models import CategoryMembership, Payment

pytestmark = pytest.mark.django_db


def counts():
    return (Person.objects.count(), Payment.objects.count(), CategoryMembership.objects.count(), User.objects.count())


def test_seed_demo_fills_a_believable_sample_and_is_idempotent(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    out = capsys.readouterr().out
    assert "citizen   IIN" in out and "staff     /admin/" in out
    call_command("seed_demo")
    assert counts() == first
    assert "nothing changed" in capsys.readouterr().out

    assert set(Person.objects.values_list("residency", flat=True)) == set(Residency.values)
    assert first[1] > 1000  # two years of payments for many people
    assert CategoryMembership.objects.filter(category="pensioner", end__isnull=True).exists()
    for role in ["fund_operator", "appeals_officer", "catalogue_editor", "auditor"]:
        assert User.objects.filter(is_staff=True, groups__name=role).exists()
    assert User.objects.filter(person__isnull=False).count() == 2


def test_demo_staff_have_the_published_authenticator_secret(capsys, settings):
    import time_machine
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import demo

    settings.DEBUG = True
    call_command("seed_demo", crowd=0)
    assert demo.STAFF_TOTP_SECRET in capsys.readouterr().out
    staff = User.objects.filter(is_staff=True)
    devices = TOTPDevice.objects.filter(user__in=staff, confirmed=True, key=demo.staff_totp_key())
    assert devices.count() == staff.count() == len(demo.STAFF)
    with time_machine.travel("2026-03-02 10:00:10+05:00", tick=False):
        call_command("demo_code")
        assert capsys.readouterr().out.strip() == f"{totp(bytes.fromhex(demo.staff_totp_key())):06d}"


def test_seed_demo_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    with pytest.raises(CommandError):
        call_command("demo_code")
