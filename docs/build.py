"""Build the documentation site into `_docs/` from the notebooks' stored outputs (nothing is executed but exported
code and the `show_doc` calls): nbdev's processors turn each notebook into a page (hidden and exported cells removed,
`#|` directives applied, an API entry with signature, field comments and docstring after each exported function, class
and documented method, doc links), then ours: the source link under its entry's heading, an entry for each exported
constant, a notebook named by its file stem (`10_face_sr`) made a link to its page, test cells folded, the changelog,
model card and contributing guide as pages (`MARKDOWN_PAGES`), a citation page from `CITATION.cff`, and the sidebar in
the sections of `SECTIONS`; Sphinx with myst-nb renders the pages with the Furo theme, warnings as errors.

Run: python docs/build.py            (offline, about 15 s here)
     python docs/build.py --check    (then the site checks CI runs: figures, links, screenshots; see docs/check.py)
The GitHub workflow `.github/workflows/docs.yaml` runs the same command and publishes `_docs/` to GitHub Pages.
"""
import argparse
import ast
import importlib
import inspect
import json
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROC = ROOT / "_proc"
DOC_LINK = re.compile(r"\[([^\]]+)\]\(https://yoda-nb\.github\.io/yoda_nb/([\w.-]+)\.html(?:#([\w.-]+))?\)")
QUARTO_ATTRS = re.compile(r'\)\{target="_blank"[^}]*\}')
DIRECTIVE = re.compile(r"^\s*#\|\s*([\w-]+):?\s*(.*)$")
NB_NAME = re.compile(r"`?\b(\d\d[a-z]?_[a-z0-9_]+)\b`?")               # a notebook named by its file stem
TEST_CALL = re.compile(r"^\s*(test_\w+\(|assert\b)", re.M)
CONSTANT_LINES = 8                            # a constant's API entry shows at most this many lines
SECTIONS = {                                   # the sidebar: caption -> pages in reading order (every page in one)
    "Get started": ["own_model", "demo", "cli", "reference"],
    "Concepts": ["how_yoda_works", "masking", "saliency"],
    "How-to": ["fast_sampling", "performance", "inference", "train", "metrics"],
    "Results": ["results", "face_sr", "div2k_sr", "ablation"],
    "API reference": ["diffusion", "core", "models", "checkpoints", "data"],
    "Project": ["changelog", "model_card", "citation", "contributing"]}
MARKDOWN_PAGES = {"CHANGELOG.md": "changelog", "yoda_nb/weights/MODEL_CARD.md": "model_card",   # file -> page
                  "CONTRIBUTING.md": "contributing"}


def notebooks() -> list[Path]:
    "The notebooks in reading order: index first, then by their number."
    return [ROOT / "nbs" / "index.ipynb"] + sorted((ROOT / "nbs").glob("[0-9]*.ipynb"))


def method_docs_proc(module: str):
    "An nbdev processor adding `show_doc(Class.method)` after each `show_doc(Class)` for the class's own public methods."
    from execnb.nbio import mk_cell
    from nbdev.process import Processor

    class add_method_docs(Processor):
        def begin(self):
            mod, cells = importlib.import_module(module), self.nb.cells
            for i in reversed(range(len(cells))):
                m = re.fullmatch(r"show_doc\((\w+)\)", cells[i].source.strip())
                obj = getattr(mod, m.group(1), None) if m else None
                if not inspect.isclass(obj) or obj.__module__ != module: continue
                fn = lambda v: getattr(v, "__func__", getattr(v, "fget", v))
                own = [k for k, v in vars(obj).items() if not k.startswith("_") and inspect.isfunction(fn(v))
                       and fn(v).__qualname__.startswith(obj.__name__ + ".")           # defined in the class body
                       and fn(v).__doc__]                               # and documented there (no inherited text)
                for k in reversed(own):
                    cell = mk_cell(f"show_doc({obj.__name__}.{k})"); cell.has_sd = True
                    cells.insert(i + 1, cell)
    return add_method_docs


