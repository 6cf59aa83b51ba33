"""Print what a learner saw in executed lessons (kernel_run.py writes them back):
each check / hint / solution / stand-in / learner cell with its output; an error as its
last line only.   .venv/bin/python show.py /tmp/r2a/repo/my-type-along 05 [first [last]]"""
import re
import sys
from pathlib import Path

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;]*m")
folder, nn, *rng = sys.argv[1:]
nb = nbformat.read(next(Path(folder).glob(f"{nn}_*.ipynb")), 4)
lo, hi = (int(rng[0]), int(rng[1])) if rng else (0, 10**6)
for i, c in enumerate(nb.cells):
    if c.cell_type != "code" or not lo <= i <= hi:
        continue
    out = []
    for o in c.outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif o.output_type == "error":
            out.append(f"!! {o.ename}: {ANSI.sub('', o.evalue)}")
        else:
            out.append("".join(o.get("data", {}).get("text/plain", "")))
    text = "".join(out).strip()
    head = c.source.splitlines()[0][:70] if c.source else ""
    if text or "learner" in c.metadata:
        print(f"[{i}] {c.metadata.get('learner', '')} :: {head}\n    " + text.replace("\n", "\n    ")[:1500])
