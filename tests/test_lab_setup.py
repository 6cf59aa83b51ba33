"""tools/lab_setup.py: JupyterLab's defaults for the lessons, and trusted lessons."""

import json
import sys
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lab_setup  # noqa: E402

WIDGETS = "@jupyter-widgets/jupyterlab-manager:plugin"
NEWS = "@jupyterlab/apputils-extension:notification"


def test_overrides_save_widget_state_and_ask_for_no_news(tmp_path):
    path = lab_setup.write_overrides(tmp_path / "overrides.json")
    settings = json.loads(path.read_text())
    assert settings[WIDGETS]["saveState"] is True
    assert settings[NEWS] == {"fetchNews": "false", "checkForUpdates": False}


def test_overrides_keep_other_settings(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps({"other:plugin": {"x": 1}, WIDGETS: {"y": 2}}))
    settings = json.loads(lab_setup.write_overrides(path).read_text())
    assert settings["other:plugin"] == {"x": 1}
    assert settings[WIDGETS] == {"y": 2, "saveState": True}


def test_overrides_live_where_jupyterlab_reads_them(tmp_path):
    assert lab_setup.settings_path(tmp_path) == (
        tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json")


def test_trust_signs_the_lessons(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, str(path))
    before = path.read_bytes()
    lab_setup.trust([path])
    assert path.read_bytes() == before  # the file itself is not rewritten
    assert NotebookNotary().check_signature(nbformat.read(str(path), as_version=4))
