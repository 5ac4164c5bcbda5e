"""What every phone-sized browser test checks: nothing on the page scrolls sideways."""

from playwright.sync_api import Page


def assert_fits_width(page: Page, width: int) -> None:
    """Fail when the current document is wider than ``width`` CSS pixels.

    Waits for the page that a preceding click may still be loading, so the width measured is the new page's; the
    callers also wait for something only the new page shows before calling this.
    """
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement !== null && document.body !== null")
    measured = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert measured <= width, f"页面宽 {measured}px，超出 {width}px 屏宽"
