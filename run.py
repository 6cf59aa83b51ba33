#!/usr/bin/env python3
"""One entry point for learners, teachers and contributors.

    python3 run.py lab         set up if needed, open lesson 1 in JupyterLab
    python3 run.py lab --type-along
                               the same with the type-along edition, in which you
                               write the engine yourself (your copies: my-type-along/)
    python3 run.py test        set up if needed, run every test (pytest --nbval)
    python3 run.py reset NN    put lesson NN of my-lessons/ back to its original
                               (your version is kept in my-lessons/backups/);
                               add --type-along for my-type-along/
    python3 run.py setup       only set up: .venv with the pinned packages, graphviz
    python3 run.py notebooks   re-execute every lesson in place (stored outputs)
    python3 run.py bench       time the moons demo (benchmarks/moons.py);
                               --save stores the run for the lessons' tables
    python3 run.py figures     rewrite the README's speed table from the stored run
    python3 run.py links       point the README's Binder links at binder/repository
    python3 run.py type-along  regenerate type-along/ from the lessons' marked pieces
    python3 run.py course DIR  write an nbgrader course of the ten lessons to DIR
                               (for teachers: see "For teachers" in README.md)

Set-up is idempotent: the virtual environment is made once, and packages are
installed again only when requirements.txt changes.  Extra arguments after
`test` go to pytest (for example `python3 run.py test -x tests/`).

Your own work lives in my-lessons/: `lab` copies each lesson there the first
time (and any lesson added later), never over one you already have, so the
originals in notebooks/ stay as published and `git pull` never touches your
answers.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / ".requirements.sha256"
LESSONS = ROOT / "notebooks"          # the published lessons (version-controlled)
WORK = ROOT / "my-lessons"            # the learner's own copies (ignored by git)
TYPE_ALONG = ROOT / "type-along"      # the type-along edition (generated from LESSONS)
TYPE_ALONG_WORK = ROOT / "my-type-along"  # the learner's copies of that edition
ORIGINALS = ".originals.json"         # in WORK: sha256 of each original when copied
FIRST_LESSON = "01_derivatives.ipynb"
BINDER_REPOSITORY = ROOT / "binder" / "repository"
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
    # JupyterLab's defaults for the lessons (widget state saved, no news).
    subprocess.run([str(venv_python()), str(ROOT / "tools" / "lab_setup.py")], cwd=ROOT,
                   check=False)
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


def lesson_files(folder):
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _read_originals(work):
    try:
        return json.loads((work / ORIGINALS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_originals(work, record):
    (work / ORIGINALS).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n",
                                  encoding="utf-8")


def make_working_copies(lessons=LESSONS, work=WORK):
    """Copy every lesson the learner has no copy of yet; never overwrite one.

    Returns (copied, changed): the lessons copied now, and the lessons whose
    original has changed since the learner's copy was made (an update).
    """
    lessons, work = Path(lessons), Path(work)
    work.mkdir(parents=True, exist_ok=True)
    record = _read_originals(work)
    copied, changed = [], []
    for lesson in lesson_files(lessons):
        mine = work / lesson.name
        if not mine.exists():
            shutil.copyfile(lesson, mine)
            record[lesson.name] = _digest(lesson)
            copied.append(lesson.name)
        elif record.get(lesson.name) != _digest(lesson):
            changed.append(lesson.name)
    _write_originals(work, record)
    return copied, changed


def reset_lesson(which, lessons=LESSONS, work=WORK, stamp=None):
    """Replace the learner's copy of lesson ``which`` ("03", "3" or its file
    name) with the original; the learner's version moves to work/backups/.
    Returns (original, backup or None)."""
    import time
    lessons, work = Path(lessons), Path(work)
    key = str(which).strip()
    if key.isdigit():
        key = f"{int(key):02d}_"
    found = [p for p in lesson_files(lessons) if p.name.startswith(key) or p.stem == key]
    if len(found) != 1:
        names = ", ".join(p.name[:2] for p in lesson_files(lessons))
        raise ValueError(f"no single lesson matches {which!r}; say one of {names}")
    original = found[0]
    mine = work / original.name
    backup = None
    if mine.exists():
        stamp = stamp or time.strftime("%Y%m%d-%H%M%S")
        backup = work / "backups" / f"{original.stem}.{stamp}.ipynb"
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(mine), str(backup))
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(original, mine)
    record = _read_originals(work)
    record[original.name] = _digest(original)
    _write_originals(work, record)
    return original, backup


def edition(extra):
    """(originals, working copies, the flag to repeat) for the edition ``extra`` asks for;
    ``extra`` loses the --type-along flag."""
    if "--type-along" in extra:
        extra.remove("--type-along")
        return TYPE_ALONG, TYPE_ALONG_WORK, " --type-along"
    return LESSONS, WORK, ""


def prepare_lab(lessons=LESSONS, work=WORK, flag=""):
    """The learner's working copies, JupyterLab's settings, trusted lessons."""
    copied, changed = make_working_copies(lessons, work)
    if copied:
        say(f"copied {len(copied)} lesson(s) to {work.name}/: your own copies, where "
            f"your answers are saved (the originals in {lessons.name}/ stay untouched)")
    for name in changed:
        say(f"{name} has been updated since you copied it. `python3 run.py reset "
            f"{name[:2]}{flag}` gives you the new version (yours is kept in "
            f"{work.name}/backups/)")
    notebooks = [str(p) for p in lesson_files(work) + lesson_files(lessons)]
    subprocess.run([str(venv_python()), str(ROOT / "tools" / "lab_setup.py")] + notebooks,
                   cwd=ROOT, check=False)


def lab_args(extra=(), root=ROOT, python=None, work=WORK):
    """The JupyterLab command: 127.0.0.1 only, opening lesson 01 of ``work``."""
    args = [str(python or venv_python()), "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.default_url=/lab/tree/{Path(work).name}/{FIRST_LESSON}"]
    if is_root():
        args.append("--allow-root")
    return args + list(extra)


def lab(extra):
    extra = list(extra)
    lessons, work, flag = edition(extra)
    setup()
    prepare_lab(lessons, work, flag)
    say("starting JupyterLab on 127.0.0.1: open the link with the token below "
        f"(it opens {work.name}/{FIRST_LESSON})")
    return run_in_venv(lab_args(extra, work=work))


BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+(?=\?urlpath=)")
COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/blob/"
                        r"[\w.-]+/(?=notebooks/)")
GITHUB_REMOTE = re.compile(r"github\.com[:/]([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def binder_target(path=BINDER_REPOSITORY):
    """(owner/name, branch) from binder/repository, the one Binder setting."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            repo, branch = line.split()
            return repo, branch
    raise ValueError(f"{path} names no repository")


