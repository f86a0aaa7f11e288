"""Your organization, in a real browser: upload a job list, fix a row, see the organization
in the graph, reload, download the coded CSV; a shared address without the list."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import CY, ConsoleLog, Explorer, TIMEOUT

pytestmark = pytest.mark.browser

JOBS = ("Job Title,Headcount,Department\n"
        "RN - Med/Surg nights,12,Ward 4\n"
        "Sr. Staff Accountant II,3,Finance\n"
        "Zzqx Blorfing Wizard,1,=HYPERLINK(\"x\")\n")


def _rows(explorer) -> list[str]:
    return explorer.page.locator("#org-rows tbody tr").all_inner_texts()


def _drawn(explorer, node: str) -> bool:
    return explorer.page.evaluate(f"(id) => {CY}.getElementById(id).nonempty()", node)


def _needs_of(explorer, node: str) -> list[str]:
    """Return the needs the graph draws a link to from ``node``."""
    return explorer.page.evaluate(
        f"(id) => {CY}.getElementById(id).outgoers('node').filter(n => n.data('tier') === "
        "'need').map(n => n.id()).sort()", node)


def refused_in_the_browser(explorer, act) -> str:
    """Do ``act``, wait for the panel to say it is too large, check that no request went to
    the server, and return what the panel says."""
    sent = explorer._sent
    act()
    explorer.page.wait_for_function(
        "() => document.getElementById('org-messages').textContent.includes('too large')")
    said = explorer.page.locator("#org-messages").inner_text()
    explorer.wait_idle()
    assert explorer._sent == sent
    return said


def upload(explorer, tmp_path, jobs: str = JOBS, name: str = "Acme Health") -> None:
    """Open the page, name the organization (typed), upload ``jobs`` as a CSV file and
    wait for its rows to be coded."""
    explorer.open()
    explorer.tab("Your organization")
    explorer.page.locator("#org-name").click()
    explorer.page.keyboard.type(name, delay=120)
    explorer.page.keyboard.press("Enter")
    path = tmp_path / "jobs.csv"
    path.write_text(jobs, encoding="utf-8")
    explorer.page.locator("#org-upload input[type=file]").set_input_files(str(path))
    explorer.page.wait_for_function(
        "(n) => document.querySelectorAll('#org-rows tbody tr').length === n",
        arg=len(jobs.strip().splitlines()) - 1)
    explorer.wait_idle()


def test_upload_fix_see_reload_and_download(explorer, tmp_path, bundled_graph):
    upload(explorer, tmp_path)
    rows = _rows(explorer)
    assert "Registered nurse (29-1141)" in rows[0]
    # The unmatchable title is marked for checking, in words, not only in colour.
    low = explorer.page.locator("#org-rows tr.org-low")
    assert low.count() >= 1 and "Check" in low.last.inner_text()
    assert "Zzqx Blorfing Wizard" in low.last.inner_text()
    assert "512 KB" in explorer.page.locator("#org-limits").inner_text()

    # The organization is drawn, focused, with the needs it serves.
    explorer.page.wait_for_function(f"() => {CY}.getElementById('your-organization').nonempty()")
    explorer.wait_idle()
    assert explorer.page.evaluate(
        f"() => {CY}.getElementById('your-organization').data('label')") == "Acme Health"
    needs = _needs_of(explorer, "your-organization")
    assert "health-and-well-being" in needs
    assert "org=" in explorer.page.url
    summary = explorer.page.locator("#org-summary").inner_text()
    assert "Acme Health" in summary and "Health and Well Being" in summary
    assert "Single points of failure" in summary

    # Fix the unmatched row with the search box: it becomes a chef, and Leisure is served.
    explorer.page.locator("#org-rows tr.org-low").last.get_by_role("button", name="Change").click()
    explorer.page.locator("#org-editor").wait_for(state="visible")
    box = explorer.type_search("Chef", name="Or search an occupation")
    explorer.search_options("Or search an occupation").first.wait_for()
    explorer.page.keyboard.press("Enter")
    explorer.page.wait_for_function(
        "() => document.querySelectorAll('#org-rows tbody tr')[2].textContent.includes('35-1011')")
    explorer.wait_idle()
    assert box.input_value() == "Chef"
    explorer.page.wait_for_function(
        f"() => {CY}.getElementById('your-organization').outgoers('node')"
        ".some(n => n.id() === 'leisure')")
    jobs = explorer.page.evaluate(
        f"() => {CY}.getElementById('your-organization').incomers('node').map(n => n.data('label')).sort()")
    assert "RN - Med/Surg nights (12)" in jobs and "Zzqx Blorfing Wizard (1)" in jobs

    # A reload keeps it all: the list is in this browser's storage.
    url = explorer.page.url
    explorer.page.reload()
    explorer.wait_drawn()
    explorer.page.wait_for_function(f"() => {CY}.getElementById('your-organization').nonempty()")
    assert "leisure" in _needs_of(explorer, "your-organization")
    assert explorer.page.locator("#url-notice").inner_text() == ""
    explorer.tab("Your organization")
    explorer.page.wait_for_function(
        "() => document.querySelectorAll('#org-rows tbody tr').length === 3")

    # The coded CSV: every row, in order, cells intact, the command's columns.
    with explorer.page.expect_download() as info:
        explorer.page.get_by_role("button", name="Download coded CSV").click()
    download = info.value
    assert download.suggested_filename == "jobs-coded.csv"
    saved = tmp_path / "out.csv"
    download.save_as(saved)
    table = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert table[0] == ["Job Title", "Headcount", "Department", "soc_code", "occupation", "node",
                        "confidence", "alternatives", "matched_name"]
    assert [r[0] for r in table[1:]] == ["RN - Med/Surg nights", "Sr. Staff Accountant II",
                                        "Zzqx Blorfing Wizard"]
    assert table[1][3] == "29-1141" and table[3][3:6] == ["35-1011", "Chef", "chef"]
    assert table[3][6] == "1" and table[3][2] == "'=HYPERLINK(\"x\")"  # formula neutralised

    # The same address in another browser (no list there) says so instead of failing.
    other = explorer.page.context.browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = other.new_page()
        page.set_default_timeout(TIMEOUT)
        log = ConsoleLog(page)
        stranger = Explorer(page, explorer.base_url)
        stranger.open_url(url)
        notice = page.locator("#url-notice").inner_text()
        assert "uploaded in another browser" in notice
        assert not _drawn(stranger, "your-organization")
        assert log.errors == []
    finally:
        other.close()


def test_a_bad_file_gets_located_messages_and_changes_nothing(explorer, tmp_path):
    explorer.open()
    explorer.tab("Your organization")
    path = tmp_path / "people.csv"
    path.write_text("name,dept\nAda,IT\n", encoding="utf-8")
    explorer.page.locator("#org-upload input[type=file]").set_input_files(str(path))
    message = explorer.page.locator("#org-messages .org-problems li").first
    message.wait_for()
    assert message.inner_text().startswith("people.csv:1: no column of job titles")
    assert not _drawn(explorer, "your-organization")
    assert "Traceback" not in explorer.page.content()
    # Over the size limit: said in the browser at once, nothing sent to the server.
    big = tmp_path / "big.csv"
    big.write_bytes(b"title\n" + b"Registered Nurse\n" * 40_000)
    said = refused_in_the_browser(
        explorer, lambda: explorer.page.locator("#org-upload input[type=file]").set_input_files(
            str(big)))
    assert said.startswith("big.csv:1: file is too large (680,006 bytes)")
    assert "at most 524,288 bytes (512 KB)" in said


def test_pasted_titles_are_coded(explorer):
    explorer.open()
    explorer.tab("Your organization")
    explorer.page.get_by_text("Or paste job titles, one per line").click()
    area = explorer.page.locator("#org-paste")
    area.click()
    explorer.page.keyboard.type("Staff Nurse\nElectrician", delay=30)
    explorer.page.get_by_role("button", name="Code these titles").click()
    explorer.page.wait_for_function(
        "() => document.querySelectorAll('#org-rows tbody tr').length === 2")
    rows = _rows(explorer)
    assert "29-1141" in rows[0] and "47-2111" in rows[1]
    explorer.page.wait_for_function(f"() => {CY}.getElementById('your-organization').nonempty()")
    # The Table lists the organization and its jobs like any node of the view.
    explorer.tab("Table")
    table = explorer.page.locator("#node-table")
    table.get_by_text("Your organization", exact=True).first.wait_for()
    assert "Electrician" in table.inner_text()
