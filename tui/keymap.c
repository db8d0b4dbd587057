/* The action table and the key bindings. */
#include "tui/keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/config.h"
#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"
#include "tui/term.h"

const struct action_info keymap_actions[ACT_N] = {
#define ACTION_INFO(id, name, help) {name, help},
    TUI_ACTIONS(ACTION_INFO)
#undef ACTION_INFO
};

/* The defaults, in the syntax of the user's config file. */
const char keymap_defaults[] = "bind.q = quit\n"
                               "bind.? = help\n"
                               "bind.F1 = help\n"
                               "bind.j = move-down\n"
                               "bind.Down = move-down\n"
                               "bind.k = move-up\n"
                               "bind.Up = move-up\n"
                               "bind.PgDn = page-down\n"
                               "bind.C-f = page-down\n"
                               "bind.Space = page-down\n"
                               "bind.PgUp = page-up\n"
                               "bind.C-b = page-up\n"
                               "bind.g = move-first\n"
                               "bind.Home = move-first\n"
                               "bind.G = move-last\n"
                               "bind.End = move-last\n"
                               "bind.Tab = next-pane\n"
                               "bind.l = next-pane\n"
                               "bind.BackTab = prev-pane\n"
                               "bind.h = prev-pane\n"
                               "bind.1 = pane-list\n"
                               "bind.2 = pane-article\n"
                               "bind.3 = pane-portfolio\n"
                               "bind.Enter = enter\n"
                               "bind.Esc = back\n"
                               "bind.Backspace = back\n"
                               "bind./ = search\n"
                               "bind.n = search-next\n"
                               "bind.N = search-prev\n"
                               "bind.R = order\n"
                               "bind.Equals = group\n"
                               "bind.T = filter-ticker\n"
                               "bind.f = filter-this\n"
                               "bind.@ = filter-feed\n"
                               "bind.# = filter-tag\n"
                               "bind.W = filter-watchlist\n"
                               "bind.S = filter-sentiment\n"
                               "bind.D = filter-date\n"
                               "bind.u = filter-unread\n"
                               "bind.* = filter-starred\n"
                               "bind.c = filter-clear\n"
                               "bind.s = star\n"
                               "bind.m = toggle-read\n"
                               "bind.o = open-link\n"
                               "bind.] = next-claim\n"
                               "bind.[ = prev-claim\n"
                               "bind.> = next-ticker\n"
                               "bind.< = prev-ticker\n"
                               "bind.a = watch-add\n"
                               "bind.d = watch-rm\n"
                               "bind.+ = watch-tag\n"
                               "bind.p = trend\n"
                               "bind.O = overview\n"
                               "bind.z = trend-range\n"
                               "bind.b = trend-bucket\n"
                               "bind.r = fetch\n"
                               "bind.F = feeds\n"
                               "bind.! = alerts\n"
                               "bind.M = messages\n"
                               "bind.x = full-text\n"
                               "bind.C = theme-next\n"
                               "bind.L = layout\n"
                               "bind.C-l = redraw\n"
                               "bind.: = command\n"
                               "bind.B = brief\n"
                               "bind.A = note\n";

struct binding {
    int key;
    enum action act;
};

static struct {
    struct binding *b;
    size_t n, cap;
} map;

int keymap_action_find(const char *name)
{
    for (int i = 0; i < ACT_N; i++)
        if (!strcmp(keymap_actions[i].name, name)) return i;
    return -1;
}

static const struct {
    const char *name;
    int key;
} named_keys[] = {
    {"Space", ' '},
    {"Enter", '\r'},
    {"Tab", '\t'},
    {"BackTab", KEYMAP_CURSES(KEY_BTAB)},
    {"Esc", 27},
    {"Backspace", KEYMAP_CURSES(KEY_BACKSPACE)},
    {"Up", KEYMAP_CURSES(KEY_UP)},
    {"Down", KEYMAP_CURSES(KEY_DOWN)},
    {"Left", KEYMAP_CURSES(KEY_LEFT)},
    {"Right", KEYMAP_CURSES(KEY_RIGHT)},
    {"PgUp", KEYMAP_CURSES(KEY_PPAGE)},
    {"PgDn", KEYMAP_CURSES(KEY_NPAGE)},
    {"PageUp", KEYMAP_CURSES(KEY_PPAGE)},
    {"PageDown", KEYMAP_CURSES(KEY_NPAGE)},
    {"Home", KEYMAP_CURSES(KEY_HOME)},
    {"End", KEYMAP_CURSES(KEY_END)},
    {"Hash", '#'},
    {"Equals", '='},
    {"Delete", KEYMAP_CURSES(KEY_DC)},
    {"Insert", KEYMAP_CURSES(KEY_IC)},
};

