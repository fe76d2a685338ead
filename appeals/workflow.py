"""The appeal state machine: every allowed transition in one table (rules document, section 7).

Section 7: an appeal is registered, fund staff contact the medical organisation and check quality,
and an answer is due within 15 working days; an appeal that is not the fund's business is forwarded
and the citizen is told where. The portal's own rules for the rest, written here:

* staff may reject an appeal as a duplicate or an abuse, always with a reason the citizen can read;
* a citizen who is not satisfied may reopen the answered appeal once, within 30 calendar days of the
  answer (`appeals.deadlines.reopen_deadline`), saying why;
* so that closing cannot take that right away, staff close an answered appeal only after those 30
  days, or at once when it was already reopened once; the citizen may accept the answer and close
  the appeal at any time.

::

    registered -> assigned -> in_review <-> waiting_for_organisation
                                  |               |
                                  +---> answered <+
                                           |  \\-> closed
                                           v
                                        reopened -> assigned -> ...
    registered | assigned | in_review -> forwarded (reason: where to) | rejected (reason: why)

``closed``, ``forwarded`` and ``rejected`` are final. Extending the deadline, changing the handler
and the texts (the answer, the organisation's reply, a reason) are not states: the service records
them beside the state. `check` only decides; the service saves the new state and then sends notifications.
Pure Python: nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from appeals.deadlines import reopen_deadline

Actor = Literal["staff", "citizen"]
ACTORS: frozenset[str] = frozenset({"staff", "citizen"})


class State(StrEnum):
    """Where an appeal is; the value is what the database stores."""

    REGISTERED = "registered"
    ASSIGNED = "assigned"
    IN_REVIEW = "in_review"
    WAITING_FOR_ORGANISATION = "waiting_for_organisation"
    ANSWERED = "answered"
    CLOSED = "closed"
    FORWARDED = "forwarded"
    REJECTED = "rejected"
    REOPENED = "reopened"


FINAL: frozenset[State] = frozenset({State.CLOSED, State.FORWARDED, State.REJECTED})


@dataclass(frozen=True)
class Transition:
    """One allowed move: from any of ``source`` to ``target``, made by ``by``."""

    name: str
    source: frozenset[State]
    target: State
    needs_reason: bool
    by: Actor


def _t(name: str, source: set[State], target: State, *, by: Actor, needs_reason: bool = False) -> Transition:
    return Transition(name, frozenset(source), target, needs_reason, by)


S = State
_EARLY = {S.REGISTERED, S.ASSIGNED, S.IN_REVIEW}  # before any question went to the organisation

TRANSITIONS: tuple[Transition, ...] = (
    _t("assign", {S.REGISTERED, S.REOPENED}, S.ASSIGNED, by="staff"),
    _t("start_review", {S.ASSIGNED}, S.IN_REVIEW, by="staff"),
    _t("ask_organisation", {S.IN_REVIEW}, S.WAITING_FOR_ORGANISATION, by="staff"),
    _t("organisation_replied", {S.WAITING_FOR_ORGANISATION}, S.IN_REVIEW, by="staff"),
    # An organisation that never replies does not stop the answer being due.
    _t("answer", {S.IN_REVIEW, S.WAITING_FOR_ORGANISATION}, S.ANSWERED, by="staff"),
    _t("close", {S.ANSWERED}, S.CLOSED, by="staff"),
    _t("accept", {S.ANSWERED}, S.CLOSED, by="citizen"),
    _t("reopen", {S.ANSWERED}, S.REOPENED, by="citizen", needs_reason=True),
    # The reason is where the appeal went: the citizen is told where (section 7).
    _t("forward", _EARLY, S.FORWARDED, by="staff", needs_reason=True),
    # The reason is why: a duplicate (of which number) or an abuse.
    _t("reject", _EARLY, S.REJECTED, by="staff", needs_reason=True),
)
del S

_BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}


class TransitionRefused(Exception):
    """Raised by `check` with a code for the message shown:

    * "unknown": no transition has that name;
    * "not_allowed": the transition does not start from this state;
    * "wrong_actor": the transition is the other side's (staff cannot reopen, a citizen cannot assign);
    * "reopen_once": the appeal was reopened before;
    * "reopen_too_late": more than 30 days have passed since the answer;
    * "close_too_early": staff cannot close while the citizen may still reopen;
    * "reason_required": the transition needs a reason and none (or only spaces) was given.
    """

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check(
    state: State | str,
    transition_name: str,
    *,
    by: Actor,
    reason: str = "",
    reopened_before: bool = False,
    answered_on: date | None = None,
    today: date | None = None,
) -> State:
    """The state after ``transition_name`` from ``state``, or raise `TransitionRefused`.

    ``reopened_before`` says whether the appeal was ever reopened; ``answered_on`` is the day of the
    latest answer and ``today`` the current day in Kazakhstan: both are required for "reopen" and
    "close", whose rules depend on the 30 days after the answer.
    """
    if by not in ACTORS:
        raise ValueError(f"by must be one of {sorted(ACTORS)}, not {by!r}")
    state = State(state)
    transition = _BY_NAME.get(transition_name)
    if transition is None:
        raise TransitionRefused("unknown")
    if state not in transition.source:
        raise TransitionRefused("not_allowed")
    if by != transition.by:
        raise TransitionRefused("wrong_actor")
    if transition.name in ("reopen", "close"):
        _check_reopen_window(transition.name, reopened_before, answered_on, today)
    if transition.needs_reason and not reason.strip():
        raise TransitionRefused("reason_required")
    return transition.target


def _check_reopen_window(name: str, reopened_before: bool, answered_on: date | None, today: date | None) -> None:
    """The once-within-30-days rule, seen from the citizen (reopen) and from staff (close)."""
    if name == "reopen" and reopened_before:
        raise TransitionRefused("reopen_once")
    if name == "close" and reopened_before:
        return  # the citizen has used the one reopening: nothing left to protect
    if answered_on is None or today is None:
        raise ValueError(f"{name!r} needs answered_on and today")
    window_open = today <= reopen_deadline(answered_on)
    if name == "reopen" and not window_open:
        raise TransitionRefused("reopen_too_late")
    if name == "close" and window_open:
        raise TransitionRefused("close_too_early")


def allowed(
    state: State | str,
    by: Actor,
    *,
    reopened_before: bool = False,
    answered_on: date | None = None,
    today: date | None = None,
) -> list[str]:
    """Names of the transitions ``by`` may make from ``state``, in the table's order.

    Without ``answered_on`` and ``today`` this is the table alone; with them, "reopen" and "close"
    are left out when the once-within-30-days rule would refuse them. A transition listed here may
    still be refused by `check` for a missing reason.
    """
    state = State(state)
    names = []
    for t in TRANSITIONS:
        if state not in t.source or t.by != by:
            continue
        if t.name in ("reopen", "close") and answered_on is not None and today is not None:
            try:
                _check_reopen_window(t.name, reopened_before, answered_on, today)
            except TransitionRefused:
                continue
        elif t.name == "reopen" and reopened_before:
            continue
        names.append(t.name)
    return names
