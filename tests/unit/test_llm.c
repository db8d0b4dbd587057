/* Tests for the research note's request, validation and streaming preview
 * (the transfer itself is tested against tests/llmserver.py in
 * tests/cli/note.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "core/config.h"
#include "core/err.h"
#include "core/llm.h"
#include "core/str.h"

static const char GOOD[] =
    "{\"summary\": \"S.\", \"analysis\": \"A.\", \"risk\": \"R.\", \"contrarian\": \"C.\","
    " \"sentiment\": {\"score\": 0.25, \"label\": \"moderately positive\"},"
    " \"tickers\": [{\"symbol\": \"amzn\", \"score\": 0.5}, {\"symbol\": \"NVDA\", \"sentiment\": "
    "-0.1}]}";

static void test_parse_good(void **state)
{
    struct llm_note n;
    assert_int_equal(llm_note_parse(GOOD, strlen(GOOD), &n), 0);
    assert_string_equal(n.summary, "S.");
    assert_string_equal(n.contrarian, "C.");
    assert_true(n.score == 0.25);
    assert_int_equal(n.n_tickers, 2);
    assert_string_equal(n.tickers[0].symbol, "AMZN");
    assert_true(n.tickers[1].score == -0.1);
    char *j = llm_note_json(&n);
    struct llm_note back;
    assert_int_equal(llm_note_parse(j, strlen(j), &back), 0);
    assert_string_equal(back.risk, "R.");
    free(j);
    llm_note_free(&back);
    llm_note_free(&n);

    /* A fenced block and a bare number for the sentiment are accepted. */
    const char *fenced = "```json\n{\"summary\": \"s\", \"analysis\": \"a\", \"risk\": \"r\","
                         " \"contrarian\": \"c\", \"sentiment\": -1}\n```\n";
    assert_int_equal(llm_note_parse(fenced, strlen(fenced), &n), 0);
    assert_true(n.score == -1);
    assert_int_equal(n.n_tickers, 0);
    llm_note_free(&n);
}

static void expect_bad(const char *text, const char *why)
{
    struct llm_note n;
    assert_int_equal(llm_note_parse(text, strlen(text), &n), -1);
    assert_non_null(strstr(err_msg(), why));
    assert_null(n.summary);
}

static void test_parse_bad(void **state)
{
    expect_bad("Here is the note you asked for.", "not JSON");
    expect_bad("[1, 2]", "not a JSON object");
    expect_bad("{\"summary\": \"s\"}", "\"analysis\"");
    expect_bad("{\"summary\": \" \", \"analysis\": \"a\", \"risk\": \"r\", \"contrarian\": \"c\","
               " \"sentiment\": 0}",
               "\"summary\"");
    expect_bad("{\"summary\": \"s\", \"analysis\": \"a\", \"risk\": \"r\", \"contrarian\": \"c\"}",
               "sentiment");
    expect_bad("{\"summary\": \"s\", \"analysis\": \"a\", \"risk\": \"r\", \"contrarian\": \"c\","
               " \"sentiment\": {\"score\": 1.5}}",
               "from -1 to 1");
    expect_bad("{\"summary\": \"s\", \"analysis\": \"a\", \"risk\": \"r\", \"contrarian\": \"c\","
               " \"sentiment\": 0, \"tickers\": {}}",
               "not a list");
    expect_bad("{\"summary\": \"s\", \"analysis\": \"a\", \"risk\": \"r\", \"contrarian\": \"c\","
               " \"sentiment\": 0, \"tickers\": [{\"symbol\": \"X\"}]}",
               "ticker X");
    expect_bad("{\"summary\": \"s\", \"analysis\": \"a\", \"risk\": \"r\", \"contrarian\": \"c\","
               " \"sentiment\": 0, \"tickers\": [{\"symbol\": \"!!\", \"score\": 0}]}",
               "usable symbol");
}

