"""Sphinx configuration of the yoda_nb site. `docs/build.py` writes the processed notebooks to `_proc/` and builds
them with this file; do not run sphinx-build on `nbs/` directly."""
from configparser import ConfigParser
from pathlib import Path

import jupyter_server_mathjax

cfg = ConfigParser(delimiters=["="])
cfg.read(Path(__file__).resolve().parents[1] / "settings.ini", encoding="utf-8")
cfg = cfg["DEFAULT"]

project = cfg["lib_name"]
author = cfg["author"]
copyright = cfg["copyright"]
release = version = cfg["version"]
extensions = ["myst_nb", "sphinx.ext.mathjax"]
mathjax_path = "MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"     # MathJax 2.7 from the site's own files, no CDN
mathjax2_config = {"tex2jax": {"processClass": "math|output_area"}}   # myst-nb marks the rest tex2jax_ignore
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nb_execution_mode = "off"                                  # the site shows the notebooks' stored outputs
nb_output_stderr = "remove"                                # progress bars and warnings of the run are not content
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 4                                   # `[f](page.ipynb#f)` links reach API headings
html_theme = "furo"
html_title = f"{project} {version}"
html_static_path = [str(Path(jupyter_server_mathjax.__file__).parent / "static")]   # -> _static/
html_copy_source = False
html_show_sourcelink = False
pygments_style = "friendly"
