/* See wake.h. */
#include "base/wake.h"

#include <fcntl.h>
#include <unistd.h>

int wake_open(wake_t *w)
{
    int fds[2];
    if (pipe(fds))
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    w->rd = fds[0];
    w->wr = fds[1];
    return 0;
}

void wake_close(wake_t *w)
{
    if (w->rd >= 0)
        close(w->rd);
    if (w->wr >= 0)
        close(w->wr);
    w->rd = w->wr = -1;
}

void wake_notify(int fd)
{
    if (fd < 0)
        return;
    char byte = 1;
    ssize_t n = write(fd, &byte, 1);
    (void)n; /* full: the loop has not drained yet, and will wake anyway */
}

void wake_drain(const wake_t *w)
{
    char buf[256];
    while (read(w->rd, buf, sizeof buf) > 0)
        ;
}
