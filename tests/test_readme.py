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


def _python_blocks(text: str) -> list[str]:
    """Return the code of every ```python block of a Markdown text."""
    blocks, inside, lines = [], False, []
    for line in text.splitlines():
        if line.strip() == "```python":
            inside, lines = True, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append("\n".join(lines))
        elif inside:
            lines.append(line)
    return blocks


def test_the_readme_python_examples_run_and_give_what_their_comments_say(tmp_path, monkeypatch):
    """Each ```python block runs as written from a folder holding ``data/``; a line ending
    in a comment that is a Python literal (``# 'loan-officer'``) evaluates to it."""
    import ast

    blocks = _python_blocks(README)
    assert blocks, "README has no python example"
    (tmp_path / "data").symlink_to(REPO / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        namespace: dict = {}
        for line in block.splitlines():
            code, _, comment = line.partition("  # ")
            try:
                expected = ast.literal_eval(comment.strip()) if comment else None
            except (ValueError, SyntaxError):
                expected = None
            if expected is not None:
                assert eval(code, namespace) == expected, f"README example: {line.strip()}"
            else:
                exec(line, namespace)


def test_every_benchmark_runs_from_make_bench_and_is_named_in_the_readme():
    # ``make bench`` (python -m bench) runs BENCHMARKS: a benchmark module left out of it,
    # or out of the README's Performance section, is one nobody runs.
    from bench.__main__ import BENCHMARKS, MODULES

    root = Path(__file__).resolve().parents[1]
    modules = {p.stem.removeprefix("bench_") for p in (root / "bench").glob("bench_*.py")}
    listed = {name for name in BENCHMARKS if name not in MODULES}
    assert modules == listed
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert [m for m in sorted(modules) if f"bench_{m}" not in readme] == []
