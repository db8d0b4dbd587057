/* libFuzzer target: the config file parser. The input goes through a memfd so
 * config_load reads it exactly as it reads a user's file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/config.h"

static int fd = -1;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        fd = memfd_create("bullpen-fuzz-config", 0);
        if (fd < 0) return 0;
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size) return 0;
    struct config *c = config_load(path, 1);
    if (c) {
        size_t n;
        config_binds(c, &n);
        for (int i = 0; i < CFG_N; i++)
            if (config_options[i].type == CFG_STRING) (void)config_str(c, i);
        config_free(c);
    }
    return 0;
}
