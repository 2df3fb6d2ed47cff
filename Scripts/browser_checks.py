#!/usr/bin/env python3
"""The web pages in headless Chromium, against a running `assetmap serve` over the real Trafford database.

Run by Scripts/test-browser, which builds the database, creates an officer key and starts the server offline.
Each check prints PASS or FAIL; axe-core runs on every page and any `serious` or `critical` violation fails it.
Screenshots at desktop (1280x900) and phone (390x844) widths go to --screenshots.
"""
import argparse
import json
import os
import re
import sys
import time
import urllib.request

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

DESKTOP = (1280, 900)
PHONE = (390, 844)


class Checks:
    def __init__(self, base, key, screenshots):
        self.base = base.rstrip("/")
        self.key = key
        self.screenshots = screenshots
        self.passed = 0
        self.failed = []
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--force-device-scale-factor=1", "--lang=en-GB", "--no-first-run", "--disable-extensions"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # The Debian driver, named explicitly: Selenium must not try to download one (the test runs offline).
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_script_timeout(60)
        self.viewport(*DESKTOP)

    # MARK: helpers

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed.append(name)
            print(f"FAIL {name}{': ' + str(detail) if detail else ''}")
        return condition

    def viewport(self, width, height):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def wait(self, condition, timeout=20):
        return WebDriverWait(self.driver, timeout).until(condition)

    def wait_css(self, selector, timeout=20):
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, selector)), timeout)

    def css(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def api(self, path, method="GET", body=None):
        request = urllib.request.Request(self.base + path, method=method, headers={"Authorization": f"Bearer {self.key}"})
        if body is not None:
            request.data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def axe(self, page):
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run(options='{"resultTypes": ["violations"]}')
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        detail = "; ".join(f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}" for v in bad)
        self.check(f"{page}: axe-core finds no serious or critical violation", not bad, detail)
        minor = [f"{v['id']} ({v['impact']})" for v in results["violations"] if v not in bad]
        if minor:
            print(f"     note {page}: minor axe findings: {', '.join(minor)}")

    def console_errors(self, page):
        errors = [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
        self.check(f"{page}: no errors in the browser console", not errors, errors[:3])

    def screenshot(self, name, full_height=False):
        """Desktop and phone; the page's whole height when asked, so a reader sees what follows the fold."""
        for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
            self.viewport(width, height)
            self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
            time.sleep(0.6)  # layout and the map settle at the new width
            if full_height:
                total = self.driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)")
                self.viewport(width, max(height, total))
                time.sleep(0.4)
            self.driver.save_screenshot(os.path.join(self.screenshots, f"{name}-{label}.png"))
        self.viewport(*DESKTOP)
        time.sleep(0.3)

    def keyboard_focus_visible(self, page):
        """The skip link is the first thing the keyboard reaches, and it shows when focused."""
        body = self.driver.find_element(By.TAG_NAME, "body")
        self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        body.send_keys("\ue004")  # Tab
        active = self.driver.switch_to.active_element
        visible = self.driver.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.width > 0", active)
        self.check(f"{page}: Tab reaches the visible skip link first",
                   active.get_attribute("class") == "skip-link" and visible, active.get_attribute("outerHTML")[:80])

    # MARK: pages

    def resident_search(self):
        d = self.driver
        d.get_log("browser")  # start with an empty console log
        d.get(f"{self.base}/?q=library&near=WA15%209NT")
        try:
            self.wait_css("#results li.result")
            self.wait(lambda _: len(self.css("#map .leaflet-marker-icon")) > 1, 20)
        except TimeoutException:
            self.check("search: results and map appear", False, d.find_element(By.ID, "status").text)
            return None
        first = self.css("#results li.result")[0]
        name = first.find_element(By.CSS_SELECTOR, "h3 a").text
        self.check("search: Hale Library is the first result for library near WA15 9NT", name == "Hale Library", name)
        distance = first.find_element(By.CSS_SELECTOR, ".distance").text
        self.check("search: the first result shows its distance", re.search(r"\d+(\.\d)? (m|km) away", distance) is not None, distance)
        self.check("search: the form is filled from the URL",
                   d.find_element(By.ID, "q").get_attribute("value") == "library"
                   and d.find_element(By.ID, "near").get_attribute("value") == "WA15 9NT")
        status = d.find_element(By.ID, "status")
        self.check("search: the result count is announced in a live region",
                   status.get_attribute("aria-live") == "polite" and "result" in status.text, status.text)
        markers = self.css("#map .leaflet-marker-icon")
        paths = self.css("#map path.leaflet-interactive, #map svg path")
        self.check("search: the map draws result markers", len(markers) >= len(self.css("#results li.result")), len(markers))
        self.check("search: the map draws the ward boundary without tiles", len(paths) >= 1, len(paths))
        self.check("search: no tiles are requested offline", not self.css("#map .leaflet-tile"))
        self.keyboard_focus_visible("search")
        self.axe("search")
        self.screenshot("search")
        # A new search from the form is pushed into the URL, so it can be shared and gone back to.
        box = d.find_element(By.ID, "q")
        box.clear()
        box.send_keys("food bank")
        d.find_element(By.CSS_SELECTOR, "#search-form button[type=submit]").click()
        try:
            self.wait(lambda _: "q=food+bank" in d.current_url or "q=food%20bank" in d.current_url, 10)
            self.wait(lambda _: "food bank" in d.find_element(By.ID, "status").text, 20)
            self.check("search: a new search is pushed into the URL", True)
        except TimeoutException:
            self.check("search: a new search is pushed into the URL", False, d.current_url)
        d.back()
        try:
            self.wait(lambda _: d.find_element(By.ID, "q").get_attribute("value") == "library", 10)
            self.check("search: Back returns to the previous search", True)
        except TimeoutException:
            self.check("search: Back returns to the previous search", False, d.current_url)
        # A result opens its detail from /v1/entities/{id}.
        def first_link(_):
            links = self.css("#results li.result h3 a")
            try:
                return links[0] if links and links[0].text == "Hale Library" else False
            except Exception:  # replaced while being read
                return False
        self.wait(first_link, 20).click()
        try:
            self.wait(lambda _: d.find_element(By.ID, "detail-heading").text == "Hale Library", 20)
            body = d.find_element(By.ID, "detail-body").text
            self.check("detail: shows the fields, the sources and when they were updated",
                       "Address" in body and "Where this information comes from" in body and "libraries" in body
                       and "Last updated" in body, body[:200])
            self.check("detail: the URL names the entity", "entity=" in d.current_url, d.current_url)
        except TimeoutException:
            self.check("detail: opens", False, d.current_url)
        self.axe("detail")
        self.screenshot("detail", full_height=True)
        self.console_errors("search and detail")

    def officer(self):
        d = self.driver
        d.get(f"{self.base}/officer")
        d.execute_script("sessionStorage.clear()")
        d.get(f"{self.base}/officer")
        self.wait_css("#sign-in:not([hidden])")
        self.axe("officer sign-in")
        # A wrong key is refused with a message by the field.
        d.find_element(By.ID, "api-key").send_keys("not-a-key")
        d.find_element(By.CSS_SELECTOR, "#sign-in-form button").click()
        try:
            self.wait(lambda _: d.find_element(By.ID, "sign-in-error").is_displayed(), 10)
            self.check("officer: a wrong key is refused with a message", "not valid" in d.find_element(By.ID, "sign-in-error").text)
        except TimeoutException:
            self.check("officer: a wrong key is refused with a message", False)
        d.get_log("browser")  # the 401 for the wrong key is expected
        key_box = d.find_element(By.ID, "api-key")
        key_box.clear()
        key_box.send_keys(self.key)
        d.find_element(By.CSS_SELECTOR, "#sign-in-form button").click()
        try:
            self.wait_css("#pair-heading", 30)
            self.wait_css("#coverage table", 60)
        except TimeoutException:
            self.check("officer: the review queue and coverage load after signing in", False, d.find_element(By.ID, "review").text[:200])
            return
        self.check("officer: the key is kept in sessionStorage",
                   d.execute_script("return sessionStorage.getItem('assetmap.apiKey')") == self.key)
        heading = d.find_element(By.ID, "pair-heading").text
        pair_id = int(re.search(r"Pair (\d+)", heading).group(1))
        table = d.find_element(By.CSS_SELECTOR, "#review table").text
        self.check("officer: the pair is explained comparison by comparison with weights",
                   "name" in table.lower() and "Total" in table and re.search(r"[+−]\d+\.\d\d", table) is not None, table[:200])
        self.check("officer: the two records are side by side", len(self.css("#review .record-card")) == 2)
        self.axe("officer review")
        self.screenshot("officer", full_height=True)
        before = [item["id"] for item in self.api("/v1/review?limit=100")["items"]]
        self.check("officer: the pair shown is in the API's queue", pair_id in before, before[:5])
        d.find_element(By.CSS_SELECTOR, "#review button[data-decision=different]").click()
        try:
            self.wait(lambda _: f"Pair {pair_id} decided" in d.find_element(By.ID, "review-status").text, 30)
            self.check("officer: the decision is announced", True)
        except TimeoutException:
            self.check("officer: the decision is announced", False, d.find_element(By.ID, "review-status").text)
        after = [item["id"] for item in self.api("/v1/review?limit=100")["items"]]
        self.check("officer: the decided pair leaves the queue (checked through the API)", pair_id not in after)
        decided = self.api(f"/v1/review/{pair_id}")["pair"]["decision"]
        self.check("officer: the API records the decision as different", decided and decided["decision"] == "different", decided)
        # An import, checked only (dry run): the summary comes back and nothing changes.
        root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
        d.find_element(By.ID, "import-file").send_keys(os.path.realpath(os.path.join(root, "../shared/data/trafford/lists/community_hubs.csv")))
        d.find_element(By.ID, "import-profile").send_keys(os.path.join(root, "Profiles/trafford/community_hubs.profile.json"))
        d.find_element(By.ID, "import-dry-run").click()
        d.find_element(By.ID, "import-button").click()
        try:
            self.wait(lambda _: "Checked community_hubs.csv" in d.find_element(By.ID, "import-status").text, 30)
            summary = d.find_element(By.ID, "import-result").text
            self.check("officer: an import (checked only) shows its summary", "Read" in summary and "Unchanged" in summary, summary[:120])
        except TimeoutException:
            self.check("officer: an import (checked only) shows its summary", False, d.find_element(By.ID, "import-status").text)
        self.console_errors("officer")

    def area(self):
        d = self.driver
        d.get_log("browser")
        hit = next(r for r in self.api("/v1/search?q=library&near=WA15%209NT&per_page=1")["results"])
        ward = hit["areas"]["ward"]
        d.get(f"{self.base}/areas/{ward['code']}?layer=ward")
        try:
            self.wait(lambda _: d.find_element(By.ID, "area-heading").text == ward["name"], 20)
            self.wait_css("#profile table", 20)
            self.wait_css("#gaps table", 30)
            self.wait(lambda _: d.find_element(By.ID, "colocation").text != "", 30)
        except TimeoutException:
            self.check("area: the profile, gaps and co-location load", False, d.find_element(By.TAG_NAME, "main").text[:300])
            return
        self.check(f"area: {ward['name']} is named", True)
        profile = d.find_element(By.ID, "profile").text
        self.check("area: the profile shows residents and counts per 1,000", "residents" in profile and "Per 1,000 residents" in profile, profile[:200])
        gaps = d.find_element(By.ID, "gaps").text
        self.check("area: the gaps table marks this area in words", "(this area)" in gaps, gaps[:200])
        self.check("area: the map draws the area's boundary offline", len(self.css("#map path")) >= 1)
        self.axe("area")
        self.screenshot("area", full_height=True)
        self.console_errors("area")

    def run(self):
        try:
            self.resident_search()
            self.officer()
            self.area()
        finally:
            self.driver.quit()
        print(f"browser: {self.passed} passed, {len(self.failed)} failed")
        return not self.failed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--screenshots", default="bench-out/screenshots")
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    os.environ.setdefault("SE_OFFLINE", "true")
    sys.exit(0 if Checks(args.base, args.key, args.screenshots).run() else 1)


if __name__ == "__main__":
    main()
