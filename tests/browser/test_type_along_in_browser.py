"""The type-along edition in a real JupyterLab: the launch opens it, and a stub typed in works.

`python3 run.py lab --type-along` copies the type-along edition to
my-type-along/ and opens its lesson 01.  Here the same preparation and
arguments run on a copy of the repository.  Then lesson 04 is opened, its
class cell (with the stubs of the three backward functions) and the check of
`+`'s backward are run: the check says the piece is not attempted.  The
answer is typed into the stub with the keyboard, as a learner would; the
class cell and its check are run again, and the check says "Correct!".
Screenshots go to artifacts/browser/type_along_*.png.
"""

import shutil
from pathlib import Path

from .conftest import settle_for_screenshot
from .test_launch import start_lab
from .test_lessons_in_browser import ACTION_TIMEOUT, OPEN_TIMEOUT, PANEL, READY, RUN_TIMEOUT, wait_for

import run

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
LESSON = "my-type-along/04_automatic_backward.ipynb"

# The index of the cell that marks a piece, and of its check cell.
FIND = PANEL + """
const cells = panel.content.widgets;
const meta = (c, key) => c.model.getMetadata ? c.model.getMetadata(key) : c.model.metadata[key];
return [cells.findIndex(c => (meta(c, 'type_along') || []).includes(i)),
        cells.findIndex(c => meta(c, 'type_along_check') === i),
        cells.findIndex(c => c.model.sharedModel.getSource().startsWith('from type_along import'))];
"""

RUN_CELL = PANEL + """
panel.content.activeCellIndex = i;
panel.content.mode = 'command';
window.jupyterapp.commands.execute('notebook:run-cell');
return true;
"""

# Cell i has run (a new execution count) and the kernel is idle again.
RAN = PANEL + """
const cell = panel.content.widgets[i[0]];
return cell.model.executionCount !== null && cell.model.executionCount !== i[1]
    && panel.sessionContext.kernelDisplayStatus === 'idle';
"""

OUTPUT_TEXT = PANEL + """
return panel.content.widgets[i].node.querySelector('.jp-OutputArea') ?
    panel.content.widgets[i].node.querySelector('.jp-OutputArea').innerText : '';
"""

# Put the cursor on the stub's raise line in cell i[0] (selecting that line's code).
SELECT_STUB = PANEL + """
const cell = panel.content.widgets[i];
panel.content.activeCellIndex = i;
panel.content.mode = 'edit';
const editor = cell.editor;
const lines = cell.model.sharedModel.getSource().split('\\n');
const line = lines.findIndex(l => l.includes('raise NotImplementedError('));
const column = lines[line].length - lines[line].trimStart().length;
editor.focus();
editor.setSelection({start: {line: line, column: column}, end: {line: line, column: lines[line].length}});
return line;
"""


def _run(page, index):
    count = page.evaluate(f"(path) => {{ {PANEL} return panel.content.widgets[{index}]"
                          ".model.executionCount; }", LESSON)
    wait_for(page, RUN_CELL, LESSON, ACTION_TIMEOUT, f"cell {index} to start", index)
    wait_for(page, RAN, LESSON, RUN_TIMEOUT, f"cell {index} to finish", [index, count])


def _output(page, index):
    return page.evaluate(f"(arg) => {{ const path = arg[0], i = arg[1]; {OUTPUT_TEXT} }}",
                         [LESSON, index])


def test_type_along_launch_and_a_typed_piece_is_checked(tmp_path, browser):
    # `browser` is the session's Chromium (one Playwright per session)
    root = tmp_path / "repo"
    for folder in ("notebooks", "type-along"):
        shutil.copytree(ROOT / folder, root / folder,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for module in ("autograd_helpers.py", "autograd_tensor.py"):
        shutil.copy(ROOT / module, root)
    copied, _ = run.make_working_copies(root / "type-along", root / "my-type-along")
    assert run.FIRST_LESSON in copied
    server, url = start_lab(root, tmp_path, work="my-type-along")
    try:
        assert "/lab/tree/my-type-along/01_derivatives.ipynb?" in url
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.set_default_timeout(ACTION_TIMEOUT * 1000)
            page.goto(url, wait_until="domcontentloaded", timeout=OPEN_TIMEOUT * 1000)
            wait_for(page, READY, "my-type-along/01_derivatives.ipynb", OPEN_TIMEOUT,
                     "lesson 01 of the type-along edition to open")
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:open', "
                          f"{{path: '{LESSON}'}})")
            wait_for(page, READY, LESSON, OPEN_TIMEOUT, "lesson 04 to open with an idle kernel")
            piece_cell, check_cell, import_cell = page.evaluate(
                f"(arg) => {{ const path = arg[0], i = arg[1]; {FIND} }}",
                [LESSON, "add_backward"])
            assert 0 < import_cell < piece_cell < check_cell == piece_cell + 1
            for index in (import_cell - 1, import_cell, piece_cell, check_cell):
                _run(page, index)
            assert "Not attempted yet" in _output(page, check_cell)

            line = page.evaluate(f"(arg) => {{ const path = arg[0], i = arg[1]; "
                                 f"{SELECT_STUB} }}", [LESSON, piece_cell])
            page.keyboard.type("self.grad += 1.0 * out.grad")
            page.keyboard.press("Enter")
            page.keyboard.type("other.grad += 1.0 * out.grad")
            source = page.evaluate(f"(path) => {{ {PANEL} return panel.content.widgets"
                                   f"[{piece_cell}].model.sharedModel.getSource(); }}", LESSON)
            lines = source.split("\n")
            assert lines[line].strip() == "self.grad += 1.0 * out.grad"
            assert lines[line + 1] == lines[line].replace("self.grad", "other.grad")
            page.keyboard.press("Escape")
            _run(page, piece_cell)
            _run(page, check_cell)
            verdict = _output(page, check_cell)
            assert verdict.startswith("Correct!"), verdict
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.evaluate(f"(path) => {{ {PANEL} panel.content.widgets[{check_cell}]"
                          ".node.scrollIntoView({block: 'center'}); }", LESSON)
            settle_for_screenshot(page)
            page.screenshot(path=str(ARTIFACTS / "type_along_04.png"))
        finally:
            page.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except Exception:
            server.kill()
