"""The README's launch command opens lesson 01 of the learner's own copies.

`python3 run.py lab` prepares the working copies in my-lessons/ and starts
JupyterLab with the arguments of `run.lab_args`.  Here the same preparation
and the same arguments run on a copy of the repository; Chromium opens the
link the server prints, and the page must show lesson 01 from my-lessons/,
with no news pop-up in front of it, and the stored graphs of a lesson not yet run
as pictures (the lessons are trusted).  A screenshot goes to artifacts/browser/launch.png.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, _unavailable

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
sys.path.insert(0, str(ROOT))
import run  # noqa: E402


def start_lab(root, tmp):
    port, token = _free_port(), secrets.token_hex(16)
    args = run.lab_args(["--no-browser", f"--ServerApp.port={port}",
                         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                         f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
                         "--LabApp.expose_app_in_browser=True",
                         f"--LabApp.user_settings_dir={tmp / 'user-settings'}"],
                        root=root, python=sys.executable)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    env.pop("JUPYTER_PATH", None)
    subprocess.run([sys.executable, str(ROOT / "tools" / "lab_setup.py")]
                   + [str(p) for p in run.lesson_files(root / "my-lessons")],
                   env=env, check=True)
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    link = re.compile(rf"http://127\.0\.0\.1:{port}/\S+\?token=\S+")
    while time.monotonic() < deadline and server.poll() is None:
        found = link.search(log_path.read_text(errors="replace"))
        if found:
            return server, found.group(0).replace("?token=...", f"?token={token}")
        time.sleep(0.5)
    server.kill()
    pytest.fail(f"JupyterLab printed no link:\n{log_path.read_text()[-3000:]}", pytrace=False)


def test_launch_link_opens_lesson_01_of_my_lessons(tmp_path):
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (install Debian's `chromium` package)")
    from playwright.sync_api import sync_playwright
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copy(ROOT / "autograd_helpers.py", root)
    copied, _ = run.make_working_copies(root / "notebooks", root / "my-lessons")
    assert run.FIRST_LESSON in copied
    server, url = start_lab(root, tmp_path)
    try:
        assert "/lab/tree/my-lessons/01_derivatives.ipynb?" in url
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = chromium.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url)
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
            page.wait_for_timeout(2000)  # let any pop-up or toast appear
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "launch.png"))
            title = page.locator(".jp-mod-current .lm-TabBar-tabLabel, "
                                 ".lm-DockPanel-tabBar .lm-mod-current .lm-TabBar-tabLabel")
            assert "01_derivatives.ipynb" in title.first.inner_text()
            path = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
            assert path == "my-lessons/01_derivatives.ipynb"
            toasts = page.locator(".Toastify__toast").all_inner_texts()
            assert not [t for t in toasts if "news" in t.lower()], toasts
            assert page.locator(".jp-Dialog").count() == 0
            # Trusted: lesson 02's stored graphs show as pictures, not as text.
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:open', "
                          "{path: 'my-lessons/02_values_and_graphs.ipynb'})")
            page.locator(".jp-RenderedSVG").first.wait_for(timeout=60_000)
            chromium.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
