/* The terminal: curses on and off, and every way out restoring it. Signals
 * only set flags and write a byte to the wakeup pipe; the loop in tui.c
 * acts on them, so no curses call ever runs inside a handler. Fatal signals
 * (a crash) cannot use curses either: they write the reset sequences and
 * restore the saved termios, both async-signal-safe, then die as before. */
#include <curses.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "base/wake.h"
#include "core/signals.h"
#include "tui/ui.h"

/* These stay file statics, not fields of tui_t: signal handlers take no
 * context pointer, and a handler may only touch what is reachable without
 * one (sig_atomic_t flags, the wakeup fd, the saved termios the fatal
 * handler restores). The terminal is one per process anyway. */
static volatile sig_atomic_t resize_pending, quit_pending;
static volatile sig_atomic_t curses_on;
static int wake_fd = -1;
static struct termios saved_termios;
static bool have_termios;

/* Leave the alternate screen, show the cursor, reset attributes, stop
 * mouse reporting: what endwin would do, in bytes a handler may write. */
static const char emergency_reset[] =
    "\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1049l\r\n";

static void wake(void)
{
    wake_notify(wake_fd);
}

static void on_resize(int sig)
{
    (void)sig;
    resize_pending = 1;
    wake();
}

static void on_quit(int sig)
{
    quit_pending = 1;
    wake();
    /* The loop quits at once; the watchdog bounds a teardown that hangs. */
    app_arm_watchdog(sig);
}

static void term_emergency_restore(void)
{
    if (curses_on) {
        ssize_t w = write(STDOUT_FILENO, emergency_reset, sizeof emergency_reset - 1);
        (void)w;
        if (have_termios)
            tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
        curses_on = 0;
    }
}

static void on_fatal(int sig)
{
    term_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void at_exit_restore(void)
{
    term_stop();
}

int term_start(void)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return -1;
    have_termios = tcgetattr(STDIN_FILENO, &saved_termios) == 0;
    /* ncurses installs its own SIGWINCH handler only when none is set; ours
     * (installed below, after initscr) replaces it and resizes explicitly. */
    if (!initscr())
        return -1;
    curses_on = 1;
    app_set_restore_hook(term_emergency_restore);
    atexit(at_exit_restore);
    raw();      /* Ctrl-C arrives as a key: quitting stays one code path */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    term_mouse(true);
    mouseinterval(0);
    return 0;
}

void term_mouse(bool on)
{
    mousemask(on ? BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
                       BUTTON5_PRESSED
                 : 0,
              NULL);
}

void term_hook_signals(int fd)
{
    wake_fd = fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_resize;
    sigaction(SIGWINCH, &sa, NULL);
    sa.sa_handler = on_quit;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_fatal;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
}

void term_stop(void)
{
    if (!curses_on)
        return;
    curses_on = 0;
    mousemask(0, NULL);
    curs_set(1);
    endwin();
    fflush(stdout);
    if (have_termios)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    /* Signals go back to the app's handlers (main.c) for the rest of the run. */
    signal(SIGWINCH, SIG_DFL);
    wake_fd = -1;
}

/* SIGINT's handler while the editor runs (process-wide, like the rest). */
static struct sigaction saved_sigint;

void term_suspend(void)
{
    if (!curses_on)
        return;
    /* Ctrl-C in the editor reaches the whole foreground process group: it
     * must not quit kafscope behind the editor's back */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &saved_sigint);
    def_prog_mode(); /* what reset_prog_mode brings back */
    term_mouse(false);
    curs_set(1);
    endwin();
    fflush(stdout);
    if (have_termios)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios); /* the shell's modes, for the editor */
    curses_on = 0;
}

void term_resume(void)
{
    if (curses_on)
        return;
    curses_on = 1;
    reset_prog_mode();
    curs_set(0);
    term_mouse(true);
    sigaction(SIGINT, &saved_sigint, NULL);
    clearok(curscr, TRUE); /* the editor drew over everything */
    refresh();
}

bool term_take_resize(void)
{
    bool r = resize_pending;
    resize_pending = 0;
    return r;
}

bool term_take_quit(void)
{
    bool q = quit_pending;
    quit_pending = 0;
    return q;
}

void term_apply_size(int *rows, int *cols)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    *rows = LINES;
    *cols = COLS;
}