ALONE_START = "import importlib.util, os, subprocess\n"
ALONE_END = "fetched into bfs-series/.\")\n"


def alone_block(repo, branch):
    """The lines a lesson's first cell runs when it was opened alone (in Colab,
    Kaggle, or as a downloaded file): fetch the series from ``repo`` at ``branch``
    (the one setting, binder/repository) unless BFS_SERIES names another source,
    add it to the path, install only packages that are missing, and say so."""
    return (
        ALONE_START
        + 'if importlib.util.find_spec("autograd_helpers") is None:  # opened alone (Colab, a download)\n'
        + f'    SERIES = os.environ.get("BFS_SERIES", "https://github.com/{repo}")\n'
        + '    if not os.path.isdir("bfs-series"):  # once: the series, from the branch of this lesson\n'
        + f'        subprocess.run(["git", "clone", "-q", "--depth=1", "--no-local", "--branch={branch}",\n'
        + '                        SERIES, "bfs-series"], check=True)\n'
        + '    sys.path[:0] = ["bfs-series", "bfs-series/notebooks"]\n'
        + '    missing = [m for m in ("numpy", "matplotlib", "ipywidgets", "graphviz")\n'
        + '               if importlib.util.find_spec(m) is None]\n'
        + '    if missing:  # nothing is installed when the packages are there already\n'
        + '        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)\n'
        + f'    print(f"Opened alone: the series\' modules come from {{SERIES}} ({branch}), "\n'
        + '          "fetched into bfs-series/.")\n')


def colab_link(repo, branch, lesson):
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/{lesson}"


def binder_link(repo, branch, lesson):
    return (f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks/"
            f"{lesson}")


def lesson_links_line(repo, branch, lesson):
    return (f"[Open in Colab]({colab_link(repo, branch, lesson)}) · "
            f"[Launch on Binder]({binder_link(repo, branch, lesson)}) · this lesson runs "
            "on its own there: its first cell fetches the series' modules.")


