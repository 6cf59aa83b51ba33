"""Every lesson, the way a learner meets it: JupyterLab in a real browser.

The server serves a temporary copy of the repository (see conftest.py): the
test saves lessons.  For each notebooks/NN_*.ipynb the test opens the lesson
in Chromium at 1400 x 900 with the file panel open (JupyterLab's default),
counts the stored graphs it shows as pictures before anything runs, clears
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
  the widgets show must change;
- it measures every graph and picture, in the cells and inside widgets: none
  may need horizontal scrolling (wider than its output area, or a scrollbar
  in between), graph text must be at least MIN_TEXT_PX on screen (font size
  times graphviz's scale times the shrinking in the page), and no raster image
  may be upscaled (shown wider than its pixels); every widget must fit the
  visible height of the notebook, and at 800 px wide the parts of a widget
  must not overlap or scroll sideways;
- a lesson with widgets is saved, then reopened with its kernel running and
  again after the kernel has stopped: every widget output shows a widget,
  never "Error displaying widget".

Every wait is for a condition (every cell's [n]; the kernel idle with every
message the page sent it answered; a widget's display; pictures loaded; the
saved file newer on the server), never for a length of time, so a busy
machine only makes the test slower; the deadlines are generous and
BFS_BROWSER_TIMEOUT_SCALE multiplies them (conftest.py).

A screenshot of every lesson (and of every cell with a graph, picture or
widget) is saved in artifacts/browser/ on every run, once its pictures have
loaded.  The counts and the measurements are printed at the end of the run
(see conftest.py).  Fixtures: one JupyterLab server and one browser for all
lessons.
"""

import json
import re
import time
from pathlib import Path

import pytest

from .conftest import scaled, settle_for_screenshot, wait_js

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "browser"
VIEWPORT = {"width": 1400, "height": 900}
NARROW = {"width": 800, "height": 900}
MIN_TEXT_PX = 9.5       # graph text on screen ("at least about 10 px")
UPSCALE_LIMIT = 1.05    # a raster shown wider than this times its pixels is blurry

# Deadlines in seconds (how long to wait before failing, never how long to wait).
OPEN_TIMEOUT = scaled(300)      # JupyterLab loads and the kernel starts
RUN_TIMEOUT = scaled(900)       # run all cells of one lesson on a busy machine
RESPONSE_TIMEOUT = scaled(120)  # the kernel answers a widget's input
RENDER_TIMEOUT = scaled(120)    # outputs, pictures and widgets are drawn
SAVE_TIMEOUT = scaled(120)      # a saved lesson is written on the server
ACTION_TIMEOUT = scaled(60)     # one click, scroll or screenshot (Playwright's own wait)
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

# The kernel is idle and has answered everything the page sent it.
SETTLED = PANEL + """
return panel.sessionContext.kernelDisplayStatus === 'idle'
    && window.__unanswered !== undefined && window.__unanswered.size === 0;
"""

# The enabled/disabled state of every widget button: a widget that works in
# the background (a training run) disables its Start button meanwhile.
BUTTONS = PANEL + """
return Array.from(panel.content.node.querySelectorAll('.jupyter-button')).map(b => b.disabled);
"""

# Cell i's outputs are all drawn: one output element per output in the model,
# each with its rendered content (a picture, text, a widget or an error).
OUTPUTS_DRAWN = PANEL + """
const cell = panel.content.widgets[i];
const outs = cell.node.querySelectorAll('.jp-OutputArea-output');
return outs.length === cell.model.outputs.length
    && Array.from(outs).every(o => o.childElementCount > 0 || o.textContent.trim());
"""

# Every picture in cell i that has a source has loaded.
CELL_PICTURES = PANEL + """
return Array.from(panel.content.widgets[i].node.querySelectorAll('img'))
    .filter(img => img.getAttribute('src'))
    .every(img => img.complete && img.naturalWidth > 0);
"""

# Every widget output of the notebook shows its widget, or an error (a
# widget manager that cannot find a model says so once it has given up).
WIDGETS_SHOWN = PANEL + """
const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';
const bad = ['Error displaying widget', 'Javascript Error', 'Failed to load model class'];
return panel.content.widgets.every(cell => {
  if (cell.model.type !== 'code') return true;
  let n = 0;
  for (let k = 0; k < cell.model.outputs.length; k++) {
    const o = cell.model.outputs.get(k).toJSON();
    if (o.data && o.data[WIDGET_VIEW]) n++;
  }
  const area = cell.node.querySelector('.jp-OutputArea');
  return !n || cell.node.querySelectorAll(
      '.jp-OutputArea-output > .jupyter-widgets').length >= n
      || bad.some(t => area && area.innerText.includes(t));
});
"""

