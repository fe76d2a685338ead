"""The appeal state machine, tested from lists of cases (rules section 7; STYLE.md, point 4)."""

from datetime import date

import pytest

from appeals.workflow import FINAL, TRANSITIONS, State, TransitionRefused, allowed, check

S = State
ANSWERED_ON = date(2026, 4, 1)
IN_WINDOW = date(2026, 4, 20)  # 19 days after the answer
DAY_30 = date(2026, 5, 1)  # 1 April + 30 days: the last day to reopen
DAY_31 = date(2026, 5, 2)

# Every allowed move: (from, transition, actor, to). The table may not hold a move that is not here.
ALLOWED = [
    (S.REGISTERED, "assign", "staff", S.ASSIGNED),
    (S.REOPENED, "assign", "staff", S.ASSIGNED),
    (S.ASSIGNED, "start_review", "staff", S.IN_REVIEW),
    (S.IN_REVIEW, "ask_organisation", "staff", S.WAITING_FOR_ORGANISATION),
    (S.WAITING_FOR_ORGANISATION, "organisation_replied", "staff", S.IN_REVIEW),
    (S.IN_REVIEW, "answer", "staff", S.ANSWERED),
    (S.WAITING_FOR_ORGANISATION, "answer", "staff", S.ANSWERED),
    (S.ANSWERED, "close", "staff", S.CLOSED),
    (S.ANSWERED, "accept", "citizen", S.CLOSED),
    (S.ANSWERED, "reopen", "citizen", S.REOPENED),
    (S.REGISTERED, "forward", "staff", S.FORWARDED),
    (S.ASSIGNED, "forward", "staff", S.FORWARDED),
    (S.IN_REVIEW, "forward", "staff", S.FORWARDED),
    (S.REGISTERED, "reject", "staff", S.REJECTED),
    (S.ASSIGNED, "reject", "staff", S.REJECTED),
    (S.IN_REVIEW, "reject", "staff", S.REJECTED),
]


def _context(name):
    """Arguments that satisfy every rule but the one a case is about."""
    today = date(2026, 6, 1) if name == "close" else IN_WINDOW  # staff close after the 30 days
    return {"reason": "Why, in words", "answered_on": ANSWERED_ON, "today": today}


def test_the_table_holds_exactly_the_listed_moves():
    in_table = {(s, t.name, t.by, t.target) for t in TRANSITIONS for s in t.source}
    assert in_table == set(ALLOWED)
    assert len({t.name for t in TRANSITIONS}) == len(TRANSITIONS)


@pytest.mark.parametrize(("source", "name", "by", "target"), ALLOWED)
def test_allowed_moves(source, name, by, target):
    assert check(source, name, by=by, **_context(name)) is target
    assert check(source.value, name, by=by, **_context(name)) is target  # the stored string works too
    assert name in allowed(source, by)


