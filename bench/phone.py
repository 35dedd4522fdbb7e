"""A reader on a phone: the briefing page in Chromium on a slow 4G network with a 4× slower CPU.

Chromium (Debian's, through Playwright; nothing downloaded) opens the page with the network and
CPU throttled as Lighthouse's mobile profile does (150 ms round trips, 1.6 Mbit/s down,
750 kbit/s up, CPU 4× slower), and reports the Largest Contentful Paint (target: ≤ 2.5 s, Core
Web Vitals' "good") and what the page and its style sheets weigh on the wire and gzipped.
Measured through the front cache (bench/front_cache.py), as readers meet the page.
"""

from __future__ import annotations

import gzip
import http.client
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
LCP_TARGET_MS = 2500.0
WEIGHT_TARGET_BYTES = 100_000
# Lighthouse's "slow 4G" (mobile) profile.
LATENCY_MS = 150
DOWNLOAD_BYTES_PER_SECOND = 1.6 * 1024 * 1024 / 8
UPLOAD_BYTES_PER_SECOND = 750 * 1024 / 8
CPU_SLOWDOWN = 4

_OBSERVE_LCP = """
window.__lcp = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.__lcp = entry.startTime; }
}).observe({type: "largest-contentful-paint", buffered: true});
"""


@dataclass
class PhoneReading:
    missing: str = ""
    lcp_ms: float | None = None
    # Bytes the browser received for the page and its style sheets, and the same gzipped here.
    transferred_bytes: int | None = None
    gzipped_bytes: int | None = None
    scripts: int | None = None

    def as_json(self) -> dict:
        return asdict(self)


def measure(url: str, runs: int = 3) -> PhoneReading:
    """The median LCP of `runs` cold loads, and the page's weight."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return PhoneReading(missing="Playwright is not installed (make install)")
    import os

    if not os.path.exists(CHROMIUM):
        return PhoneReading(missing="Debian's chromium is not installed (make test installs it)")
    paints: list[float] = []
    transferred = scripts = None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"],
        )  # fmt: skip
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 375, "height": 740})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": LATENCY_MS,
                        "downloadThroughput": DOWNLOAD_BYTES_PER_SECOND,
                        "uploadThroughput": UPLOAD_BYTES_PER_SECOND,
                    },
                )
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                page.add_init_script(_OBSERVE_LCP)
                page.goto(url, wait_until="load", timeout=60_000)
                page.wait_for_timeout(1000)
                paints.append(float(page.evaluate("window.__lcp")))
                transferred = int(
                    page.evaluate(
                        """() => {
                          const nav = performance.getEntriesByType("navigation")[0];
                          const css = performance.getEntriesByType("resource")
                            .filter((r) => r.initiatorType === "link" || r.name.endsWith(".css"));
                          return nav.transferSize + css.reduce((n, r) => n + r.transferSize, 0);
                        }"""
                    )
                )
                scripts = int(page.evaluate("document.scripts.length"))
                context.close()
        finally:
            browser.close()
    paints.sort()
    return PhoneReading(
        lcp_ms=paints[len(paints) // 2],
        transferred_bytes=transferred,
        gzipped_bytes=_gzipped_weight(url),
        scripts=scripts,
    )


def _gzipped_weight(url: str) -> int:
    """The page's HTML and its style sheets, gzipped: what any compressing proxy would send."""
    import re

    parts = urlsplit(url)
    html = _get(parts.hostname, parts.port, parts.path + (f"?{parts.query}" if parts.query else ""))
    total = len(gzip.compress(html))
    for href in re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html):
        total += len(gzip.compress(_get(parts.hostname, parts.port, href.decode())))
    return total


def _get(host: str, port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().read()
    finally:
        connection.close()