def constant_docs_proc(module: str):
    """An nbdev processor adding an API entry after each exported cell for the module's public constants it assigns:
    the name as a heading and its assignment as written, comment included (a long one cut after `CONSTANT_LINES`)."""
    from execnb.nbio import mk_cell
    from nbdev.process import Processor

    class add_constant_docs(Processor):
        def begin(self):
            mod, cells = importlib.import_module(module), self.nb.cells
            for i in reversed(range(len(cells))):
                c = cells[i]
                if c.cell_type != "code" or not set(c.directives_) & {"export", "exports"}: continue
                src = "\n".join(l for l in c.source.splitlines() if not DIRECTIVE.match(l))
                lines, entries = src.splitlines(), []
                for node in ast.parse(src).body:
                    targets = getattr(node, "targets", [getattr(node, "target", None)])
                    names = [n.id for t in targets for n in (t.elts if isinstance(t, ast.Tuple) else [t])
                             if isinstance(n, ast.Name)]
                    for n in names:
                        obj = getattr(mod, n, None)
                        if n not in getattr(mod, "__all__", []) or inspect.isfunction(obj) or inspect.isclass(obj):
                            continue
                        code = lines[node.lineno - 1:node.end_lineno]
                        if len(code) > CONSTANT_LINES: code = code[:CONSTANT_LINES - 1] + ["    ..."]
                        entries.append(f"### {n}\n\n```python\n" + "\n".join(code) + "\n```")
                for e in reversed(entries): cells.insert(i + 1, mk_cell(e, cell_type="markdown"))
    return add_constant_docs


def docs_exec_proc(module: str | None):
    """nbdev's `exec_show_docs`, running only import-only cells and `show_doc` calls (never experiments); an exported
    cell imports the module's own objects instead of running its source, so that `show_doc` reads their source files
    (the field and parameter comments of dataclasses and functions)."""
    from nbdev.processors import _is_showdoc, exec_show_docs
    load = (f"import importlib as _il; globals().update({{k: v for k, v in vars(_il.import_module('{module}')).items() "
            "if not k.startswith('__')})")

    class exec_docs_only(exec_show_docs):
        def __call__(self, cell):
            if cell.cell_type != "code" or not cell.source: return
            trees = cell.parsed_() or []
            exported = bool(set(cell.directives_) & {"export", "exports", "exporti", "exec_doc"})
            imports = bool(trees) and all(isinstance(t, (ast.Import, ast.ImportFrom)) for t in trees)
            if exported and module:
                if (err := self.k.run_cell(load)["exception"]) is not None: raise err
            elif exported or imports or _is_showdoc(cell): super().__call__(cell)
    return exec_docs_only


def md(source: str) -> dict: return {"cell_type": "markdown", "metadata": {}, "source": source}


def keep_output(o) -> bool:
    "Outputs that are content: not stderr (progress bars, warnings) and not widget state."
    if o.get("output_type") == "stream" and o.get("name") == "stderr": return False
    return not any(k.startswith("application/vnd.jupyter.widget") for k in o.get("data", {}))


def real_signature(doc: str, module: str | None) -> str:
    """`doc` with a class's `(*args, **kwargs)` signature (a named tuple's or an exception's, as nbdev renders them)
    replaced by the class's own: its fields, else its bases."""
    m = re.search(r"^#+ (\w+)\n", doc, re.M)
    obj = getattr(importlib.import_module(module), m.group(1), None) if m and module else None
    if not inspect.isclass(obj) or "*args, **kwargs" not in doc: return doc
    try: sig = re.sub(r"ForwardRef\('([^']*)'\)", r"\1", str(inspect.signature(obj)))   # postponed annotations
    except ValueError: sig = "(*args)"                                         # an exception class
    head = obj.__name__ + (sig if "*args" not in sig else "(" + ", ".join(b.__name__ for b in obj.__bases__) + ")")
    return re.sub(r"```python\ndef \w+\(\n    \*args, \*\*kwargs\n\):\n```", f"```python\nclass {head}\n```", doc)


def api_entry(doc: str, module: str | None) -> str:
    "A `show_doc` entry with its source link under its heading, to the file (nbdev cannot give a line here)."
    doc = real_signature(doc.strip().removeprefix("---").strip(), module)
    m = re.match(r"\[source\]\(([^)#]+)(?:#L\w*)?\)\s*\n\n(#+ [^\n]+)\n", doc)
    return doc if not m else f"{m.group(2)}\n\n[source]({m.group(1)})\n" + doc[m.end():]


