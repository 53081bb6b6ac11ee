"""Nothing a body contains can run in the preview or on the published page."""

from __future__ import annotations

import nh3
import pytest

from editor.render.markdown_html import render_markdown
from editor.render.sanitize import is_media_path, sanitize_html
from tests.render.html_check import executable_parts, parse, url_scheme

# Markdown an editor could paste, on purpose or from a hostile source.
XSS_MARKDOWN = {
    "javascript link": "[click](javascript:alert(1))",
    "mixed-case scheme": "[click](JaVaScRiPt:alert(1))",
    "entity-encoded scheme": "[click](jav&#x61;script:alert(1))",
    "decimal entity scheme": "[click](&#106;avascript:alert(1))",
    "named entity colon": "[click](javascript&colon;alert(1))",
    "percent-encoded tab in scheme": "[click](java%09script:alert(1))",
    "leading space": "[click]( javascript:alert(1))",
    "angle-bracket destination": "[click](<javascript:alert(1)>)",
    "vbscript": "[click](vbscript:msgbox(1))",
    "data text/html link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data svg image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "javascript image": "![x](javascript:alert(1))",
    "reference link": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "autolink breakout": '<http://a.example/" onmouseover="alert(1)>',
    "script tag": "<script>alert(1)</script>",
    "script in paragraph": "Hello <script>alert(1)</script> world",
    "img onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)>",
    "svg block": "<svg>\n<script>alert(1)</script>\n</svg>",
    "alt attribute breakout": '![x" onerror="alert(1)](a.png)',
    "src attribute breakout": '![x](a.png" onerror="alert(1))',
    "title attribute breakout": '[x](https://a.example "t\\" onmouseover=\\"alert(1)")',
    "style tag": "<style>body { display: none }</style>",
    "style attribute": '<p style="background: url(javascript:alert(1))">x</p>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "object": '<object data="evil.swf"></object>',
    "embed": '<embed src="evil.swf">',
    "form": '<form action="https://evil.example"><input name="x"><button>Go</button></form>',
    "raw anchor": '<a href="javascript:alert(1)">x</a>',
    "math xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base tag": '<base href="javascript:alert(1)//">',
    "comment hiding script": "<!-- x --><script>alert(1)</script>",
    "html block over blank lines": '<div onclick="alert(1)">\n\n*x*\n\n</div>',
    "fence breakout": "```\n</code></pre><script>alert(1)</script>\n```",
    "fence info breakout": '```" onmouseover="alert(1)\ncode\n```',
    "table cell": "| a |\n| - |\n| <img src=x onerror=alert(1)> |",
    "list item": "- <svg onload=alert(1)>\n- [x](javascript:alert(1))",
    "quote": "> <iframe src=javascript:alert(1)>",
    "heading": "# <script>alert(1)</script>",
}


@pytest.mark.parametrize("markdown", XSS_MARKDOWN.values(), ids=XSS_MARKDOWN.keys())
def test_markdown_leaves_nothing_executable(markdown: str) -> None:
    html = render_markdown(markdown)
    assert executable_parts(html) == []
    assert parse(html).errors == []


# Raw HTML straight into the sanitizer: the second line of defence holds on its own.
XSS_HTML = {
    "script": "<script>alert(1)</script><p>ok</p>",
    "img onerror": '<img src="x" onerror="alert(1)">',
    "svg onload": "<svg onload=alert(1)><circle/></svg>",
    "javascript href": '<a href="javascript:alert(1)">x</a>',
    "entity scheme": '<a href="jav&#x61;script:alert(1)">x</a>',
    "tab in scheme": '<a href="java&#9;script:alert(1)">x</a>',
    "newline in scheme": '<a href="java\nscript:alert(1)">x</a>',
    "data html": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "data image": '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "style": "<style>*{}</style><p style='color:red'>x</p>",
    "iframe": "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "object embed": "<object data=x></object><embed src=x>",
    "form": "<form><input onfocus=alert(1) autofocus></form>",
    "event attribute on allowed tag": '<p onclick="alert(1)" onmouseover="x">x</p>',
    "details ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "noscript": "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    "source line forged": '<p data-source-line="1" onclick="x">x</p>',
}


@pytest.mark.parametrize("html", XSS_HTML.values(), ids=XSS_HTML.keys())
def test_sanitizer_alone_leaves_nothing_executable(html: str) -> None:
    assert executable_parts(sanitize_html(html)) == []


