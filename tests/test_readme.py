"""The README documents what users can set, every ``wow`` command and the two set-up commands."""

from pathlib import Path

import pytest

from explorer.cli import COMMANDS
from explorer.settings import SETTINGS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_table(setting):
    rows = [line for line in README.splitlines() if line.startswith(f"| `{setting.flag}` |")]
    assert rows, f"README has no settings row for {setting.flag}"
    assert f"`{setting.env}`" in rows[0]


def test_readme_names_the_two_setup_commands_and_ci_runs_the_test_one():
    assert "make run" in README and "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_wow_command_is_in_the_readme(name):
    assert f"wow {name}" in README, f"README does not show `wow {name}`"
