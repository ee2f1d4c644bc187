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
