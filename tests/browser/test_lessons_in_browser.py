"""Every lesson, the way a learner meets it: JupyterLab in a real browser.

For each notebooks/NN_*.ipynb the test opens the lesson in Chromium, clears
the stored outputs, runs all cells in a fresh kernel and waits until every
code cell has its [n] and the kernel is idle.  Then it checks:

- no error output and no traceback anywhere (cell outputs, every message the
  kernel sent, and the kernel's log in the server), no "Error displaying
  widget" or "Javascript Error";
- every cell that stored a graph (image/svg+xml) shows a rendered SVG image,
  and every cell that stored a plot (image/png) shows a loaded image;
- every widget renders (its DOM element exists), and in a lesson with widgets
  at least one responds to input: a slider is moved with the arrow keys, a
  button pressed, a dropdown or text box changed, and the pictures and text
  the widgets show must change.

A screenshot of each failing lesson is saved in artifacts/browser/.  The
counts of what was exercised are printed at the end of the run (see
conftest.py).  Fixtures: one JupyterLab server and one browser for all lessons.
"""

import json
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "browser"

OPEN_TIMEOUT = 180      # s: JupyterLab loads and the kernel starts
RUN_TIMEOUT = 600       # s: run all cells of one lesson on a busy machine
RESPONSE_TIMEOUT = 30   # s: a widget's output changes after an input
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_RENDERED = ".jp-OutputArea-output > .jupyter-widgets"  # a widget view in the page
BAD_TEXT = ("Traceback (most recent call last)", "Error displaying widget",
            "Javascript Error", "Failed to load model class", "Kernel died")

# The notebook panel of `path` (defined in every script below).
PANEL = """
const app = window.jupyterapp;
const panel = app && Array.from(app.shell.widgets('main'))
    .find(w => w.context && w.context.path === path);
"""

READY = PANEL + """
if (!panel || !panel.content.widgets.length || !panel.sessionContext.session) return false;
const kernel = panel.sessionContext.session.kernel;
return Boolean(kernel) && kernel.connectionStatus === 'connected'
    && panel.sessionContext.kernelDisplayStatus === 'idle';
"""

IDLE = PANEL + "return panel.sessionContext.kernelDisplayStatus === 'idle';"

# Record every error and stderr message the kernel sends, whatever produced
# it (a cell or a widget callback).
LISTEN = PANEL + """
window.__kernelProblems = [];
panel.sessionContext.session.kernel.iopubMessage.connect((_, msg) => {
  const c = msg.content;
  if (msg.header.msg_type === 'error') {
    window.__kernelProblems.push({kind: 'error', text: `${c.ename}: ${c.evalue}`});
  } else if (msg.header.msg_type === 'stream' && c.name === 'stderr') {
    window.__kernelProblems.push({kind: 'stderr', text: c.text});
  }
});
app.shell.activateById(panel.id);
return true;
"""

