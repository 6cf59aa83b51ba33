"""The stored speed figures: one run of the moons benchmark, and every table
and ratio the series prints from it.

``python3 run.py bench --save`` runs ``benchmarks/moons.py`` and writes
``benchmarks/moons_results.json``.  Lesson 08, lesson 10 and the README show
their speed tables from that one file (``lesson_table``, ``readme_table``),
so they always agree with each other and with the run that made them; the
README's copy is rewritten by ``python3 run.py figures`` and a test checks
it is up to date.  Times measured live in a lesson are that machine's, now,
and are printed as such beside their code.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
# In the repository the stored run is in benchmarks/ at the root; a lesson released
# on its own (the nbgrader course) carries it in a benchmarks/ folder beside it.
RESULTS = next((p for p in (HERE.parent / "benchmarks" / "moons_results.json",
                            HERE / "benchmarks" / "moons_results.json") if p.exists()),
               HERE.parent / "benchmarks" / "moons_results.json")
README_START = "<!-- speed table: made by `python3 run.py figures` from benchmarks/moons_results.json -->"
README_END = "<!-- end of speed table -->"

NAMES = {
    "tensor": "Tensor engine (lesson 10), best of 3",
    "torch": "PyTorch {torch} CPU, 1 thread, float64, best of 3",
    "ours": "finished scalar engine, collector paused (as lesson 08 trains it)",
    "ours-gc": "finished scalar engine, collector on",
    "micrograd": "micrograd {micrograd}, as installed",
    "micrograd-nogc": "micrograd {micrograd}, automatic collector off, one collection per step",
}
ORDER = ("tensor", "torch", "ours", "ours-gc", "micrograd", "micrograd-nogc")


def load(path=RESULTS):
    """The stored run: {"machine": ..., "steps": 100, "results": {engine: {...}}}."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def name(run, engine):
    return NAMES[engine].format(**run.get("versions", {}))


def duration(seconds):
    """A time as people write it: 172 s, 3.8 s, 0.38 s, 33 ms, 2.5 ms, 0.37 ms."""
    if seconds >= 100:
        return f"{seconds:.0f} s"
    if seconds >= 1:
        return f"{seconds:.1f} s"
    if seconds >= 0.1:
        return f"{seconds:.2f} s"
    ms = 1000 * seconds
    return f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms" if ms >= 1 else f"{ms:.2f} ms"


def ratio(run, slow, fast):
    """How many times faster ``fast`` ran than ``slow`` in the stored run."""
    r = run["results"]
    return r[slow]["seconds"] / r[fast]["seconds"]


def times(x):
    """A ratio as people write it: 0.57×, 1.6×, 45×, 11,000×."""
    if x < 10:
        return f"{x:.2g}×" if x < 1 else f"{x:.1f}×"
    if x < 1000:
        return f"{x:.0f}×"
    return f"{round(x, -2):,.0f}×"


def engines(run, wanted=ORDER):
    return [e for e in wanted if e in run["results"]]


def table(run, wanted=ORDER, baseline=None):
    """A markdown table of the stored run, one row per engine in ``wanted``.
    With ``baseline``, a last column says how many times faster than it."""
    steps = run["steps"]
    head = f"| engine | {steps} steps | per step | final loss | accuracy | peak memory |"
    rule = "|---|---|---|---|---|---|"
    if baseline:
        head += f" vs {name(run, baseline).split(',')[0]} |"
        rule += "---|"
    lines = [head, rule]
    for engine in engines(run, wanted):
        r = run["results"][engine]
        row = (f"| {name(run, engine)} | {duration(r['seconds'])} | "
               f"{duration(r['seconds'] / steps)} | {r['loss']:.6f} | "
               f"{r['accuracy']:.0%} | {r['peak_mb']:.0f} MB |")
        if baseline:
            row += f" {times(ratio(run, baseline, engine))} |"
        lines.append(row)
    return "\n".join(lines)


def machine(run):
    """Where and when the stored run was made, in one phrase."""
    m = run["machine"]
    return (f"one run of `python3 run.py bench --save` on {m['cores']} cores "
            f"({m['processor']}), Python {m['python']}, {run['date']}")


def summary(run, wanted=ORDER):
    """The ratios of the stored run between the engines in ``wanted``, as sentences."""
    have = {e: run["results"][e] for e in engines(run, wanted)}
    lines = []
    if "micrograd" in have and "ours" in have:
        lines.append(
            f"The finished scalar engine ran {times(ratio(run, 'micrograd', 'ours'))} "
            f"faster than micrograd {run['versions']['micrograd']}"
            + (f" ({times(ratio(run, 'micrograd', 'ours-gc'))} with the collector left on)"
               if "ours-gc" in have else "")
            + ", with the same arithmetic and the same final loss.")
    if "ours-gc" in have and "ours" in have:
        lines.append(
            "Pausing the collector took the finished engine from "
            f"{duration(have['ours-gc']['seconds'])} to {duration(have['ours']['seconds'])}.")
    if "micrograd-nogc" in have and "micrograd" in have:
        lines.append(
            "Taming the collector took micrograd from "
            f"{duration(have['micrograd']['seconds'])} to "
            f"{duration(have['micrograd-nogc']['seconds'])}"
            + (f", still {times(ratio(run, 'micrograd-nogc', 'ours'))} the finished "
               "engine's time" if "ours" in have else "") + ".")
    if "tensor" in have and "ours" in have:
        lines.append(
            f"The Tensor engine ran {times(ratio(run, 'ours', 'tensor'))} faster than the "
            "finished scalar engine"
            + (f" and {times(ratio(run, 'micrograd', 'tensor'))} faster than micrograd"
               if "micrograd" in have else "") + ".")
    if "torch" in have and "tensor" in have:
        share = have["tensor"]["seconds"] / have["torch"]["seconds"]
        lines.append(
            f"The Tensor engine took {share:.2f} times PyTorch's time "
            f"({duration(have['tensor']['seconds'])} against "
            f"{duration(have['torch']['seconds'])}).")
    return " ".join(lines)


def markdown(wanted=ORDER, baseline=None):
    """The stored table, where it was measured, and its ratios, as markdown."""
    run = load()
    return (f"{table(run, wanted, baseline)}\n\nMeasured by {machine(run)}. "
            f"{summary(run, wanted)}")


def lesson_table(wanted=ORDER, baseline=None):
    """Display the stored table (for a lesson's code cell)."""
    from IPython.display import Markdown, display
    display(Markdown(markdown(wanted, baseline)))


def readme_table():
    """The README's block: the table, where it was measured, its ratios."""
    return "\n".join([README_START, "", markdown(), "", README_END])
