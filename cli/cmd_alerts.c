/* bullpen alerts: rules that fire on new articles, and what they fired. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/alert.h"
#include "core/article.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"
#include "storage/alerts.h"
#include "storage/store.h"

static int alerts_add(struct cli *c, int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
        return cli_help("alerts add");
    /* --shared (first): the desk's rule. */
    int shared = argc > 1 && !strcmp(argv[1], "--shared");
    if (shared) {
        argc--;
        argv++;
    }
    /* The rule is the words before --exec, so quoting it whole is optional. */
    int exec_at = argc;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--exec")) {
            exec_at = i;
            break;
        }
    if (exec_at == 1 || argc < 2) return cli_usage("alerts add", "expected a RULE");
    if (exec_at < argc && exec_at + 1 >= argc)
        return cli_usage("alerts add", "--exec needs a COMMAND");
    struct sbuf spec = {0};
    for (int i = 1; i < exec_at; i++)
        if ((i > 1 && sbuf_addc(&spec, ' ')) || sbuf_adds(&spec, argv[i])) {
            sbuf_free(&spec);
            return cli_failf("alerts add", "out of memory");
        }
    struct alert_rule r;
    if (cli_check_arg("alerts add", "RULE", spec.p)) {
        sbuf_free(&spec);
        return EXIT_USAGE;
    }
    if (alert_rule_parse(spec.p, &r)) {
        int rc = cli_usage("alerts add", "'%s': %s", spec.p, err_msg());
        sbuf_free(&spec);
        return rc;
    }
    sbuf_free(&spec);
    int rc = EXIT_OK;
    if (exec_at < argc &&
        alert_rule_set_argv(&r, argv + exec_at + 1, (size_t)(argc - exec_at - 1))) {
        rc = cli_fail("alerts add");
        goto done;
    }
    struct store *s = cli_store(c);
    if (!s) {
        rc = EXIT_FAIL;
        goto done;
    }
    /* Added and shared in one transaction: never a private rule left. */
    if (store_begin(s) || store_alert_add(s, &r, clock_now()) ||
        (shared && store_alert_share(s, r.id) < 0) || store_commit(s)) {
        rc = cli_fail("alerts add");
        store_rollback(s);
        goto done;
    }
    printf("%lld\n", (long long)r.id);
done:
    alert_rule_clear(&r);
    return rc;
}

static int alerts_list(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("alerts list");
    int json, bad = cli_json_flag("alerts list", argc, argv, &json);
    if (bad) return bad;
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct alert_rule *rules;
    size_t n;
    if (store_alert_rules(s, 0, &rules, &n)) return cli_fail("alerts list");
    struct sbuf b = {0};
    if (json) sbuf_addc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        const struct alert_rule *r = &rules[i];
        char *exec = alert_argv_to_json(r);
        char when[32];
        cli_iso_time(r->created, when);
        if (json) {
            sbuf_printf(&b, "%s{\"id\":%lld,\"spec\":", i ? "," : "", (long long)r->id);
            sbuf_add_json_str(&b, r->spec);
            sbuf_printf(&b, ",\"kind\":\"%s\",\"symbol\":", alert_kind_name(r->kind));
            sbuf_add_json_str(&b, r->symbol[0] ? r->symbol : NULL);
            sbuf_adds(&b, ",\"op\":");
            sbuf_add_json_str(&b, r->kind == ALERT_SENTIMENT ? alert_op_name(r->op) : NULL);
            if (r->kind == ALERT_SENTIMENT)
                sbuf_printf(&b, ",\"threshold\":%.15g", r->threshold);
            else
                sbuf_adds(&b, ",\"threshold\":null");
            sbuf_adds(&b, ",\"keyword\":");
            sbuf_add_json_str(&b, r->keyword);
            sbuf_printf(&b, ",\"exec\":%s,\"created\":\"%s\",\"enabled\":%s}", exec ? exec : "null",
                        when, r->enabled ? "true" : "false");
        } else {
            cli_put_text(stdout, "%4lld  %-3s  %s%s%s%s\n", (long long)r->id,
                         r->enabled ? "on" : "off", r->spec, exec ? "  --exec " : "",
                         exec ? exec : "", r->shared ? "  (shared)" : "");
        }
        free(exec);
    }
    if (json) {
        sbuf_addc(&b, ']');
        cli_put_json_text(b.p);
    }
    sbuf_free(&b);
    alert_rules_free(rules, n);
    return EXIT_OK;
}

static int parse_id(const char *what, const char *s, int64_t *id)
{
    long v;
    if (cli_parse_count(s, &v)) return cli_usage(what, "'%s' is not a rule id", s);
    *id = v;
    return 0;
}

static int alerts_rm(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("alerts rm");
    if (argc < 2) return cli_usage("alerts rm", "expected a rule ID");
    int64_t ids[64];
    if (argc - 1 > 64) return cli_usage("alerts rm", "at most 64 rules at once");
    for (int i = 1; i < argc; i++)
        if (parse_id("alerts rm", argv[i], &ids[i - 1])) return EXIT_USAGE;
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int rc = EXIT_OK;
    for (int i = 0; i < argc - 1; i++) {
        int r = store_alert_rm(s, ids[i]);
        if (r < 0) return cli_fail("alerts rm");
        if (r == 0) rc = cli_failf("alerts rm", "no rule %lld", (long long)ids[i]);
    }
    return rc;
}

