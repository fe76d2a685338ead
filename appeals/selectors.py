"""Reads for appeals and reviews, and the one place that decides who may see an appeal.

Who sees an appeal: its owner (the signed-in person who filed it), fund staff who may read appeals, and
a browser session that showed the number together with the access code. Everyone else gets 404, the
same answer as for a number that does not exist.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import Person, User
from coverage.models import MedicalOrganisation
from payments.selectors import current_status

from . import access, numbers, ratings
from .models import Appeal, Event, Review
from .models.appeals import WORKING_STATES
from .workflow import State

SESSION_KEY = "appeals_shown"  # appeal ids this browser session proved the access code for
SESSION_MAX = 20


# --- who may see an appeal ------------------------------------------------------------------------------


def canonical_number(text: str) -> str:
    """The printed form of a number as typed; raises numbers.InvalidNumber ("format" or "check")."""
    return str(numbers.parse(text))


def find_by_code(number_text: str, code: str) -> Appeal | None:
    """The appeal with this number and access code; None for an unknown number and a wrong code alike.

    Raises numbers.InvalidNumber when the text is not a number or has a wrong check digit (a typo).
    """
    number = canonical_number(number_text)
    appeal = Appeal.objects.filter(number=number).first()
    if appeal is None:
        access.burn_time(code)
        return None
    return appeal if access.code_matches(appeal.access_code_hash, code) else None


def is_owner(user, appeal: Appeal) -> bool:
    return bool(user.is_authenticated and user.person_id and appeal.person_id == user.person_id)


def is_staff_reader(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm("appeals.view_appeal"))


def grant(request, appeal: Appeal) -> None:
    """Remember in the session that this browser showed the access code (until the session ends)."""
    shown = [pk for pk in request.session.get(SESSION_KEY, []) if pk != appeal.pk]
    request.session[SESSION_KEY] = [*shown, appeal.pk][-SESSION_MAX:]


def has_grant(request, appeal: Appeal) -> bool:
    return appeal.pk in request.session.get(SESSION_KEY, [])


def _by_number(number: str) -> Appeal:
    try:
        canonical = canonical_number(number)
    except numbers.InvalidNumber:
        raise Http404 from None
    appeal = Appeal.objects.select_related("organisation", "officer").filter(number=canonical).first()
    if appeal is None:
        raise Http404
    return appeal


def get_appeal_for_citizen(request, number: str) -> Appeal:
    """The appeal for its owner or a session that gave its code; 404 for anyone else (staff too)."""
    appeal = _by_number(number)
    if is_owner(request.user, appeal) or has_grant(request, appeal):
        return appeal
    raise Http404


def get_appeal_for_user(request, number: str) -> Appeal:
    """The appeal for its owner, a session that gave its code, or staff who read appeals; 404 for anyone else."""
    appeal = _by_number(number)
    if is_owner(request.user, appeal) or has_grant(request, appeal) or is_staff_reader(request.user):
        return appeal
    raise Http404


def may_download(user, appeal: Appeal) -> bool:
    """Documents go to the signed-in owner and to staff, never to someone who only has the code."""
    return is_owner(user, appeal) or is_staff_reader(user)


# --- citizens' reads ------------------------------------------------------------------------------------


def appeals_of(person: Person) -> QuerySet[Appeal]:
    return Appeal.objects.filter(person=person).select_related("organisation").order_by("-created_at")


def public_timeline(appeal: Appeal) -> QuerySet[Event]:
    return appeal.events.filter(public=True).order_by("created_at", "pk")


def reopen_until(appeal: Appeal) -> date | None:
    """The last day the citizen may reopen, or None when they cannot (any more)."""
    from .deadlines import reopen_deadline

    if appeal.state != State.ANSWERED or appeal.reopened or appeal.answered_at is None:
        return None
    last = reopen_deadline(timezone.localdate(appeal.answered_at))
    return last if timezone.localdate() <= last else None


# --- staff reads ----------------------------------------------------------------------------------------


def officers() -> QuerySet[User]:
    """Staff who may be given appeals."""
    return User.objects.with_perm("appeals.change_appeal", include_superusers=False).filter(is_staff=True)


def supervisors() -> QuerySet[User]:
    """Staff who hold the supervise permission (the appeals_supervisor role), and superusers."""
    return User.objects.with_perm("appeals.supervise_appeal").filter(Q(is_staff=True) | Q(is_superuser=True))


def deadline_candidates(near_limit: date) -> QuerySet[Appeal]:
    """Appeals the fund still has to answer whose deadline is near, or whose flag may need changing."""
    due_by_limit = Q(due_date__lte=near_limit) & (Q(extended_until__isnull=True) | Q(extended_until__lte=near_limit))
    return (
        Appeal.objects.filter(state__in=WORKING_STATES)
        .filter(due_by_limit | ~Q(deadline_flag=""))
        .select_related("officer")
        .order_by("pk")
    )


def dashboard(today: date | None = None) -> dict:
    """Figures for the staff dashboard: counts by status, kind, channel, region, organisation; speed; satisfaction."""
    today = today or timezone.localdate()
    appeals = Appeal.objects.all()

    def counts(field: str) -> list[tuple[str, int]]:
        rows = appeals.values(field).annotate(n=Count("pk")).order_by("-n", field)
        return [(row[field], row["n"]) for row in rows]

    answered = appeals.filter(answered_at__isnull=False)
    took = answered.annotate(
        took=ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    ).aggregate(avg=Avg("took"))["avg"]
    # "On time" as the public page counts it: answered by the due date, among the appeals answered or past it.
    answered_count, decided, on_time = answer_counts(today=today)
    rated = appeals.filter(satisfied__isnull=False).aggregate(n=Count("pk"), yes=Count("pk", filter=Q(satisfied=True)))
    top = list(appeals.exclude(organisation=None).values("organisation").annotate(n=Count("pk")).order_by("-n")[:15])
    names = MedicalOrganisation.objects.in_bulk([row["organisation"] for row in top])  # names in the reader's language
    overdue = sum(
        1
        for a in appeals.filter(state__in=WORKING_STATES).only("due_date", "extended_until")
        if a.effective_due < today
    )
    return {
        "total": appeals.count(),
        "by_state": counts("state"),
        "by_kind": counts("kind"),
        "by_channel": counts("channel"),
        "by_region": counts("region"),
        "by_organisation": [(names[row["organisation"]].name, row["n"]) for row in top],
        "answered": answered_count,
        "average_days": round(took.total_seconds() / 86400, 1) if took is not None else None,
        "on_time_share": round(100 * on_time / decided) if decided else None,
        "rated": rated["n"],
        "satisfied_share": round(100 * rated["yes"] / rated["n"]) if rated["n"] else None,
        "open": appeals.filter(state__in=WORKING_STATES).count(),
        "overdue": overdue,
        "as_of": timezone.now(),
    }


# --- published figures (the transparency page, decision 0022) ------------------------------------------------

# Each appeal registered from `since` on, with whether it is answered, whether it is decided (answered, or its due
# date has passed), and whether it was answered on time: the one definition of "on time" (decision 0022).
_APPEALS_JUDGED = """
SELECT *, answered AND answered_on <= due AS on_time, answered OR due < %(today)s AS decided
FROM (
    SELECT registered_on, region, kind, channel, answered_at IS NOT NULL AS answered,
           (answered_at AT TIME ZONE %(zone)s)::date AS answered_on, GREATEST(due_date, extended_until) AS due
    FROM appeals_appeal WHERE registered_on >= %(since)s
) appeal
"""
_APPEAL_FACTS = f"""
SELECT date_trunc('month', registered_on)::date, region, kind, channel, answered, on_time, decided,
       CASE WHEN answered THEN answered_on - registered_on END AS days
