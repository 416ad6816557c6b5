"""The report in a real browser: contents, evidence pages, hover data, KWIC, term scatter."""

from __future__ import annotations

import pytest

from tests.integration.conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium


@pytest.mark.slow
def test_a_reader_navigates_the_report_and_uses_its_views(demo_report):
    require_chromium()
    from playwright.sync_api import sync_playwright

    out, result = demo_report
    assert result.returncode == 0, result.stderr
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((out / "index.html").as_uri())
        # The contents lead to every section, and the event's findings are on the index.
        toc = page.locator("nav.toc a")
        assert toc.count() >= 8
        page.locator("nav.toc a", has_text="port-strike").click()
        assert page.evaluate("location.hash") == "#event-port-strike"
        section = page.locator("#event-port-strike")
        assert section.locator("ul.findings li").count() >= 2
        assert section.locator("figure img").count() >= 6
        page.screenshot(path=str(out.parent / "index.png"))
        # The evidence page: hover data on marks and quotes, the KWIC filter.
        section.locator("a", has_text="evidence page").click()
        page.wait_for_selector("article[data-id]")
        loaded = page.locator("article span.mark.loaded").first
        assert "loaded term" in loaded.get_attribute("title")
        quote = page.locator("article span.quote").first
        assert "side:" in quote.get_attribute("title")
        page.fill("#kwic-term", "strike")
        rows = page.locator("#kwic-results tr")
        assert rows.count() >= 4
        assert all("strike" in m.lower() for m in rows.locator("td.match").all_inner_texts())
        page.fill("#kwic-term", "")
        page.select_option("#kwic-kind", "scare_quote")
        assert page.locator("#kwic-results tr").count() >= 1
        page.screenshot(path=str(out.parent / "evidence.png"))
        # The term scatter: a dot's click lists its contexts; the menu switches pairs.
        page.goto((out / "scatter" / "port-strike.html").as_uri())
        page.locator(".view.shown circle[r='4.5']").last.click()
        panel = page.locator(".view.shown div.panel")
        assert panel.locator("h3").inner_text().strip()
        assert panel.locator("li").count() >= 2
        options = page.locator("#pair option").count()
        page.select_option("#pair", str(options - 1))
        assert page.locator(f"#view-{options - 1}").is_visible()
        page.screenshot(path=str(out.parent / "scatter.png"))
        browser.close()