@pytest.mark.parametrize(
    ("source", "name", "by", "kwargs", "code"),
    [
        (S.ANSWERED, "assign", "staff", {}, "not_allowed"),
        (S.REGISTERED, "answer", "staff", {}, "not_allowed"),  # no answer before a review
        (S.ASSIGNED, "ask_organisation", "staff", {}, "not_allowed"),
        (S.REOPENED, "answer", "staff", {}, "not_allowed"),
        (S.REOPENED, "reopen", "citizen", {"reason": "again"}, "not_allowed"),
        (S.WAITING_FOR_ORGANISATION, "forward", "staff", {"reason": "Akimat"}, "not_allowed"),
        (S.ANSWERED, "reject", "staff", {"reason": "duplicate"}, "not_allowed"),
        (S.FORWARDED, "assign", "staff", {}, "not_allowed"),
        (
            S.REJECTED,
            "reopen",
            "citizen",
            {"reason": "x", "answered_on": ANSWERED_ON, "today": IN_WINDOW},
            "not_allowed",
        ),
        (S.IN_REVIEW, "reopen", "citizen", {"reason": "x"}, "not_allowed"),
        # The other side's moves.
        (S.ANSWERED, "reopen", "staff", {"reason": "x", "answered_on": ANSWERED_ON, "today": IN_WINDOW}, "wrong_actor"),
        (S.ANSWERED, "accept", "staff", {}, "wrong_actor"),
        (S.REGISTERED, "assign", "citizen", {}, "wrong_actor"),
        (S.ANSWERED, "close", "citizen", {"answered_on": ANSWERED_ON, "today": DAY_31}, "wrong_actor"),
        # Reasons.
        (S.REGISTERED, "reject", "staff", {}, "reason_required"),
        (S.IN_REVIEW, "reject", "staff", {"reason": "   \n"}, "reason_required"),
        (S.REGISTERED, "forward", "staff", {}, "reason_required"),  # where to: the citizen is told
        (S.ASSIGNED, "forward", "staff", {"reason": ""}, "reason_required"),
        (S.ANSWERED, "reopen", "citizen", {"answered_on": ANSWERED_ON, "today": IN_WINDOW}, "reason_required"),
        # Reopening: once, within 30 days.
        (
            S.ANSWERED,
            "reopen",
            "citizen",
            {"reason": "still refused", "reopened_before": True, "answered_on": ANSWERED_ON, "today": IN_WINDOW},
            "reopen_once",
        ),
        (
            S.ANSWERED,
            "reopen",
            "citizen",
            {"reason": "late", "answered_on": ANSWERED_ON, "today": DAY_31},
            "reopen_too_late",
        ),
        (
            S.ANSWERED,
            "reopen",
            "citizen",
            {"reason": "late", "answered_on": date(2025, 12, 20), "today": date(2026, 1, 20)},  # 31 days
            "reopen_too_late",
        ),
        # Once is checked before the reason: asking for a reason when reopening is out anyway would mislead.
        (
            S.ANSWERED,
            "reopen",
            "citizen",
            {"reopened_before": True, "answered_on": ANSWERED_ON, "today": IN_WINDOW},
            "reopen_once",
        ),
        # Closing by staff waits for the reopening window.
        (S.ANSWERED, "close", "staff", {"answered_on": ANSWERED_ON, "today": ANSWERED_ON}, "close_too_early"),
        (S.ANSWERED, "close", "staff", {"answered_on": ANSWERED_ON, "today": DAY_30}, "close_too_early"),
        (S.REGISTERED, "escalate", "staff", {}, "unknown"),
        (S.REGISTERED, "", "staff", {}, "unknown"),
    ],
)
def test_refused_moves(source, name, by, kwargs, code):
    with pytest.raises(TransitionRefused) as refused:
        check(source, name, by=by, **kwargs)
    assert refused.value.code == code


@pytest.mark.parametrize("name", [t.name for t in TRANSITIONS])
@pytest.mark.parametrize("by", ["staff", "citizen"])
@pytest.mark.parametrize("final", sorted(FINAL))
def test_nothing_leaves_a_final_state(final, by, name):
    with pytest.raises(TransitionRefused) as refused:
        check(final, name, by=by, **_context(name))
    assert refused.value.code == "not_allowed"
    assert allowed(final, by) == []


def test_reopen_on_the_thirtieth_day_is_in_time():
    assert check(S.ANSWERED, "reopen", by="citizen", reason="no", answered_on=ANSWERED_ON, today=DAY_30) is S.REOPENED


def test_staff_close_after_the_window_or_after_the_one_reopening():
    assert check(S.ANSWERED, "close", by="staff", answered_on=ANSWERED_ON, today=DAY_31) is S.CLOSED
    # Answered again after a reopening: the citizen cannot reopen again, so staff may close at once.
    assert check(S.ANSWERED, "close", by="staff", reopened_before=True) is S.CLOSED


