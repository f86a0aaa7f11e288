"""Tests of `python -m graph.export`, run as a user runs it (a subprocess)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from graph import query
from graph.build import load_graph
from graph.export import FORMATS, main

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run ``python -m graph.export ARGS`` (in `cwd`, the package importable) and capture bytes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.run([sys.executable, "-m", "graph.export", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=120)


def read_back(fmt: str, payload: bytes, tmp_path: Path) -> nx.DiGraph:
    """Return the graph an independent reader finds in an export."""
    if fmt == "csv":
        folder = tmp_path / "unzipped"
        with zipfile.ZipFile(io.BytesIO(payload)) as z:
            z.extractall(folder)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a filtered view may keep nodes cut from their need
            return load_graph(folder)
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(payload))
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(payload))
    if fmt == "json":
        return nx.node_link_graph(json.loads(payload), edges="edges")
    return nx.cytoscape_graph(json.loads(payload))


def provenance_filters(fmt: str, payload: bytes) -> dict:
    """Return the filters recorded in an export's provenance."""
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(payload)) as z:
            return json.loads(z.read("provenance.json"))["filters"]
    if fmt == "graphml":
        return json.loads(nx.read_graphml(io.BytesIO(payload)).graph["filters"])
    if fmt == "gexf":
        import xml.etree.ElementTree as ET

        ns = {"g": "http://www.gexf.net/1.2draft"}
        return json.loads(ET.fromstring(payload).find("g:meta/g:description", ns).text)["filters"]
    doc = json.loads(payload)
    return (doc["provenance"] if fmt == "json" else doc["data"])["filters"]


def expected_view(G, needs=None, tiers=None, focus=None, depth=1):
    """Return the view the CLI should export, computed with graph.query directly."""
    view = G
    if needs or tiers:
        view = query.filter_graph(G, needs=needs, tiers=tiers)
    if focus:
        view = query.neighbourhood(view, focus, depth=depth)
    return view


CASES = [
    # id, arguments, (needs, tiers, focus, depth) as ids, expected filters record
    ("whole", [], (None, None, None, 1), {}),
    ("need", ["--need", "Health and Well Being"], (["health-and-well-being"], None, None, 1),
     {"needs": ["health-and-well-being"]}),
    ("need-by-case-and-alias", ["--need", "HOUSING", "--need", "leisure"],
     (["home-and-shelter", "leisure"], None, None, 1),
     {"needs": ["home-and-shelter", "leisure"]}),
    ("tiers-bridged", ["--tier", "organization", "--tier", "Needs"],
     (None, ["organization", "need"], None, 1), {"tiers": ["organization", "need"]}),
    ("need-and-tiers", ["--need", "economic-security", "--tier", "job", "--tier", "need"],
     (["economic-security"], ["job", "need"], None, 1),
     {"needs": ["economic-security"], "tiers": ["job", "need"]}),
    ("focus", ["--focus", "Registered Nurse", "--depth", "2"],
     (None, None, "registered-nurse", 2), {"focus": "registered-nurse", "depth": 2}),
    ("focus-depth-0", ["--focus", "chef", "--depth", "0"], (None, None, "chef", 0),
     {"focus": "chef", "depth": 0}),
]


