"""The Binder configuration (binder/) is complete on its own.

Always: binder/requirements.txt refers to the root requirements.txt,
binder/apt.txt lists graphviz, binder/runtime.txt names the Python the
lessons were executed with, and the README has a Binder badge and a launch
link for every lesson.

With BFS_BINDER_TEST=1 (CI sets it; it takes a few minutes): a Binder-like
fresh install.  The apt packages of binder/apt.txt must be installed on this
machine (as repo2docker would install them); a new virtual environment, made
with the Python of binder/runtime.txt where that interpreter exists, gets
`pip install -r binder/requirements.txt` and nothing else; then the nbval
suite (`pytest --nbval notebooks/`) runs with it in a copy of the repository.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
INSTALL_TIMEOUT = 1800  # seconds for pip, bounded but generous
NBVAL_TIMEOUT = 1800    # seconds for the whole nbval run


def lines(path):
    """The non-empty, non-comment lines of a Binder file."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


def runtime_version():
    (line,) = lines(BINDER / "runtime.txt")
    match = re.fullmatch(r"python-(\d+)\.(\d+)", line)
    assert match, f"binder/runtime.txt should say python-X.Y, not {line!r}"
    return f"{match.group(1)}.{match.group(2)}"


def test_binder_requirements_refer_to_the_root_requirements():
    assert lines(BINDER / "requirements.txt") == ["-r ../requirements.txt"]


def test_binder_apt_installs_graphviz():
    assert "graphviz" in lines(BINDER / "apt.txt")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_binder_runtime_is_the_python_the_lessons_ran_with(lesson):
    info = json.loads(lesson.read_text(encoding="utf-8"))["metadata"]["language_info"]
    executed = ".".join(info["version"].split(".")[:2])
    assert runtime_version() == executed, (
        f"{lesson.name} was executed with Python {executed}, binder/runtime.txt "
        f"says {runtime_version()}")


BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/([\w.-]+)/([\w.-]+)/([\w./-]+?)"
                         r"\?urlpath=lab(?:/|%2F)tree(?:/|%2F)notebooks(?:/|%2F)"
                         r"([0-9][0-9]_[\w-]+\.ipynb)")


def test_binder_links_point_at_the_repository_named_in_the_one_setting():
    sys.path.insert(0, str(ROOT))
    import run
    repo, branch = run.binder_target()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = {"/".join(link[:3]) for link in BINDER_LINK.findall(readme)}
    assert targets == {f"{repo}/{branch}"}, (
        f"README.md's Binder links point at {sorted(targets)}, binder/repository says "
        f"{repo} {branch}: run `python3 run.py links`")


def test_binder_post_build_prepares_jupyterlab_and_fails_loudly():
    text = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert "set -e" in text and "tools/lab_setup.py" in text


def test_readme_has_a_binder_badge_and_a_launch_link_per_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "https://mybinder.org/badge_logo.svg" in readme, "no Binder badge in README.md"
    links = BINDER_LINK.findall(readme)
    assert links, "no Binder launch link (…?urlpath=lab/tree/notebooks/NN_….ipynb) in README.md"
    assert len({link[:3] for link in links}) == 1, (
        f"the Binder links point at different repositories or branches: "
        f"{sorted({'/'.join(link[:3]) for link in links})}")
    launched = {link[3] for link in links}
    missing = [p.name for p in LESSONS if p.name not in launched]
    assert not missing, f"README.md has no Binder launch link for {missing}"
    unknown = sorted(launched - {p.name for p in LESSONS})
    assert not unknown, f"README.md has Binder links to lessons that do not exist: {unknown}"


def apt_package_installed(package):
    if shutil.which("dpkg-query"):
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                                capture_output=True, text=True)
        return result.returncode == 0 and "install ok installed" in result.stdout
    return package == "graphviz" and shutil.which("dot") is not None