def test_the_citizen_may_accept_the_answer_at_once():
    assert check(S.ANSWERED, "accept", by="citizen") is S.CLOSED


def test_a_whole_life_with_one_reopening():
    state = S.REGISTERED
    steps = [
        ("assign", "staff", {}),
        ("start_review", "staff", {}),
        ("ask_organisation", "staff", {}),
        ("organisation_replied", "staff", {}),
        ("answer", "staff", {}),
        ("reopen", "citizen", {"reason": "Still no referral", "answered_on": ANSWERED_ON, "today": IN_WINDOW}),
        ("assign", "staff", {}),
        ("start_review", "staff", {}),
        ("answer", "staff", {}),
    ]
    reopened = False  # what the service reads from the appeal's history
    for name, by, kwargs in steps:
        state = check(state, name, by=by, reopened_before=reopened, **kwargs)
        reopened = reopened or state is S.REOPENED
    assert state is S.ANSWERED and reopened
    with pytest.raises(TransitionRefused) as refused:
        check(state, "reopen", by="citizen", reason="again", reopened_before=reopened, answered_on=DAY_30, today=DAY_30)
    assert refused.value.code == "reopen_once"
    assert check(state, "close", by="staff", reopened_before=reopened) is S.CLOSED


def test_every_state_is_reachable_and_every_open_state_can_move():
    reached, frontier = {S.REGISTERED}, [S.REGISTERED]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS:
            if state in t.source and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(State)
    for state in set(State) - FINAL:
        assert allowed(state, "staff") or allowed(state, "citizen")


@pytest.mark.parametrize(
    ("state", "by", "kwargs", "names"),
    [
        (S.REGISTERED, "staff", {}, ["assign", "forward", "reject"]),
        (S.REGISTERED, "citizen", {}, []),
        (S.IN_REVIEW, "staff", {}, ["ask_organisation", "answer", "forward", "reject"]),
        (S.WAITING_FOR_ORGANISATION, "staff", {}, ["organisation_replied", "answer"]),
        (S.ANSWERED, "staff", {}, ["close"]),  # the table alone, without dates
        (S.ANSWERED, "citizen", {}, ["accept", "reopen"]),
        (S.ANSWERED, "citizen", {"reopened_before": True}, ["accept"]),
        (S.ANSWERED, "citizen", {"answered_on": ANSWERED_ON, "today": DAY_30}, ["accept", "reopen"]),
        (S.ANSWERED, "citizen", {"answered_on": ANSWERED_ON, "today": DAY_31}, ["accept"]),
        (S.ANSWERED, "staff", {"answered_on": ANSWERED_ON, "today": DAY_30}, []),
        (S.ANSWERED, "staff", {"answered_on": ANSWERED_ON, "today": DAY_31}, ["close"]),
        (S.ANSWERED, "staff", {"reopened_before": True, "answered_on": ANSWERED_ON, "today": IN_WINDOW}, ["close"]),
        (S.REOPENED, "staff", {}, ["assign"]),
        ("closed", "citizen", {}, []),
    ],
)
def test_allowed(state, by, kwargs, names):
    assert allowed(state, by, **kwargs) == names


def test_bad_arguments_are_programming_errors():
    with pytest.raises(ValueError):
        check(S.REGISTERED, "assign", by="robot")
    with pytest.raises(ValueError):
        check("lost", "assign", by="staff")
    with pytest.raises(ValueError):
        check(S.ANSWERED, "reopen", by="citizen", reason="x")  # needs answered_on and today
    with pytest.raises(ValueError):
        check(S.ANSWERED, "close", by="staff")


def test_state_values_are_the_stored_strings():
    assert [s.value for s in State] == [
        "registered",
        "assigned",
        "in_review",
        "waiting_for_organisation",
        "answered",
        "closed",
        "forwarded",
        "rejected",
        "reopened",
    ]
    assert State.ANSWERED == "answered"