# The notebook has been laid out again for the window's width.
FITS_WINDOW = PANEL + """
return window.innerWidth === arg[1]
    && panel.node.getBoundingClientRect().right <= window.innerWidth + 1;
"""

# Record every error and stderr message the kernel sends, whatever produced
# it (a cell or a widget callback), and keep the ids of the requests the page
# sent the kernel (cells to run, widget inputs) until the kernel reports idle
# for each: when none is left, the kernel has handled everything sent so far
# and the page has every output of it (the kernel sends "idle" last).
LISTEN = PANEL + """
window.__kernelProblems = [];
window.__unanswered = new Set();
const kernel = panel.sessionContext.session.kernel;
kernel.anyMessage.connect((_, {msg, direction}) => {
  if (direction === 'send' && msg.channel === 'shell') {
    window.__unanswered.add(msg.header.msg_id);
  } else if (direction === 'recv' && msg.header.msg_type === 'status'
             && msg.content.execution_state === 'idle' && msg.parent_header) {
    window.__unanswered.delete(msg.parent_header.msg_id);
  }
});
kernel.iopubMessage.connect((_, msg) => {
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
        unanswered: window.__unanswered === undefined ? null : window.__unanswered.size,
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

# Every graph, picture and widget of cell i, as shown: widths against the
# output area, horizontal scrolling, graph text size, upscaling, overlaps.
MEASURE = PANEL + """
const i = arguments_i;
const cell = panel.content.widgets[i];
const round = v => Math.round(v * 10) / 10;
// the first element from el up to stop that scrolls sideways: its tag and class
const scrolls = (el, stop) => {
  for (let e = el; e && e !== stop; e = e.parentElement) {
    const o = getComputedStyle(e).overflowX;
    if ((o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
      return `${e.tagName.toLowerCase()}.${String(e.className).split(' ').join('.')} `
             + `(${e.scrollWidth} > ${e.clientWidth} px)`;
    }
  }
  return '';
};
const textPx = (svg, shownWidth) => {
  const box = (svg.getAttribute('viewBox') || '').split(/[\\s,]+/).map(Number);
  const natural = box.length === 4 && box[2] ? box[2] : parseFloat(svg.getAttribute('width'));
  const g = svg.querySelector('g');
  const m = g && /scale\\(([\\d.]+)/.exec(g.getAttribute('transform') || '');
  const sizes = Array.from(svg.querySelectorAll('text'))
      .map(t => parseFloat(t.getAttribute('font-size') || '14'));
  return sizes.length ? Math.min(...sizes) * (m ? parseFloat(m[1]) : 1) * shownWidth / natural : null;
};
const pictures = [], widgets = [];
for (const out of cell.node.querySelectorAll('.jp-OutputArea-output')) {
  const area = out.getBoundingClientRect();
  const measure = (el, kind, natural, text) => {
    const r = el.getBoundingClientRect();
    if (!r.width) return;
    pictures.push({kind, widget: Boolean(el.closest('.jupyter-widgets')), width: round(r.width),
                   natural, area: round(area.width), text: text == null ? null : round(text),
                   scroll: scrolls(el.parentElement, out.parentElement)
                           || (r.right > area.right + 1 || r.left < area.left - 1
                               ? `beyond the output area (${round(r.left - area.left)} to `
                                 + `${round(r.right - area.left)} px)` : '')});
  };
  for (const img of out.querySelectorAll('img')) {
    const src = img.getAttribute('src') || '';
    if (src.startsWith('data:image/svg+xml')) {
      const doc = new DOMParser().parseFromString(
          decodeURIComponent(src.slice(src.indexOf(',') + 1)), 'image/svg+xml');
      measure(img, 'graph', img.naturalWidth,
              textPx(doc.documentElement, img.getBoundingClientRect().width));
    } else if (img.complete && img.naturalWidth) {
      measure(img, 'image', img.naturalWidth, null);
    }
  }
  for (const svg of out.querySelectorAll('svg')) {
    if (!svg.querySelector('g.graph') || svg.parentElement.closest('svg')) continue;
    measure(svg, 'graph', null, textPx(svg, svg.getBoundingClientRect().width));
  }
  const root = out.matches('.jp-OutputArea-output') && out.querySelector(':scope > .jupyter-widgets');
  if (root) {
    const r = root.getBoundingClientRect();
    const overlaps = [];
    for (const box of root.querySelectorAll('.widget-hbox, .widget-box')) {
      const kids = Array.from(box.children).map(k => k.getBoundingClientRect()).filter(k => k.width && k.height);
      for (let a = 0; a < kids.length; a++) for (let b = a + 1; b < kids.length; b++) {
        const w = Math.min(kids[a].right, kids[b].right) - Math.max(kids[a].left, kids[b].left);
        const h = Math.min(kids[a].bottom, kids[b].bottom) - Math.max(kids[a].top, kids[b].top);
        if (w > 2 && h > 2) overlaps.push(`${box.className.split(' ').slice(-1)} children ${a} and ${b}`);
      }
    }
    let sideways = scrolls(root, out.parentElement)
        || (r.right > area.right + 1 ? `the widget is beyond the output area` : '');
    for (const e of root.querySelectorAll('*')) {
      if (sideways) break;
      sideways = scrolls(e, root) ;
    }
    widgets.push({height: round(r.height), width: round(r.width), area: round(area.width),
                  sideways, overlaps});
  }
}
const view = panel.content.node.getBoundingClientRect();
return {pictures, widgets, viewHeight: round(view.height)};
"""

STDERR_OK = re.compile(r"^\s*$|Warning\b|warn\(|^\s{2,}\S")


def stored_cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def stored_mimes(cell):
    mimes = []
    for out in cell.get("outputs", []):
        mimes.extend(out.get("data", {}))
    return mimes


def wait_for(page, script, path, timeout, what, i=None):
    """Wait until `script` (which sees `path` and `i`) is true in the page."""
    wait_js(page, "const path = arg[0], i = arg[1]; " + script, [path, i], timeout, what)


def settled(page, path):
    return page.evaluate(f"(path) => {{ {SETTLED} }}", path)


def state(page, path):
    return page.evaluate(f"(path) => {{ {STATE} }}", path)


def measure(page, path, i):
    script = MEASURE.replace("arguments_i", "args[1]")
    return page.evaluate(f"(args) => {{ const path = args[0]; {script} }}", [path, i])


def not_run(st):
    """Indices of the code cells (with source) that show no [n] prompt."""
    return [i for i, c in enumerate(st["cells"]) if c["type"] == "code"
            and c["source"].strip() and not re.fullmatch(r"\[\d+\]:", c["prompt"])]


def finished(st):
    """The kernel is idle and has answered every request the page sent it, and
    every code cell has its [n], or the run stopped at an error (JupyterLab then
    leaves the cells below unrun)."""
    if st["status"] != "idle" or st["kernel"] != "idle" or st["unanswered"] != 0:
        return False
    if any(c.get("prompt") == "[*]:" for c in st["cells"]):
        return False
    stopped = any(o["type"] == "error" for c in st["cells"] for o in c.get("outputs", []))
    return stopped or not not_run(st)


def wait_until_finished(page, path, timeout):
    deadline = time.monotonic() + timeout
    while True:
        st = state(page, path)
        if finished(st):
            return st
        if time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)  # poll interval
    pending = not_run(st)
    raise AssertionError(f"the run did not finish within {timeout:.0f} s (kernel {st['status']}, "
                         f"{st['unanswered']} requests unanswered): cells {pending[:10]} show "
                         f"{[st['cells'][i]['prompt'] for i in pending[:10]]}")


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
        at_max = control.get_attribute("aria-valuenow") == control.get_attribute("aria-valuemax")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
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


def display_after_input(page, path, before, buttons):
    """Wait until the widgets' display changes, or the kernel has answered the
    input (and every other request) with nothing changed and no widget is busy
    in the background (a button it disabled, such as Start while a run goes
    on, is enabled again).  Returns whether the display changed.

    The input's message to the kernel is sent while the input is given, so it
    is among the requests the kernel must answer before the page is settled.
    """
    deadline = time.monotonic() + RESPONSE_TIMEOUT
    display = f"(path) => {{ {WIDGET_DISPLAY} }}"
    while True:
        if page.evaluate(display, path) != before:
            return True
        now = page.evaluate(f"(path) => {{ {BUTTONS} }}", path)
        busy = len(now) == len(buttons) and any(b and not a for a, b in zip(buttons, now))
        if settled(page, path) and not busy:
            return page.evaluate(display, path) != before
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the kernel did not answer a widget input within {RESPONSE_TIMEOUT:.0f} s "
                f"({page.evaluate('() => window.__unanswered.size')} requests unanswered, "
                f"a widget busy: {busy})")
        page.wait_for_timeout(100)  # poll interval


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
            buttons = page.evaluate(f"(path) => {{ {BUTTONS} }}", path)
            give_input(page, kind, control)
            changed = display_after_input(page, path, before, buttons)
            (responded if changed else silent).append(f"widget {v + 1}: {kind}")
            if changed:  # one control per widget view is enough; let it finish
                wait_until_finished(page, path, RUN_TIMEOUT)
                break
    return responded, silent


def shown_before_running(page, path, stored):
    """How many stored graphs (image/svg+xml) show as pictures when the lesson
    is opened before it runs (an untrusted notebook falls back to text)."""
    want = shown = 0
    for i, cell in enumerate(stored):
        if cell["cell_type"] != "code" or "image/svg+xml" not in stored_mimes(cell):
            continue
        want += 1
        page.locator(".jp-Notebook .jp-Cell").nth(i).scroll_into_view_if_needed()
        wait_for(page, OUTPUTS_DRAWN, path, RENDER_TIMEOUT,
                 f"the stored outputs of cell {i} to be drawn", i)
        shown += page.evaluate(f"""(path) => {{ {PANEL}
            const c = panel.content.widgets[{i}].node;
            return c.querySelectorAll('.jp-RenderedSVG img').length > 0; }}""", path)
    return want, shown


def screenshot_output(page, cell, filename):
    """A picture of a cell's outputs; of the top of the page if they are taller
    than the window (an element screenshot of those comes out garbled)."""
    try:
        out = cell.locator(".jp-OutputArea")
        if out.bounding_box()["height"] < page.viewport_size["height"] - 150:
            settle_for_screenshot(page)
            out.screenshot(path=filename, timeout=ACTION_TIMEOUT * 1000)
        else:
            out.evaluate("e => e.scrollIntoView({block: 'start'})")
            settle_for_screenshot(page)
            page.screenshot(path=filename, timeout=ACTION_TIMEOUT * 1000)
    except Exception:  # a screenshot is a help, not the verdict
        pass


def measure_cells(page, path, cells, shots=None):
    """Measure every code cell with an output; screenshot those with a picture
    or widget (to shots, a filename prefix).  Returns {cell index: measures}."""
    found = {}
    for i, cell in enumerate(cells):
        if cell["type"] != "code" or not cell["outputs"]:
            continue
        where = page.locator(".jp-Notebook .jp-Cell").nth(i)
        where.scroll_into_view_if_needed()
        wait_for(page, CELL_PICTURES, path, RENDER_TIMEOUT,
                 f"the pictures of cell {i} to load before measuring them", i)
        m = measure(page, path, i)
        if m["pictures"] or m["widgets"]:
            found[i] = m
            if shots:
                screenshot_output(page, where, f"{shots}_cell{i:02d}.png")
    return found


def judge(found, lesson, narrow=False):
    """Problems in the measurements, and one summary line."""
    problems, graphs, images, texts = [], [], [], []
    widgets = []
    for i, m in sorted(found.items()):
        for p in m["pictures"]:
            where = f"cell {i}: {'widget ' if p['widget'] else ''}{p['kind']}"
            (graphs if p["kind"] == "graph" else images).append(p)
            if p["scroll"]:
                problems.append(f"{where} needs horizontal scrolling ({p['width']} px shown, "
                                f"output area {p['area']} px): {p['scroll']}")
            if p["kind"] == "graph" and p["text"] is not None:
                texts.append(p["text"])
                if p["text"] < MIN_TEXT_PX and not narrow:
                    problems.append(f"{where} text is {p['text']} px on screen (< {MIN_TEXT_PX})")
            if p["kind"] == "image" and p["natural"] and p["width"] > UPSCALE_LIMIT * p["natural"]:
                problems.append(f"{where} is upscaled {p['width'] / p['natural']:.2f}x "
                                f"({p['natural']} px drawn, {p['width']} px shown)")
        for w in m["widgets"]:
            widgets.append(w)
            if w["sideways"]:
                problems.append(f"cell {i}: a widget scrolls sideways ({w['width']} px wide, "
                                f"output area {w['area']} px): {w['sideways']}")
            if w["overlaps"]:
                problems.append(f"cell {i}: widget parts overlap: {w['overlaps'][:3]}")
            if not narrow and w["height"] > m["viewHeight"]:
                problems.append(f"cell {i}: a widget is {w['height']} px tall, the notebook "
                                f"shows {m['viewHeight']} px")
    upscaled = sum(1 for p in images if p["natural"] and p["width"] > UPSCALE_LIMIT * p["natural"])
    scrolling = sum(1 for p in graphs + images if p["scroll"])
    line = (f"{lesson}{' at 800 px' if narrow else ''}: {len(graphs)} graphs "
            f"({sum(p['widget'] for p in graphs)} in widgets), widths "
            f"{min((p['width'] for p in graphs), default=0):.0f}-"
            f"{max((p['width'] for p in graphs), default=0):.0f} px in "
            f"{max((p['area'] for p in graphs + images), default=0):.0f} px, min text "
            f"{min(texts, default=0):.1f} px; {len(images)} images, {upscaled} upscaled; "
            f"{scrolling} need horizontal scroll; {len(widgets)} widgets, tallest "
            f"{max((w['height'] for w in widgets), default=0):.0f} px")
    return problems, line


STATUS_STEP = re.compile(r"step (\d+) of (\d+)")


def training_status(page, view):
    """(step, of, Start enabled) as the live training view shows them."""
    text = " ".join(view.locator(".widget-html-content").all_inner_texts())
    found = STATUS_STEP.search(text)
    start = view.locator(".jupyter-button", has_text="Start training").first
    return (int(found.group(1)) if found else None, int(found.group(2)) if found else None,
            start.is_enabled(), text)


def wait_for_training(page, view, what, timeout, done):
    """Poll the training view until done(step, of, start enabled, text); an
    AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        status = training_status(page, view)
        if done(*status):
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; "
                                 f"the view shows {status[3][:150]!r}")
        page.wait_for_timeout(100)  # poll interval


def check_training_controls(page, path):
    """In a widget with Start training and Stop: a double click on Start must
    train once (the step shown never goes back), and Stop must end a run."""
    problems = []
    for v in range(page.locator(WIDGET_RENDERED).count()):
        view = page.locator(WIDGET_RENDERED).nth(v)
        start = view.locator(".jupyter-button", has_text="Start training")
        stop = view.locator(".jupyter-button", has_text="Stop")
        if not (start.count() and stop.count()):
            continue
        start.first.scroll_into_view_if_needed()
        before = wait_for_training(page, view, "a run started earlier to end (Start enabled)",
                                   RUN_TIMEOUT, lambda step, of, idle, text: idle)[0]
        start.first.dblclick()
        # Done when a new run was seen, it reached its last step, Start is
        # enabled again, and the kernel has answered both clicks (had the
        # second started a run, Start would be disabled or the step lower).
        seen, deadline = [], time.monotonic() + RUN_TIMEOUT
        while True:
            step, of, idle, text = training_status(page, view)
            if step is not None and (seen or step != before) and (not seen or seen[-1] != step):
                seen.append(step)
            if seen and idle and step == of and settled(page, path):
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"the run started by a double click on Start did not end "
                                     f"within {RUN_TIMEOUT:.0f} s (steps seen {seen[-5:]}, "
                                     f"the view shows {text[:150]!r})")
            page.wait_for_timeout(100)  # poll interval
        if any(b < a for a, b in zip(seen, seen[1:])):
            problems.append(f"a double click on Start trained twice: the step went "
                            f"{seen[:3]} ... back to a lower one ({seen[-5:]})")
        start.first.click()
        wait_for_training(page, view, "a new run to reach step 3", RUN_TIMEOUT,
                          lambda step, of, idle, text: not idle and (step or 0) >= 3)
        stop.first.click()
        step, of, idle, text = wait_for_training(
            page, view, "Stop to end the run (Start enabled again)", RESPONSE_TIMEOUT,
            lambda step, of, idle, text: idle)
        if "Stopped" not in text or step is None or step >= of:
            problems.append(f"Stop did not end the run: {text[:150]!r}")
    return problems


