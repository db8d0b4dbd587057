/* bullpen open: the workstation. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "storage/store.h"

int cmd_open(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: bullpen [open]\nOpens the workstation on the store.\n");
        return EXIT_OK;
    }
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    char *args[] = {(char *)"articles", (char *)"--limit", (char *)"20", NULL};
    return cmd_articles(c, 3, args);
}
