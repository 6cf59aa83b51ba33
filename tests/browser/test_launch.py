"""The README's launch command opens lesson 01 of the learner's own copies.

`python3 run.py lab` prepares the working copies in my-lessons/ and starts
JupyterLab with the arguments of `run.lab_args`.  Here the same preparation
and the same arguments run on a copy of the repository; Chromium opens the
link the server prints, and the page must show lesson 01 from my-lessons/,
with no news pop-up in front of it, and the stored graphs of a lesson not yet run
as pictures (the lessons are trusted).  A screenshot goes to artifacts/browser/launch.png.

"No pop-up" is judged once the app has settled, never after a pause: the
workspace is restored, lesson 01 is drawn with its kernel idle, and the
setting the news question depends on says no (JupyterLab asks only while
fetchNews is "none"; tools/lab_setup.py sets it to "false").
"""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import (CHROMIUM, CHROMIUM_ARGS, _free_port, _unavailable, scaled,
                       settle_for_screenshot, wait_js)
from .test_lessons_in_browser import (ACTION_TIMEOUT, OPEN_TIMEOUT, PANEL, READY,
                                      RENDER_TIMEOUT, wait_for)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
sys.path.insert(0, str(ROOT))
import run  # noqa: E402

# The cells in the window are drawn: markdown rendered, every output shown.
SHOWN_CELLS_DRAWN = PANEL + """
const view = panel.content.node.getBoundingClientRect();
const shown = panel.content.widgets.filter(c => {
  const r = c.node.getBoundingClientRect();
  return r.height > 0 && r.bottom > view.top && r.top < view.bottom;
});
return shown.length > 0 && shown.every(c =>
    c.model.type === 'markdown' ? Boolean(c.node.querySelector('.jp-RenderedMarkdown'))
    : c.model.type !== 'code'
      || c.node.querySelectorAll('.jp-OutputArea-output').length === c.model.outputs.length);
"""


def start_lab(root, tmp, work="my-lessons"):
    port, token = _free_port(), secrets.token_hex(16)
    args = run.lab_args(["--no-browser", f"--ServerApp.port={port}",
                         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                         f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
                         "--LabApp.expose_app_in_browser=True",
                         f"--LabApp.user_settings_dir={tmp / 'user-settings'}"],
                        root=root, python=sys.executable, work=root / work)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    env.pop("JUPYTER_PATH", None)
    subprocess.run([sys.executable, str(ROOT / "tools" / "lab_setup.py")]
                   + [str(p) for p in run.lesson_files(root / work)],
                   env=env, check=True)
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + scaled(300)
    link = re.compile(rf"http://127\.0\.0\.1:{port}/\S+\?token=\S+")
    while time.monotonic() < deadline and server.poll() is None:
        found = link.search(log_path.read_text(errors="replace"))
        if found:
            return server, found.group(0).replace("?token=...", f"?token={token}")
        time.sleep(0.5)  # poll interval
    server.kill()
    pytest.fail(f"JupyterLab printed no link:\n{log_path.read_text()[-3000:]}", pytrace=False)


def news_setting(url):
    """What the server's settings say of news and update checks (the user's
    value, else the default, which overrides.json sets)."""
    base = urllib.parse.urlsplit(url)
    token = urllib.parse.parse_qs(base.query)["token"][0]
    plugin = "@jupyterlab/apputils-extension:notification"
    request = urllib.request.Request(
        f"{base.scheme}://{base.netloc}/lab/api/settings/{plugin}",
        headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=scaled(60)) as response:
        found = json.loads(response.read())
    defaults = found["schema"]["properties"]
    return {key: found.get("settings", {}).get(key, defaults[key].get("default"))
            for key in ("fetchNews", "checkForUpdates")}


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
            page.set_default_timeout(ACTION_TIMEOUT * 1000)
            page.goto(url, wait_until="domcontentloaded", timeout=OPEN_TIMEOUT * 1000)
            lesson = "my-lessons/01_derivatives.ipynb"
            wait_for(page, READY, lesson, OPEN_TIMEOUT,
                     "lesson 01 to open with its cells and an idle kernel")
            page.evaluate("() => { window.jupyterapp.restored.then(() => { "
                          "window.__restored = true; }); }")
            wait_js(page, "return window.__restored === true;", None, OPEN_TIMEOUT,
                    "JupyterLab to restore its workspace")
            wait_for(page, SHOWN_CELLS_DRAWN, lesson, RENDER_TIMEOUT,
                     "the cells of lesson 01 in the window to be drawn")
            assert news_setting(url) == {"fetchNews": "false",
                                                "checkForUpdates": False}
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            settle_for_screenshot(page)
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
            page.locator(".jp-RenderedSVG").first.wait_for(timeout=RENDER_TIMEOUT * 1000)
            chromium.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
