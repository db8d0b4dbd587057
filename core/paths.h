/* paths: where bullpen keeps its files, by the XDG base directory rules. */
#ifndef BULLPEN_CORE_PATHS_H
#define BULLPEN_CORE_PATHS_H

/* $XDG_CONFIG_HOME/bullpen/config, falling back to ~/.config/bullpen/config.
 * Returns a malloc'd path the caller frees, or NULL with err set when neither
 * XDG_CONFIG_HOME nor HOME is set. */
char *paths_config_file(void);

/* $XDG_DATA_HOME/bullpen/bullpen.db, falling back to
 * ~/.local/share/bullpen/bullpen.db. Caller frees; NULL with err set. */
char *paths_data_file(void);

/* A file beside the config (e.g. "aliases"); caller frees; NULL with err. */
char *paths_config_sibling(const char *name);

/* Creates the directories leading to path (mode 0700 for new ones). Returns
 * 0 or -1 with err set. */
int paths_mkdir_parent(const char *path);

#endif