def process(path: Path) -> tuple[str, dict]:
    "(page name, page notebook as JSON) of one notebook, through nbdev's processors and ours."
    from execnb.nbio import read_nb
    from nbdev.process import NBProcessor
    from nbdev.processors import FilterDefaults, _default_exp, add_show_docs, exec_show_docs
    nb = read_nb(path)
    exp = _default_exp(nb)
    module = exp and f"yoda_nb.{exp}"
    procs = [docs_exec_proc(module) if p is exec_show_docs else p for p in FilterDefaults().procs()]
    if exp:
        at = procs.index(add_show_docs) + 1
        procs[at:at] = [method_docs_proc(module), constant_docs_proc(module)]
    NBProcessor(path, procs, nb=nb).process()
    fm = nb.get("frontmatter_", {}) or {}
    name = "index" if path.stem == "index" else Path(fm.get("output-file", path.stem)).stem
    cells = [md(f"# {fm.get('title', name)}" + (f"\n\n> {fm['description']}" if fm.get("description") else ""))]
    for c in nb.cells:
        if c.cell_type == "raw" or not c.get("source", "").strip(): continue
        if c.cell_type == "markdown":
            if not c.source.startswith("<!-- WARNING"): cells.append(md(QUARTO_ATTRS.sub(")", c.source)))
            continue
        lines = c.source.splitlines()
        hidden = "remove-input" in c.get("metadata", {}).get("tags", []) or \
            any((d := DIRECTIVE.match(l)) and d.group(1) == "echo" and d.group(2).strip() == "false" for l in lines)
        outs = [json.loads(json.dumps(o)) for o in c.get("outputs", []) if keep_output(o)]
        tags = ["remove-input"] if hidden else ["hide-input"] if TEST_CALL.search(c.source) and not outs else []
        docs = ["".join(o["data"]["text/markdown"]) for o in outs if "text/markdown" in o.get("data", {})]
        if hidden and docs:                                      # show_doc: an API entry, part of the page's sections
            cells += [md(api_entry(QUARTO_ATTRS.sub(")", d), module)) for d in docs]; continue
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {"tags": tags} if tags else {},
                      "outputs": outs, "source": "\n".join(l for l in lines if not DIRECTIVE.match(l)).strip("\n")})
    for i, c in enumerate(cells): c["id"] = f"{name}-{i}"
    meta = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}
    return name, {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


def markdown_page(text: str, stem: str) -> dict:
    "Markdown as a page: a notebook of one markdown cell per `## ` section, ids `stem-0`, `stem-1`, ..."
    cells = [md(part.strip()) for part in re.split(r"(?m)^(?=## )", text) if part.strip()]
    for i, c in enumerate(cells): c["id"] = f"{stem}-{i}"
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def citation() -> str:
    "The citation page's Markdown: BibTeX for the paper and for this package, from `CITATION.cff` and its version."
    import yaml
    from yoda_nb import __version__
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    paper = cff["preferred-citation"]
    authors = " and ".join(f"{a['family-names']}, {a['given-names']}" for a in paper["authors"])
    arxiv = next((i["value"] for i in paper.get("identifiers", []) if i["value"].startswith("arXiv:")), None)
    bib_paper = (f"@inproceedings{{{paper['authors'][0]['family-names'].lower()}{paper['year']}yoda,\n"
                 f"  title = {{{paper['title']}}},\n  author = {{{authors}}},\n"
                 f"  booktitle = {{{paper['collection-title']}}},\n  year = {{{paper['year']}}}"
                 + (f",\n  note = {{{arxiv}}}" if arxiv else "") + "\n}")
    bib_sw = (f"@software{{yoda_nb,\n  title = {{{cff['title']}}},\n  author = {{{{{cff['authors'][0]['name']}}}}},\n"
              f"  version = {{{__version__}}},\n  url = {{{cff['repository-code']}}},\n"
              f"  license = {{{cff['license']}}}\n}}")
    return (f"# Citation\n\n{cff['message']}\n\n## The paper\n\n```bibtex\n{bib_paper}\n```\n\n"
            f"## This package\n\n```bibtex\n{bib_sw}\n```\n\n`CITATION.cff` at the top of the repository holds both "
            "(GitHub's \"Cite this repository\" reads it).")


def slug(text: str) -> str:
    "MyST's heading anchor for `text` (myst_heading_anchors)."
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(nb: dict) -> set[str]:
    "The heading anchors of a page."
    return {slug(h) for c in nb["cells"] if c["cell_type"] == "markdown" for h in re.findall(r"^#+ (.+)$", c["source"], re.M)}


def relink(nb: dict, known: dict[str, set[str]], names: dict[str, tuple[str, str]]) -> dict:
    """nbdev's doc links to the published site made relative (`page.ipynb#anchor`); links to names without an entry
    dropped; a notebook named by its file stem (`10_face_sr`) becomes a link to its page under its title (`names`:
    stem -> (page, title))."""
    def one(m):
        page, frag = m.group(2), slug(m.group(3) or "")
        if page in known and (not frag or frag in known[page]): return f"[{m.group(1)}]({page}.ipynb{'#' + frag if frag else ''})"
        return m.group(1)
    def by_name(m):
        if m.group(1) not in names: return m.group(0)
        page, title = names[m.group(1)]
        return f"[{title}]({page}.ipynb)"
    for c in nb["cells"]:
        if c["cell_type"] != "markdown": continue
        parts = re.split(r"(```.*?```|\$\$.*?\$\$|\[[^\]]*\]\([^)]*\))", DOC_LINK.sub(one, c["source"]), flags=re.S)
        c["source"] = "".join(p if i % 2 else NB_NAME.sub(by_name, p) for i, p in enumerate(parts))   # not in code
    return nb


def title(nb: dict) -> str:
    "A page's title: its first heading."
    return re.match(r"# (.+)", nb["cells"][0]["source"]).group(1).strip()


def toctrees(pages: list[str]) -> str:
    "The home page's hidden toctrees, one per `SECTIONS` caption; a page in none, or in two, is an error."
    placed = [p for ps in SECTIONS.values() for p in ps]
    if sorted(placed) != sorted(pages):
        raise SystemExit(f"docs/build.py SECTIONS: pages in no section {sorted(set(pages) - set(placed))}, unknown or "
                         f"twice {sorted(p for p in set(placed) if placed.count(p) > 1 or p not in pages)}")
    return "\n\n".join(f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n:caption: {cap}\n\n" + "\n".join(ps) + "\n```"
                       for cap, ps in SECTIONS.items())


def build(out: Path) -> dict:
    "Process every notebook into `_proc/`, add the navigation, and run Sphinx into `out`."
    from sphinx.cmd.build import build_main
    t0 = time.time()
    shutil.rmtree(PROC, ignore_errors=True); PROC.mkdir()
    shutil.copytree(ROOT / "nbs" / "images", PROC / "images")        # figures the notebooks' markdown shows
    processed = {path.name: process(path) for path in notebooks()}
    processed |= {f: (name, markdown_page((ROOT / f).read_text(), name)) for f, name in MARKDOWN_PAGES.items()}
    processed["CITATION.cff"] = "citation", markdown_page(citation(), "citation")
    known = {name: anchors(nb) for name, nb in processed.values()}
    names = {Path(f).stem: (name, title(nb)) for f, (name, nb) in processed.items()}
    pages = [name for name, _ in processed.values() if name != "index"]
    for name, nb in processed.values():
        if name == "index": nb["cells"].append({"id": "toctree", **md(toctrees(pages))})
        (PROC / f"{name}.ipynb").write_text(json.dumps(relink(nb, known, names), indent=1))
    (PROC / "pages.json").write_text(json.dumps({k: v[0] for k, v in processed.items()}, indent=1))   # for docs/check.py
    shutil.rmtree(out, ignore_errors=True)
    rc = build_main(["-W", "--keep-going", "-q", "-b", "html", "-c", str(ROOT / "docs"), str(PROC), str(out)])
    if rc: raise SystemExit(f"Sphinx failed (exit {rc}); warnings are errors, see above.")
    (out / ".nojekyll").write_text("")                              # GitHub Pages: serve _static as is
    shutil.rmtree(ROOT / "jupyter_execute", ignore_errors=True)     # myst-nb's scratch folder
    return {"pages": len(pages) + 1, "seconds": round(time.time() - t0, 1), "out": str(out)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "_docs"))
    ap.add_argument("--check", action="store_true", help="run docs/check.py on the result")
    a = ap.parse_args()
    res = build(Path(a.out))
    print(f"built {res['pages']} pages into {res['out']} in {res['seconds']} s")
    if a.check:
        import check
        check.main([a.out])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "docs"))
    main()
