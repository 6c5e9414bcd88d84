#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

volatile sig_atomic_t app_interrupted = 0;

static void on_signal(int sig)
{
    /* The first Ctrl-C asks the running command to stop cleanly; a second
     * one means the user is done waiting. */
    if (app_interrupted && sig == SIGINT) {
        static const char msg[] = "\nkafscope: interrupted\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        _exit(130);
    }
    app_interrupted = 1;
}

void app_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}
