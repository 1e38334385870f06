"""Figures for one statement's ratings, and the order reconcile visits them in."""

from __future__ import annotations

import pytest

from readiness_tui.content import Pack, Scale
from readiness_tui.session import Member, Workshop
from readiness_tui.stats import (
    Summary,
    figures,
    names_by_point,
    number,
    reconcile_order,
    round_summary,
    split_note,
    spread_order,
    statement_summary,
    summarize,
)

FOUR = Scale(min=1, max=4, labels={1: "Not at all", 4: "Absolutely"})
"""The district pack's scale."""

FIVE = Scale(min=1, max=5)
"""A scale with a true middle point, which counts as neither side."""

# Five members' ratings of five statements, one list per statement.
TEAM_RATINGS: dict[str, list[int | None]] = {
    "S1": [3, 3, 3, 3, 3],
    "S2": [1, 1, 4, 4, 4],
    "S3": [2, 3, 3, 3, 4],
    "S4": [1, 2, 3, 4, 4],
    "S5": [3, 3, 3, 3, 4],
}


def summaries_of(ratings: dict[str, list[int | None]]) -> list[Summary]:
    """One summary per statement, in the dict's order, on the 1 to 4 scale."""
    return [summarize(values, FOUR) for values in ratings.values()]


def test_spread_order_visits_widest_disagreement_first() -> None:
    names = list(TEAM_RATINGS)
    order = spread_order(summaries_of(TEAM_RATINGS))
    assert [names[i] for i in order] == ["S2", "S4", "S3", "S5", "S1"]


@pytest.mark.parametrize(
    ("statement", "stdev"),
    [("S2", 1.47), ("S4", 1.17), ("S3", 0.63), ("S5", 0.40), ("S1", 0.0)],
)
def test_stdev_is_the_population_one(statement: str, stdev: float) -> None:
    summary = summarize(TEAM_RATINGS[statement], FOUR)
    assert summary.stdev is not None
    assert round(summary.stdev, 2) == stdev


def test_equal_range_is_broken_by_stdev() -> None:
    """S2 and S4 both span 1 to 4; the sharper split (S2) comes first."""
    s2 = summarize(TEAM_RATINGS["S2"], FOUR)
    s4 = summarize(TEAM_RATINGS["S4"], FOUR)
    assert (s2.range, s4.range) == (3, 3)
    assert spread_order([s4, s2]) == [1, 0]


def test_identical_ratings_keep_survey_order() -> None:
    same = [2, 4, 4, 1, 3]
    summaries = [summarize(same, FOUR), summarize(list(reversed(same)), FOUR)]
    assert spread_order(summaries) == [0, 1]
    assert spread_order(summaries * 3) == [0, 1, 2, 3, 4, 5]


def test_statements_nobody_rated_sort_last() -> None:
    summaries = [
        summarize([None, None], FOUR),
        summarize([3, 3], FOUR),
        summarize([], FOUR),
        summarize([1, 4], FOUR),
    ]
    assert spread_order(summaries) == [3, 1, 0, 2]


def test_unanimous_statements_follow_every_disagreement() -> None:
    summaries = [summarize([4, 4, 4], FOUR), summarize([3, 4, 3], FOUR)]
    assert summaries[0].unanimous
    assert not summaries[1].unanimous
    assert spread_order(summaries) == [1, 0]


def test_summary_figures_for_a_split_statement() -> None:
    summary = summarize([1, 1, 4, 4, 4], FOUR)
    assert summary.counts == {1: 2, 2: 0, 3: 0, 4: 3}
    assert summary.n == 5
    assert summary.dont_know == 0
    assert summary.median == 4.0
    assert summary.mean == pytest.approx(2.8)
    assert (summary.low, summary.high, summary.range) == (1, 4, 3)
    assert summary.split
    assert not summary.unanimous


def test_even_count_median_is_the_midpoint() -> None:
    summary = summarize([1, 2, 3, 4], FOUR)
    assert summary.median == 2.5
    assert summary.mean == 2.5


def test_dont_know_is_counted_apart_and_left_out_of_n() -> None:
    summary = summarize([None, 2, None, 4], FOUR)
    assert summary.n == 2
    assert summary.dont_know == 2
    assert summary.counts == {1: 0, 2: 1, 3: 0, 4: 1}
    assert summary.median == 3.0
    assert summary.mean == 3.0
    assert summary.stdev == 1.0


def test_nobody_rated_gives_no_figures() -> None:
    summary = summarize([None, None, None], FOUR)
    assert summary.n == 0
    assert summary.dont_know == 3
    assert summary.counts == {1: 0, 2: 0, 3: 0, 4: 0}
    assert (summary.median, summary.mean, summary.stdev) == (None, None, None)
    assert (summary.low, summary.high, summary.range) == (None, None, None)
    assert not summary.split
    assert not summary.unanimous


@pytest.mark.parametrize(
    ("values", "split"),
    [
        ([1, 3], True),
        ([2, 3], True),
        ([1, 2, 2], False),
        ([3, 4, 4], False),
        ([2, None, 4], True),
        ([2, None, None], False),
    ],
)
def test_split_on_a_four_point_scale(values: list[int | None], split: bool) -> None:
    """Some ratings of 1-2 and some of 3-4 mark a split team."""
    assert summarize(values, FOUR).split is split


