"""Build the documentation site into `_docs/` from the notebooks' stored outputs (nothing is executed but the
`show_doc` calls): nbdev's processors turn each notebook into a page (hidden and exported cells removed, `#|`
directives applied, an API entry with signature and docstring after each exported function, class and method, doc
links), then Sphinx with myst-nb renders the pages with the Furo theme, warnings as errors.

Run: python docs/build.py            (offline; about a minute here)
     python docs/build.py --check    (also the site checks CI runs: figures, links, screenshots; see docs/check.py)
The GitHub workflow `.github/workflows/docs.yaml` runs the same command and publishes `_docs/` to GitHub Pages.
"""
import argparse
import inspect
import json
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROC = ROOT / "_proc"
SITE_URL = re.compile(r"https://yoda-nb\.github\.io/yoda_nb/([\w.-]+)\.html(#[\w.-]+)?")
QUARTO_ATTRS = re.compile(r'\)\{target="_blank"[^}]*\}')
DIRECTIVE = re.compile(r"^\s*#\|\s*([\w-]+):?\s*(.*)$")


def notebooks() -> list[Path]:
    "The notebooks in reading order: index first, then by their number."
    nbs = sorted((ROOT / "nbs").glob("[0-9]*.ipynb"))
    return [ROOT / "nbs" / "index.ipynb"] + nbs


def method_docs_proc(module: str):
    "An nbdev processor adding `show_doc(Class.method)` after each `show_doc(Class)` for the class's own public methods."
    from nbdev.process import Processor
    from execnb.nbio import mk_cell
    import importlib

    class add_method_docs(Processor):
        def begin(self):
            mod = importlib.import_module(module)
            cells = self.nb.cells
            for i in reversed(range(len(cells))):
                m = re.fullmatch(r"show_doc\((\w+)\)", cells[i].source.strip())
                obj = getattr(mod, m.group(1), None) if m else None
                if not inspect.isclass(obj) or obj.__module__ != module: continue
                own = [k for k, v in vars(obj).items() if not k.startswith("_") and
                       (inspect.isfunction(v) or isinstance(v, (classmethod, staticmethod, property)))]
                for k in reversed(own):
                    cell = mk_cell(f"show_doc({obj.__name__}.{k})"); cell.has_sd = True
                    cells.insert(i + 1, cell)
    return add_method_docs


def process(path: Path) -> tuple[str, dict]:
    "(page name, processed notebook as JSON) of one notebook, through nbdev's processors and ours."
    from execnb.nbio import read_nb
    from nbdev.process import NBProcessor
    from nbdev.processors import FilterDefaults, _default_exp, add_show_docs
    nb = read_nb(path)
    exp = _default_exp(nb)
    procs = list(FilterDefaults().procs())
    if exp: procs.insert(procs.index(add_show_docs) + 1, method_docs_proc(f"yoda_nb.{exp}"))
    NBProcessor(path, procs, nb=nb).process()
    fm = nb.get("frontmatter_", {}) or {}
    name = "index" if path.stem == "index" else Path(fm.get("output-file", path.stem)).stem
    cells = [{"cell_type": "markdown", "metadata": {}, "source": f"# {fm.get('title', name)}\n\n> {fm.get('description', '')}"
              if fm.get("description") else f"# {fm.get('title', name)}"}]
    for c in nb.cells:
        if c.cell_type == "raw" or not c.get("source", "").strip(): continue
        if c.cell_type == "markdown":
            if c.source.startswith("<!-- WARNING"): continue
            cells.append({"cell_type": "markdown", "metadata": {}, "source": links(c.source)})
            continue
        lines, tags = c.source.splitlines(), []
        for line in lines:
            d = DIRECTIVE.match(line)
            if d and d.group(1) == "echo" and d.group(2).strip() == "false": tags.append("remove-input")
        src = "\n".join(l for l in lines if not DIRECTIVE.match(l)).strip("\n")
        outs = [clean_output(o) for o in c.get("outputs", []) if keep_output(o)]
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {"tags": tags} if tags else {},
                      "outputs": outs, "source": src})
    meta = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}
    return name, {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


def links(text: str) -> str:
    "Doc links to the published site made relative (`page.ipynb#anchor`), and Quarto link attributes removed."
    text = QUARTO_ATTRS.sub(")", text)
    return SITE_URL.sub(lambda m: f"{m.group(1)}.ipynb{(m.group(2) or '').lower()}", text)


def keep_output(o) -> bool:
    "Outputs that are content: not stderr (progress bars, warnings) and not widget state."
    if o.get("output_type") == "stream" and o.get("name") == "stderr": return False
    return not any(k.startswith("application/vnd.jupyter.widget") for k in o.get("data", {}))


def clean_output(o) -> dict:
    "A JSON-ready output with relative doc links in its markdown."
    o = json.loads(json.dumps(o))
    md = o.get("data", {}).get("text/markdown")
    if md is not None:
        md = "".join(md) if isinstance(md, list) else md
        o["data"] = {"text/markdown": links(md)}                     # show_doc: the markdown alone
    return o


def build(out: Path) -> dict:
    "Process every notebook into `_proc/`, add the navigation, and run Sphinx into `out`."
    from sphinx.cmd.build import build_main
    t0 = time.time()
    shutil.rmtree(PROC, ignore_errors=True); PROC.mkdir()
    pages, manifest = [], {}
    for path in notebooks():
        name, nb = process(path)
        manifest[path.name] = name
        if name == "index": index = nb
        else: pages.append(name)
        (PROC / f"{name}.ipynb").write_text(json.dumps(nb, indent=1))
    (PROC / "pages.json").write_text(json.dumps(manifest, indent=1))          # notebook -> page, for docs/check.py
    index["cells"].append({"cell_type": "markdown", "metadata": {},
                           "source": "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(pages) + "\n```"})
    (PROC / "index.ipynb").write_text(json.dumps(index, indent=1))
    shutil.rmtree(out, ignore_errors=True)
    rc = build_main(["-W", "--keep-going", "-q", "-b", "html", "-c", str(ROOT / "docs"), str(PROC), str(out)])
    if rc: raise SystemExit(f"Sphinx failed (exit {rc}); warnings are errors, see above.")
    (out / ".nojekyll").write_text("")                              # GitHub Pages: serve _static as is
    return {"pages": len(pages) + 1, "seconds": round(time.time() - t0, 1), "out": str(out)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "_docs"))
    ap.add_argument("--check", action="store_true", help="run docs/check.py on the result")
    a = ap.parse_args()
    res = build(Path(a.out))
    print(f"built {res['pages']} pages into {res['out']} in {res['seconds']} s")
    if a.check:
        sys.path.insert(0, str(ROOT / "docs"))
        import check
        check.main([a.out])


if __name__ == "__main__":
    main()