FROM ({_APPEALS_JUDGED}) judged
"""
_ANSWER_COUNTS = f"""
SELECT count(*) FILTER (WHERE answered), count(*) FILTER (WHERE decided), count(*) FILTER (WHERE on_time)
FROM ({_APPEALS_JUDGED}) judged
"""


def _judged(sql: str, *, since: date, today: date) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"since": since, "today": today, "zone": settings.TIME_ZONE})
        return cursor.fetchall()


def appeal_facts(*, since: date, today: date) -> list[tuple]:
    """(month, region, kind, channel, answered, on time, decided, days or None) of every appeal since `since`."""
    return _judged(_APPEAL_FACTS, since=since, today=today)


def answer_counts(*, today: date) -> tuple[int, int, int]:
    """Of every appeal: how many are answered, decided, and answered on time (one aggregate)."""
    return _judged(_ANSWER_COUNTS, since=date.min, today=today)[0]


def organisations_by_region() -> list[tuple[str, int, int, int, float | None, int]]:
    """Per region: active organisations, those rated, their reviews, the mean of their ratings, and the appeals
    about the region's organisations (all time)."""
    rows = (
        MedicalOrganisation.objects.filter(active=True)
        .values("region")
        .annotate(
            organisations=Count("pk"),
            rated=Count("pk", filter=Q(review_count__gt=0)),
            reviews=Coalesce(Sum("review_count"), 0),
            mean=Avg("rating", filter=Q(review_count__gt=0)),
        )
        .order_by("region")
    )
    appeals = dict(
        Appeal.objects.exclude(organisation=None).values_list("organisation__region").annotate(n=Count("pk")).order_by()
    )
    return [
        (row["region"], row["organisations"], row["rated"], row["reviews"],
         float(row["mean"]) if row["mean"] is not None else None, appeals.get(row["region"], 0))
        for row in rows
    ]  # fmt: skip


# --- reviews and ratings --------------------------------------------------------------------------------


def is_insured(person: Person | None) -> bool:
    status = current_status(person) if person is not None else None
    return bool(status and status.insured)


def latest_review(person: Person, organisation: MedicalOrganisation) -> Review | None:
    return Review.objects.filter(person=person, organisation=organisation).order_by("-created_at").first()


def recent_review(person: Person, organisation: MedicalOrganisation) -> Review | None:
    """The person's review of the organisation within the last 6 months (they edit it instead of adding one)."""
    review = latest_review(person, organisation)
    if review is None:
        return None
    return review if timezone.localdate() < ratings.next_review_on(timezone.localdate(review.created_at)) else None


def reviews_of(organisation: MedicalOrganisation) -> QuerySet[Review]:
    return Review.objects.filter(organisation=organisation).order_by("-created_at")


def ranking(region: str = "") -> QuerySet[MedicalOrganisation]:
    """Active organisations with at least one review, best rating first (more reviews win a tie)."""
    rows = MedicalOrganisation.objects.filter(active=True, review_count__gt=0)
    if region:
        rows = rows.filter(region=region)
    return rows.order_by(F("rating").desc(nulls_last=True), "-review_count", "name")
