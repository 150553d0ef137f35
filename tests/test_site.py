"""The series' web pages (`make site`) in a real browser, with no network: `make test-site`.

A web server on 127.0.0.1 serves _site/html; headless Chromium opens every page, with every
request to another host refused and recorded, and checks what a reader sees: no request left
this machine, every request was answered, MathJax typeset every formula, every figure loaded,
every link inside the site leads to a file that exists (and to an anchor on it, if it names
one), no link leads to a notebook file, and a slider cell shows the sentence of sliders.py. A
screenshot of each page goes to site-screenshots/ (a CI artefact).
"""

import functools
import json
import re
import threading
import urllib.error
import urllib.request
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urldefrag, urlsplit

import pytest
from notebook_cells import alt_text, shows_figure

import chromium
from layout import NOTEBOOKS, ROOT, exercise_copies, lessons
from neuron_to_backprop import sliders

SITE = ROOT / "_site" / "html"
SCREENSHOTS = ROOT / "site-screenshots"
PAGES = sorted(
    path.relative_to(SITE).as_posix()
    for path in SITE.glob("**/*.html")
    if not path.relative_to(SITE).parts[0].startswith("_")  # _static: the theme's templates
)
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LESSONS = [path.stem for path in lessons()]

pytestmark = [
    pytest.mark.site,
    chromium.needed,
]
browser = chromium.browser  # the fixture: a headless Chromium for this module


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """The base URL of a web server on 127.0.0.1 (a free port) serving the built site."""
    assert (SITE / "index.html").exists(), f"no site in {SITE}: run `make site`"
    handler = functools.partial(QuietHandler, directory=SITE)
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


def notebook_of(page):
    """The notebook a page is built from (index.html is the contents page), or None."""
    path = NOTEBOOKS / ("contents.html" if page == "index.html" else page)
    path = path.with_suffix(".ipynb")
    return json.loads(path.read_text()) if path.exists() else None


def cells_of(notebook, cell_type):
    return [c for c in notebook["cells"] if c["cell_type"] == cell_type] if notebook else []


# In the page, once MathJax has finished: its formulas (Sphinx's .math elements, in the text and
# in the sidebar's titles), how many of them MathJax typeset and how many it could not read
# (mjx-merror), text outside code and formulas that still looks like TeX, its images once each
# has loaded or failed, and its links.
SEEN = r"""async () => {
    if (window.MathJax?.startup?.promise) await MathJax.startup.promise;
    const math = [...document.querySelectorAll('.math')];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const raw = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.parentElement.closest('pre, code, script, style, mjx-container')) continue;
        const tex = node.textContent.match(/\$[^$\s][^$]*\$|\\\(|\\\[/);
        if (tex) raw.push(node.textContent.trim().slice(0, 120));
    }
    const images = [...document.querySelectorAll('img')];
    await Promise.all(images.map(i => i.complete ? null : new Promise(done => {
        i.addEventListener('load', done); i.addEventListener('error', done);
    })));
    return {
        math: math.length,
        textMath: document.querySelectorAll('article .math').length,
        typeset: math.filter(m => m.querySelector('mjx-container')).length,
        merrors: document.querySelectorAll('mjx-merror').length,
        raw,
        images: images.map(i => ({
            src: i.getAttribute('src'),
            loaded: i.naturalWidth > 0, figure: !!i.closest('.cell_output'),
        })),
        links: [...document.querySelectorAll('a[href]')].map(a => a.href),
        text: document.body.innerText,
    };
}"""


def visit(browser, server, page_name):
    """Open one page as a reader would, with every request off this machine refused; return
    what the page showed (SEEN), the requests it made, and the ones that failed."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    requests, failed = [], []

    def refuse_other_hosts(route):
        local = urlsplit(route.request.url).hostname in LOCAL_HOSTS
        route.continue_() if local else route.abort()

    context.route("**/*", refuse_other_hosts)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and failed.append(f"{response.url}: {response.status}")
        ),
    )
    try:
        page.goto(server + page_name, wait_until="load")
        seen = page.evaluate(SEEN)
        SCREENSHOTS.mkdir(exist_ok=True)
        name = page_name.removesuffix(".html").replace("/", "-")
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        return seen, requests, failed
    finally:
        context.close()


@functools.cache
def fetch(url):
    """(HTTP status, the ids of the elements of the page) of a GET on url."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode("utf-8", errors="replace")
            return response.status, set(re.findall(r'\bid="([^"]+)"', body))
    except urllib.error.HTTPError as error:
        return error.code, set()


