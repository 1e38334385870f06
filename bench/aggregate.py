"""Time the roll-up of many generated workshops: ``python bench/aggregate.py [N]``.

Writes N session files (default 1000) of five members each into a temporary
folder, rolls them up as ``readiness-tui aggregate`` does, and prints the
time taken and the peak memory of this process and of a worker. The target
is under two seconds for 1000 files. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path

from readiness_tui.aggregate import roll_up, to_markdown
from readiness_tui.content import Pack, builtin_content_dir, load_pack
from readiness_tui.session import Agreed, Ballot, Member, Round, Workshop
from readiness_tui.storage import dump

MEMBERS = 5
"""Members per generated workshop."""


def generate(pack: Pack, number: int, rng: random.Random) -> Workshop:
    """A finished workshop with random ratings, agreed values and decisions."""
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=number)
    ids = [s.id for s in pack.survey.statements]
    points = list(pack.scale.points)
    round_ = Round(number=1, statements=ids, started_at=created, revealed=True)
    for seat in range(1, MEMBERS + 1):
        ratings = {i: rng.choice(points) for i in ids if rng.random() > 0.05}
        dont_know = [i for i in ids if i not in ratings]
        round_.ballots.append(
            Ballot(
                seat=seat, confirmed_at=created, ratings=ratings, dont_know=dont_know
            )
        )
    workshop = Workshop.begin(f"District {number:05}", pack)
    workshop.created = workshop.updated = created
    workshop.team.members = [
        Member(seat=s, name=f"Member {s}") for s in range(1, MEMBERS + 1)
    ]
    workshop.rounds = [round_]
    workshop.agreed = [
        Agreed(statement=i, value=rng.choice(points), round=1, agreed_at=created)
        for i in ids
    ]
    options = [c.id for c in pack.discussion.capacity_options]
    workshop.decisions.capacity = rng.choice(options)
    return workshop


def main() -> None:
    """Generate, roll up, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    count = parser.parse_args().count
    pack = load_pack(builtin_content_dir() / "blended-learning")
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as folder:
        for number in range(count):
            path = Path(folder) / f"{number:05}.toml"
            path.write_text(dump(generate(pack, number, rng)), encoding="utf-8")
        start = time.perf_counter()
        rollup = roll_up([Path(folder)], [pack])
        to_markdown(rollup)
        elapsed = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"rolled up {len(rollup.included)} workshops of {MEMBERS} members "
        f"({len(rollup.skipped)} skipped) in {elapsed:.2f} s; "
        f"peak memory {own:.0f} MiB here, {workers:.0f} MiB in a worker"
    )


if __name__ == "__main__":
    main()
