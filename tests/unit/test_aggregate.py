"""The roll-up of many workshops: hand-computed totals and the files it skips."""

from __future__ import annotations

import datetime as dt
import shutil
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from readiness_tui import storage
from readiness_tui.aggregate import (
    NoSessions,
    roll_up,
    session_files,
    summary_of_counts,
    to_markdown,
)
from readiness_tui.cli import main
from readiness_tui.content import Pack, load_pack
from readiness_tui.session import Agreed, Ballot, Member, Policy, Round, Workshop
from readiness_tui.stats import figures, summarize
from tests.conftest import SEED_PACK

IDS = [
    "human-capacity",
    "technology",
    "components-in-use",
    "measuring-progress",
    "finding-resources",
]
"""The district pack's statements, in survey order."""

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
"""A fixed time, so every generated file is the same on every run."""


def workshop(
    pack: Pack,
    name: str,
    ballots: list[str],
    *,
    agreed: dict[str, int] | None = None,
    capacity: str = "",
    areas: tuple[str, ...] = (),
    rerate: dict[str, list[int]] | None = None,
    day: int = 0,
) -> Workshop:
    """A workshop whose members rate with digit strings ("d" is don't know).

    `rerate` adds a second round for one statement; agreed values stay on
    round 1, so they are awaiting confirmation for a re-rated statement.
    """
    created = START + dt.timedelta(days=day)
    first = Round(number=1, statements=IDS, started_at=created, revealed=True)
    for seat, keys in enumerate(ballots, 1):
        first.ballots.append(
            Ballot(
                seat=seat,
                confirmed_at=created,
                ratings={i: int(k) for i, k in zip(IDS, keys, strict=True) if k != "d"},
                dont_know=[i for i, k in zip(IDS, keys, strict=True) if k == "d"],
            )
        )
    rounds = [first]
    for statement, values in (rerate or {}).items():
        again = Round(
            number=2, statements=[statement], started_at=created, revealed=True
        )
        again.ballots = [
            Ballot(seat=s, confirmed_at=created, ratings={statement: v})
            for s, v in enumerate(values, 1)
        ]
        rounds.append(again)
    result = Workshop.begin(name, pack)
    result.created = result.updated = created
    result.team.members = [
        Member(seat=s, name=f"Member {s}") for s in range(1, len(ballots) + 1)
    ]
    result.rounds = rounds
    result.agreed = [
        Agreed(statement=s, value=v, round=1, agreed_at=created)
        for s, v in (agreed or {}).items()
    ]
    result.decisions.capacity = capacity
    result.decisions.policies = [Policy(text="Change it", area=a) for a in areas]
    return result


