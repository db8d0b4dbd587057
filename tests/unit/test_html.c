/* html_to_text: markup to readable, safe plain text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/html.h"
#include "core/utf8.h"

static void check(const char *html, const char *want)
{
    char *got = html_to_text(html, strlen(html));
    assert_non_null(got);
    if (strcmp(got, want) != 0) fail_msg("html: %s\n got: [%s]\nwant: [%s]", html, got, want);
    free(got);
}

static void test_blocks(void **state)
{
    check("<p>First paragraph.</p><p>Second one.</p>", "First paragraph.\n\nSecond one.");
    check("Line one<br>Line two<br/>Line three", "Line one\nLine two\nLine three");
    check("Para<br><br>Next", "Para\n\nNext");
    check("<div><h2>Results</h2><div>Revenue rose.</div></div>", "Results\n\nRevenue rose.");
    check("<ul><li>One</li><li>Two</li></ul>After", "- One\n- Two\n\nAfter");
    check("<table><tr><th>Ticker</th><th>Close</th></tr><tr><td>AAPL</td><td>184.15</td></tr>"
          "</table>",
          "Ticker | Close\nAAPL | 184.15");
    check("<blockquote>Quoted</blockquote>tail", "Quoted\n\ntail");
    check("", "");
    check("plain text only", "plain text only");
}

/* Paragraphs, breaks and the common entities, the shape of most wire copy,
 * read as the parser's tree has them: text before any start tag is in an
 * implied paragraph, an end tag with nothing open is ignored, and what the
 * parser would read otherwise (a byte order mark, a control reference)
 * still reads as it does. */
static void test_paragraphs_only(void **state)
{
    check("<p>One &amp; two</p><p>Three</p>", "One & two\n\nThree");
    check("</p>A</p>B", "A\n\nB");
    check("<br>A</p>B", "AB");
    check("A<br> <br>B", "A\n\nB");
    check("&#39;quoted&#039; &lt;b&gt; &quot;x&quot;", "'quoted' <b> \"x\"");
    check("  \n <p>x</p>", "x");
    check("text <p>para</p> tail", "text\n\npara\n\ntail");
    check("<p>a<p>b</p></p>c", "a\n\nb\n\nc");
    check("\xEF\xBB\xBF<p>x</p>", "x");
    check("<p>A&#127;B</p>", "AB");
    check("<p>A&nbsp;B</p>", "A B");
}

static void test_whitespace(void **state)
{
    check("  lots   of\n\n  space\t here  ", "lots of space here");
    check("<p>  leading</p>  <p>trailing  </p>  ", "leading\n\ntrailing");
    check("a&nbsp;&nbsp;b", "a b");
    check("<pre>  x = 1\n  y = 2</pre>", "  x = 1\n  y = 2");
    check("<b>bold</b><i>italic</i> <span>span</span>", "bolditalic span");
}

static void test_links(void **state)
{
    check("See <a href=\"https://ir.example.com/q4\">the release</a>.",
          "See the release <https://ir.example.com/q4>.");
    check("<a href=\"https://example.com/x\">https://example.com/x</a>", "https://example.com/x");
    check("<a href=\"https://example.com/x/\">example.com/x</a>", "example.com/x");
    check("<a href=\"javascript:alert(1)\">click</a>", "click");
    check("<a href=\"#top\">top</a>", "top");
    check("<a href=\"https://example.com/img\"><img src=\"a.png\"></a>end", "end");
}

static void test_dropped(void **state)
{
    check("<script>var x = '<p>no</p>';</script>kept", "kept");
    check("<style>p { color: red }</style><p>kept</p>", "kept");
    check("<head><title>T</title></head><body>body</body>", "body");
    check("<!-- comment -->text", "text");
    check("<iframe src=\"https://ads.example\">ad</iframe>text", "text");
}

static void test_entities(void **state)
{
    check("AT&amp;T &mdash; S&amp;P&nbsp;500 &#8217;24 &#x20AC;5", "AT&T — S&P 500 ’24 €5");
    check("&lt;b&gt;not bold&lt;/b&gt;", "<b>not bold</b>");
    check("5 &lt; 6 &amp; 7 &gt; 3", "5 < 6 & 7 > 3");
}

static void test_hostile(void **state)
{
    check("x&#27;[31mred&#27;[0my", "xredy");
    check("a\x1b]52;c;cm0gLXJm\x07z", "az");
    check("<p>nul\0byte</p>", "nul");
    char *t = html_to_text("<p>nul\0byte</p>", 16);
    assert_string_equal(t, "nulbyte");
    free(t);
    check("bidi \xe2\x80\xae"
          "reversed\xe2\x80\xac ok",
          "bidi reversed ok");
    check("bad \xff\xfe bytes", "bad \xef\xbf\xbd\xef\xbf\xbd bytes");
    check("</p></div></li><td>unbalanced", "unbalanced");
    check("<p><b><i>unclosed", "unclosed");
}

/* An escape sequence left open (raw or as references) ends at the next
 * tag: the markup and text after it survive. */
