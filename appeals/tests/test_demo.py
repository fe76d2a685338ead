"""The demo appeals and reviews: believable, loaded by seed_demo, and loaded only once."""

import pytest
from django.core.management import call_command

from appeals import demo
from appeals.models import Appeal, Event, Review
from coverage.models import MedicalOrganisation

pytestmark = pytest.mark.django_db


def test_seed_demo_files_appeals_in_many_states_and_reviews_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", crowd=10)
    counts = (Appeal.objects.count(), Event.objects.count(), Review.objects.count())
    assert counts[0] == 7 and counts[2] > 20
    states = set(Appeal.objects.values_list("state", flat=True))
    assert {"registered", "waiting_for_organisation", "answered", "in_review", "forwarded", "closed"} <= states
    assert any(appeal.is_overdue() for appeal in Appeal.objects.all())
    assert Appeal.objects.filter(extended_until__isnull=False).exists()
    assert MedicalOrganisation.objects.filter(rating__isnull=False).count() >= 4
    call_command("seed_demo", crowd=10)
    assert (Appeal.objects.count(), Event.objects.count(), Review.objects.count()) == counts
    assert demo.load() == 0
