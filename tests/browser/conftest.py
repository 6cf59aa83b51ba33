"""One JupyterLab server and one Chromium for every lesson of the browser test.

The server is the project's own JupyterLab (the interpreter running pytest,
which is the .venv's under `python3 run.py test`), bound to 127.0.0.1 on a
free port with a random token.  It serves a temporary COPY of the repository
(the test saves lessons, and the real ones must never change under the
people editing them).  Its user settings live in a temporary folder: autosave
is off (only the test's own save writes a lesson), the notebook keeps every
cell in the page (windowing mode "none"), no news is fetched, and widget
state is saved with a notebook, as the project's overrides.json sets it
(tools/lab_setup.py).  The lessons in the copy are trusted the way
tools/lab_setup.py trusts them.

Chromium is Debian's /usr/bin/chromium driven by Playwright (never
`playwright install`).  Where it is missing the test is skipped, except in CI
(the CI environment variable is set), where that is a failure.

The tests wait for conditions (a cell's [n], an idle kernel with every message
it was sent answered, a widget's output, a file saved on the server), never
for a length of time.  Each wait has a deadline, generous by default, which
`BFS_BROWSER_TIMEOUT_SCALE` multiplies (e.g. 3 on a very slow machine):
`scaled(seconds)`.  A deadline only decides how long to wait before failing.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Multiplies every deadline of the browser test (a slow or busy machine).
TIMEOUT_SCALE = float(os.environ.get("BFS_BROWSER_TIMEOUT_SCALE") or 1)


def scaled(seconds):
    """A deadline in seconds, times BFS_BROWSER_TIMEOUT_SCALE."""
    return seconds * TIMEOUT_SCALE


SERVER_START_TIMEOUT = scaled(300)  # seconds; the machine may be busy

# JupyterLab user settings for the test server: {plugin file: settings}.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
    "@jupyter-widgets/jupyterlab-manager/plugin": {"saveState": True},
}
# What the copy of the repository leaves out.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "artifacts", "__pycache__", "*.pyc",
                                    ".hypothesis", ".pytest_cache", ".ipynb_checkpoints",
                                    "my-lessons", "node_modules")

# What the lessons exercised; printed at the end of the pytest run.
EXERCISED = {"lessons": 0, "cells": 0, "code_cells": 0, "graphs": 0, "plots": 0,
             "widgets": 0, "controls": 0, "responded": 0}
NOTES = []
MEASURES = []  # one line per lesson: what the measurements found


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not EXERCISED["lessons"]:
        return
    e = EXERCISED
    terminalreporter.write_sep("-", "browser test (JupyterLab in Chromium)")
    terminalreporter.write_line(
        f"browser test exercised {e['lessons']} lessons, {e['cells']} cells "
        f"({e['code_cells']} code cells run), {e['graphs']} graphs, {e['plots']} plots, "
        f"{e['widgets']} widgets ({e['controls']} controls rendered, "
        f"{e['responded']} moved or pressed and their output changed)")
    for line in MEASURES:
        terminalreporter.write_line(f"  {line}")
    for note in NOTES:
        terminalreporter.write_line(f"  note: {note}")


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser test must run)", pytrace=False)
    pytest.skip(reason)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab: its base URL, token and a small REST helper."""

    def __init__(self, url, token, log_path, root):
        self.url, self.token, self.log_path, self.root = url, token, log_path, root

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=scaled(60)) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def wait_js(page, script, arg, timeout, what):
    """Wait until `script` (a function body of `arg`) returns true in the page,
    polling; an AssertionError naming `what` after `timeout` seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    body = f"(arg) => {{ try {{ {script} }} catch (e) {{ return false; }} }}"
    try:
        page.wait_for_function(body, arg=arg, timeout=timeout * 1000, polling=200)
    except PlaywrightTimeout:
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}") from None


# Every picture in `arg` (a CSS selector) that has a source has loaded.
PICTURES_LOADED = """
return Array.from(document.querySelectorAll(arg))
    .filter(img => img.getAttribute('src'))
    .every(img => img.complete && img.naturalWidth > 0);
"""


# The file panel, where it is open, shows the folder of the document in
# front (where JupyterLab takes it), every entry of it drawn.
FILES_LISTED = """
const app = window.jupyterapp;
const files = Array.from(app.shell.widgets('left')).find(w => w.id === 'filebrowser');
if (!files || !files.isVisible || !files.model) return true;
const doc = app.shell.currentWidget && app.shell.currentWidget.context;
if (doc && files.model.path !== doc.path.split('/').slice(0, -1).join('/')) return false;
const want = Array.from(files.model.items()).map(item => item.name).sort().join('/');
const shown = Array.from(files.node.querySelectorAll('.jp-DirListing-itemText'))
    .map(e => e.textContent.trim()).sort().join('/');
return want.length > 0 && shown === want;
"""


def settle_for_screenshot(page, pictures=".jp-NotebookPanel img"):
    """Before a screenshot: the pictures loaded, the file panel listed, the
    fonts ready, and two frames painted since."""
    wait_js(page, PICTURES_LOADED, pictures, scaled(120),
            f"the pictures ({pictures}) to load before a screenshot")
    wait_js(page, FILES_LISTED, None, scaled(120),
            "the file panel to list the lesson's folder before a screenshot")
    page.evaluate("() => document.fonts.ready.then(() => new Promise("
                  "done => requestAnimationFrame(() => requestAnimationFrame(done))))")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (install Debian's `chromium` package)")
    tmp = tmp_path_factory.mktemp("jupyterlab")
    copy = tmp / "repository"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    settings_dir = tmp / "user-settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(24)
    args = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={copy}", "--LabApp.expose_app_in_browser=True",
            f"--LabApp.user_settings_dir={settings_dir}",
            f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
            # JupyterLab makes a checkpoint of each notebook it opens: keep them
            # out of the repository.
            f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    # Nothing from the user's own Jupyter folders (config, kernels, extensions):
    # the server, its python3 kernel and the widgets all come from this env.
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    env.pop("JUPYTER_PATH", None)
    _trust_lessons(copy, env)
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(args, cwd=copy, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    running = Lab(url, token, log_path, copy)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {server.returncode}:\n"
                            f"{running.log()[-3000:]}", pytrace=False)
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5).read()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT:.0f} s:\n"
                                f"{running.log()[-3000:]}", pytrace=False)
                time.sleep(0.5)  # poll interval
        yield running
    finally:
        try:
            running.shutdown_kernels()
        except (urllib.error.URLError, OSError):
            pass
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def _trust_lessons(copy, env):
    """Trust the copied lessons as `run.py lab` does (tools/lab_setup.trust), in
    the test's own Jupyter data folder."""
    lessons = [str(p) for p in sorted((copy / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    code = "import sys; sys.path.insert(0, 'tools'); import lab_setup; lab_setup.trust(sys.argv[1:])"
    subprocess.run([sys.executable, "-c", code, *lessons], cwd=copy, env=env, check=True,
                   timeout=scaled(300))


@pytest.fixture(scope="session")
def browser(lab):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed "
                     "(it is in requirements.txt: run `python3 run.py setup`)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def exercised():
    return EXERCISED, NOTES


@pytest.fixture(scope="session")
def measures():
    return MEASURES