@pytest.mark.parametrize(
    ("values", "split"),
    [
        ([1, 3, 3], False),
        ([3, 5], False),
        ([3, 3, 3], False),
        ([2, 3, 4], True),
        ([1, 5], True),
    ],
)
def test_split_on_a_five_point_scale(values: list[int | None], split: bool) -> None:
    """On 1 to 5 the middle point 3 is on neither side."""
    assert summarize(values, FIVE).split is split


def test_figures_line_for_a_split_statement() -> None:
    summary = summarize([1, 1, 4, 4, 4], FOUR)
    assert figures(summary) == "n 5 · median 4 · mean 2.8 · sd 1.47 · range 1–4 (3)"


def test_figures_line_names_dont_know() -> None:
    summary = summarize([3, None, 3], FOUR)
    expected = "n 2 · median 3 · mean 3 · sd 0 · range 3–3 (0) · don't know 1"
    assert figures(summary) == expected


def test_figures_line_when_nobody_rated() -> None:
    summary = summarize([None], FOUR)
    assert figures(summary) == "n 0 · median – · mean – · sd – · don't know 1"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "–"), (3.0, "3"), (2.5, "2.5"), (0.0, "0"), (10.0, "10"), (1.4697, "1.47")],
)
def test_number_drops_trailing_zeros(value: float | None, shown: str) -> None:
    assert number(value) == shown


def test_split_note_on_a_four_point_scale() -> None:
    summary = summarize([2, 3], FOUR)
    assert split_note(summary, FOUR) == "SPLIT: some rated 1–2, some 3–4"


def test_split_note_leaves_out_the_middle_of_a_five_point_scale() -> None:
    summary = summarize([1, 5], FIVE)
    assert split_note(summary, FIVE) == "SPLIT: some rated 1–2, some 4–5"


def test_split_note_names_single_points_once() -> None:
    """A three-point scale used to read "some rated 1–1, some 3–3"."""
    three = Scale(min=1, max=3)
    summary = summarize([1, 3], three)
    assert split_note(summary, three) == "SPLIT: some rated 1, some 3"


def test_split_note_is_empty_when_the_team_agrees() -> None:
    assert split_note(summarize([3, 4], FOUR), FOUR) == ""


# Ballots on the real pack: four members, statements in the pack's order
# (human-capacity, technology, components-in-use, measuring-progress,
# finding-resources); None is don't know.
BALLOTS: dict[str, list[int | None]] = {
    "Dana": [3, 1, 2, 3, 4],
    "Luis": [3, 4, 2, 2, None],
    "Priya": [3, 4, 3, 2, 4],
    "Sam": [3, 1, 2, 4, 3],
}


def run_round(pack: Pack, ballots: dict[str, list[int | None]]) -> Workshop:
    """A workshop on `pack` whose members rated every statement in one round."""
    workshop = Workshop.begin("Riverside Unified", pack)
    names = list(ballots)
    workshop.team.members = [
        Member(seat=seat, name=name) for seat, name in enumerate(names, 1)
    ]
    ids = [s.id for s in pack.survey.statements]
    workshop.start_round(ids)
    for seat, name in enumerate(names, 1):
        pairs = list(zip(ids, ballots[name], strict=True))
        ratings = {i: v for i, v in pairs if v is not None}
        dont_know = [i for i, v in pairs if v is None]
        workshop.record_ballot(seat, ratings, dont_know)
    workshop.reveal_open_round()
    return workshop


def test_reconcile_order_on_the_real_pack(pack: Pack) -> None:
    workshop = run_round(pack, BALLOTS)
    assert reconcile_order(workshop, pack) == [
        "technology",
        "measuring-progress",
        "finding-resources",
        "components-in-use",
        "human-capacity",
    ]


def test_statement_summary_uses_the_revealed_ratings(pack: Pack) -> None:
    workshop = run_round(pack, BALLOTS)
    summary = statement_summary(workshop, pack, "finding-resources")
    assert summary.n == 3
    assert summary.dont_know == 1
    assert summary.counts == {1: 0, 2: 0, 3: 1, 4: 2}
    assert names_by_point(workshop, "technology") == {
        1: ["Dana", "Sam"],
        4: ["Luis", "Priya"],
    }


def test_a_rerating_round_replaces_the_current_ratings(pack: Pack) -> None:
    workshop = run_round(pack, BALLOTS)
    first_round = workshop.rounds[0]
    workshop.start_round(["technology"])
    for seat, value in enumerate([2, 3, 3, 2], 1):
        workshop.record_ballot(seat, {"technology": value}, [])
    workshop.reveal_open_round()

    now = statement_summary(workshop, pack, "technology")
    before = round_summary(first_round, "technology", pack.scale)
    assert (now.low, now.high, now.split) == (2, 3, True)
    assert (before.low, before.high) == (1, 4)
    assert reconcile_order(workshop, pack)[0] == "measuring-progress"


def test_an_unrevealed_round_does_not_count(pack: Pack) -> None:
    workshop = run_round(pack, BALLOTS)
    workshop.start_round(["technology"])
    workshop.record_ballot(1, {"technology": 4}, [])
    summary = statement_summary(workshop, pack, "technology")
    assert summary.counts == {1: 2, 2: 0, 3: 0, 4: 2}


def test_nothing_revealed_leaves_every_statement_in_survey_order(pack: Pack) -> None:
    workshop = Workshop.begin("Riverside Unified", pack)
    ids = [s.id for s in pack.survey.statements]
    assert reconcile_order(workshop, pack) == ids
