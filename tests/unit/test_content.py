"""Loading content packs: the real one, a custom one, and every broken one."""

from __future__ import annotations

import codecs
import shutil
import tomllib
import traceback
from pathlib import Path

import pytest
from pydantic import ValidationError

from readiness_tui.cli import main
from readiness_tui.content import (
    PACK_FILE,
    Pack,
    PackError,
    builtin_content_dir,
    find_packs,
    load_pack,
    toml_error_position,
)

TESTS = Path(__file__).resolve().parents[1]
"""The tests folder."""

SEED_PACK = TESTS.parent / "content" / "blended-learning"
"""The district readiness pack, as shipped."""

BROKEN = TESTS / "data" / "packs"
"""One folder per broken pack, each wrong in a single way."""

GOOD = TESTS / "data" / "packs-good"
"""Valid packs that differ from the shipped one."""

# The five statements exactly as the source tool words them.
SEED_STATEMENTS = [
    "The district has the human capacity to lead a blended learning initiative.",
    "The district has adequate technology (e.g., laptops, desktops, tablets, "
    "assistive technology, and other necessary devices) to meet the needs of all "
    "student groups.",
    "The district already uses different blended learning components in its "
    "instruction.",
    "District personnel understand how blended learning can be used to measure "
    "student progress and improve academic instruction.",
    "The district knows where to find the different resources available for "
    "blended learning.",
]

# Broken pack folder -> parts its message must contain, after the file's path.
EXPECTED_MESSAGES: dict[str, list[str]] = {
    "deeply-nested": [
        "pack.toml: not valid TOML: arrays or tables nested too deeply to read; "
        "expected a few levels",
    ],
    "toml-1-1-inline-table": [
        "pack.toml, line 17: not valid TOML",
        "this looks like TOML 1.1 syntax (an inline table over several lines or "
        "with a trailing comma; keep it on one line without a comma before the }, "
        "or use a [table]), newer than the TOML 1.0 that Python reads",
    ],
    "toml-1-1-escape": [
        "pack.toml, line 11: not valid TOML",
        "this looks like TOML 1.1 syntax (the \\e or \\xHH escape; write "
        "\\u001b or \\u00e9 (\\uXXXX) instead)",
    ],
    "bad-toml-syntax": [
        "pack.toml, line 15: not valid TOML",
        "Expected '=' after a key",
    ],
    "missing-statement-text": [
        "pack.toml, line 26, field survey.statements[2].text: missing",
        "expected a value here",
    ],
    "scale-min-above-max": [
        "pack.toml, line 14, field survey.scale: min (4) must be lower than max (1)",
        "expected e.g. min = 1, max = 4",
    ],
    "misspelled-key": [
        "pack.toml, line 11, field survey.titel: is not a key a pack may have",
        "did you mean 'title'?",
    ],
    "label-outside-scale": [
        "pack.toml, line 14, field survey.scale: labels [5] lie outside the scale "
        "1 to 4",
    ],
    "duplicate-statement-id": [
        "pack.toml, line 31, field survey.statements[3].id: statements [1] and "
        "[3] both have id 'people'",
        "expected every id to be different",
    ],
    "duplicate-capacity-option": [
        "pack.toml, line 47, field discussion.capacity_options[3].id: "
        "capacity_options [1] and [3] both have id 'pilot'",
        "expected every id to be different",
    ],
    "duplicate-policy-area": [
        "pack.toml, line 47, field discussion.policy_areas[2].id: "
        "policy_areas [1] and [2] both have id 'training'",
        "expected every id to be different",
    ],
    "byte-order-mark": [
        "pack.toml: the file starts with a byte-order mark; expected UTF-8 "
        "without one (re-save it as UTF-8 without BOM)",
    ],
    "scale-above-nine": [
        "pack.toml, line 16, field survey.scale.max: expected 9 or less, got 10",
    ],
    "label-key-not-number": [
        "pack.toml, line 20, field survey.scale.labels.four: wrong key: "
        "expected a whole number, got the text 'four'",
    ],
    "empty-scenario": [
        "scenario.md: the file holds no text; expected the scenario the team "
        "reads, in Markdown",
    ],
    "escape-in-scenario": [
        "scenario.md, line 4: holds the control character U+001B; expected plain text",
    ],
    "blank-activity": [
        "activity.md: the file holds no text; expected the activity's "
        "instructions, in Markdown",
    ],
    "missing-scenario-file": [
        "pack.toml, line 7, field scenario: names 'scenario.md', which is not a file",
    ],
    "scenario-outside-pack": [
        "pack.toml, line 7, field scenario: '../scenario.md' lies outside the pack "
        "folder",
    ],
    "empty-statements": [
        "pack.toml, line 13, field survey.statements: is empty",
        "expected at least one entry",
    ],
    "not-utf8": [
        "pack.toml, line 32: bytes that are not UTF-8; expected UTF-8 text",
    ],
    "wrong-type": [
        "pack.toml, line 16, field survey.scale.max: expected a whole number, "
        "got the text 'four'",
    ],
    "boolean-for-number": [
        "pack.toml, line 16, field survey.scale.max: expected a whole number, "
        "got the boolean true",
    ],
    "bad-identifier": [
        "pack.toml, line 27, field survey.statements[2].id: expected lower-case "
        "letters, digits and hyphens",
    ],
    "missing-top-level-title": [
        "pack.toml, field title: missing; expected a value here",
    ],
    "newer-format": [
        "pack.toml, line 2: format 2 is newer than this version reads (1); "
        "upgrade readiness-tui to use this pack",
    ],
    "minutes-out-of-range": [
        "pack.toml, line 37, field discussion.minutes_per_statement: "
        "expected 1 or more, got 0",
    ],
    "minutes-not-whole": [
        "pack.toml, line 37, field discussion.minutes_per_statement: "
        "expected a whole number, got 2.5",
    ],
}