def widget_outputs(page, path):
    """Per cell with a widget output: the outputs, the views shown and what the page says."""
    return page.evaluate(f"""(path) => {{ {PANEL}
        const found = [];
        panel.content.widgets.forEach((cell, i) => {{
          if (cell.model.type !== 'code') return;
          let n = 0;
          for (let k = 0; k < cell.model.outputs.length; k++) {{
            const o = cell.model.outputs.get(k).toJSON();
            if (o.data && o.data['{WIDGET_VIEW}']) n++;
          }}
          if (!n) return;
          const area = cell.node.querySelector('.jp-OutputArea');
          found.push({{cell: i, outputs: n, views: cell.node.querySelectorAll('{WIDGET_RENDERED}').length,
                       text: area ? area.innerText : ''}});
        }});
        return found; }}""", path)


def expand_headings(page):
    """Unfold every folded heading and every hidden cell input (lesson 09 keeps
    its engine's code folded and its answers under a folded heading), so that
    every cell, with its [n] prompt, is in view to be run, measured and
    screenshotted."""
    page.evaluate("""async () => {
        await window.jupyterapp.commands.execute('notebook:expand-all-headings');
        await window.jupyterapp.commands.execute('notebook:show-all-cell-code');
    }""")


def reopen(page, lab, path, what, shots):
    """Reload the page (JupyterLab reopens the lesson), wait until every widget
    output shows its widget or an error, and list the widget cells that show
    an error or no widget."""
    page.reload(wait_until="domcontentloaded", timeout=OPEN_TIMEOUT * 1000)
    wait_for(page, READY, path, OPEN_TIMEOUT, f"the lesson reopened ({what})")
    expand_headings(page)
    problems, first = [], None
    for cell in widget_outputs(page, path):
        page.locator(".jp-Notebook .jp-Cell").nth(cell["cell"]).scroll_into_view_if_needed()
        first = cell["cell"] if first is None else first
    try:
        wait_for(page, WIDGETS_SHOWN, path, RENDER_TIMEOUT,
                 f"every widget output to show its widget or an error ({what})")
    except AssertionError as error:  # the cells that show no widget are named below
        problems.append(str(error))
    cells = widget_outputs(page, path)
    for cell in cells:
        bad = [t for t in BAD_TEXT if t in cell["text"]]
        if bad or cell["views"] < cell["outputs"]:
            problems.append(f"after reopening ({what}), cell {cell['cell']} shows "
                            f"{cell['views']} of {cell['outputs']} widgets"
                            + (f" and {bad[0]!r}: {cell['text'][:120]!r}" if bad else ""))
    if first is not None:
        page.locator(".jp-Notebook .jp-Cell").nth(first).scroll_into_view_if_needed()
        settle_for_screenshot(page)
        page.screenshot(path=f"{shots}_reopened_{what.replace(' ', '_')}.png",
                        timeout=ACTION_TIMEOUT * 1000)
    return problems, len(cells)


