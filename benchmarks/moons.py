"""Time the moons demo with our engines, micrograd 0.1.0 and PyTorch.

    python3 run.py bench                  # the full demo: 100 steps
    python benchmarks/moons.py --steps 10 # a quicker look
    python benchmarks/moons.py --micrograd-nogc   # also micrograd, gc tamed
    python3 run.py bench --save           # and store the run for the lessons

With --save, the run is written to benchmarks/moons_results.json: lessons 08
and 10 and the README make every speed table and ratio they show from that
one file (notebooks/speed_figures.py; `python3 run.py figures` rewrites the
README's copy).

The demo (lesson 8, and micrograd's demo.ipynb): 100 two-moons points
(make_moons, seed 1337), MLP(2, [16, 16, 1]) with ReLU hidden layers and a
linear output, max-margin loss + 1e-4 * L2, full-batch gradient descent with
the learning rate falling from 1.0 towards 0.1.

Both engines run exactly the same training code (train_moons in
autograd_helpers.py only uses +, *, relu, sum, backward and zero_grad), on
the same data, from the same initial weights: our network is built after
random.seed(1337) and its weights AND biases are copied into micrograd's
network (micrograd would start its biases at 0).  Each engine runs in its own
fresh Python process, so one cannot slow the other down (a heap full of
micrograd's objects would make the garbage collector slower for everyone),
and that process's peak resident memory (getrusage ru_maxrss) is reported.

micrograd is not a requirement of the series; install it to compare:
    .venv/bin/python -m pip install micrograd==0.1.0

Two more rows train the same network on whole arrays (lesson 10): our
Tensor engine (autograd_tensor.py, numpy float64) and, when it is installed,
PyTorch on the CPU with one thread in float64.  Both start from the scalar
network's weights (copied into matrices), use the same loss (the mean of
relu(1 - y*score) plus 1e-4 times the sum of the squared parameters) and the
same learning-rate schedule, and both compute the accuracy at every step as
the scalar loop does.  A run of these takes milliseconds, so each of them
trains three times in its process from the same initial weights, and the
best of the three counts.  Both run with one thread (numpy's BLAS too, via
OPENBLAS_NUM_THREADS=1 in their process).
"""

import argparse
import contextlib
import gc
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "notebooks")]

from autograd_helpers import MLP, Value, gc_paused  # noqa: E402
from lesson_data import make_moons, train_moons  # noqa: E402

ENGINES = {
    "ours": "reference engine (autograd_helpers), collector paused as in lesson 8",
    "ours-gc": "reference engine (autograd_helpers), collector on",
    "micrograd": "micrograd 0.1.0, as is (garbage collector on)",
    "micrograd-nogc": "micrograd 0.1.0, automatic gc off, one gc.collect() per step",
    "tensor": "Tensor engine (autograd_tensor), numpy float64, best of 3",
    "torch": "PyTorch CPU, 1 thread, float64, best of 3",
}
ARRAY_ENGINES = ("tensor", "torch")
REPEATS = 3


