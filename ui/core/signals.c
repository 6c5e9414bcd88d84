/* SIGINT and SIGTERM: a flag the front ends poll, so a command stops
 * cleanly; and a watchdog, so that a command stuck in a call that does not
 * return (a librdkafka call waiting on a hung broker, a teardown that waits
 * for one) still ends within about a second, with the terminal restored. */
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/signals.h"

volatile sig_atomic_t app_interrupted = 0;
volatile sig_atomic_t app_terminated = 0;
static volatile sig_atomic_t watchdog_status;
static volatile sig_atomic_t sigint_ends_run;
static struct termios saved_termios;
static volatile sig_atomic_t have_termios;
static void (*volatile restore_hook)(void);

void app_set_restore_hook(void (*restore)(void))
{
    restore_hook = restore;
}

static void restore_terminal(void)
{
    void (*restore)(void) = restore_hook;
    if (restore)
        restore();
    if (have_termios)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios); /* the REPL's readline mode */
}

static void on_watchdog(int sig)
{
    (void)sig;
    static const char msg[] = "\nkafscope: did not stop within a second; exiting\n";
    restore_terminal();
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(watchdog_status ? watchdog_status : 1);
}

void app_arm_watchdog(int sig)
{
    if (!watchdog_status) {
        watchdog_status = 128 + sig;
        alarm(1);
    }
}

void app_sigint_ends_run(void)
{
    sigint_ends_run = 1;
}

static void on_signal(int sig)
{
    /* The first Ctrl-C asks the running command to stop cleanly; a second
     * one means the user is done waiting. */
    if (app_interrupted && sig == SIGINT) {
        static const char msg[] = "\nkafscope: interrupted\n";
        restore_terminal();
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        _exit(130);
    }
    app_interrupted = 1;
    /* SIGTERM ends every front end; Ctrl-C ends a batch run, while in the
     * REPL it only stops the running command. */
    if (sig == SIGTERM)
        app_terminated = 1;
    if (sig == SIGTERM || sigint_ends_run)
        app_arm_watchdog(sig);
}

void app_signals(void)
{
    have_termios = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_termios) == 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_watchdog;
    sigaction(SIGALRM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}