# The notebook as the learner sees it: per cell its prompt, the outputs in the
# model and what is rendered in the page.
STATE = PANEL + """
const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';
const WIDGET_RENDERED = '.jp-OutputArea-output > .jupyter-widgets';
const text = v => Array.isArray(v) ? v.join('') : (v == null ? '' : String(v));
const cells = panel.content.widgets.map(cell => {
  const m = cell.model;
  const info = {type: m.type, source: m.sharedModel.getSource()};
  if (m.type !== 'code') return info;
  const prompt = cell.node.querySelector('.jp-InputArea-prompt');
  info.prompt = prompt ? prompt.textContent.trim() : '';
  info.count = m.executionCount;
  info.outputs = [];
  for (let k = 0; k < m.outputs.length; k++) {
    const o = m.outputs.get(k).toJSON();
    info.outputs.push({type: o.output_type, name: o.name || null, text: text(o.text),
                       ename: o.ename || null, evalue: o.evalue || null,
                       mimes: Object.keys(o.data || {})});
  }
  const area = cell.node.querySelector('.jp-OutputArea');
  info.outputText = area ? area.innerText : '';
  const loaded = img => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0;
  info.svg = Array.from(cell.node.querySelectorAll('.jp-RenderedSVG img')).filter(loaded).length
      + Array.from(cell.node.querySelectorAll('.jp-RenderedSVG svg'))
          .filter(s => s.getBoundingClientRect().width > 0).length;
  info.png = Array.from(cell.node.querySelectorAll('.jp-RenderedImage img')).filter(loaded).length;
  const widgetSvgs = Array.from(cell.node.querySelectorAll(
      '.widget-html-content svg:not(svg svg), .widget-htmlmath-content svg:not(svg svg)'));
  info.widgetSvg = widgetSvgs.length;
  info.widgetSvgShown = widgetSvgs.filter(s => s.getBoundingClientRect().width > 0).length;
  const widgetImgs = Array.from(cell.node.querySelectorAll('.jupyter-widgets img'))
      .filter(img => img.getAttribute('src'));
  info.widgetImg = widgetImgs.length;
  info.widgetImgShown = widgetImgs.filter(loaded).length;
  info.widgetOutputs = info.outputs.filter(o => o.mimes.includes(WIDGET_VIEW)).length;
  info.widgetsRendered = cell.node.querySelectorAll(WIDGET_RENDERED).length;
  info.controls = cell.node.querySelectorAll(
      '.widget-slider, .jupyter-button, .widget-dropdown, .widget-text, .widget-textarea, '
      + '.widget-checkbox, .widget-radio-box').length;
  return info;
});
const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
return {status: panel.sessionContext.kernelDisplayStatus,
        kernel: kernel ? kernel.status : 'none',
        cellsInPage: panel.content.node.querySelectorAll('.jp-Cell').length,
        problems: window.__kernelProblems || [],
        cells};
"""

# What the widgets display, apart from their controls: HTML, labels, images.
WIDGET_DISPLAY = PANEL + """
const parts = [];
for (const el of panel.content.node.querySelectorAll(
    '.widget-html-content, .widget-htmlmath-content, .widget-label, .widget-valid, '
    + '.jupyter-widgets img')) {
  parts.push(el.tagName === 'IMG' ? el.getAttribute('src') : el.innerHTML);
}
return parts.join('\\n');
"""

STDERR_OK = re.compile(r"^\s*$|Warning\b|warn\(|^\s{2,}\S")


def stored_cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def stored_mimes(cell):
    mimes = []
    for out in cell.get("outputs", []):
        mimes.extend(out.get("data", {}))
    return mimes


