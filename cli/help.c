/* Help, printed from the command table (commands.c) and the config option
 * table (core/config.c): bullpen --help, COMMAND --help, the man page and the
 * completion's list. The texts are the program's own constants, so they are
 * written as they are. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/config.h"

#define WIDTH 79

/* The options bullpen takes before a command. */
static const struct {
    const char *name, *help;
} globals[] = {
    {"--db PATH", "the store (default $XDG_DATA_HOME/bullpen/bullpen.db)"},
    {"--config PATH", "the config file (default $XDG_CONFIG_HOME/bullpen/config)"},
    {"--version", "print the version"},
    {"-h, --help", "this help; COMMAND --help for a command's"},
};
static const char global_usage[] = "[--db PATH] [--config PATH] [COMMAND [ARGS]]";
static const char tagline[] = "a terminal research workstation for market news";

const struct cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < cli_n_commands; i++)
        if (!strcmp(cli_commands[i].name, name)) return &cli_commands[i];
    return NULL;
}

/* A group is a row whose sub-command rows follow it ("feeds", "feeds add"). */
static int is_group(size_t i)
{
    size_t n = strlen(cli_commands[i].name);
    return i + 1 < cli_n_commands && !strncmp(cli_commands[i + 1].name, cli_commands[i].name, n) &&
           cli_commands[i + 1].name[n] == ' ';
}

/* Writes "PREFIX USAGE" wrapped at WIDTH, breaking only between bracketed
 * groups, continuation lines indented under the first argument. */
static void put_usage(FILE *f, const char *prefix, const struct cli_command *r)
{
    size_t nl = strlen(r->name);
    size_t hang = strlen(prefix) + (!strncmp(r->usage, r->name, nl) && r->usage[nl] == ' '
                                        ? nl + 1
                                        : strcspn(r->usage, " ") + 1);
    size_t col = strlen(prefix);
    fputs(prefix, f);
    const char *p = r->usage;
    int first = 1;
    while (*p) {
        /* The next word: up to a space outside brackets. */
        size_t len = 0;
        int depth = 0;
        while (p[len] && (depth > 0 || p[len] != ' ')) {
            if (p[len] == '[') depth++;
            if (p[len] == ']' && depth > 0) depth--;
            len++;
        }
        if (!first && col + 1 + len > WIDTH && col > hang) {
            fprintf(f, "\n%*s", (int)hang, "");
            col = hang;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, len, f);
        col += len;
        first = 0;
        p += len;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

/* The list entry of row i: its usage line and, beneath, its summary. */
static void put_entry(FILE *f, const char *prefix, size_t i)
{
    put_usage(f, prefix, &cli_commands[i]);
    fprintf(f, "      %s\n", cli_commands[i].summary);
}

int cli_help(const char *name)
{
    const struct cli_command *r = cli_command_find(name);
    if (!r) return cli_failf(name, "no row in the command table"); /* a missing row shows */
    size_t i = (size_t)(r - cli_commands);
    if (is_group(i)) {
        printf("%s.\n\nusage:\n", r->summary);
        size_t n = strlen(r->name);
        for (size_t k = i + 1; k < cli_n_commands && !strncmp(cli_commands[k].name, r->name, n) &&
                               cli_commands[k].name[n] == ' ';
             k++)
            put_entry(stdout, "  bullpen ", k);
        printf("\n'bullpen %s COMMAND --help' says more.\n", r->name);
        return EXIT_OK;
    }
    put_usage(stdout, "usage: bullpen ", r);
    if (r->help)
        fputs(r->help, stdout);
    else
        printf("%s.\n", r->summary);
    return EXIT_OK;
}

void cli_help_all(FILE *f)
{
    fprintf(f, "bullpen %s: %s\n\nusage: bullpen %s\n\nWith no command, opens the workstation.\n\n",
            BULLPEN_VERSION, tagline, global_usage);
    fprintf(f, "options:\n");
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++)
        fprintf(f, "  %-13s  %s\n", globals[i].name, globals[i].help);
    fprintf(f, "\ncommands:\n");
    for (size_t i = 0; i < cli_n_commands; i++)
        if (!is_group(i)) put_entry(f, "  ", i);
}

void cli_help_usage_lines(FILE *f)
{
    for (size_t i = 0; i < cli_n_commands; i++)
        if (!is_group(i)) fprintf(f, "%s\t%s\n", cli_commands[i].name, cli_commands[i].usage);
}

/* Writes s as roff text: backslashes escaped, a hyphen that starts a word
 * (an option's) made a minus, and a line that would read as a request
 * guarded. Lines of s that start with spaces (a table, an example) are set
 * as they are (.nf); empty lines become .sp. Inside brackets, when tie is
 * set, spaces do not break ("[--limit N]" stays whole). */
static void put_roff_text(FILE *f, const char *s, int tie)
{
    int bol = 1, nofill = 0, depth = 0, opt = 0;
    char prev = ' ';
    for (; *s; prev = *s++) {
        /* In an option ("--full-text") every hyphen is a minus, so the
         * option reads and copies as typed. */
        if (*s == '-' && !isalnum((unsigned char)prev)) opt = 1;
        if (*s != '-' && !isalnum((unsigned char)*s)) opt = 0;
        if (bol && *s == '\n') {
            fputs(".sp\n", f);
            continue;
        }
        if (bol && *s == ' ' && s[1] == ' ' && !nofill) {
            fputs(".nf\n", f);
            nofill = 1;
        } else if (bol && *s != ' ' && nofill) {
            fputs(".fi\n", f);
            nofill = 0;
        }
        if (bol && (*s == '.' || *s == '\'')) fputs("\\&", f);
        bol = 0;
        if (*s == '[') depth++;
        if (*s == ']' && depth > 0) depth--;
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == ' ' && tie && depth > 0)
            fputs("\\ ", f);
        else if (*s == '-' && opt)
            fputs("\\-", f);
        else
            fputc(*s, f);
        if (*s == '\n') bol = 1;
    }
    if (!bol) fputc('\n', f);
    if (nofill) fputs(".fi\n", f);
}

