"""Headless Chromium driven by playwright, for the browser tests (make test-browser, test-site).

It is Debian's package (`playwright install` cannot download a browser here); CHROMIUM names
another build of it (GitHub's runners have google-chrome).
"""

import os
import shutil
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which(os.environ.get("CHROMIUM") or "chromium")
MISSING = "no chromium: sudo apt-get install chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]  # without the network flags Chromium keeps calling home, which this sandbox refuses


@contextmanager
def launch():
    """A started headless Chromium (playwright's Browser), closed afterwards."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