def peak_memory_mb():
    """This process's peak resident memory in MB (ru_maxrss: KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def build(engine):
    """The demo network and the Value class to wrap its inputs with."""
    random.seed(1337)
    ours = MLP(2, [16, 16, 1], activation="relu", final_activation="linear")
    if engine.startswith("ours"):
        return ours, Value
    from micrograd.engine import Value as MgValue
    from micrograd.nn import MLP as MgMLP
    theirs = MgMLP(2, [16, 16, 1])  # ReLU hidden layers, linear last layer
    pairs = list(zip(ours.parameters(), theirs.parameters()))
    assert len(pairs) == 337 == len(theirs.parameters())
    for p, q in pairs:  # same order: layer by layer, neuron by neuron, w then b
        q.data = p.data
    return theirs, MgValue


def demo_arrays():
    """The demo's data and initial weights as arrays: X (100, 2), y (100, 1),
    and [W1, b1, W2, b2, W3, b3] copied from the scalar network of build()."""
    import numpy as np
    from autograd_tensor import mlp_from_values
    X, y = make_moons(n_samples=100, noise=0.1, seed=1337)
    model, _ = build("ours")
    weights = [p.data for p in mlp_from_values(model).parameters()]
    return np.array(X), np.array(y, dtype=float)[:, None], weights


def train_tensor(X, y, weights, steps, lr=1.0, alpha=1e-4):
    """The demo with our Tensor engine; returns [(loss, accuracy)] per step."""
    from autograd_tensor import Tensor
    params = [Tensor(w) for w in weights]
    X, y = Tensor(X), Tensor(y)
    history = []
    for k in range(steps):
        h = X
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i + 2 < len(params):
                h = h.relu()
        loss = (1 - y * h).relu().mean() + alpha * sum((p * p).sum() for p in params)
        acc = float(((h.data > 0) == (y.data > 0)).mean())
        for p in params:
            p.grad = None
        loss.backward()
        rate = lr * (1.0 - 0.9 * k / steps)
        for p in params:
            p.data -= rate * p.grad
        history.append((float(loss.data), acc))
    return history


def train_torch(X, y, weights, steps, lr=1.0, alpha=1e-4):
    """The same training with PyTorch (float64, one thread)."""
    import torch
    params = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in weights]
    X, y = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    history = []
    for k in range(steps):
        h = X
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i + 2 < len(params):
                h = h.relu()
        loss = (1 - y * h).relu().mean() + alpha * sum((p * p).sum() for p in params)
        acc = ((h > 0) == (y > 0)).double().mean().item()
        for p in params:
            p.grad = None
        loss.backward()
        rate = lr * (1.0 - 0.9 * k / steps)
        with torch.no_grad():
            for p in params:
                p -= rate * p.grad
        history.append((loss.item(), acc))
    return history


def child_arrays(engine, steps):
    """Train REPEATS times from the same weights; print the best run as JSON."""
    if engine == "torch":
        import torch
        torch.set_num_threads(1)
        train = train_torch
    else:
        train = train_tensor
    X, y, weights = demo_arrays()
    runs = []
    for _ in range(REPEATS):
        start, cpu_start = time.perf_counter(), time.process_time()
        history = train(X, y, [w.copy() for w in weights], steps)
        runs.append((time.perf_counter() - start, time.process_time() - cpu_start, history))
    seconds, cpu, history = min(runs, key=lambda r: r[0])
    loss, acc = history[-1]
    print(json.dumps({"engine": engine, "steps": steps, "seconds": seconds, "cpu": cpu,
                      "loss": loss, "accuracy": acc, "peak_mb": peak_memory_mb(),
                      "first_loss": history[0][0], "first_accuracy": history[0][1],
                      "runs": [r[0] for r in runs]}))


def child(engine, steps):
    """Train once with one engine and print the results as JSON."""
    if engine in ARRAY_ENGINES:
        return child_arrays(engine, steps)
    X, y = make_moons(n_samples=100, noise=0.1, seed=1337)
    model, V = build(engine)
    inputs = [[V(a), V(b)] for a, b in X]  # wrapped once, for both engines
    callback = None
    if engine == "micrograd-nogc":
        # micrograd's graphs are reference cycles (each _backward closure
        # refers to its own output), so only the cyclic collector frees them.
        # Left on, it walks the whole heap again and again while a graph is
        # being built; switched off for good, memory grows by ~50 MB a step.
        # The fair middle: no automatic collections, one full collection per
        # step (its time is counted).
        gc.disable()
        callback = lambda k, loss, acc: gc.collect()  # noqa: E731
    # Our graphs have no reference cycles, so pausing the cyclic collector
    # frees no less memory; it only saves its useless walks (see gc_paused).
    pause = gc_paused() if engine == "ours" else contextlib.nullcontext()
    start, cpu_start = time.perf_counter(), time.process_time()
    with pause:
        history = train_moons(model, inputs, y, steps=steps, lr=1.0, alpha=1e-4,
                              callback=callback)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    loss, acc = history[-1]
    print(json.dumps({"engine": engine, "steps": steps, "seconds": seconds, "cpu": cpu,
                      "loss": loss, "accuracy": acc, "peak_mb": peak_memory_mb(),
                      "first_loss": history[0][0], "first_accuracy": history[0][1]}))


def run_child(engine, steps):
    env = None
    if engine in ARRAY_ENGINES:  # one thread for numpy's BLAS too, as for PyTorch
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1")
    result = subprocess.run([sys.executable, __file__, "--child", engine, "--steps", str(steps)],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"the {engine} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


RESULTS = ROOT / "benchmarks" / "moons_results.json"


def processor():
    """The processor's model name, as Linux or macOS reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or platform.machine()


def versions():
    from importlib.metadata import PackageNotFoundError, version
    found = {}
    for package in ("micrograd", "torch", "numpy"):
        try:
            found[package] = version(package).split("+")[0]
        except PackageNotFoundError:
            pass
    return found


def save(results, steps, path=RESULTS):
    """Store one run for the lessons and the README (see speed_figures)."""
    import datetime
    run = {"date": datetime.date.today().isoformat(), "steps": steps,
           "machine": {"cores": os.cpu_count(), "processor": processor(),
                       "python": sys.version.split()[0]},
           "versions": versions(), "results": results}
    path.write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
    print(f"saved to {path.relative_to(ROOT)}; `python3 run.py figures` updates the README")


def have_micrograd():
    try:
        import micrograd.engine  # noqa: F401
    except ImportError:
        return False
    return True


def have_torch():
    # Look, do not import: ru_maxrss survives fork and exec on Linux, so a
    # torch imported here would count in every child's peak memory.
    import importlib.util
    return importlib.util.find_spec("torch") is not None