def wait_for(page, script, path, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(f"(path) => {{ {script} }}", path):
            return
        page.wait_for_timeout(300)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def state(page, path):
    return page.evaluate(f"(path) => {{ {STATE} }}", path)


def not_run(st):
    """Indices of the code cells (with source) that show no [n] prompt."""
    return [i for i, c in enumerate(st["cells"]) if c["type"] == "code"
            and c["source"].strip() and not re.fullmatch(r"\[\d+\]:", c["prompt"])]


def finished(st):
    """The kernel is idle and every code cell has its [n], or the run stopped
    at an error (JupyterLab then leaves the cells below unrun)."""
    if st["status"] != "idle" or st["kernel"] != "idle":
        return False
    if any(c.get("prompt") == "[*]:" for c in st["cells"]):
        return False
    stopped = any(o["type"] == "error" for c in st["cells"] for o in c.get("outputs", []))
    return stopped or not not_run(st)


def wait_until_finished(page, path, timeout, settle=1.0):
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        st = state(page, path)
        if finished(st):
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= settle:
                return st
        else:
            idle_since = None
        page.wait_for_timeout(300)
    pending = not_run(st)
    raise AssertionError(f"cells still not run after {timeout} s (kernel {st['status']}): "
                         f"cells {pending[:10]} show {[st['cells'][i]['prompt'] for i in pending[:10]]}")


def output_problems(st):
    problems = []
    for i, cell in enumerate(st["cells"]):
        if cell["type"] != "code":
            continue
        for out in cell["outputs"]:
            if out["type"] == "error":
                problems.append(f"cell {i}: error output {out['ename']}: {out['evalue']}")
            elif out["name"] == "stderr":
                bad = [line for line in out["text"].splitlines() if not STDERR_OK.search(line)]
                if "Traceback" in out["text"] or bad:
                    problems.append(f"cell {i}: stderr output {out['text'][:500]!r}")
        for text in BAD_TEXT:
            if text in cell["outputText"]:
                problems.append(f"cell {i}: the page shows {text!r}")
    for p in st["problems"]:
        if p["kind"] == "error" or "Traceback" in p["text"]:
            problems.append(f"the kernel sent {p['kind']}: {p['text'][:500]}")
    return problems


def rendering_problems(cell, stored):
    """What one code cell fails to show, given the mimetypes it stored."""
    found = []
    want_svg, want_png = stored.count("image/svg+xml"), stored.count("image/png")
    want_widgets = max(stored.count(WIDGET_VIEW), cell["widgetOutputs"])
    if cell["svg"] < want_svg:
        found.append(f"stored {want_svg} graph(s), shows {cell['svg']} rendered SVG image(s)")
    if cell["png"] < want_png:
        found.append(f"stored {want_png} plot(s), shows {cell['png']} loaded image(s)")
    if cell["widgetsRendered"] < want_widgets:
        found.append(f"{want_widgets} widget(s) expected, {cell['widgetsRendered']} rendered")
    if cell["widgetSvgShown"] < cell["widgetSvg"]:
        found.append(f"{cell['widgetSvg'] - cell['widgetSvgShown']} graph(s) in a widget "
                     "are blank (zero width)")
    if cell["widgetImgShown"] < cell["widgetImg"]:
        found.append(f"{cell['widgetImg'] - cell['widgetImgShown']} image(s) in a widget "
                     "did not load")
    return found


def server_log_problems(lab, start):
    new = lab.log()[start:]
    return [f"the server log shows a kernel traceback: {line.strip()}"
            for line in new.splitlines()
            if "Traceback (most recent call last)" in line or "Exception in comm_msg" in line]


def controls_of(view):
    """Ways to give input to one widget view, in the order they are tried."""
    ways = []
    handle = view.locator(".widget-slider .noUi-handle")
    if handle.count():
        ways.append(("slider", handle.first))
    for selector, kind in ((".jupyter-button:not([disabled])", "button"),
                           (".widget-dropdown select", "dropdown"),
                           (".widget-checkbox input", "checkbox"),
                           (".widget-text input", "text box")):
        found = view.locator(selector)
        if found.count():
            ways.append((kind, found.first))
    return ways


def give_input(page, kind, control):
    control.scroll_into_view_if_needed()
    if kind == "slider":
        control.focus()
        before = control.get_attribute("aria-valuenow")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        if control.get_attribute("aria-valuenow") == before:  # already at its maximum
            page.keyboard.press("ArrowLeft")
    elif kind == "button":
        control.click()
    elif kind == "dropdown":
        values = control.evaluate("s => Array.from(s.options).map(o => o.value)")
        current = control.input_value()
        others = [v for v in values if v != current]
        if others:
            control.select_option(others[0])
    elif kind == "checkbox":
        control.click()
    elif kind == "text box":
        control.fill((control.input_value() or "") + "1")
        control.press("Enter")


def display_after_input(page, path, before):
    """Wait until the widgets' display changes, or the kernel has handled the
    input (idle for a while) and nothing changed.  Returns whether it changed."""
    deadline = time.monotonic() + RESPONSE_TIMEOUT
    page.wait_for_timeout(300)
    idle_since = None
    while time.monotonic() < deadline:
        if page.evaluate(f"(path) => {{ {WIDGET_DISPLAY} }}", path) != before:
            return True
        if page.evaluate(f"(path) => {{ {IDLE} }}", path):
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 2.0:
                return False
        else:
            idle_since = None
        page.wait_for_timeout(250)
    return False


def exercise_widgets(page, path):
    """Give input to each widget view until its display changes.

    Returns (responded, silent): the inputs that changed what the widgets
    show, and those that did not (a slider may only set a value that a
    button uses later).
    """
    views = page.locator(WIDGET_RENDERED)
    responded, silent = [], []
    for v in range(views.count()):
        for kind, control in controls_of(views.nth(v)):
            before = page.evaluate(f"(path) => {{ {WIDGET_DISPLAY} }}", path)
            give_input(page, kind, control)
            changed = display_after_input(page, path, before)
            (responded if changed else silent).append(f"widget {v + 1}: {kind}")
            if changed:  # one control per widget view is enough; let it finish
                wait_until_finished(page, path, RUN_TIMEOUT)
                break
    return responded, silent


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_in_jupyterlab(lesson, lab, browser, exercised):
    counts, notes = exercised
    path = f"notebooks/{lesson.name}"
    stored = stored_cells(lesson)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    log_start = len(lab.log())
    problems, focus = [], None
    try:
        page.goto(f"{lab.url}/lab/tree/{path}?token={lab.token}&reset",
                  wait_until="domcontentloaded", timeout=OPEN_TIMEOUT * 1000)
        wait_for(page, READY, path, OPEN_TIMEOUT, "the notebook's cells and an idle kernel")
        page.evaluate(f"(path) => {{ {LISTEN} }}", path)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        st = wait_until_finished(page, path, RUN_TIMEOUT)

        cells = st["cells"]
        assert len(cells) == len(stored), (
            f"JupyterLab shows {len(cells)} cells, the file has {len(stored)}")
        assert st["cellsInPage"] == len(cells), (
            f"only {st['cellsInPage']} of {len(cells)} cells are in the page "
            "(windowing mode 'none' was not applied)")
        if not_run(st):
            problems.append(f"cells {not_run(st)} did not run (run all stopped early)")
        run = [c["count"] for c in cells if c["type"] == "code" and c["source"].strip()
               and c["count"] is not None]
        if run != sorted(run) or len(set(run)) != len(run):
            problems.append(f"cells did not run top to bottom: execution counts {run}")
        problems += output_problems(st)

        graphs = plots = widgets = controls = 0
        for i, (cell, old) in enumerate(zip(cells, stored)):
            if cell["type"] != "code":
                continue
            mimes = stored_mimes(old)
            page.locator(".jp-Notebook .jp-Cell").nth(i).scroll_into_view_if_needed()
            found = rendering_problems(cell, mimes)
            deadline = time.monotonic() + 10  # images may finish loading once in view
            while found and time.monotonic() < deadline:
                page.wait_for_timeout(250)
                cell = state(page, path)["cells"][i]
                found = rendering_problems(cell, mimes)
            if found:
                problems += [f"cell {i}: {p}" for p in found]
                focus = focus if focus is not None else i
            graphs += cell["svg"] + cell["widgetSvgShown"]
            plots += cell["png"] + cell["widgetImgShown"]
            widgets += cell["widgetsRendered"]
            controls += cell["controls"]

        responded, silent = [], []
        if widgets and not problems:
            responded, silent = exercise_widgets(page, path)
            if not responded:
                problems.append("no widget responded to input: tried "
                                + (", ".join(silent) or "nothing (no slider, button, "
                                   "dropdown, checkbox or text box found)"))
            st = wait_until_finished(page, path, RUN_TIMEOUT)
            problems += output_problems(st)
            for s in silent:
                notes.append(f"{lesson.name}: {s} changed nothing on screen by itself")
        problems += server_log_problems(lab, log_start)
        saved = [line for line in lab.log()[log_start:].splitlines() if "Saving file" in line]
        if saved:
            problems.append(f"the lesson file was saved during the test: {saved}")
        for e in page_errors:
            notes.append(f"{lesson.name}: JavaScript error in the page: {e[:200]}")

        counts["lessons"] += 1
        counts["cells"] += len(cells)
        counts["code_cells"] += len(run)
        counts["graphs"] += graphs
        counts["plots"] += plots
        counts["widgets"] += widgets
        counts["controls"] += controls
        counts["responded"] += len(responded)
    except Exception as error:
        problems.append(f"{type(error).__name__}: {error}")
    finally:
        if problems:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"{lesson.stem}.png"
            try:
                if focus is not None:
                    page.locator(".jp-Notebook .jp-Cell").nth(focus).scroll_into_view_if_needed()
                page.screenshot(path=str(shot), timeout=30000)
                problems.append(f"screenshot: {shot.relative_to(ROOT)}")
            except Exception as error:  # the screenshot is a help, not the verdict
                problems.append(f"(no screenshot: {error})")
        context.close()
        try:
            lab.shutdown_kernels()
        except OSError:
            pass
    assert not problems, f"{lesson.name} in JupyterLab:\n  " + "\n  ".join(problems)
