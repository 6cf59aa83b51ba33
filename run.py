#!/usr/bin/env python3
"""One entry point for learners, teachers and contributors.

    python3 run.py lab         set up if needed, open lesson 1 in JupyterLab
    python3 run.py test        set up if needed, run every test (pytest --nbval)
    python3 run.py setup       only set up: .venv with the pinned packages, graphviz
    python3 run.py notebooks   re-execute every lesson in place (stored outputs)
    python3 run.py bench       time the moons demo (benchmarks/moons.py)

Set-up is idempotent: the virtual environment is made once, and packages are
installed again only when requirements.txt changes.  Extra arguments after
`test` go to pytest (for example `python3 run.py test -x tests/`).
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / ".requirements.sha256"
FIRST_LESSON = "notebooks/01_derivatives.ipynb"
MIN_PYTHON = (3, 11)


def say(message):
    print(f"[run.py] {message}", flush=True)


def fail(message):
    print(f"[run.py] error: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def venv_python():
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def can_sudo():
    if not shutil.which("sudo"):
        return False
    return subprocess.run(["sudo", "-n", "true"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def apt_install(package):
    """Install a Debian package when we may (root or passwordless sudo)."""
    if not shutil.which("apt-get"):
        return False
    prefix = [] if is_root() else (["sudo", "-n"] if can_sudo() else None)
    if prefix is None:
        return False
    say(f"installing the Debian package {package} with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL}
    subprocess.run(prefix + ["apt-get", "update", "-qq"], env=env, **quiet)
    return subprocess.run(prefix + ["apt-get", "install", "-y", "-qq", package],
                          env=env, **quiet).returncode == 0


def make_venv():
    if venv_python().exists():
        return
    say(f"creating a virtual environment in {VENV.name}/")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        if apt_install(f"python{version}-venv") or apt_install("python3-venv"):
            result = subprocess.run([sys.executable, "-m", "venv", str(VENV)],
                                    capture_output=True, text=True)
        if result.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            fail("could not create a virtual environment: Python's venv module "
                 f"is missing. Install it with `sudo apt-get install python{version}-venv` "
                 "(Debian/Ubuntu), then run this command again.")


def install_requirements():
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    say("installing the pinned packages from requirements.txt (first time only)")
    pip = [str(venv_python()), "-m", "pip", "--disable-pip-version-check"]
    steps = [pip + ["install", "-q", "--upgrade", "pip"],
             pip + ["install", "-q", "-r", str(REQUIREMENTS)]]
    for step in steps:
        if subprocess.run(step).returncode != 0:
            fail("pip could not install the requirements (see its message above). "
                 "Check your network connection and run this command again.")
    STAMP.write_text(digest + "\n")


def ensure_graphviz():
    """Make sure graphviz's `dot` exists; without it graphs are shown as text."""
    if shutil.which("dot"):
        return True
    if apt_install("graphviz") and shutil.which("dot"):
        return True
    say("graphviz's `dot` program is missing, so graphs will be shown as text. "
        "Install it with one of:\n"
        "    sudo apt-get install graphviz           (Debian/Ubuntu)\n"
        "    brew install graphviz                   (macOS)\n"
        "    conda install -c conda-forge graphviz   (conda)")
    return False


def setup():
    if sys.version_info < MIN_PYTHON:
        fail(f"this series needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; "
             f"this is {sys.version.split()[0]}. Run run.py with a newer python3.")
    make_venv()
    install_requirements()
    return ensure_graphviz()


def run_in_venv(args):
    """Run a command with the project's virtual environment first on PATH."""
    env = dict(os.environ)
    env["PATH"] = str(venv_python().parent) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(VENV)
    try:
        return subprocess.run(args, cwd=ROOT, env=env).returncode
    except KeyboardInterrupt:
        return 130


def lab(extra):
    setup()
    args = [str(venv_python()), "-m", "jupyter", "lab", FIRST_LESSON,
            "--ServerApp.ip=127.0.0.1"]
    if is_root():
        args.append("--allow-root")
    say("starting JupyterLab on 127.0.0.1 (open the link with the token below)")
    return run_in_venv(args + extra)


def test(extra):
    if not setup():
        say("warning: without `dot`, the notebooks' stored graph outputs will "
            "not match and those nbval tests will fail.")
    return run_in_venv([str(venv_python()), "-m", "pytest", "--nbval"] + extra)


def notebooks(extra):
    setup()
    return run_in_venv([str(venv_python()), "tools/execute_notebooks.py"] + extra)


def bench(extra):
    setup()
    return run_in_venv([str(venv_python()), "benchmarks/moons.py"] + extra)


COMMANDS = {"lab": lab, "test": test, "notebooks": notebooks, "bench": bench,
            "setup": lambda extra: (setup(), 0)[1]}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        print(__doc__.strip())
        return 2
    return COMMANDS[argv[1]](argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