def save(page, lab, path):
    """File > Save; wait until the notebook is no longer dirty and the server
    has a newer file; return the number of widget models saved in it."""
    before = lab.api(f"/api/contents/{path}?content=0")["last_modified"]
    page.evaluate(f"(path) => {{ {PANEL} app.shell.activateById(panel.id); "
                  "app.commands.execute('docmanager:save'); return true; }", path)
    wait_for(page, PANEL + "return !panel.context.model.dirty;", path, SAVE_TIMEOUT,
             "the saved lesson to be no longer dirty")
    deadline = time.monotonic() + SAVE_TIMEOUT
    while lab.api(f"/api/contents/{path}?content=0")["last_modified"] == before:
        if time.monotonic() > deadline:
            raise AssertionError(f"the server's copy of {path} was not rewritten within "
                                 f"{SAVE_TIMEOUT:.0f} s of File > Save")
        time.sleep(0.2)  # poll interval
    nb = json.loads((lab.root / path).read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return len(state)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_in_jupyterlab(lesson, lab, browser, exercised, measures):
    counts, notes = exercised
    path = f"notebooks/{lesson.name}"
    stored = stored_cells(lab.root / path)
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(ACTION_TIMEOUT * 1000)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    log_start = len(lab.log())
    problems, focus = [], None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = str(ARTIFACTS / lesson.stem)
    for old in ARTIFACTS.glob(f"{lesson.stem}_*.png"):
        old.unlink()
    try:
        page.goto(f"{lab.url}/lab/tree/{path}?token={lab.token}&reset",
                  wait_until="domcontentloaded", timeout=OPEN_TIMEOUT * 1000)
        wait_for(page, READY, path, OPEN_TIMEOUT, "the notebook's cells and an idle kernel")
        expand_headings(page)
        want, shown = shown_before_running(page, path, stored)
        if want:
            before = state(page, path)["cells"]
            found, _ = judge({i: {**m, "widgets": []} for i, m in
                              measure_cells(page, path, before).items()}, lesson.name)
            measures.append(f"{lesson.name} opened before running: {shown} of {want} stored "
                            f"graphs shown as pictures; {len(found)} problems with the stored "
                            "pictures (not a failure: re-executing the lesson stores new ones)")
            notes.extend(f"{lesson.name} as stored: {p}" for p in found)
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
            deadline = time.monotonic() + RENDER_TIMEOUT  # images may load once in view
            while found and time.monotonic() < deadline:
                page.wait_for_timeout(250)  # poll interval
                cell = state(page, path)["cells"][i]
                found = rendering_problems(cell, mimes)
            if found:
                problems += [f"cell {i}: {p}" for p in found]
                focus = focus if focus is not None else i
            graphs += cell["svg"] + cell["widgetSvgShown"]
            plots += cell["png"] + cell["widgetImgShown"]
            widgets += cell["widgetsRendered"]
            controls += cell["controls"]

        page.locator(".jp-Notebook .jp-Cell").first.scroll_into_view_if_needed()
        settle_for_screenshot(page)
        page.screenshot(path=f"{shots}.png", timeout=ACTION_TIMEOUT * 1000)
        found, line = judge(measure_cells(page, path, cells, shots), lesson.name)
        problems += found
        measures.append(line)

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
            found, line = judge(measure_cells(page, path, st["cells"]), lesson.name)
            problems += [f"after input: {p}" for p in found]
            problems += check_training_controls(page, path)
        saved = [line for line in lab.log()[log_start:].splitlines() if "Saving file" in line]
        if saved:
            problems.append(f"the lesson file was saved while it ran (autosave?): {saved}")

        if widgets:
            models = save(page, lab, path)
            running, n = reopen(page, lab, path, "kernel running", shots)
            lab.shutdown_kernels()
            stopped, _ = reopen(page, lab, path, "kernel stopped", shots)
            problems += running + stopped
            measures.append(f"{lesson.name} saved with {models} widget models; reopened: "
                            f"{len(running)} widget errors with the kernel running, "
                            f"{len(stopped)} with it stopped ({n} widget cells)")
            # 800 px wide (the saved widgets, as the reopened lesson shows them)
            page.set_viewport_size(NARROW)
            wait_for(page, FITS_WINDOW, path, RENDER_TIMEOUT,
                     f"the notebook to be laid out for a {NARROW['width']} px window",
                     NARROW["width"])
            wait_for(page, WIDGETS_SHOWN, path, RENDER_TIMEOUT,
                     "every widget output to show its widget at 800 px")
            narrow = {i: m for i, m in measure_cells(page, path, st["cells"]).items() if m["widgets"]}
            for i in narrow:  # a picture of each widget at 800 px
                screenshot_output(page, page.locator(".jp-Notebook .jp-Cell").nth(i),
                                  f"{shots}_cell{i:02d}_800px.png")
            found, line = judge(narrow, lesson.name, narrow=True)
            problems += [f"at 800 px: {p}" for p in found]
            measures.append(line)

        problems += server_log_problems(lab, log_start)
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
            shot = ARTIFACTS / f"{lesson.stem}_failed.png"
            try:
                if focus is not None:
                    page.locator(".jp-Notebook .jp-Cell").nth(focus).scroll_into_view_if_needed()
                page.screenshot(path=str(shot), timeout=ACTION_TIMEOUT * 1000)
                problems.append(f"screenshot: {shot.relative_to(ROOT)}")
            except Exception as error:  # the screenshot is a help, not the verdict
                problems.append(f"(no screenshot: {error})")
        context.close()
        try:
            lab.shutdown_kernels()
        except OSError:
            pass
    assert not problems, f"{lesson.name} in JupyterLab:\n  " + "\n  ".join(problems)
