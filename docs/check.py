"""Checks of the built site (CI runs them after `docs/build.py`): every page shows at least as many images as its
notebook has figure outputs; every internal link, anchor and local resource resolves; every exported function, class
and constant has an API entry; the sidebar shows every section caption; the formulas of "How YODA works" are typeset
by the site's own MathJax in a headless browser, and a screenshot of the home page and of one module page is not
blank; no page outside the API reference and the Project section has more than 3,000 words of prose (the home page
800).

Run: python docs/check.py [_docs]     (screenshots land in _proc/screenshots/)
"""
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))
from build import PROC, SECTIONS  # noqa: E402

MAX_WORDS = {"index": 800}                     # words of prose a page may have; 3,000 unless named here
EXEMPT = set(SECTIONS["API reference"]) | set(SECTIONS["Project"])       # reference pages: as long as the API is


class Page(HTMLParser):
    "The ids, links, local resources and images of one HTML page."
    def __init__(self):
        super().__init__(); self.ids, self.links, self.resources, self.images = set(), [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.add(a["id"])
        if tag == "a" and a.get("href"): self.links.append(a["href"])
        if tag == "img": self.images += 1
        for k in ("src",) if tag in ("img", "script") else ("href",) if tag == "link" else ():
            if a.get(k): self.resources.append(a[k])


class Prose(HTMLParser):
    "The words of a page's main text: the article, without code blocks, cell outputs and math."
    SKIP = {"pre", "script", "style", "math"}

    def __init__(self):
        super().__init__(); self.article, self.skip, self.open, self.words = 0, None, 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "article": self.article += 1
        if self.skip is None and (tag in self.SKIP or "math" in (dict(attrs).get("class") or "").split()):
            self.skip, self.open = tag, 0                              # skip until this element closes
        if tag == self.skip: self.open += 1

    def handle_endtag(self, tag):
        if tag == "article": self.article -= 1
        if tag == self.skip:
            self.open -= 1
            if not self.open: self.skip = None

    def handle_data(self, data):
        if self.article and self.skip is None: self.words += len(re.findall(r"[A-Za-z]+(?:['-][A-Za-z]+)*", data))


def prose_words(path: Path) -> int:
    p = Prose(); p.feed(path.read_text(encoding="utf-8")); return p.words


def long_pages(site: Path) -> list[str]:
    "Pages with more words of prose than they may have (`MAX_WORDS`; the API reference and Project pages exempt)."
    pages = [n for ps in SECTIONS.values() for n in ps if n not in EXEMPT] + ["index"]
    return [f"{n}.html: {w:,} words of prose, more than {MAX_WORDS.get(n, 3000):,}" for n in pages
            if (w := prose_words(site / f"{n}.html")) > MAX_WORDS.get(n, 3000)]


def parse(path: Path) -> Page:
    p = Page(); p.feed(path.read_text(encoding="utf-8")); return p


def source(name: str) -> Path:
    "The file a page was made from: a notebook in nbs/, or a Markdown file at the top (the changelog)."
    return ROOT / "nbs" / name if (ROOT / "nbs" / name).exists() else ROOT / name


def figures(nb: Path) -> int:
    "Figure outputs (images) stored in a notebook (none in a Markdown file)."
    if nb.suffix != ".ipynb": return 0
    cells = json.loads(nb.read_text())["cells"]
    return sum(1 for c in cells for o in c.get("outputs", []) if any(k.startswith("image/") for k in o.get("data", {})))


def api_gaps(site: Path, manifest: dict) -> list[str]:
    "Exported names (a module's `__all__`: functions, classes and constants) without an API entry (heading anchor)."
    import importlib
    bad = []
    for nb_name, name in manifest.items():
        m = re.search(r"#\|\s*default_exp\s+([\w.]+)", source(nb_name).read_text())
        if not m or not (site / f"{name}.html").exists(): continue
        mod = importlib.import_module(f"yoda_nb.{m.group(1)}")
        ids = parse(site / f"{name}.html").ids
        bad += [f"{name}.html: no API entry for {sym}" for sym in getattr(mod, "__all__", [])
                if sym.lower().replace("_", "-") not in ids]
    return bad


def local(url: str) -> bool:
    s = urlsplit(url)
    return not (s.scheme or s.netloc or url.startswith("mailto:"))


def check_pages(site: Path, manifest: dict | None = None) -> list[str]:
    "Problems with images, links, anchors, resources and leftover `#|` directives, one line each."
    pages = {p: parse(p) for p in site.rglob("*.html")}
    bad = [f"{p.relative_to(site)}: a `#|` directive line shows" for p in pages if "#| " in p.read_text(encoding="utf-8")]
    manifest = manifest if manifest is not None else json.loads((PROC / "pages.json").read_text())
    for nb_name, name in manifest.items():
        nb, page = source(nb_name), site / f"{name}.html"
        if page not in pages: bad.append(f"{nb.name}: no page {page.name}"); continue
        if pages[page].images < figures(nb):
            bad.append(f"{page.name}: {pages[page].images} images, but {nb.name} has {figures(nb)} figure outputs")
    for path, p in pages.items():
        for url in p.links + p.resources:
            if not local(url): continue
            s = urlsplit(url)
            target = (path.parent / unquote(s.path)).resolve() if s.path else path
            if target.is_dir(): target = target / "index.html"
            if not target.exists(): bad.append(f"{path.relative_to(site)}: broken link {url}"); continue
            if s.fragment and target.suffix == ".html" and s.fragment not in pages[target].ids:
                bad.append(f"{path.relative_to(site)}: missing anchor {url}")
    return bad


def sidebar_gaps(site: Path) -> list[str]:
    "Section captions of `SECTIONS` missing from the home page's sidebar."
    html = (site / "index.html").read_text(encoding="utf-8")
    return [f"index.html: no sidebar section {cap!r}" for cap in SECTIONS if f'caption-text">{cap}<' not in html]


def browser() -> str:
    for name in ("chromium-headless-shell", "chromium", "google-chrome", "chrome"):
        if shutil.which(name): return shutil.which(name)
    for p in ("/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium-headless-shell/chromium-headless-shell"):
        if Path(p).exists(): return p
    raise SystemExit("No headless Chromium found: install Debian's chromium-headless-shell (apt-get install chromium-headless-shell).")


HEADLESS = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000"]   # time for MathJax to run


def unrendered_math(page: Path) -> list[str]:
    "The page's math as the browser leaves it: a problem when its TeX was not typeset by the site's own MathJax."
    dom = subprocess.run([browser(), *HEADLESS, "--dump-dom", page.resolve().as_uri()], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    tex, typeset = dom.count('class="math notranslate'), dom.count('class="MathJax"')
    return [] if tex == 0 or typeset >= tex else [f"{page.name}: {tex - typeset} of {tex} formulas not typeset by MathJax"]


def screenshot(page: Path, out: Path, width: int = 1280, height: int = 1400) -> dict:
    "A headless-browser screenshot of `page`, and how much of it is not background."
    from PIL import Image
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([browser(), *HEADLESS, "--hide-scrollbars", f"--window-size={width},{height}", f"--screenshot={out}",
                    page.resolve().as_uri()], check=True, capture_output=True, timeout=120)
    a = np.asarray(Image.open(out).convert("L"), dtype=np.float64)
    background = np.median(a)
    return {"file": str(out), "size": a.shape[::-1], "ink": float((np.abs(a - background) > 24).mean()), "std": float(a.std())}


def main(argv=None) -> int:
    site = Path((argv or sys.argv[1:] or [ROOT / "_docs"])[0])
    bad = check_pages(site) + api_gaps(site, json.loads((PROC / "pages.json").read_text())) + sidebar_gaps(site) \
        + long_pages(site) + unrendered_math(site / "how_yoda_works.html")
    shots = {n: screenshot(site / f"{n}.html", PROC / "screenshots" / f"{n}.png") for n in ("index", "diffusion")}
    for n, s in shots.items():
        print(f"screenshot {n}: {s['size'][0]}x{s['size'][1]}, {s['ink']:.1%} of pixels differ from the background, "
              f"std {s['std']:.1f} -> {s['file']}")
        if s["ink"] < 0.02 or s["std"] < 5: bad.append(f"screenshot of {n}.html is blank ({s['ink']:.1%} ink)")
    n_pages, n_imgs = len(list(site.rglob("*.html"))), sum(parse(p).images for p in site.glob("*.html"))
    print(f"{n_pages} HTML pages, {n_imgs} images; {len(bad)} problem(s)")
    for b in bad: print("  " + b)
    if bad: raise SystemExit(1)
    return 0


if __name__ == "__main__":
    main()