/* While the note streams in, the fields begun so far show, unescaped. */
static void test_preview(void **state)
{
    const char *partial = "{\"summary\": \"Amazon says \\\"30%\\\"\\nbetter\", \"analy";
    struct sbuf b = {0};
    assert_int_equal(llm_note_preview(partial, strlen(partial), &b), 0);
    assert_string_equal(b.p, "Summary\nAmazon says \"30%\"\nbetter\n");
    sbuf_reset(&b);
    const char *more = "{\"summary\": \"S\", \"analysis\": \"half of it";
    assert_int_equal(llm_note_preview(more, strlen(more), &b), 0);
    assert_string_equal(b.p, "Summary\nS\n\nAnalysis\nhalf of it\n");
    sbuf_free(&b);
}

static void test_request(void **state)
{
    struct llm_config c = {.url = "http://127.0.0.1:1/v1/chat/completions",
                           .model = "m1",
                           .timeout_s = 10,
                           .max_tokens = 300};
    struct llm_fact_ticker tk = {"AMZN", 3, 0.9, 0.52};
    struct llm_fact_claim cl = {"30% better price performance", "figure", 0.4};
    struct llm_facts f = {.title = "T",
                          .source = "Wire",
                          .text = "T\n\nAmazon says Trainium2 offers 30% better.",
                          .has_score = 1,
                          .score = 0.45,
                          .tickers = &tk,
                          .n_tickers = 1,
                          .claims = &cl,
                          .n_claims = 1};
    char *body = llm_note_request(&c, &f, 1);
    assert_non_null(body);
    cJSON *j = cJSON_Parse(body);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "model")->valuestring, "m1");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "stream")));
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "response_format"), "type")->valuestring,
        "json_object");
    cJSON *msgs = cJSON_GetObjectItem(j, "messages");
    const char *user = cJSON_GetArrayItem(msgs, 1)->child->next->valuestring;
    assert_non_null(strstr(user, "Amazon says Trainium2 offers 30% better."));
    assert_non_null(strstr(user, "\"symbol\":\"AMZN\""));
    assert_non_null(strstr(user, "30% better price performance"));
    cJSON_Delete(j);
    free(body);

    /* A long article is cut on a character boundary. */
    size_t big = LLM_TEXT_MAX + 5000;
    char *text = malloc(big + 1);
    assert_non_null(text);
    for (size_t i = 0; i < big; i += 2)
        memcpy(text + i, "\xC3\xA9", 2); /* é */
    text[big] = '\0';
    f.text = text;
    body = llm_note_request(&c, &f, 0);
    assert_non_null(body);
    j = cJSON_Parse(body);
    assert_non_null(j);
    user = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "messages"), 1)->child->next->valuestring;
    assert_non_null(strstr(user, "[article cut here]"));
    assert_true(strlen(user) < LLM_TEXT_MAX + 2000);
    cJSON_Delete(j);
    free(body);
    free(text);
}

static void test_config(void **state)
{
    struct config *cfg = config_load(NULL, 0);
    assert_non_null(cfg);
    struct llm_config c;
    assert_int_equal(llm_config_from(cfg, &c), -1);
    assert_non_null(strstr(err_msg(), "set llm.url"));
    assert_int_equal(config_set(cfg, "llm.url", "ftp://x"), 0);
    assert_int_equal(llm_config_from(cfg, &c), -1);
    assert_non_null(strstr(err_msg(), "http"));
    assert_int_equal(config_set(cfg, "llm.url", "http://127.0.0.1:9/v1/chat/completions"), 0);
    assert_int_equal(llm_config_from(cfg, &c), -1);
    assert_non_null(strstr(err_msg(), "llm.model"));
    assert_int_equal(config_set(cfg, "llm.model", "m"), 0);
    assert_int_equal(llm_config_from(cfg, &c), 0);
    assert_null(c.key);
    assert_int_equal(c.timeout_s, 120);
    unsetenv("BULLPEN_UNIT_NO_SUCH_KEY");
    assert_int_equal(config_set(cfg, "llm.key_env", "BULLPEN_UNIT_NO_SUCH_KEY"), 0);
    assert_int_equal(llm_config_from(cfg, &c), -1);
    assert_non_null(strstr(err_msg(), "BULLPEN_UNIT_NO_SUCH_KEY"));
    setenv("BULLPEN_UNIT_NO_SUCH_KEY", "k", 1);
    assert_int_equal(llm_config_from(cfg, &c), 0);
    assert_string_equal(c.key, "k");
    config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good), cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_preview),    cmocka_unit_test(test_request),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
