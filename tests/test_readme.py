"README.md is generated from nbs/index.ipynb; CI runs its shell blocks, so they must stay in sync."
import re

from conftest import ROOT


def readme_from_index() -> str:
    "README.md as `jupyter nbconvert` makes it from index.ipynb, inputs tagged `remove-input` left out (the figure cell)."
    import nbformat
    from nbconvert import MarkdownExporter
    from traitlets.config import Config
    nb = nbformat.read(ROOT / "nbs" / "index.ipynb", as_version=4)
    c = Config(); c.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    body, _ = MarkdownExporter(config=c).from_notebook_node(nb, resources={"unique_key": "README",
                                                                            "output_files_dir": "README_files"})
    return body


def test_readme_is_generated_from_index():
    expected = readme_from_index()
    assert (ROOT / "README.md").read_text() == expected, (
        "README.md is out of date: run `jupyter nbconvert --to markdown nbs/index.ipynb --output-dir . --output README "
        "--TagRemovePreprocessor.remove_input_tags remove-input`")


def test_readme_has_setup_and_test_blocks():
    blocks = re.findall(r"^```sh\n(.*?)^```$", (ROOT / "README.md").read_text(), flags=re.S | re.M)
    assert len(blocks) >= 3
    assert blocks[0].strip() == "bash scripts/setup.sh demo" and blocks[1].strip() == "bash scripts/setup.sh test"
    script = (ROOT / "scripts" / "setup.sh").read_text()
    for must in ("yoda demo", "nbdev_test", "pytest", "torch==$TORCH"): assert must in script, must