def broken_links(links, server):
    """The links to this site whose file is missing, or whose anchor is not on that page."""
    broken = []
    for link in dict.fromkeys(links):  # each once
        address, anchor = urldefrag(link)
        if not address.startswith(server):
            continue  # another site (the article, PyPI): the reader's browser goes there
        status, ids = fetch(address)
        if status != 200:
            broken.append(f"{link}: HTTP {status}")
        elif anchor and address.endswith(".html") and anchor not in ids:
            broken.append(f"{link}: no element with id {anchor!r}")
    return broken


@pytest.mark.parametrize("page_name", PAGES)
def test_the_page_works_offline(browser, server, page_name):
    seen, requests, failed = visit(browser, server, page_name)
    notebook = notebook_of(page_name)

    elsewhere = [url for url in requests if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert not elsewhere, f"requests that leave this machine: {elsewhere}"
    assert not failed, f"requests that failed: {failed}"

    assert seen["typeset"] == seen["math"], f"{seen['math'] - seen['typeset']} formulas not typeset"
    assert seen["merrors"] == 0, f"{seen['merrors']} formulas MathJax could not read"
    assert not seen["raw"], f"TeX left as text, {len(seen['raw'])} times: {seen['raw'][:3]}"
    with_math = any("$" in "".join(c["source"]) for c in cells_of(notebook, "markdown"))
    assert (seen["textMath"] > 0) == with_math, f"{seen['textMath']} formulas in the text"

    assert not [i["src"] for i in seen["images"] if not i["loaded"]], "images that did not load"
    stored = sum(
        "image/png" in output.get("data", {})
        for cell in cells_of(notebook, "code")
        for output in cell["outputs"]
    )
    assert sum(i["figure"] for i in seen["images"]) == stored, "not every stored figure shows"

    broken = broken_links(seen["links"], server)
    assert not broken, f"links to missing files or anchors: {broken}"
    to_notebooks = [  # Colab's and Binder's links open a notebook on purpose
        link
        for link in seen["links"]
        if link.startswith(server) and urldefrag(link)[0].endswith(".ipynb")
    ]
    assert not to_notebooks, f"links to notebook files, not to their pages: {to_notebooks}"

    slider_cells = sum("sliders.show(" in "".join(c["source"]) for c in cells_of(notebook, "code"))
    shown = seen["text"].count(sliders.WITHOUT_KERNEL)
    assert shown == slider_cells, (
        f"the sliders' sentence {shown} times, {slider_cells} slider cells"
    )
    assert "interactive(children" not in seen["text"]


def test_the_front_page_is_the_contents_and_the_sidebar_lists_every_page_in_order(browser, server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server)
        title = page.locator("article h1").first.inner_text()
        sidebar = page.locator("nav.bd-docs-nav a.reference.internal")
        listed = [urlsplit(href).path for href in sidebar.evaluate_all("a => a.map(x => x.href)")]
    finally:
        context.close()
    contents = "".join(cells_of(notebook_of("index.html"), "markdown")[0]["source"])
    assert title.strip("#¶ \n") == re.search(r"^# (.+)$", contents, re.MULTILINE)[1]
    copies = [path.relative_to(NOTEBOOKS).with_suffix("").as_posix() for path in exercise_copies()]
    expected = [*LESSONS, "notation", *copies]
    assert listed == [f"/{name}.html" for name in expected]


def test_every_figure_carries_its_alt_text():
    """Each figure's alt text is the one in its cell's metadata (myst-nb writes
    {"mystnb": {"image": {"alt": ...}}} there; without it docutils puts the image's file name)."""
    shown_in_all = 0
    for page in PAGES:
        html = (SITE / page).read_text()
        shown = [unescape(alt) for alt in re.findall(r'<img alt="([^"]*)" src="[^"]*"', html)]
        described = [
            alt_text(cell) for cell in cells_of(notebook_of(page), "code") if shows_figure(cell)
        ]  # the exercise copies are stored without outputs: no figure
        assert shown == described, page
        shown_in_all += len(shown)
    assert shown_in_all > 0, "no <img alt=... src=...> in the pages: has the HTML changed?"
