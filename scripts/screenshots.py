"""Screenshots of the pages for the README, taken in headless Debian Chromium.

    .venv/bin/python scripts/screenshots.py [--site exports/html] [--out docs/screenshots]

Opens each page as a visitor would (1400×1000, default zoom, nothing clicked),
waits until the graph is drawn and its labels placed, and writes a PNG per page.
Uses /usr/bin/chromium through playwright (never ``playwright install``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
#: name -> (page, width, height)
SHOTS = {
    "overview": ("index.html", 1400, 1000),
    "theme": ("theme/defence-and-security.html", 1400, 1000),
    "entity": ("entity/Malabar.html", 1400, 1000),
    "reader": ("source/article.html#L35S1", 1400, 1000),
    "timeline": ("timeline.html", 1400, 1000),
    "path": ("path.html?from=ijr:Malabar&to=ijr:FOIP", 1400, 1000),
    "overview-phone": ("index.html", 360, 740),
}
DRAWN = "document.getElementById('ijg-network')?.dataset.drawn === '1'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "exports" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", default=None, help="names of shots to take")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (path, width, height) in SHOTS.items():
            if args.only and name not in args.only:
                continue
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(
                (args.site / path.split("#")[0].split("?")[0]).resolve().as_uri()
                + path[len(path.split("#")[0].split("?")[0]) :]
            )
            if page.locator("#ijg-network").count():
                page.wait_for_function(DRAWN, timeout=20000)
            page.wait_for_timeout(300)
            target = args.out / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"wrote {target}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
