"The docs site checker (docs/check.py) finds what it promises to find; CI runs it on the real site after building it."
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
from check import check_pages  # noqa: E402


def test_checker_finds_broken_links_anchors_missing_figures_and_directives(tmp_path):
    (tmp_path / "core.html").write_text('<h2 id="load-image">x</h2><a href="core.html#load-image">ok</a>'
                                        '<a href="masking.html#nope">bad anchor</a><a href="gone.html">bad page</a>'
                                        '<a href="https://example.org/x">external</a><img src="_images/a.png">')
    (tmp_path / "masking.html").write_text('<p id="time-mask">#| hide</p>')
    (tmp_path / "_images").mkdir(); (tmp_path / "_images" / "a.png").write_bytes(b"png")
    bad = check_pages(tmp_path, {"00_core.ipynb": "core", "02_masking.ipynb": "masking"})
    assert any("missing anchor masking.html#nope" in b for b in bad)
    assert any("broken link gone.html" in b for b in bad)
    assert any("masking.html: 0 images, but 02_masking.ipynb has" in b for b in bad)   # its figures are missing
    assert any("core.html: 1 images, but 00_core.ipynb has 2" in b for b in bad)
    assert any("masking.html: a `#|` directive" in b for b in bad)
    assert not any("example.org" in b or "core.html#load-image" in b for b in bad)    # external and good links pass


def test_sidebar_sections_and_notebook_names_become_links(tmp_path):
    from build import SECTIONS, api_entry, relink, toctrees
    from check import sidebar_gaps
    (tmp_path / "index.html").write_text("".join(f'<span class="caption-text">{c}</span>' for c in list(SECTIONS)[:-1]))
    assert sidebar_gaps(tmp_path) == [f"index.html: no sidebar section {list(SECTIONS)[-1]!r}"]
    pages = [p for ps in SECTIONS.values() for p in ps]
    assert toctrees(pages).count(":caption:") == len(SECTIONS)
    try: toctrees(pages + ["orphan"]); raise AssertionError("a page in no section passed")
    except SystemExit as e: assert "pages in no section ['orphan']" in str(e)
    nb = {"cells": [{"cell_type": "markdown", "source": "as `10_face_sr` found; ```\nyoda 10_face_sr\n```"}]}
    out = relink(nb, {}, {"10_face_sr": ("face_sr", "Face SR")})["cells"][0]["source"]
    assert out.startswith("as [Face SR](face_sr.ipynb) found") and "yoda 10_face_sr" in out   # code left alone
    doc = api_entry("---\n\n[source](https://x/yoda_nb/diffusion.py#LNone)\n\n### Maps\n\n```python\ndef Maps(\n"
                    "    *args, **kwargs\n):\n```\n\n*YODA's input*", "yoda_nb.diffusion")
    assert doc.startswith("### Maps\n\n[source](https://x/yoda_nb/diffusion.py)\n")       # the link under its heading
    assert "class Maps(A: torch.Tensor, l: float)" in doc                                     # the real signature
