/* Loading a shared library on first use (see dynlib.h). */
#include "core/dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "core/err.h"

static pthread_mutex_t loading_lock = PTHREAD_MUTEX_INITIALIZER;

/* Binds lib's symbols from its library; 1, or -1 with lib->error set. */
static int load(struct dynlib *lib)
{
    /* Lazily bound: RTLD_NOW bound every function of the library up front
     * (2.3 M instructions of libpq's load), where a command calls a few
     * dozen. Most of the libraries it needs (TLS, Kerberos, LDAP) are built
     * to bind at load whatever is asked: about 13 M instructions more that
     * a command opening a PostgreSQL store pays. The symbols used are looked
     * up below, so a library without one is still refused here. */
    void *h = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL);
    if (!h) {
        snprintf(lib->error, sizeof lib->error, "%s: cannot load (install the package %s): %s",
                 lib->soname, lib->package, dlerror());
        return -1;
    }
    for (size_t i = 0; i < lib->n; i++) {
        lib->slots[i] = dlsym(h, lib->syms[i]);
        if (!lib->slots[i]) {
            snprintf(lib->error, sizeof lib->error, "%s: has no %s (install the package %s)",
                     lib->soname, lib->syms[i], lib->package);
            dlclose(h);
            return -1;
        }
    }
    return 1;
}

int dynlib_load(struct dynlib *lib)
{
    pthread_mutex_lock(&loading_lock);
    int state = lib->state;
    if (!state) {
        state = load(lib);
        __atomic_store_n(&lib->state, state, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&loading_lock);
    return state == 1 ? 0 : err_set("%s", lib->error);
}