static int alerts_enable(struct cli *c, int argc, char **argv)
{
    int on = !strcmp(argv[0], "enable");
    const char *what = on ? "alerts enable" : "alerts disable";
    if (cli_wants_help(argc, argv)) return cli_help(what);
    int64_t id = 0;
    if (argc != 2) return cli_usage(what, "expected one rule ID");
    if (parse_id(what, argv[1], &id)) return EXIT_USAGE;
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int r = store_alert_set_enabled(s, id, on);
    if (r < 0) return cli_fail(what);
    if (r == 0) return cli_failf(what, "no rule %lld", (long long)id);
    return EXIT_OK;
}

/* The log's detail column: DETAIL_COLS characters. A longer detail is cut
 * on a character boundary with a "…": after the last whole word when the
 * word cut holds a digit, so a number is shown whole or not at all, or when
 * that keeps at least half the column; else inside the word. Returns a
 * malloc'd, one-line string (NULL when memory runs out). */
enum { DETAIL_COLS = 32 };

static char *detail_cell(const char *detail)
{
    char *t = text_single_line(detail ? detail : "", detail ? strlen(detail) : 0);
    if (!t) return NULL;
    size_t len = strlen(t);
    if (utf8_count(t, len) <= DETAIL_COLS) return t;
    /* The bytes of the first DETAIL_COLS - 1 characters. */
    size_t keep = 0;
    for (int cols = 0; cols < DETAIL_COLS - 1 && keep < len; cols++) {
        uint32_t cp;
        keep += utf8_decode(t + keep, len - keep, &cp);
    }
    /* Back to the end of the last word that fits, unless the cut already
     * falls between words. */
    if (t[keep] != ' ') {
        size_t sp = keep, end = keep;
        while (sp > 0 && t[sp - 1] != ' ')
            sp--;
        while (end < len && t[end] != ' ')
            end++;
        int digit = 0;
        for (size_t k = sp; k < end; k++)
            digit |= t[k] >= '0' && t[k] <= '9';
        if (sp > 0 && (digit || utf8_count(t, sp) >= DETAIL_COLS / 2)) keep = sp;
    }
    while (keep > 0 && t[keep - 1] == ' ')
        keep--;
    char *out = malloc(keep + sizeof "…");
    if (out) {
        memcpy(out, t, keep);
        memcpy(out + keep, "…", sizeof "…");
    }
    free(t);
    return out;
}

static int alerts_log(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("alerts log");
    int json = 0, seen = 0;
    long limit = 50;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--seen")) {
            seen = 1;
        } else if (!strcmp(argv[i], "--limit")) {
            if (i + 1 >= argc) return cli_usage("alerts log", "--limit needs a number");
            if (cli_parse_count(argv[++i], &limit))
                return cli_usage("alerts log", "--limit: %s", err_msg());
        } else {
            return cli_usage("alerts log", "unexpected argument '%s'", argv[i]);
        }
    }
    /* Marking seen is the one write. */
    struct store *s = seen ? cli_store(c) : cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct alert_event_row *rows;
    size_t n;
    if (store_alert_log(s, (size_t)limit, &rows, &n)) return cli_fail("alerts log");
    struct sbuf b = {0};
    if (json) sbuf_addc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        const struct alert_event_row *r = &rows[i];
        char at[32], pub[32];
        cli_iso_time(r->at, at);
        cli_iso_time(r->published, pub);
        if (json) {
            sbuf_printf(&b, "%s{\"id\":%lld,\"rule_id\":%lld,\"rule\":", i ? "," : "",
                        (long long)r->id, (long long)r->rule_id);
            sbuf_add_json_str(&b, r->spec);
            sbuf_printf(&b, ",\"article_id\":%lld,\"title\":", (long long)r->article_id);
            sbuf_add_json_str(&b, r->title);
            sbuf_adds(&b, ",\"link\":");
            sbuf_add_json_str(&b, r->link);
            sbuf_printf(&b, ",\"published\":\"%s\",\"at\":\"%s\",\"detail\":", pub, at);
            sbuf_add_json_str(&b, r->detail);
            sbuf_printf(&b, ",\"seen\":%s,\"delivery\":\"%s\",\"exec_error\":",
                        r->seen ? "true" : "false", r->delivery);
            sbuf_add_json_str(&b, r->exec_error);
            sbuf_addc(&b, '}');
        } else {
            char *cell = detail_cell(r->detail);
            cli_put_text(stdout, "%s  %c #%-3lld %-*s  %s", at, r->seen ? ' ' : '*',
                         (long long)r->rule_id, DETAIL_COLS, cell ? cell : "",
                         article_title_shown(r->title));
            free(cell);
            if (strcmp(r->delivery, "delivered")) cli_put_text(stdout, "  (%s)", r->delivery);
            if (r->exec_error) cli_put_text(stdout, "  (command: %s)", r->exec_error);
            putchar('\n');
        }
    }
    if (json) {
        sbuf_addc(&b, ']');
        cli_put_json_text(b.p);
    }
    sbuf_free(&b);
    store_alert_events_free(rows, n);
    if (seen && store_alert_mark_seen(s, INT64_MAX)) return cli_fail("alerts log");
    return EXIT_OK;
}

static const struct cli_cmd subs[] = {
    {"add", alerts_add},       {"list", alerts_list},      {"rm", alerts_rm},
    {"enable", alerts_enable}, {"disable", alerts_enable}, {"log", alerts_log},
};

int cmd_alerts(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "alerts", subs, sizeof subs / sizeof subs[0], argc, argv);
}