# Broken packs whose fault lies in a file other than pack.toml.
FILE_AT_FAULT: dict[str, str] = {
    "empty-scenario": "scenario.md",
    "escape-in-scenario": "scenario.md",
    "blank-activity": "activity.md",
}


def pack_error(folder: Path) -> PackError:
    """The error loading `folder` raises; fails the test if it loads."""
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return caught.value


# The shipped pack


def test_real_pack_statements_match_the_source_tool(pack: Pack) -> None:
    assert [s.text for s in pack.survey.statements] == SEED_STATEMENTS
    assert [s.id for s in pack.survey.statements] == [
        "human-capacity",
        "technology",
        "components-in-use",
        "measuring-progress",
        "finding-resources",
    ]


def test_real_pack_survey_and_scale(pack: Pack) -> None:
    assert pack.id == "blended-learning-district"
    assert pack.title == "Blended Learning Policies, Procedures, and Practices"
    assert pack.survey.title == "Is Our District Ready for Blended Learning?"
    assert (pack.scale.min, pack.scale.max) == (1, 4)
    assert pack.scale.labels == {1: "Not at all", 4: "Absolutely"}
    assert list(pack.scale.points) == [1, 2, 3, 4]
    assert pack.scale.middle == 2.5
    assert pack.scale.describe(4) == "4 Absolutely"
    assert pack.scale.describe(2) == "2"


def test_real_pack_discussion_choices(pack: Pack) -> None:
    assert [c.id for c in pack.discussion.policy_areas] == [
        "professional-development",
        "equal-access",
        "data-access",
        "external-experts",
        "state-collaboration",
    ]
    assert [c.id for c in pack.discussion.capacity_options] == [
        "pilot",
        "schoolwide",
        "not-yet",
    ]
    assert pack.discussion.capacity_options[0].label == (
        "Pilot in one content area or grade"
    )
    assert pack.discussion.minutes_per_statement == 5


@pytest.mark.parametrize(
    ("written", "minutes"),
    [("", 5), ("minutes_per_statement = 1", 1), ("minutes_per_statement = 120", 120)],
)
def test_minutes_per_statement_defaults_to_five_and_allows_1_to_120(
    tmp_path: Path, written: str, minutes: int
) -> None:
    """The reconcile timer's length is optional; whole minutes within bounds."""
    folder = tmp_path / "pack"
    shutil.copytree(GOOD / "five-point", folder)
    text = (folder / PACK_FILE).read_text(encoding="utf-8")
    text = text.replace("[discussion]\n", f"[discussion]\n{written}\n", 1)
    (folder / PACK_FILE).write_text(text, encoding="utf-8")
    assert load_pack(folder).discussion.minutes_per_statement == minutes


def test_minutes_per_statement_above_120_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(GOOD / "five-point", folder)
    text = (folder / PACK_FILE).read_text(encoding="utf-8")
    text = text.replace("[discussion]\n", "[discussion]\nminutes_per_statement = 500\n")
    (folder / PACK_FILE).write_text(text, encoding="utf-8")
    error = pack_error(folder)
    assert error.where.endswith("field discussion.minutes_per_statement")
    assert error.problem == "expected 120 or less, got 500"


def test_real_pack_reads_its_markdown(pack: Pack) -> None:
    assert pack.scenario == (SEED_PACK / "scenario.md").read_text(encoding="utf-8")
    assert pack.activity == (SEED_PACK / "activity.md").read_text(encoding="utf-8")
    assert "blended learning" in pack.scenario


