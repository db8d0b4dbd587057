/* dynlib: a shared library loaded when first needed rather than at start.
 *
 * libcurl and libpq, with what they pull in (TLS, Kerberos, LDAP: some 35
 * libraries), cost every process about 17 million instructions of symbol
 * binding before main when linked, and only the commands that fetch or
 * open a PostgreSQL store use them. core/curl_load.c and
 * storage/pq_load.c define the functions bullpen calls under the
 * libraries' own names and forward them through a table that
 * dynlib_load fills once, on first use.
 *
 * Threads: dynlib_load may be called from any thread; the first call
 * loads, the others wait for it and share its outcome. */
#ifndef BULLPEN_CORE_DYNLIB_H
#define BULLPEN_CORE_DYNLIB_H

#include <stddef.h>

/* One library: its run-time name (the Debian package's soname), the package
 * that provides it (for the message), the symbols to bind and where each
 * goes. The loader's own fields start zeroed (a static initialiser) and are
 * owned by dynlib_load. */
struct dynlib {
    const char *soname;      /* "libcurl.so.4" */
    const char *package;     /* "libcurl4" */
    const char *const *syms; /* n names */
    void **slots;            /* n addresses, filled in order */
    size_t n;
    int state; /* 0 not tried, 1 loaded, -1 failed: read with dynlib_ready */
    char error[256];
};

/* Loads lib and binds every symbol the first time; 0 when it is (or was)
 * loaded, else -1 with err set to one line ("libcurl.so.4: cannot load
 * (install the package libcurl4): WHY"), the same on every later call.
 * The library stays loaded until the process exits. */
int dynlib_load(struct dynlib *lib);

/* dynlib_load with the loaded case first, for the forwarding functions,
 * which run once per call into the library (per row, for libpq). */
static inline int dynlib_ready(struct dynlib *lib)
{
    return __atomic_load_n(&lib->state, __ATOMIC_ACQUIRE) == 1 ? 0 : dynlib_load(lib);
}

/* The table a library's forwarding functions call through, for FUNCS, an
 * X-macro list of its function names (FUNCS(F) expands F(name) for each):
 * an enum of I_name indexes, lib_names, lib_slots and lib, the struct
 * dynlib for soname from package. */
#define DYNLIB_INDEX_(name) I_##name,
#define DYNLIB_NAME_(name) #name,
#define DYNLIB_TABLE(lib, soname, package, FUNCS)                                                  \
    enum { FUNCS(DYNLIB_INDEX_) lib##_n };                                                         \
    static const char *const lib##_names[lib##_n] = {FUNCS(DYNLIB_NAME_)};                         \
    static void *lib##_slots[lib##_n];                                                             \
    static struct dynlib lib = {soname, package, lib##_names, lib##_slots, lib##_n, 0, ""}

/* A forwarding function: name with the library's own signature (params,
 * and args naming them), calling the library's through lib's table, or
 * returning fail when the library cannot be loaded. DYNLIB_VOID is the
 * same for a function that returns nothing. */
#define DYNLIB_FN(lib, name) ((__typeof__(&name))lib##_slots[I_##name])
#define DYNLIB_DEF(lib, ret, name, fail, params, args)                                             \
    ret name params                                                                                \
    {                                                                                              \
        return dynlib_ready(&lib) ? (fail) : DYNLIB_FN(lib, name) args;                            \
    }
#define DYNLIB_VOID(lib, name, params, args)                                                       \
    void name params                                                                               \
    {                                                                                              \
        if (!dynlib_ready(&lib)) DYNLIB_FN(lib, name) args;                                        \
    }

#endif