def write(path: Path, workshop: Workshop) -> Path:
    """Write a session file as the app does, but keep its fixed times."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(storage.dump(workshop), encoding="utf-8")
    return path


def three_districts(pack: Pack, folder: Path) -> list[Path]:
    """Alpha, Beta and Gamma, whose totals the tests below work out by hand."""
    alpha = workshop(
        pack,
        "Alpha",
        ["33241", "3242d", "31332"],
        agreed={"human-capacity": 3, "technology": 2},
        capacity="pilot",
        areas=("equal-access", "equal-access", "professional-development"),
    )
    beta = workshop(
        pack,
        "Beta",
        ["44444", "1d111"],
        agreed={"human-capacity": 4, "technology": 4},
        capacity="pilot",
        areas=("data-access",),
        rerate={"technology": [3, 3]},
        day=1,
    )
    gamma = workshop(pack, "Gamma", ["22222"], day=2)
    return [
        write(folder / "a-alpha.toml", alpha),
        write(folder / "b-beta.toml", beta),
        write(folder / "c-gamma.toml", gamma),
    ]


def test_totals_match_the_hand_count(pack: Pack, tmp_path: Path) -> None:
    three_districts(pack, tmp_path)
    rollup = roll_up([tmp_path], [pack])

    # human-capacity: Alpha 3 3 3, Beta 4 1, Gamma 2.
    human = rollup.tallies["human-capacity"]
    assert human.ratings == Counter({1: 1, 2: 1, 3: 3, 4: 1})
    assert human.dont_know == 0
    assert human.agreed == Counter({3: 1, 4: 1})
    assert human.not_agreed == 1
    summary = summary_of_counts(human.ratings, human.dont_know, pack.scale)
    assert figures(summary) == "n 6 · median 3 · mean 2.67 · sd 0.94 · range 1–4 (3)"

    # technology: Alpha 3 2 1; Beta re-rated 3 3 (its 4 and "don't know" are
    # round 1); Gamma 2. Beta's agreed 4 predates the re-rating.
    tech = rollup.tallies["technology"]
    assert tech.ratings == Counter({1: 1, 2: 2, 3: 3})
    assert tech.dont_know == 0
    assert tech.agreed == Counter({2: 1})
    assert tech.not_agreed == 2

    # finding-resources: Alpha 1 "don't know" 2, Beta 4 1, Gamma 2.
    finding = rollup.tallies["finding-resources"]
    assert finding.ratings == Counter({1: 2, 2: 2, 4: 1})
    assert finding.dont_know == 1

    assert rollup.capacity == Counter({"pilot": 2, "": 1})
    assert rollup.policies == Counter(
        {"equal-access": 2, "professional-development": 1, "data-access": 1}
    )
    assert rollup.areas_named == Counter(
        {"equal-access": 1, "professional-development": 1, "data-access": 1}
    )
    assert [i.name for i in rollup.included] == ["Alpha", "Beta", "Gamma"]
    assert rollup.skipped == []


def test_roll_up_in_words(pack: Pack, tmp_path: Path) -> None:
    three_districts(pack, tmp_path)
    text = to_markdown(roll_up([tmp_path], [pack]))
    assert "3 workshops included, 0 files skipped." in text
    assert "- Pilot in one content area or grade: 2" in text
    assert "- Not yet: 0" in text
    assert "- Not decided: 1" in text
    assert (
        "1. Equal access to technology in and out of school: in 1 workshop, 2 policies"
    ) in text
    assert "- 2026-03-03 Beta (" in text


def test_other_packs_broken_files_and_duplicates_are_skipped(
    pack: Pack, tmp_path: Path
) -> None:
    folder = tmp_path / "sessions"
    alpha, *_ = three_districts(pack, folder)
    shutil.copy(alpha, folder / "d-copy.toml")
    again = storage.load(alpha)
    again.decisions.notes = "Saved once more."
    write(folder / "e-again.toml", again)
    (folder / "f-broken.toml").write_text('schema_version = 1\nname = "x', "utf-8")
    other = other_pack(tmp_path)
    write(folder / "g-other.toml", workshop(other, "Delta", ["33333"]))
    write(folder / ".hidden" / "h.toml", workshop(pack, "Hidden", ["11111"]))

    rollup = roll_up([folder], [pack, other])

    assert [i.name for i in rollup.included] == ["Alpha", "Beta", "Gamma"]
    assert [str(s) for s in rollup.skipped] == [
        f"skipped {folder / 'd-copy.toml'}: same content as {alpha}",
        f"skipped {folder / 'e-again.toml'}: the same workshop as {alpha} "
        "(same name and start time); keep one copy",
        f"skipped {folder / 'f-broken.toml'}: not valid TOML at line 2 "
        "(Unterminated string); the file may be cut short or not be a "
        "session file",
        f"skipped {folder / 'g-other.toml'}: made with pack 'other-pack', "
        "not 'blended-learning-district'",
    ]


def other_pack(tmp_path: Path) -> Pack:
    """A copy of the district pack under another id."""
    folder = tmp_path / "other"
    shutil.copytree(SEED_PACK, folder)
    spec = folder / "pack.toml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace('id = "blended-learning-district"', 'id = "other-pack"'),
        encoding="utf-8",
    )
    return load_pack(folder)


def test_one_process_counts_as_many_do(pack: Pack, tmp_path: Path) -> None:
    three_districts(pack, tmp_path)
    alone = roll_up([tmp_path], [pack], workers=1)
    several = roll_up([tmp_path], [pack], workers=3)
    assert alone == several


def test_the_pack_can_be_chosen(pack: Pack, tmp_path: Path) -> None:
    three_districts(pack, tmp_path / "s")
    other = other_pack(tmp_path)
    write(tmp_path / "s" / "0-first.toml", workshop(other, "Delta", ["33333"]))
    rollup = roll_up([tmp_path / "s"], [pack, other], pack_id=pack.id)
    assert len(rollup.included) == 3
    assert len(rollup.skipped) == 1


def test_nothing_to_roll_up_says_so(pack: Pack, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("nope", encoding="utf-8")
    with pytest.raises(NoSessions, match="no session file could be rolled up"):
        roll_up([tmp_path], [pack])


def test_session_files_walks_folders_in_name_order(tmp_path: Path) -> None:
    for name in ["b.toml", "a/z.toml", "a/c.toml", ".tmp/x.toml", "notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in session_files([tmp_path])] == [
        "a/c.toml",
        "a/z.toml",
        "b.toml",
    ]


@pytest.mark.parametrize(
    "values",
    [[3, 3, 3, 3], [1, 4], [1, 2, 2, 4, None], [2], [None], [], [1, 1, 2, 3, 4, 4]],
)
def test_figures_from_counts_equal_figures_from_ratings(
    pack: Pack, values: list[int | None]
) -> None:
    counts = Counter(v for v in values if v is not None)
    dont_know = values.count(None)
    from_counts = summary_of_counts(counts, dont_know, pack.scale)
    from_values = summarize(values, pack.scale)
    assert figures(from_counts) == figures(from_values)
    assert from_counts.counts == from_values.counts
    assert from_counts.split == from_values.split


def peak_bytes(pack: Pack, folder: Path) -> int:
    """The most memory a roll-up of `folder` held at once, read in this process."""
    tracemalloc.start()
    try:
        roll_up([folder], [pack], workers=1)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_by_a_little_per_file_not_a_session(
    pack: Pack, tmp_path: Path
) -> None:
    """Four times the files: each extra file costs a name and a digest, no more."""
    for count in (20, 80):
        for n in range(count):
            five = workshop(pack, f"District {n}", ["12341", "23412", "3d123"] * 2)
            write(tmp_path / str(count) / f"{n:04}.toml", five)
    small = peak_bytes(pack, tmp_path / "20")
    large = peak_bytes(pack, tmp_path / "80")
    per_file = (large - small) / 60
    assert per_file < 2_000, f"{per_file:.0f} bytes held per extra file"


def test_cli_exit_status_says_some_were_skipped(
    pack: Pack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alpha, *_ = three_districts(pack, tmp_path / "s")
    shutil.copy(alpha, tmp_path / "s" / "z-copy.toml")
    out = tmp_path / "rollup.md"

    assert main(["aggregate", str(tmp_path / "s"), "-o", str(out)]) == 1

    captured = capsys.readouterr()
    assert captured.err == (
        f"readiness-tui: skipped {tmp_path / 's' / 'z-copy.toml'}: "
        f"same content as {alpha}\n"
    )
    assert "3 workshops included, 1 file skipped." in out.read_text("utf-8")
    assert captured.out.startswith("Wrote the roll-up of 3 workshops")


def test_cli_exit_status_is_zero_when_all_were_included(
    pack: Pack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    three_districts(pack, tmp_path)
    assert main(["aggregate", str(tmp_path)]) == 0
    assert "# Roll-up: " in capsys.readouterr().out


def test_cli_with_nothing_usable_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.toml").write_text("nope", encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "missing.toml"), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'missing.toml'}: file not found" in err
    assert err.endswith(
        "readiness-tui: no session file could be rolled up; 2 skipped\n"
    )
    assert "Traceback" not in err
