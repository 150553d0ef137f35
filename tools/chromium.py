"""Headless Chromium driven by playwright, for the browser tests (make test-browser, test-site):
their fixture `browser`, and their mark `needed`, which skips them where there is no Chromium.

It is Debian's package (`playwright install` cannot download a browser here); CHROMIUM names
another build of it (GitHub's runners have google-chrome).
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which(os.environ.get("CHROMIUM") or "chromium")
needed = pytest.mark.skipif(not CHROMIUM, reason="no chromium: sudo apt-get install chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]  # without the network flags Chromium keeps calling home, which this sandbox refuses


@pytest.fixture(scope="module")
def browser():
    """A started headless Chromium (playwright's Browser) for a test module, closed afterwards."""
    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield started
        finally:
            started.close()