int keymap_key_parse(const char *name)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (!strcasecmp(named_keys[i].name, name)) return named_keys[i].key;
    if ((name[0] == 'F' || name[0] == 'f') && name[1]) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (!*end && n >= 1 && n <= 12) return KEYMAP_CURSES(KEY_F((int)n));
    }
    if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
        char c = name[2];
        if (c >= 'a' && c <= 'z') return c - 'a' + 1;
        if (c >= 'A' && c <= 'Z') return c - 'A' + 1;
        return -1;
    }
    /* One character, in UTF-8 whatever the locale: the workstation reads
     * its bindings before curses sets the locale up. */
    size_t len = strlen(name);
    uint32_t cp;
    if (!len || text_check(name, len) || utf8_decode(name, len, &cp) != len || cp <= ' ') return -1;
    return (int)cp;
}

void keymap_key_name(int key, char *buf, size_t size)
{
    if (key == KEYMAP_CURSES(KEY_BACKSPACE) || key == 127) {
        snprintf(buf, size, "Backspace");
        return;
    }
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (named_keys[i].key == key && key != '#' && key != '=') {
            snprintf(buf, size, "%s", named_keys[i].name);
            return;
        }
    if (key >= KEYMAP_CURSES(KEY_F(1)) && key <= KEYMAP_CURSES(KEY_F(12)))
        snprintf(buf, size, "F%d", key - KEYMAP_CURSES(KEY_F(0)));
    else if (key & KEYMAP_CURSES_BIT)
        snprintf(buf, size, "key %d", key & ~KEYMAP_CURSES_BIT);
    else if (key > 0 && key < 27)
        snprintf(buf, size, "C-%c", 'a' + key - 1);
    else if (key < 0x80)
        snprintf(buf, size, "%c", key);
    else {
        wchar_t w[2] = {(wchar_t)key, 0};
        if (wcstombs(buf, w, size) == (size_t)-1) snprintf(buf, size, "U+%04X", key);
    }
}

static int bind(int key, enum action act)
{
    for (size_t i = 0; i < map.n; i++)
        if (map.b[i].key == key) {
            map.b[i].act = act;
            return 0;
        }
    if (map.n == map.cap) {
        size_t cap = map.cap ? map.cap * 2 : 64;
        struct binding *b = realloc(map.b, cap * sizeof *b);
        if (!b) return err_set("out of memory");
        map.b = b;
        map.cap = cap;
    }
    map.b[map.n++] = (struct binding){key, act};
    return 0;
}

static int bind_named(const char *key, const char *action, const char *file, int line)
{
    int k = keymap_key_parse(key);
    if (k < 0) return err_set("%s:%d: '%s' is not a key name", file, line, key);
    int a = keymap_action_find(action);
    if (a < 0) return err_set("%s:%d: unknown action '%s' (see the help, '?')", file, line, action);
    return bind(k, (enum action)a);
}

/* Reads the compiled-in defaults with the config file's grammar. */
static int load_defaults(void)
{
    int line = 0;
    for (const char *p = keymap_defaults; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char *l = xstrndup(p, len);
        if (!l) return err_set("out of memory");
        p += len + (eol ? 1 : 0);
        line++;
        char *eq = strrchr(l, '=');
        int rc = 0;
        if (eq && !strncmp(l, "bind.", 5)) {
            *eq = '\0';
            rc = bind_named(str_trim(l + 5), str_trim(eq + 1), "defaults", line);
        }
        free(l);
        if (rc) return -1;
    }
    return 0;
}

int keymap_init(const struct config *cfg)
{
    keymap_free();
    if (load_defaults()) return -1;
    /* KEY_ENTER and a bare newline are Enter too. */
    if (bind(KEYMAP_CURSES(KEY_ENTER), ACT_ENTER) || bind('\n', ACT_ENTER) || bind(127, ACT_BACK) ||
        bind(8, ACT_BACK))
        return -1;
    size_t n = 0;
    const struct config_bind *b = cfg ? config_binds(cfg, &n) : NULL;
    const char *file = cfg && config_path(cfg) ? config_path(cfg) : "config";
    for (size_t i = 0; i < n; i++)
        if (bind_named(b[i].key, b[i].action, file, b[i].line)) return -1;
    return 0;
}

enum action keymap_lookup(int key)
{
    for (size_t i = 0; i < map.n; i++)
        if (map.b[i].key == key) return map.b[i].act;
    return ACT_NONE;
}

void keymap_keys_of(enum action a, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < map.n && used + 1 < size; i++) {
        if (map.b[i].act != a) continue;
        int k = map.b[i].key;
        if (k == KEYMAP_CURSES(KEY_ENTER) || k == '\n' || k == 127 || k == 8) continue;
        char name[16];
        keymap_key_name(k, name, sizeof name);
        int w = snprintf(buf + used, size - used, "%s%s", used ? " " : "", name);
        if (w < 0 || (size_t)w >= size - used) break;
        used += (size_t)w;
    }
}

void keymap_free(void)
{
    free(map.b);
    map.b = NULL;
    map.n = map.cap = 0;
}