static void test_escape_bounded(void **state)
{
    check("<p>One &#27;]0;T&#7; evil</p><p>Two</p>", "One evil\n\nTwo");
    check("<p>One &#27;]0;T</p><p>Two</p>", "One\n\nTwo");
    check("<p>One \x1b]0;T</p><p>Two</p>", "One\n\nTwo");
    check("<p>One &#x1B;P1$r</p><b>Two</b> three", "One\n\nTwo three");
    check("<p>One \xc2\x9d"
          "0;T <b>Two</b></p>",
          "One Two");
    check("One &#27;[<b>Two</b>", "One Two");
    /* C1 references read as Windows-1252; its holes stay controls */
    check("a&#155;2Jb &#150; c", "a\xe2\x80\xba"
                                 "2Jb \xe2\x80\x93 c");
    check("a&#157;0;T<b>b</b>", "ab");
    check("x&#27;y z&#27", "x z");
}

/* Text after an <embed>, <object> or <iframe> that is never closed is not
 * lost inside it; a closed one still takes its inside away. */
static void test_unclosed_embeds(void **state)
{
    check("<p>a <embed src=\"x.swf\"> b</p><p>c</p>", "a b\n\nc");
    check("a <embed src=\"x.swf\"></embed> b", "a b");
    check("Intro <object data=\"x.svg\">Buybacks resume.", "Intro Buybacks resume.");
    check("<p>Before</p><iframe src=\"https://v.example/1\"><p>After.</p>", "Before\n\nAfter.");
    check("a <IFRAME src=x> b <b>c</b>", "a b c");
    check("<video src=\"v.mp4\"><p>Text after the player.</p>", "Text after the player.");
    check("a <iframe src=\"https://v.example/1\">no frames</iframe> b", "a b");
    check("a <object data=\"x\"><param name=\"p\" value=\"v\">fallback</object> b", "a b");
    /* one closed, one not: the text after the open one survives */
    check("<iframe src=x></iframe>one <iframe src=y>two", "one two");
}

/* Markup that gives no text lists what it shows instead. */
static void test_media_only(void **state)
{
    check("<img src=\"https://c.example/spx.png\" alt=\"S&amp;P 500\">",
          "Image: S&P 500 <https://c.example/spx.png>");
    check("<table><tr><td><img src=\"https://c.example/vix.png\"></td></tr></table>",
          "Image <https://c.example/vix.png>");
    check("<a href=\"https://c.example/n\"><img src=\"https://c.example/n.png\"></a>",
          "Link <https://c.example/n>\nImage <https://c.example/n.png>");
    check("<iframe src=\"https://v.example/e/1\"></iframe>", "Embedded <https://v.example/e/1>");
    check("<video><source src=\"https://v.example/a.mp4\"></video>",
          "Media <https://v.example/a.mp4>");
    check("<img src=\"data:image/png;base64,AAAA\">", ""); /* no address worth showing */
    check("<img src=\"javascript:x()\" alt=\"\x1b]0;t\x07"
          "chart\">",
          "Image: chart");
    check("<p>text</p><img src=\"https://c.example/a.png\">", "text"); /* text: no list */
}

static void test_deep(void **state)
{
    /* Nesting far deeper than a small thread stack would survive with a
     * recursive walk. */
    size_t depth = 2000;
    char *html = malloc(depth * 5 + 16);
    assert_non_null(html);
    size_t k = 0;
    for (size_t i = 0; i < depth; i++)
        memcpy(html + k, "<div>", 5), k += 5;
    memcpy(html + k, "deep", 4);
    k += 4;
    char *t = html_to_text(html, k);
    assert_non_null(t);
    assert_non_null(strstr(t, "deep"));
    free(t);
    free(html);
    /* Beyond libxml2's limit the text is cut, without harm. */
    depth = 100000;
    html = malloc(depth * 5 + 16);
    assert_non_null(html);
    for (k = 0; k < depth * 5; k += 5)
        memcpy(html + k, "<div>", 5);
    t = html_to_text(html, k);
    assert_non_null(t);
    free(t);
    free(html);
}

static void test_looks_like(void **state)
{
    assert_true(html_looks_like("<p>x</p>", 8));
    assert_true(html_looks_like("a</b>", 5));
    assert_true(html_looks_like("AT&amp;T", 8));
    assert_true(html_looks_like("it&#8217;s", 10));
    assert_true(html_looks_like("<!-- c -->", 10));
    assert_false(html_looks_like("S&P 500", 7));
    assert_false(html_looks_like("P/E < 20", 8));
    assert_false(html_looks_like("a <= b", 6));
    assert_false(html_looks_like("R&D;", 4));
    assert_false(html_looks_like("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks),         cmocka_unit_test(test_whitespace),
        cmocka_unit_test(test_links),          cmocka_unit_test(test_dropped),
        cmocka_unit_test(test_entities),       cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_deep),           cmocka_unit_test(test_looks_like),
        cmocka_unit_test(test_escape_bounded), cmocka_unit_test(test_unclosed_embeds),
        cmocka_unit_test(test_media_only),     cmocka_unit_test(test_paragraphs_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