def test_statement_lookup_by_id(pack: Pack) -> None:
    assert pack.survey.statement("human-capacity").text == SEED_STATEMENTS[0]
    with pytest.raises(KeyError):
        pack.survey.statement("no-such-statement")


def test_builtin_content_dir_holds_the_real_pack() -> None:
    assert find_packs(builtin_content_dir()) == [SEED_PACK]


# A custom pack


def test_custom_five_point_pack_loads() -> None:
    custom = load_pack(GOOD / "five-point")
    assert custom.id == "five-point"
    assert list(custom.scale.points) == [1, 2, 3, 4, 5]
    assert custom.scale.labels == {
        1: "Strongly disagree",
        3: "Unsure",
        5: "Strongly agree",
    }
    assert custom.scale.describe(3) == "3 Unsure"
    assert [s.id for s in custom.survey.statements] == ["people", "devices", "data"]
    assert [c.id for c in custom.discussion.capacity_options] == ["pilot"]
    assert custom.scenario.startswith("# Scenario")


def test_find_packs_lists_pack_folders_by_name(tmp_path: Path) -> None:
    assert find_packs(GOOD) == [GOOD / "five-point"]
    assert find_packs(GOOD / "five-point") == [GOOD / "five-point"]
    assert find_packs(tmp_path / "missing") == []
    assert find_packs(tmp_path) == []


# Broken packs


def test_every_broken_pack_has_an_expected_message() -> None:
    folders = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
    assert folders == sorted(EXPECTED_MESSAGES)


@pytest.mark.parametrize("case", sorted(EXPECTED_MESSAGES))
def test_broken_pack_message(case: str) -> None:
    folder = BROKEN / case
    path = folder / FILE_AT_FAULT.get(case, PACK_FILE)
    error = pack_error(folder)
    message = str(error)
    assert message.startswith(f"{path}")
    for part in EXPECTED_MESSAGES[case]:
        assert part in message
    assert error.path == path
    assert "Traceback" not in message


@pytest.mark.parametrize("case", sorted(EXPECTED_MESSAGES))
def test_broken_pack_hides_the_parser_error(case: str) -> None:
    """No pydantic or TOML error escapes, nor rides along as a cause."""
    error = pack_error(BROKEN / case)
    assert type(error) is PackError
    assert not isinstance(error, ValidationError | tomllib.TOMLDecodeError)
    shown = "".join(traceback.format_exception(error))
    assert "During handling" not in shown
    assert "direct cause" not in shown
    assert "ValidationError" not in shown
    assert "TOMLDecodeError" not in shown