def point_lessons_at(repo, branch, folder=LESSONS):
    """Each lesson's links line (end of its first cell) and its fetch (first code cell)."""
    changed = []
    for path in lesson_files(folder):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        intro = "".join(cells[0]["source"])
        line = lesson_links_line(repo, branch, path.name)
        kept = [ln for ln in intro.split("\n") if not ln.startswith("[Open in Colab](")]
        while kept and not kept[-1].strip():
            kept.pop()
        new_intro = "\n".join(kept) + "\n\n" + line
        code = next(c for c in cells if c["cell_type"] == "code")
        source = "".join(code["source"])
        first, rest = source.split("\n", 1)
        start = rest.find(ALONE_START)
        if start == 0:
            rest = rest[rest.index(ALONE_END) + len(ALONE_END):]
        new_source = first + "\n" + alone_block(repo, branch) + rest
        if new_intro != intro or new_source != source:
            cells[0]["source"] = new_intro.splitlines(keepends=True)
            code["source"] = new_source.splitlines(keepends=True)
            # the layout nbformat writes, so that nothing else in the file changes
            path.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
            changed.append(path.name)
    return changed


def binder_links(extra=()):
    """Point every Binder link of README.md at binder/repository's address.

    With --from-git, first write binder/repository from `git remote get-url
    origin` (a GitHub address) and the current branch."""
    if "--from-git" in extra:
        url = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()
        match = GITHUB_REMOTE.search(url)
        if not match:
            fail(f"`git remote get-url origin` gives {url or 'nothing'}, not a GitHub "
                 "address: edit binder/repository by hand instead.")
        branch = subprocess.run(["git", "branch", "--show-current"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip() or "main"
        text = BINDER_REPOSITORY.read_text(encoding="utf-8")
        kept = [ln for ln in text.splitlines() if ln.lstrip().startswith("#")]
        BINDER_REPOSITORY.write_text("\n".join(kept + [f"{match[1]}/{match[2]} {branch}"])
                                     + "\n", encoding="utf-8")
    repo, branch = binder_target()
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = BINDER_LINK.sub(f"https://mybinder.org/v2/gh/{repo}/{branch}", text)
    new = COLAB_LINK.sub(f"https://colab.research.google.com/github/{repo}/blob/{branch}/", new)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    changed = point_lessons_at(repo, branch)
    say(f"README.md's Binder and Colab links, and the lessons' links and fetch, point at "
        f"{repo} ({branch})" + (f"; rewrote {len(changed)} lesson(s): run "
                                "`python3 run.py type-along` to regenerate type-along/"
                                if changed else ""))
    return 0


def reset(extra):
    extra = list(extra)
    lessons, work, flag = edition(extra)
    if len(extra) != 1:
        fail(f"say which lesson to reset, for example: python3 run.py reset 03{flag}")
    try:
        original, backup = reset_lesson(extra[0], lessons, work)
    except ValueError as err:
        fail(str(err))
    kept = f"; your version is in {backup.relative_to(ROOT)}" if backup else ""
    say(f"{work.name}/{original.name} is the original again{kept}")
    return 0


def course(extra):
    """Write an nbgrader course (tools/make_course.py) to the folder given."""
    if len(extra) != 1:
        fail("say where to write the course, for example: python3 run.py course ~/bfs-course")
    setup()
    return run_in_venv([str(venv_python()), "tools/make_course.py",
                        str(Path(extra[0]).expanduser().resolve())])


def type_along(extra):
    """Regenerate type-along/ from the published lessons (after editing a lesson)."""
    setup()
    return run_in_venv([str(venv_python()), "tools/make_type_along.py"] + extra)


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


def figures(extra):
    """Rewrite the README's speed table from benchmarks/moons_results.json."""
    sys.path.insert(0, str(LESSONS))
    import speed_figures
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(speed_figures.README_START), text.find(speed_figures.README_END)
    if start < 0 or end < 0:
        fail("README.md has no speed-table markers to replace")
    new = text[:start] + speed_figures.readme_table() + text[end + len(speed_figures.README_END):]
    if new != text:
        readme.write_text(new, encoding="utf-8")
        say("README.md: speed table rewritten from benchmarks/moons_results.json")
    else:
        say("README.md: speed table already up to date")
    return 0


COMMANDS = {"lab": lab, "test": test, "notebooks": notebooks, "bench": bench,
            "figures": figures, "reset": reset, "links": binder_links,
            "type-along": type_along, "course": course,
            "setup": lambda extra: (setup(), 0)[1]}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        print(__doc__.strip())
        return 2
    return COMMANDS[argv[1]](argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
