"""Re-execute lessons in place, each in a fresh kernel, top to bottom.

    python tools/execute_notebooks.py                 # every lesson
    python tools/execute_notebooks.py notebooks/03_*.ipynb
    python tools/execute_notebooks.py --fresh-timings notebooks/08_*.ipynb

This is the only way stored outputs are made.  Running it twice leaves
`git diff` empty: cell timings are not recorded, a print that arrives in
pieces is stored as one output, outputs that differ only in what
tests/nbval_sanitize.cfg masks (timings) are kept as stored (unless
--fresh-timings), and the random ids that
ipywidgets gives its widget models are renumbered in order of appearance.
"""

import copy
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python",
              "name": "python3"}
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def renumber_widget_ids(nb):
    """Give ipywidgets' random model ids stable numbers, the same every run.

    Models are numbered in the order they are reached from the cells that
    display them (depth first through the ids a model's state mentions);
    models no output reaches follow, ordered by their content.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return nbformat.writes(nb)
    roots = [out["data"][WIDGET_VIEW]["model_id"]
             for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", [])
             if WIDGET_VIEW in out.get("data", {})]
    order, seen = [], set()

    def visit(model_id):
        if model_id in seen or model_id not in state:
            return
        seen.add(model_id)
        order.append(model_id)
        for ref in MODEL_ID.findall(json.dumps(state[model_id], sort_keys=True)):
            visit(ref)
    for root in roots:
        visit(root)
    rest = [m for m in state if m not in seen]
    rest.sort(key=lambda m: MODEL_ID.sub("", json.dumps(state[m], sort_keys=True)))
    order += rest
    number = {m: f"{i + 1:032x}" for i, m in enumerate(order)}
    text = MODEL_ID.sub(lambda m: number.get(m.group(0), m.group(0)), nbformat.writes(nb))
    return nbformat.writes(nbformat.reads(text, as_version=4))  # keys sorted again


def sanitize_rules():
    """The (regex, replacement) pairs of the nbval sanitize file, read as nbval reads them."""
    return [(re.compile(regex), replace) for regex, replace in
            get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8"))]


def keep_unchanged_outputs(old, new, rules):
    """Where a cell's new outputs differ from the stored ones only in what a
    sanitize rule masks (a timing, an address), keep the stored ones, so a
    re-run leaves the file byte-identical."""
    def masked(outputs):
        text = json.dumps(outputs, sort_keys=True, ensure_ascii=False)  # rules may name "×"
        for regex, replacement in rules:
            text = regex.sub(replacement, text)
        return text
    for before, after in zip(old.cells, new.cells):
        if (after.cell_type == "code" and before.source == after.source
                and before.get("outputs") != after.outputs
                and masked(before.get("outputs")) == masked(after.outputs)):
            after.outputs = before.outputs


def execute(path, fresh_timings=False):
    nb = nbformat.read(path, as_version=4)
    stored = copy.deepcopy(nb)
    nb.metadata["kernelspec"] = KERNELSPEC
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb = nbformat.reads(renumber_widget_ids(nb), as_version=4)
    if not fresh_timings:
        keep_unchanged_outputs(stored, nb, sanitize_rules())
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return seconds


def main(args):
    fresh_timings = "--fresh-timings" in args
    args = [a for a in args if a != "--fresh-timings"]
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0.0
    for path in paths:
        seconds = execute(path, fresh_timings)
        total += seconds
        print(f"{path.relative_to(ROOT)}: executed in {seconds:.1f} s", flush=True)
    print(f"{len(paths)} notebook(s), {total:.1f} s in all")

if __name__ == "__main__":
    main(sys.argv[1:])