def test_missing_statement_text_points_at_that_statement() -> None:
    """The line used to be the first statement's `text`, not the one missing it."""
    folder = BROKEN / "missing-statement-text"
    lines = (folder / PACK_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[26 - 1] == "[[survey.statements]]"
    assert lines[26] == 'id = "devices"'


def test_missing_top_level_key_names_no_line_of_another_table() -> None:
    """`title` used to be placed on the survey's `title` line."""
    error = pack_error(BROKEN / "missing-top-level-title")
    assert error.where == "field title"


def test_boolean_is_not_taken_for_a_number() -> None:
    """`max = true` used to load as 1 and be blamed on min equalling max."""
    error = pack_error(BROKEN / "boolean-for-number")
    assert error.problem == "expected a whole number, got the boolean true"


def test_misspelled_key_is_named_not_the_one_it_hides() -> None:
    """`titel` used to be reported only as `title` missing."""
    error = pack_error(BROKEN / "misspelled-key")
    assert error.where == "line 11, field survey.titel"


def test_duplicate_choice_ids_point_at_the_later_id() -> None:
    """Duplicate option or area ids used to load, then crash the decisions screen."""
    for case, line in [
        ("duplicate-capacity-option", 47),
        ("duplicate-policy-area", 47),
        ("duplicate-statement-id", 31),
    ]:
        error = pack_error(BROKEN / case)
        lines = (BROKEN / case / PACK_FILE).read_text(encoding="utf-8").splitlines()
        assert error.where.startswith(f"line {line}, ")
        assert lines[line - 1].startswith("id = ")


def test_blank_markdown_is_refused() -> None:
    """An empty or white-space-only scenario or activity used to load as blank."""
    assert pack_error(BROKEN / "empty-scenario").where == ""
    assert (BROKEN / "empty-scenario" / "scenario.md").read_bytes() == b""
    assert not (BROKEN / "blank-activity" / "activity.md").read_text().strip()


def test_byte_order_mark_is_named_and_the_file_left_alone() -> None:
    """A BOM used to be reported as 'not valid TOML: Invalid statement'."""
    path = BROKEN / "byte-order-mark" / PACK_FILE
    before = path.read_bytes()
    error = pack_error(BROKEN / "byte-order-mark")
    assert "not valid TOML" not in str(error)
    assert before.startswith(codecs.BOM_UTF8)
    assert path.read_bytes() == before


def test_utf16_pack_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(GOOD / "five-point", folder)
    text = (folder / PACK_FILE).read_text(encoding="utf-8")
    (folder / PACK_FILE).write_bytes(text.encode("utf-16"))
    error = pack_error(folder)
    assert error.problem == (
        "the file is UTF-16 text; expected UTF-8 (re-save it as UTF-8)"
    )


def test_markdown_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    """A BOM was kept in the text, where it hid the scenario's first heading."""
    folder = tmp_path / "pack"
    shutil.copytree(GOOD / "five-point", folder)
    scenario = folder / "scenario.md"
    scenario.write_bytes(codecs.BOM_UTF8 + b"# Scenario\n\nA district.\n")
    assert load_pack(folder).scenario == "# Scenario\n\nA district.\n"
    assert scenario.read_bytes().startswith(codecs.BOM_UTF8)


def test_toml_cut_short_names_the_last_line(tmp_path: Path) -> None:
    """tomllib says 'at end of document'; the message named no line at all."""
    folder = tmp_path / "pack"
    shutil.copytree(GOOD / "five-point", folder)
    (folder / PACK_FILE).write_text('format = 1\nid = "x"\ntitle', "utf-8")
    error = pack_error(folder)
    assert error.where == "line 3"
    assert error.problem.startswith("not valid TOML: Expected '=' after a key")
    assert "end of document" not in error.problem


def test_toml_error_position_without_a_position() -> None:
    error = tomllib.TOMLDecodeError("Something odd")
    assert toml_error_position(error, "a = 1\n") == (None, "Something odd")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "line 2: format 0 is not one this version reads; expected format = 1"),
        ('"1"', "line 2, field format: expected a whole number, got the text '1'"),
    ],
)
def test_format_other_than_a_known_number(
    value: str, expected: str, tmp_path: Path
) -> None:
    """`format = "1"` used to be called a format this version does not read."""
    folder = tmp_path / "pack"
    shutil.copytree(GOOD / "five-point", folder)
    text = (folder / PACK_FILE).read_text(encoding="utf-8")
    text = text.replace("format = 1", f"format = {value}")
    (folder / PACK_FILE).write_text(text, encoding="utf-8")
    assert str(pack_error(folder)) == f"{folder / PACK_FILE}, {expected}"


def test_markdown_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(GOOD / "five-point", folder)
    (folder / "activity.md").write_bytes(b"# Activity\n\nR\xe9ad the scenario.\n")
    error = pack_error(folder)
    assert str(error) == (
        f"{folder / 'activity.md'}, line 3: bytes that are not UTF-8; "
        "expected UTF-8 text"
    )


def test_folder_without_a_pack(tmp_path: Path) -> None:
    error = pack_error(tmp_path)
    assert str(error) == (
        f"{tmp_path / PACK_FILE}: file not found; expected a content pack here"
    )


# The validate command


def test_validate_command_accepts_the_real_pack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(SEED_PACK)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{SEED_PACK}: ok (blended-learning-district, 5 statements)\n"
    assert err == ""


def test_validate_command_accepts_a_pack_toml_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = GOOD / "five-point"
    assert main(["validate", str(folder / PACK_FILE)]) == 0
    out, _ = capsys.readouterr()
    assert out == f"{folder}: ok (five-point, 3 statements)\n"


@pytest.mark.parametrize("case", ["wrong-type", "bad-toml-syntax", "not-utf8"])
def test_validate_command_reports_a_broken_pack(
    case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = BROKEN / case
    assert main(["validate", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"readiness-tui: {pack_error(folder)}\n"
    assert err.startswith(f"readiness-tui: {folder / PACK_FILE}, line ")
    assert "Traceback" not in err


def test_plain_toml_mistakes_are_not_blamed_on_toml_1_1() -> None:
    """Only the TOML 1.1 forms get the "newer syntax" hint."""
    for source in ("a b = 1\n", 'title = "open\n', "x = {a = 1\n"):
        with pytest.raises(tomllib.TOMLDecodeError) as caught:
            tomllib.loads(source)
        _line, problem = toml_error_position(caught.value, source)
        assert "TOML 1.1" not in problem, source