def ratio_lines(results, steps):
    """How the array engines compare with the others, as printable lines."""
    lines = []
    tensor = results.get("tensor")
    if tensor is None:
        return lines
    per_step = 1000 * tensor["seconds"] / steps
    for other in ("micrograd", "micrograd-nogc", "ours", "ours-gc"):
        if other in results:
            r = results[other]
            lines.append(f"Tensor engine: {r['seconds'] / tensor['seconds']:,.0f}x faster than "
                         f"{ENGINES[other]}")
    if "torch" in results:
        t = results["torch"]
        ratio = tensor["seconds"] / t["seconds"]
        verdict = "no slower than" if ratio <= 1.0 else "SLOWER than"
        lines.append(f"Tensor engine: {per_step:.3f} ms per step, PyTorch "
                     f"{1000 * t['seconds'] / steps:.3f} ms: the Tensor engine takes "
                     f"{ratio:.2f}x PyTorch's time ({verdict} PyTorch; best of {REPEATS} each)")
        if "micrograd" in results:
            lines.append(f"PyTorch: {results['micrograd']['seconds'] / t['seconds']:,.0f}x "
                         f"faster than {ENGINES['micrograd']}")
        lines.append(f"  final loss, Tensor engine vs PyTorch: {tensor['loss']:.9f} vs "
                     f"{t['loss']:.9f}")
    if "ours" in results:
        diff = abs(tensor["loss"] - results["ours"]["loss"])
        lines.append(f"  final loss, Tensor engine vs the scalar reference engine: "
                     f"{tensor['loss']:.9f} vs {results['ours']['loss']:.9f} "
                     f"(difference {diff:.1e})")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=100,
                        help="training steps (the demo uses 100)")
    parser.add_argument("--micrograd-nogc", action="store_true",
                        help="also time micrograd with automatic garbage collection "
                             "off and one gc.collect() per step")
    parser.add_argument("--no-micrograd", action="store_true",
                        help="do not time micrograd, even when it is installed")
    parser.add_argument("--no-torch", action="store_true",
                        help="do not time PyTorch, even when it is installed")
    parser.add_argument("--save", action="store_true",
                        help="store the run in benchmarks/moons_results.json, from which "
                             "the lessons and the README make their speed tables")
    parser.add_argument("--child", choices=sorted(ENGINES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.steps)

    engines = ["ours", "ours-gc", "tensor"]
    if not args.no_torch:
        if have_torch():
            engines.append("torch")
        else:
            print("PyTorch is not installed, so the Tensor engine is not compared with it.\n")
    if args.no_micrograd:
        pass
    elif have_micrograd():
        engines.append("micrograd")
        if args.micrograd_nogc:
            engines.append("micrograd-nogc")
    else:
        print("micrograd is not installed, so only our engine is timed. To compare:\n"
              "    .venv/bin/python -m pip install micrograd==0.1.0\n")
    print(f"moons demo: 100 points, MLP(2, [16, 16, 1]), {args.steps} steps, "
          f"Python {sys.version.split()[0]}; each engine in a fresh process, same "
          "data and same initial weights\n", flush=True)
    results = {}
    for engine in engines:
        print(f"  {ENGINES[engine]} ...", flush=True)
        r = results[engine] = run_child(engine, args.steps)
        if engine in ARRAY_ENGINES:
            timing = (f"    {1000 * r['seconds']:8.2f} ms wall clock ({1000 * r['seconds'] / args.steps:.3f} "
                      f"ms per step), {1000 * r['cpu']:.2f} ms CPU; runs: "
                      + ", ".join(f"{1000 * t:.2f}" for t in r["runs"]) + " ms")
        else:
            timing = (f"    {r['seconds']:8.2f} s wall clock ({r['seconds'] / args.steps:.3f} s per step), "
                      f"{r['cpu']:.2f} s CPU")
        print(timing + "\n"
              f"    final loss {r['loss']:.6f}   accuracy {r['accuracy']:.0%}   "
              f"peak memory {r['peak_mb']:.0f} MB (ru_maxrss of its process)", flush=True)
    print()
    for engine in [e for e in engines if e.startswith("micrograd")]:
        r = results[engine]
        for mine in ("ours", "ours-gc"):
            o = results[mine]
            print(f"{ENGINES[mine]}:\n  {r['seconds'] / o['seconds']:.1f}x faster than "
                  f"{ENGINES[engine]} (CPU time: {r['cpu'] / o['cpu']:.1f}x)")
        same = r["accuracy"] == results["ours"]["accuracy"]
        print(f"  final accuracy {'the same' if same else 'DIFFERS'}: "
              f"{results['ours']['accuracy']:.0%} vs {r['accuracy']:.0%}; "
              f"final loss {results['ours']['loss']:.6f} vs {r['loss']:.6f}")
    for line in ratio_lines(results, args.steps):
        print(line)
    if args.save:
        if args.steps != 100:
            sys.exit("--save stores the demo itself: run it with the default 100 steps")
        save(results, args.steps)

if __name__ == "__main__":
    main()