def check_export(fmt, out, summary, view, filters, tmp_path):
    """Assert that `out` holds `view` in format `fmt` and `summary` describes it."""
    summary = summary.strip()
    assert summary.count("\n") == 0
    assert f"{view.number_of_nodes()} nodes and {view.number_of_edges()} edges" in summary
    assert fmt in summary and str(out) in summary
    payload = out.read_bytes()
    H = read_back(fmt, payload, tmp_path)
    assert set(H) == set(view)
    assert set(H.edges) == set(view.edges)
    for u, v, relation in view.edges(data="relation"):
        assert H.edges[u, v]["relation"] == relation
    assert provenance_filters(fmt, payload) == filters


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case_id, args, selection, filters", CASES, ids=[c[0] for c in CASES])
def test_main_writes_each_format_and_filter(fmt, case_id, args, selection, filters, tiny_dir,
                                            tiny_graph, tmp_path, capsys):
    out = tmp_path / f"export.{FORMATS[fmt].extension}"
    status = main(["--data", str(tiny_dir), *args, "--format", fmt, "--output", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.out == ""
    check_export(fmt, out, captured.err, expected_view(tiny_graph, *selection), filters, tmp_path)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_cli_writes_each_format(fmt, tiny_dir, tiny_graph, tmp_path):
    out = tmp_path / f"export.{FORMATS[fmt].extension}"
    result = run("--data", str(tiny_dir), "--need", "Economic Security", "--tier", "job",
                 "--tier", "need", "--format", fmt, "--output", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""
    view = expected_view(tiny_graph, ["economic-security"], ["job", "need"])
    assert any(d.get("bridged") for _, _, d in view.edges(data=True))
    check_export(fmt, out, result.stderr.decode(), view,
                 {"needs": ["economic-security"], "tiers": ["job", "need"]}, tmp_path)


def test_cli_bridged_edges_survive_a_csv_round_trip(tiny_dir, tiny_graph, tmp_path):
    out = tmp_path / "view.zip"
    result = run("--data", str(tiny_dir), "--tier", "job", "--tier", "need", "--format", "csv",
                 "--output", str(out))
    assert result.returncode == 0, result.stderr.decode()
    H = read_back("csv", out.read_bytes(), tmp_path)
    view = query.filter_graph(tiny_graph, tiers=["job", "need"])
    bridged = {(u, v): d["via"] for u, v, d in view.edges(data=True) if d.get("bridged")}
    assert bridged, "the tiny dataset should give bridged job -> need edges"
    assert {(u, v): d["via"] for u, v, d in H.edges(data=True) if d["relation"] == "bridged"} \
        == bridged


def test_cli_no_bridge(tiny_dir, tmp_path):
    out = tmp_path / "view.json"
    result = run("--data", str(tiny_dir), "--tier", "job", "--tier", "need", "--no-bridge",
                 "--format", "json", "--output", str(out))
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(out.read_bytes())
    assert doc["edges"] == []
    assert doc["provenance"]["filters"]["bridge"] is False


@pytest.mark.parametrize("fmt", ["graphml", "json", "csv"])
def test_cli_output_dash_writes_to_stdout(fmt, tiny_dir, tiny_graph, tmp_path):
    result = run("--data", str(tiny_dir), "--format", fmt, "--output", "-")
    assert result.returncode == 0, result.stderr.decode()
    H = read_back(fmt, result.stdout, tmp_path)
    assert set(H) == set(tiny_graph)
    assert "standard output" in result.stderr.decode()


def test_cli_data_defaults_to_the_data_folder(tmp_path, tiny_dir):
    shutil.copytree(tiny_dir, tmp_path / "data")
    out = tmp_path / "all.json"
    result = run("--format", "json", "--output", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(out.read_bytes())["provenance"]["dataset"] == "data"


@pytest.mark.parametrize("args, message, suggestion", [
    (["--need", "helth"], "unknown need 'helth'", "health-and-well-being"),
    (["--need", "spirituallity"], "unknown need 'spirituallity'", "spirituality"),
    (["--focus", "electricain"], "unknown node 'electricain'", "electrician"),
    (["--tier", "jobz"], "unknown tier 'jobz'", "job"),
])
def test_cli_unknown_names_exit_2_with_suggestions(args, message, suggestion, tiny_dir, tmp_path):
    out = tmp_path / "never.json"
    result = run("--data", str(tiny_dir), *args, "--format", "json", "--output", str(out))
    err = result.stderr.decode()
    assert result.returncode == 2
    assert message in err and suggestion in err
    assert "Traceback" not in err
    assert not out.exists()


def test_cli_focus_outside_the_filtered_view_exits_2(tiny_dir, tmp_path):
    result = run("--data", str(tiny_dir), "--tier", "need", "--focus", "chef", "--format", "json",
                 "--output", str(tmp_path / "x.json"))
    err = result.stderr.decode()
    assert result.returncode == 2 and "'chef' is not in the filtered view" in err
    assert "Traceback" not in err


def test_cli_missing_data_folder_exits_2(tmp_path):
    result = run("--data", str(tmp_path / "nowhere"), "--format", "csv", "--output",
                 str(tmp_path / "x.zip"))
    err = result.stderr.decode()
    assert result.returncode == 2 and "nowhere" in err and "not found" in err
    assert "Traceback" not in err


def test_cli_invalid_data_prints_the_builders_problems_and_exits_2(tiny_dir, tmp_path):
    data = tmp_path / "broken"
    shutil.copytree(tiny_dir, data)
    edges = (data / "edges.csv").read_text(encoding="utf-8")
    (data / "edges.csv").write_text(edges.replace("chef,leisure,serves", "chef,leisure,feeds"),
                                    encoding="utf-8")
    nodes = (data / "nodes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    nodes[-1] = nodes[-1].replace(",job,", ",guild,")
    (data / "nodes.csv").write_text("".join(nodes), encoding="utf-8")
    result = run("--data", str(data), "--format", "graphml", "--output", str(tmp_path / "x"))
    err = result.stderr.decode()
    assert result.returncode == 2
    assert f"nodes.csv:{len(nodes)}: column tier: unknown tier 'guild'" in err
    assert "edges.csv:" in err and "column relation" in err and "'feeds'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf", "--output", "x"], "invalid choice: 'pdf'"),
    (["--output", "x"], "the following arguments are required: --format"),
    (["--format", "csv"], "the following arguments are required: --output"),
    (["--format", "csv", "--output", "x", "--depth", "-1"], "--depth must be 0 or more"),
    (["--format", "csv", "--output", "x", "--depth", "two"], "invalid int value: 'two'"),
])
def test_cli_usage_errors_exit_2(args, message, tiny_dir):
    result = run("--data", str(tiny_dir), *args)
    err = result.stderr.decode()
    assert result.returncode == 2 and message in err and "Traceback" not in err


def test_cli_unwritable_output_exits_2(tiny_dir, tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "x.gexf"
    result = run("--data", str(tiny_dir), "--format", "gexf", "--output", str(target))
    err = result.stderr.decode()
    assert result.returncode == 2 and "cannot write" in err and "Traceback" not in err


def test_cli_help_lists_every_format():
    result = run("--help")
    assert result.returncode == 0
    for name in FORMATS:
        assert name in result.stdout.decode()
