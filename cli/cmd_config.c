/* bullpen config: every option of the config file, from its table
 * (core/config.c), with the value in force. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/config.h"

static const char *type_name(enum config_type t)
{
    return t == CFG_INT ? "int" : t == CFG_BOOL ? "bool" : "string";
}

/* The value of option i in force, in config syntax, into buf. */
static const char *value_of(const struct config *cfg, int i, char buf[32])
{
    switch (config_options[i].type) {
    case CFG_INT:
        snprintf(buf, 32, "%ld", config_int(cfg, (enum config_opt)i));
        return buf;
    case CFG_BOOL:
        return config_bool(cfg, (enum config_opt)i) ? "true" : "false";
    case CFG_STRING:
        break;
    }
    return config_str(cfg, (enum config_opt)i);
}

static int print_json(const struct config *cfg)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < CFG_N; i++) {
        const struct config_option *o = &config_options[i];
        char buf[32];
        cJSON *r = cJSON_CreateObject();
        if (!r || !cJSON_AddItemToArray(a, r)) {
            cJSON_Delete(r);
            cJSON_Delete(a);
            a = NULL;
            break;
        }
        cJSON_AddStringToObject(r, "name", o->name);
        cJSON_AddStringToObject(r, "type", type_name(o->type));
        if (o->type == CFG_INT) {
            cJSON_AddNumberToObject(r, "min", (double)o->min);
            cJSON_AddNumberToObject(r, "max", (double)o->max);
        } else {
            cJSON_AddNullToObject(r, "min");
            cJSON_AddNullToObject(r, "max");
        }
        cJSON_AddStringToObject(r, "default", o->def);
        cJSON_AddStringToObject(r, "value", value_of(cfg, i, buf));
        cJSON_AddStringToObject(r, "help", o->help);
    }
    if (!a || cli_put_json(a)) return cli_failf("config", "out of memory");
    return EXIT_OK;
}

int cmd_config(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("config");
    int json;
    int rc = cli_json_flag("config", argc, argv, &json);
    if (rc != EXIT_OK) return rc;
    if (json) return print_json(c->cfg);
    const char *path = config_path(c->cfg);
    if (path)
        cli_put_text(stdout, "# %s\n", path);
    else
        cli_put_text(stdout, "# no config file; every option has its default\n");
    for (int i = 0; i < CFG_N; i++) {
        const struct config_option *o = &config_options[i];
        char buf[32];
        const char *v = value_of(c->cfg, i, buf);
        const char *q = *v ? "" : "\"";
        cli_put_text(stdout, "\n%s = %s%s%s\n", o->name, q, v, q);
        if (o->type == CFG_INT)
            cli_put_text(stdout, "    # int, %ld to %ld, default %s\n", o->min, o->max, o->def);
        else
            cli_put_text(stdout, "    # %s, default %s%s%s\n", type_name(o->type),
                         *o->def ? "" : "\"", o->def, *o->def ? "" : "\"");
        /* The help, wrapped at 79 columns under the value. */
        for (const char *h = o->help; *h;) {
            size_t len = strlen(h);
            if (len > 73) {
                len = 73;
                while (len > 0 && h[len] != ' ')
                    len--;
                if (!len) len = strcspn(h, " ");
            }
            cli_put_text(stdout, "    # %.*s\n", (int)len, h);
            h += len;
            while (*h == ' ')
                h++;
        }
    }
    size_t n;
    const struct config_bind *b = config_binds(c->cfg, &n);
    if (n) cli_put_text(stdout, "\n");
    for (size_t i = 0; i < n; i++)
        cli_put_text(stdout, "bind.%s = %s\n", b[i].key, b[i].action);
    return EXIT_OK;
}