def test_executable_parts_finds_what_it_should() -> None:
    # The checker must be able to fail, or every test above passes vacuously.
    assert executable_parts('<a href="javascript:alert(1)">x</a>') != []
    assert executable_parts('<a href=" JAVA&#x09;SCRIPT:alert(1)">x</a>') != []
    assert executable_parts('<img src="x" onerror="alert(1)">') != []
    assert executable_parts("<script>alert(1)</script>") != []
    assert executable_parts('<img src="data:image/png;base64,xx">') != []
    assert executable_parts('<a href="https://example.org/">x</a>') == []


def test_links_keep_only_web_and_mail_schemes() -> None:
    html = render_markdown(
        "[web](https://example.org/a?b=1) [plain](http://example.org) "
        "[mail](mailto:team@example.org) [page](events/forum.html) [anchor](#agenda) "
        "[phone](tel:+3212345) [ftp](ftp://example.org/file)"
    )
    links = {a.get("href") for a in parse(html).tags("a")}
    assert links == {
        "https://example.org/a?b=1",
        "http://example.org",
        "mailto:team@example.org",
        "events/forum.html",
        "#agenda",
        None,  # tel: and ftp: lose their href, keep their text
    }
    assert "phone" in html and "ftp" in html


def test_every_link_gets_noopener_noreferrer() -> None:
    html = render_markdown("[a](https://example.org) and <https://example.org/b>")
    anchors = parse(html).tags("a")
    assert len(anchors) == 2
    assert all(a.get("rel") == "noopener noreferrer" for a in anchors)


def test_raw_html_shows_as_text() -> None:
    html = render_markdown("Press <kbd>Ctrl</kbd> and <b>bold</b>")
    assert "&lt;kbd&gt;Ctrl&lt;/kbd&gt;" in html
    assert parse(html).tags("b") == [] and parse(html).tags("kbd") == []


def test_alt_text_stays_an_attribute_value() -> None:
    html = render_markdown('![x" onerror="alert(1)](media/a.png)')
    (image,) = parse(html).tags("img")
    assert image.get("alt") == 'x" onerror="alert(1)'
    assert image.get("onerror") is None
    assert image.get("src") == "media/a.png"


@pytest.mark.parametrize(
    "src",
    ["media/photo.jpg", "media/2022/forum%20hall.png", "photo.jpg", "media/a.png?v=2"],
)
def test_media_images_are_kept(src: str) -> None:
    (image,) = parse(render_markdown(f"![Hall]({src})")).tags("img")
    assert image.get("src") == src


@pytest.mark.parametrize(
    "src",
    [
        "../secret.png",
        "media/../../secret.png",
        "%2e%2e/secret.png",
        "/etc/passwd",
        "//evil.example/pixel.gif",
        "file:///etc/passwd",
        "C:/Users/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_other_local_images_become_their_alt_text(src: str) -> None:
    assert not is_media_path(src)
    parsed = parse(render_markdown(f"See ![the hall]({src})"))
    assert parsed.tags("img") == []
    assert "the hall" in "".join(parsed.text)


def test_remote_image_becomes_a_link_to_it() -> None:
    # The published pages load images from their own site only (CSP img-src 'self').
    parsed = parse(render_markdown("![Chart of arrivals](https://stats.example.org/c.png)"))
    assert parsed.tags("img") == []
    (link,) = parsed.tags("a")
    assert link.get("href") == "https://stats.example.org/c.png"
    assert "Chart of arrivals" in "".join(parsed.text)


def test_remote_image_inside_a_link_does_not_nest_links() -> None:
    parsed = parse(render_markdown("[![logo](https://x.example/l.png)](https://x.example)"))
    assert len(parsed.tags("a")) == 1
    assert parsed.errors == []


def test_rendering_is_a_pure_function_of_the_text() -> None:
    from editor.render import markdown_html

    text = "# Title\n\nSome *text* with [a link][l].\n\n[l]: https://example.org\n"
    first = render_markdown(text)
    markdown_html.clear_caches()
    assert render_markdown(text) == first
    assert text == "# Title\n\nSome *text* with [a link][l].\n\n[l]: https://example.org\n"


def test_url_scheme_reads_like_a_browser() -> None:
    assert url_scheme(" \tjava\nscript:alert(1)") == "javascript"
    assert url_scheme("jav&#x61;script:alert(1)") is None  # '&' cannot be in a scheme
    assert url_scheme("media/a.png") is None
    assert url_scheme("HTTPS://x") == "https"


def test_the_fallback_for_older_nh3_sanitizes_the_same() -> None:
    from editor.render import sanitize

    samples = [*XSS_HTML.values(), render_markdown("| a |\n| :-: |\n| [x](https://e.org) |")]
    options = sanitize._options()
    for html in samples:
        assert nh3.clean(html, **options) == sanitize_html(html)