static void put_roff(FILE *f, const char *s)
{
    put_roff_text(f, s, 0);
}

/* put_roff of a formatted line. */
static void put_roff_fmt(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_roff_fmt(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n >= 0) put_roff(f, s);
    free(s);
}

static void put_man_command(FILE *f, const struct cli_command *r)
{
    size_t nl = strlen(r->name);
    fputs(".TP\n", f);
    if (!strncmp(r->usage, r->name, nl) && (r->usage[nl] == ' ' || !r->usage[nl])) {
        fprintf(f, "\\fBbullpen %s\\fR", r->name);
        if (r->usage[nl])
            put_roff_text(f, r->usage + nl, 1);
        else
            fputc('\n', f);
    } else {
        fputs("\\fBbullpen\\fR ", f);
        put_roff_text(f, r->usage, 1);
    }
    if (r->help) {
        put_roff(f, r->help);
    } else {
        put_roff_fmt(f, "%s.", r->summary);
    }
}

void cli_help_man(FILE *f)
{
    fprintf(f,
            ".\\\" The bullpen man page, printed by 'bullpen --man' from its command table.\n"
            ".TH BULLPEN 1 \"\" \"bullpen %s\" \"User Commands\"\n"
            ".ad l\n"
            ".nh\n"
            ".SH NAME\n"
            "bullpen \\- %s\n"
            ".SH SYNOPSIS\n"
            ".B bullpen\n",
            BULLPEN_VERSION, tagline);
    put_roff(f, global_usage);
    fputs(".SH DESCRIPTION\n"
          "bullpen keeps a local SQLite store of articles that a background fetcher keeps\n"
          "up to date, reads every article for the tickers it names, the claims it makes\n"
          "and its sentiment, and shows it all in one terminal screen: an article list,\n"
          "a detail pane, a portfolio panel and sentiment trends over time.\n"
          "With no command, bullpen opens that workstation; press ? inside for its keys.\n"
          ".PP\n"
          "Errors are one line on standard error,\n"
          ".IR \"bullpen: WHAT: WHY\" .\n"
          "Commands that print lists take\n"
          ".B \\-\\-json\n"
          "and then print one JSON value with stable field names.\n"
          ".SH OPTIONS\n",
          f);
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++) {
        fputs(".TP\n.B ", f);
        put_roff(f, globals[i].name);
        put_roff(f, globals[i].help);
    }
    /* The commands, then each group's sub-commands under its own heading. */
    fputs(".SH COMMANDS\n", f);
    for (size_t i = 0; i < cli_n_commands; i++)
        if (cli_commands[i].fn && !is_group(i)) put_man_command(f, &cli_commands[i]);
    for (size_t i = 0; i < cli_n_commands; i++) {
        if (!is_group(i)) continue;
        fputs(".SS ", f);
        put_roff_fmt(f, "\"bullpen %s: %s\"", cli_commands[i].name, cli_commands[i].summary);
        size_t n = strlen(cli_commands[i].name);
        for (size_t k = i + 1;
             k < cli_n_commands && !strncmp(cli_commands[k].name, cli_commands[i].name, n) &&
             cli_commands[k].name[n] == ' ';
             k++)
            put_man_command(f, &cli_commands[k]);
    }
    fputs(".SH CONFIGURATION\n"
          "The config file holds lines of\n"
          ".IR \"key = value\" ;\n"
          "# starts a comment (quote a value to keep a # or edge spaces). An error names\n"
          "the file, the line and the problem. The options\n"
          "(\\fBbullpen config\\fR prints them with the values in force):\n",
          f);
    for (int i = 0; i < CFG_N; i++) {
        const struct config_option *o = &config_options[i];
        fprintf(f, ".TP\n.B %s\n", o->name);
        if (o->type == CFG_INT)
            fprintf(f, "Whole number, %ld to %ld, default %s: ", o->min, o->max, o->def);
        else if (o->type == CFG_BOOL)
            fprintf(f, "true or false, default %s: ", o->def);
        if (o->type == CFG_STRING)
            put_roff_fmt(f, "Text, default %s: %s", *o->def ? o->def : "empty", o->help);
        else
            put_roff(f, o->help);
    }
    fputs(".TP\n.B bind.KEY\n"
          "binds a key to a workstation action, e.g.\n"
          ".IR \"bind.J = move\\-down\" ;\n"
          ".B bullpen open \\-\\-keys\n"
          "lists the actions.\n"
          ".SH ENVIRONMENT\n"
          ".TP\n.B XDG_CONFIG_HOME\n"
          "where the config lives (default ~/.config).\n"
          ".TP\n.B XDG_DATA_HOME\n"
          "where the store lives (default ~/.local/share).\n"
          ".TP\n.B BROWSER\n"
          "the browsers that open links, colon-separated; else xdg\\-open.\n"
          ".TP\n.B NO_COLOR\n"
          "when set, the workstation uses attributes only.\n"
          ".TP\n.B BULLPEN_NOW\n"
          "unix seconds taken as now by trends and briefs, for scripts and tests.\n"
          ".SH FILES\n"
          ".TP\n.I $XDG_CONFIG_HOME/bullpen/config\n"
          "the config file.\n"
          ".TP\n.I $XDG_DATA_HOME/bullpen/bullpen.db\n"
          "the store: one SQLite file.\n"
          ".TP\n.I $XDG_DATA_HOME/bullpen/demo.db\n"
          "the demo store, opened when there is no store or config of your own.\n"
          ".TP\n.I ~/.config/bullpen/themes/NAME.theme\n"
          "a colour theme of your own.\n"
          ".SH EXIT STATUS\n"
          ".TP\n.B 0\n"
          "it did what was asked.\n"
          ".TP\n.B 1\n"
          "an error: a file that cannot be read or parsed, a store that cannot be\n"
          "opened, no such feed, position or rule.\n"
          ".TP\n.B 2\n"
          "a usage error: unknown command or option, a missing or malformed argument.\n"
          ".TP\n.B 3\n"
          "a batch (fetch, prices fetch) ran to its end but some of its sources failed;\n"
          "what the others brought is stored.\n"
          ".SH SEE ALSO\n"
          ".BR sqlite3 (1)\n",
          f);
}
