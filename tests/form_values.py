"""What a rendered form shows in a field, read from the page's HTML: the tests that check a form keeps what was typed
after an error (信息更正, 会员卡, 诉求, 法律咨询, 法律援助) read the values back with these."""

import html as html_lib
import re


def input_value(html: str, name: str) -> str:
    """The `value` of the `<input name=…>`."""
    found = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', html)
    assert found is not None, name
    return html_lib.unescape(found.group(1))


def selected_value(html: str, name: str) -> str:
    """The value of the selected option of the `<select name=…>`."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    found = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    assert found is not None, name
    return found.group(1)


def textarea_value(html: str, name: str) -> str:
    """The text of the `<textarea name=…>`."""
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert found is not None, name
    return html_lib.unescape(found.group(1))
