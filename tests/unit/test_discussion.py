"""Reconcile's facilitator records: agreed-value history, discussion time, timer."""

from __future__ import annotations

import pytest

from readiness_tui.content import Pack
from readiness_tui.session import Discussed, Member, Workshop
from readiness_tui.timer import Stopwatch, clock_text, countdown_text


def revealed(pack: Pack) -> Workshop:
    """Two members, one revealed round of every statement."""
    workshop = Workshop.begin("History", pack)
    workshop.team.members = [Member(seat=1, name="Ana"), Member(seat=2, name="Ben")]
    ids = [s.id for s in pack.survey.statements]
    workshop.start_round(ids)
    workshop.record_ballot(1, dict.fromkeys(ids, 1), [])
    workshop.record_ballot(2, dict.fromkeys(ids, 4), [])
    workshop.reveal_open_round()
    return workshop


# Agreed-value history


def test_a_first_agreement_leaves_no_history(pack: Pack) -> None:
    workshop = revealed(pack)
    workshop.set_agreed("technology", 2, "Carts", earlier=None)
    assert workshop.agreed_history == []


def test_changing_the_value_keeps_the_earlier_agreement(pack: Pack) -> None:
    workshop = revealed(pack)
    first = workshop.set_agreed("technology", 2, "Carts")
    workshop.set_agreed("technology", 3, "Carts", earlier=first)
    assert workshop.earlier_agreed("technology") == [first]
    current = workshop.agreed_for("technology")
    assert current is not None and current.value == 3


def test_typing_a_rationale_keeps_the_earlier_agreement_once(pack: Pack) -> None:
    """Each keystroke replaces the agreement; the history gains one entry."""
    workshop = revealed(pack)
    first = workshop.set_agreed("technology", 2, "Carts")
    for typed in ["Carts.", "Carts. M", "Carts. More", "Carts. More came"]:
        workshop.set_agreed("technology", 2, typed, earlier=first)
    assert workshop.earlier_agreed("technology") == [first]
    current = workshop.agreed_for("technology")
    assert current is not None and current.rationale == "Carts. More came"


def test_changing_back_to_the_earlier_agreement_is_no_change(pack: Pack) -> None:
    workshop = revealed(pack)
    first = workshop.set_agreed("technology", 2, "Carts")
    workshop.set_agreed("technology", 3, "Carts", earlier=first)
    workshop.set_agreed("technology", 2, "Carts", earlier=first)
    assert workshop.agreed_history == []
    assert workshop.agreed_for("technology") == first


def test_later_visits_add_each_earlier_value_in_order(pack: Pack) -> None:
    workshop = revealed(pack)
    first = workshop.set_agreed("technology", 2, "")
    second = workshop.set_agreed("technology", 3, "", earlier=first)
    workshop.set_agreed("technology", 1, "", earlier=second)
    workshop.set_agreed("finding-resources", 4, "")
    assert [a.value for a in workshop.earlier_agreed("technology")] == [2, 3]
    assert workshop.earlier_agreed("finding-resources") == []


def test_confirming_the_same_value_after_a_rerating_is_no_change(
    pack: Pack,
) -> None:
    """Only the round moves on; the value and rationale were not changed."""
    workshop = revealed(pack)
    first = workshop.set_agreed("technology", 2, "Carts")
    workshop.start_round(["technology"])
    workshop.record_ballot(1, {"technology": 2}, [])
    workshop.reveal_open_round()
    assert not workshop.is_settled("technology")
    workshop.set_agreed("technology", 2, "Carts", earlier=first)
    assert workshop.agreed_history == []
    assert workshop.is_settled("technology")


# Discussion time


def test_discussion_record_is_added_once(pack: Pack) -> None:
    workshop = revealed(pack)
    assert workshop.discussed_for("technology") is None
    record = workshop.discussion("technology")
    assert workshop.discussion("technology") is record
    assert workshop.discussed == [record]


def test_countdown_counts_from_the_last_reset_with_minutes_added() -> None:
    discussed = Discussed(statement="technology", seconds=100)
    assert discussed.remaining(5) == 200
    discussed.extra_minutes = 1
    assert discussed.remaining(5) == 260
    discussed.seconds = 400
    assert discussed.remaining(5) == -40
    discussed.reset_countdown()
    assert (discussed.countdown_from, discussed.extra_minutes) == (400, 0)
    assert discussed.remaining(5) == 300
    assert discussed.seconds == 400


# The timer's arithmetic


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (5, "0:05"), (372, "6:12"), (3600, "60:00"), (-65, "1:05")],
)
def test_clock_text(seconds: int, text: str) -> None:
    assert clock_text(seconds) == text


def test_countdown_text_before_at_and_after_zero() -> None:
    assert countdown_text(272, running=True, discussed=28) == (
        "Timer 4:32 left · running · discussed 0:28"
    )
    assert countdown_text(0, running=False, discussed=300) == (
        "Time is up · paused · discussed 5:00"
    )
    assert countdown_text(-65, running=True, discussed=365) == (
        "Time is up: 1:05 over · running · discussed 6:05"
    )


def test_stopwatch_hands_over_whole_seconds_without_drift() -> None:
    watch = Stopwatch()
    assert not watch.running and watch.take(10.0) == 0
    watch.start(10.0)
    assert watch.take(10.7) == 0
    assert watch.take(11.2) == 1
    assert watch.take(13.9) == 2
    assert watch.stop(13.7) == 1  # 0.7 s run since the mark at 13.0, rounded.
    assert not watch.running
    assert watch.stop(20.0) == 0


def test_stopwatch_start_twice_keeps_the_first_mark() -> None:
    watch = Stopwatch()
    watch.start(1.0)
    watch.start(5.0)
    assert watch.take(6.0) == 5
