/* The lab on disk: the state file and the home folder (see lab_state.h). */
#include "world/lab_state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* --- state file ----------------------------------------------------------------------------- */

char *lab_state_path(const char *home)
{
    return xasprintf("%s/state", home);
}

int lab_save_state(const ks_lab_t *lab, char *err)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_printf(&sb, "# kafscope lab state (written by kafscope; do not edit)\n"
                   "bootstrap %s\nstarted %lld\nowner %d\ndemo %d\nconnect %d %d\nnodes %d\n",
              lab->bootstrap, (long long)lab->started_ms, lab->owner_pid, lab->demo_pid,
              lab->connect_pid, lab->connect_port, lab->nnodes);
    for (int i = 0; i < lab->nnodes; i++)
        sb_printf(&sb, "node %d %d %d %d\n", lab->nodes[i].id, lab->nodes[i].pid,
                  lab->nodes[i].port, lab->nodes[i].cport);
    char *path = lab_state_path(lab->home);
    char *tmp = xasprintf("%s.tmp", path);
    int rc = 0;
    FILE *f = fopen(tmp, "w");
    if (!f || fwrite(sb.buf, 1, sb.len, f) != sb.len || fclose(f) || rename(tmp, path)) {
        rc = ks_err(err, "cannot write the lab state %s: %s", path, strerror(errno));
        if (f)
            unlink(tmp);
    }
    free(tmp);
    free(path);
    sb_free(&sb);
    return rc;
}

/* 0 read, 1 no state file, -1 unreadable or corrupt. */
int lab_read_state(const char *home, ks_lab_t *lab, char *err)
{
    memset(lab, 0, sizeof *lab);
    lab->home = xstrdup(home);
    char *path = lab_state_path(home);
    char *text = file_read_text(path, 65536, NULL);
    if (!text) {
        int rc = errno == ENOENT ? 1 : ks_err(err, "cannot read %s: %s", path, strerror(errno));
        free(path);
        return rc;
    }
    int rc = 0, nodes = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && rc == 0;
         line = strtok_r(NULL, "\n", &save)) {
        char word[32], value[4096];
        long long v;
        int id, pid, port, cport;
        if (line[0] == '#')
            continue;
        if (sscanf(line, "connect %d %d", &pid, &port) == 2) {
            lab->connect_pid = pid;
            lab->connect_port = port;
        } else if (sscanf(line, "bootstrap %4095s", value) == 1) {
            free(lab->bootstrap);
            lab->bootstrap = xstrdup(value);
        } else if (sscanf(line, "node %d %d %d %d", &id, &pid, &port, &cport) == 4 && id >= 1 &&
                   id <= LAB_MAX_NODES) {
            lab->nodes[id - 1] = (ks_lab_node_t){id, pid, port, cport};
            nodes++;
        } else if (sscanf(line, "%31s %lld", word, &v) == 2) {
            if (!strcmp(word, "started"))
                lab->started_ms = v;
            else if (!strcmp(word, "owner"))
                lab->owner_pid = (int)v;
            else if (!strcmp(word, "demo"))
                lab->demo_pid = (int)v;
            else if (!strcmp(word, "nodes"))
                lab->nnodes = (int)v;
        } else {
            rc = -1;
        }
    }
    if (rc == 0 && (!lab->bootstrap || lab->nnodes < 1 || lab->nnodes > LAB_MAX_NODES ||
                    nodes != lab->nnodes))
        rc = -1;
    if (rc)
        ks_err(err, "the lab state %s is corrupt; remove the folder %s by hand (after stopping "
               "any java process that uses it)", path, home);
    free(text);
    free(path);
    return rc;
}

void lab_free(ks_lab_t *lab)
{
    if (!lab)
        return;
    free(lab->home);
    free(lab->bootstrap);
    memset(lab, 0, sizeof *lab);
}

/* --- folder --------------------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* Removes the lab's data, logs and state, keeping the home folder (and its
 * lock file, which others may hold open). */
void lab_remove_contents(const char *home)
{
    DIR *d = opendir(home);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, "lock"))
            continue;
        char *p = xasprintf("%s/%s", home, de->d_name);
        nftw(p, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(p);
    }
    closedir(d);
}

int lab_mkdirs(const char *path, char *err)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0700);
        *s = '/';
    }
    int rc = 0;
    if (mkdir(p, 0700) && errno != EEXIST)
        rc = ks_err(err, "cannot create %s: %s", p, strerror(errno));
    free(p);
    return rc;
}

/* Serialises start, stop and node changes between kafscope processes. */
int lab_lock_home(const char *home, char *err)
{
    if (lab_mkdirs(home, err))
        return -1;
    char *path = xasprintf("%s/lock", home);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX)) {
        ks_err(err, "cannot lock %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

void lab_unlock_home(int fd)
{
    if (fd >= 0)
        close(fd);
}
