"""Shared fixtures: the tiny hand-made dataset in tests/fixtures/tiny."""

from pathlib import Path

import pytest

from graph.build import load_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def tiny_dir() -> Path:
    """Path of the tiny valid dataset (a few nodes of each tier, the 12 real needs)."""
    return FIXTURES / "tiny"


@pytest.fixture
def tiny_graph(tiny_dir):
    """The tiny dataset loaded with graph.build.load_graph (a fresh graph for each test)."""
    return load_graph(tiny_dir)
