#include "core/history.h"

#include <errno.h>
#include <fcntl.h>
#include <readline/history.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

#define HISTORY_LINE_MAX 4096

char *history_path(void)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/')
        return xasprintf("%s/kafscope/history", xdg);
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    return xasprintf("%s/.local/share/kafscope/history", home);
}

/* mkdir -p of the file's directory, private to the user. */
static void make_dirs(const char *path)
{
    char *dir = xstrdup(path);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) && errno != EEXIST)
            break;
        *p = '/';
    }
    free(dir);
}

static void ensure_file(const char *path)
{
    make_dirs(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0) {
        fchmod(fd, 0600); /* also tightens a file created by something else */
        close(fd);
    }
}

void history_load(void)
{
    using_history();
    stifle_history(HISTORY_MAX);
    char *path = history_path();
    if (!path)
        return;
    ensure_file(path);
    read_history(path);
    free(path);
}

void history_record(const char *line)
{
    if (!*line || line[0] == ' ' || strlen(line) > HISTORY_LINE_MAX)
        return;
    HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
    if (last && !strcmp(last->line, line))
        return; /* no runs of the same line */
    add_history(line);
    char *path = history_path();
    if (!path)
        return;
    ensure_file(path);
    append_history(1, path);
    history_truncate_file(path, HISTORY_MAX);
    chmod(path, 0600); /* truncation may rewrite the file */
    free(path);
}
