#include "core/paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/err.h"
#include "core/str.h"

/* An XDG variable is used only when set to an absolute path, as the spec
 * says; otherwise HOME plus the fallback. */
static char *xdg_file(const char *var, const char *fallback, const char *file)
{
    struct sbuf b = {0};
    const char *dir = getenv(var);
    const char *home = getenv("HOME");
    int ok;
    if (dir && dir[0] == '/')
        ok = sbuf_printf(&b, "%s/bullpen/%s", dir, file);
    else if (home && home[0])
        ok = sbuf_printf(&b, "%s/%s/bullpen/%s", home, fallback, file);
    else {
        err_set("neither %s nor HOME is set", var);
        return NULL;
    }
    if (ok) {
        sbuf_free(&b);
        err_set("out of memory");
        return NULL;
    }
    return sbuf_take(&b);
}

char *paths_config_file(void)
{
    return xdg_file("XDG_CONFIG_HOME", ".config", "config");
}

char *paths_config_sibling(const char *name)
{
    return xdg_file("XDG_CONFIG_HOME", ".config", name);
}

char *paths_data_file(void)
{
    return xdg_file("XDG_DATA_HOME", ".local/share", "bullpen.db");
}

int paths_mkdir_parent(const char *path)
{
    char *p = xstrdup(path);
    if (!p) return err_set("out of memory");
    char *slash = strrchr(p, '/');
    if (!slash || slash == p) {
        free(p);
        return 0;
    }
    *slash = '\0';
    for (char *q = p + 1; *q; q++) {
        if (*q != '/') continue;
        *q = '\0';
        if (mkdir(p, 0700) && errno != EEXIST) {
            int e = errno;
            err_set("cannot create %s: %s", p, strerror(e));
            free(p);
            return -1;
        }
        *q = '/';
    }
    if (mkdir(p, 0700) && errno != EEXIST) {
        int e = errno;
        err_set("cannot create %s: %s", p, strerror(e));
        free(p);
        return -1;
    }
    free(p);
    return 0;
}