def copy_repository(destination):
    """The repository's files as a fresh clone would have them (plus new ones)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True)
    if listed.returncode == 0:
        names = [n for n in listed.stdout.decode().split("\0") if n]
    else:  # not a git checkout: everything but the usual generated folders
        skip = {".venv", ".git", "artifacts", "__pycache__", ".ipynb_checkpoints",
                ".pytest_cache", ".hypothesis"}
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]
    for name in names:
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def run(args, cwd, env, timeout, what):
    print(f"$ {' '.join(map(str, args))}", flush=True)
    try:
        result = subprocess.run(args, cwd=cwd, env=env, timeout=timeout,
                                capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} took longer than {timeout} s", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"{what} failed (exit code {result.returncode}):\n"
                    f"{result.stdout[-6000:]}\n{result.stderr[-3000:]}", pytrace=False)
    return result.stdout


@pytest.mark.skipif(os.environ.get("BFS_BINDER_TEST") != "1",
                    reason="the Binder-like fresh install takes minutes; "
                           "set BFS_BINDER_TEST=1 to run it (.ci/run does)")
def test_binder_like_fresh_install_passes_nbval(tmp_path):
    missing = [p for p in lines(BINDER / "apt.txt") if not apt_package_installed(p)]
    assert not missing, (
        f"binder/apt.txt lists {missing}, not installed on this machine: "
        f"run `sudo apt-get install {' '.join(missing)}` first (Binder installs them itself)")
    assert shutil.which("dot"), "graphviz is installed but `dot` is not on PATH"

    wanted = runtime_version()
    ours = f"{sys.version_info.major}.{sys.version_info.minor}"
    base = getattr(sys, "_base_executable", sys.executable)  # outside the .venv
    python = base if ours == wanted else shutil.which(f"python{wanted}")
    if python is None:
        python = base
        warnings.warn(f"binder/runtime.txt asks for Python {wanted}, which is not on this "
                      f"machine: the Binder-like install uses Python {ours} instead")

    repo = tmp_path / "repo"
    copy_repository(repo)
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV")}
    # The new environment's bin first, and nothing from the project's .venv.
    path = [str(venv / "bin")] + [d for d in env.get("PATH", "").split(os.pathsep)
                                  if d and not Path(d).resolve().is_relative_to(ROOT)]
    env.update(PATH=os.pathsep.join(path), VIRTUAL_ENV=str(venv),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    run([python, "-m", "venv", str(venv)], repo, env, 300, "making the virtual environment")
    vpython = str(venv / "bin" / "python")
    run([vpython, "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
        repo, env, INSTALL_TIMEOUT, "pip install -r binder/requirements.txt")
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "jupyter-data")  # trust database
    run(["bash", "binder/postBuild"], repo, env, 300, "binder/postBuild")
    overrides = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(overrides.read_text())[
        "@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    version = run([vpython, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                  repo, env, 60, "asking the new Python its version").strip()
    if python != base or ours == wanted:
        assert version == wanted, f"the new environment runs Python {version}, not {wanted}"
    output = run([vpython, "-m", "pytest", "--nbval", "notebooks/", "-p", "no:cacheprovider",
                  "-q"], repo, env, NBVAL_TIMEOUT, "pytest --nbval notebooks/ in the fresh install")
    print(output[-2000:])
    assert re.search(r"\d+ passed", output), output[-2000:]

    # One lesson opened alone (as in Colab, or downloaded): an empty folder, the
    # lesson, and its first cell fetching the series from a local clone (BFS_SERIES).
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    run(git + ["init", "-q", "-b", "main"], repo, env, 60, "git init")
    run(git + ["add", "-A"], repo, env, 120, "git add")
    run(git + ["commit", "-qm", "series"], repo, env, 120, "git commit")
    lone, lesson = tmp_path / "lone", "04_automatic_backward.ipynb"
    lone.mkdir()
    shutil.copy(repo / "notebooks" / lesson, lone / lesson)
    # The repository's nbval set-up (root conftest.py), as a plugin in a folder of its
    # own: nothing of the series is importable from it, so the lesson must fetch.
    plugin = tmp_path / "nbval-plugin"
    plugin.mkdir()
    shutil.copy(ROOT / "conftest.py", plugin / "bfs_nbval.py")
    alone_env = dict(env, BFS_SERIES=str(repo), PYTHONPATH=str(plugin))
    output = run_alone(vpython, lone, lesson, alone_env, "the lesson alone, under strict nbval")
    assert re.search(r"\d+ passed", output) and (lone / "bfs-series" / "autograd_helpers.py"
                                                 ).exists(), output[-2000:]
    # Once more without graphviz's `dot`: the lesson says so, and goes on.
    nodot = tmp_path / "bin-without-dot"
    nodot.mkdir()
    os.symlink(shutil.which("git"), nodot / "git")
    env_nodot = dict(alone_env, PATH=os.pathsep.join([str(venv / "bin"), str(nodot)]))
    lone2 = tmp_path / "lone-without-dot"
    lone2.mkdir()
    shutil.copy(repo / "notebooks" / lesson, lone2 / lesson)
    texts = executed_outputs(vpython, lone2, lesson, env_nodot,
                             "the lesson alone, without dot, top to bottom")
    said = "\n".join(texts)
    assert "Opened alone" in said and "dot" in said, said[:3000]


COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/([\w.-]+)/([\w.-]+)/blob/"
                        r"([\w.-]+)/notebooks/([0-9][0-9]_[\w-]+\.ipynb)")


def test_readme_has_a_colab_link_per_lesson_from_the_one_setting():
    sys.path.insert(0, str(ROOT))
    import run
    repo, branch = run.binder_target()
    links = COLAB_LINK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert {f"{o}/{n}/{b}" for o, n, b, _ in links} == {f"{repo}/{branch}"}, (
        "README.md's Colab links do not follow binder/repository: run `python3 run.py links`")
    assert {lesson for *_, lesson in links} == {p.name for p in LESSONS}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_each_lesson_links_to_colab_and_binder_and_fetches_from_the_one_setting(lesson):
    sys.path.insert(0, str(ROOT))
    import run
    repo, branch = run.binder_target()
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    assert run.lesson_links_line(repo, branch, lesson.name) in "".join(cells[0]["source"])
    first = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
    assert run.alone_block(repo, branch) in first, (
        f"{lesson.name}'s first cell does not fetch from binder/repository's {repo} "
        f"({branch}): run `python3 run.py links`")


def run_alone(vpython, lone, lesson, env, what):
    """Run ``lesson`` (in folder ``lone``, alone) under strict nbval; the first cell
    (which says where the modules came from) is the one cell not compared."""
    nb = json.loads((lone / lesson).read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    first["metadata"].setdefault("tags", []).append("nbval-ignore-output")
    (lone / lesson).write_text(json.dumps(nb), encoding="utf-8")
    return run([vpython, "-m", "pytest", "--nbval", lesson, "-p", "no:cacheprovider", "-q",
                "--nbval-current-env", "--nbval-sanitize-with",
                str(ROOT / "tests" / "nbval_sanitize.cfg"), "-p", "bfs_nbval",
                "--rootdir", str(lone)], lone, env, NBVAL_TIMEOUT, what)


def executed_outputs(vpython, folder, lesson, env, what):
    """Execute ``lesson`` top to bottom (errors fail); return all its text output."""
    code = ("import json, sys, nbformat\n"
            "from nbclient import NotebookClient\n"
            "nb = nbformat.read(sys.argv[1], as_version=4)\n"
            "NotebookClient(nb, timeout=600, kernel_name='python3').execute()\n"
            "print(json.dumps([o.get('text', '') + str(o.get('data', {}).get('text/plain', ''))"
            " for c in nb.cells if c.cell_type == 'code' for o in c.outputs]))\n")
    return json.loads(run([vpython, "-c", code, lesson], folder, env, NBVAL_TIMEOUT, what)
                      .strip().splitlines()[-1])
