"""Prepare JupyterLab for the lessons; run with the Python that runs JupyterLab.

    python tools/lab_setup.py [NOTEBOOK ...]

1. Writes JupyterLab's default settings for this environment
   (``<sys.prefix>/share/jupyter/lab/settings/overrides.json``):
   widget state is saved with a notebook, so a lesson reopened after its
   kernel has stopped shows each widget as it was instead of "Error
   displaying widget: model not found"; and no news pop-up or update check
   covers the first lesson.
2. Trusts the given notebooks (Jupyter's own ``jupyter trust``), so that a
   lesson opened before it is run shows its stored graphs as pictures
   rather than as text (JupyterLab shows SVG only in trusted notebooks).
   Only the series' own lessons are passed here.

``run.py lab`` runs it before every launch; ``binder/postBuild`` runs it once
when Binder builds the image.  Settings a learner changes in JupyterLab are
kept: these are only defaults.
"""

import json
import sys
from pathlib import Path

OVERRIDES = {
    # Save widget state in the notebook (JupyterLab's default is not to).
    "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True},
    # No "Would you like to get news?" pop-up, no news, no update check.
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false", "checkForUpdates": False},
}


def settings_path(prefix=None):
    prefix = Path(sys.prefix if prefix is None else prefix)
    return prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def write_overrides(path=None):
    """Merge OVERRIDES into overrides.json (other entries are kept)."""
    path = settings_path() if path is None else Path(path)
    current = {}
    if path.exists():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            current = {}
    merged = dict(current)
    for plugin, values in OVERRIDES.items():
        merged[plugin] = {**current.get(plugin, {}), **values}
    if merged != current or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def trust(paths):
    """Sign each notebook as trusted, as `jupyter trust` does."""
    import nbformat
    from nbformat.sign import NotebookNotary
    notary = NotebookNotary()
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        if not notary.check_signature(nb):
            notary.sign(nb)


def main(args):
    write_overrides()
    trust([Path(a) for a in args])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
