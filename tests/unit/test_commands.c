/* The command table, the dispatcher and the one runner without a cluster:
 * every entry is found by its name, aliases reach their entry, quit is a
 * flagged entry help lists, and each kind of failure is reported as its
 * kind (the REPL's help pointer and the exit status depend on it, not on
 * the error's wording). */
#include <signal.h>
#include <stdlib.h>

#include "check.h"
#include "commands/command.h"
#include "core/cmdrun.h"

static ks_config_t cfg;
static volatile sig_atomic_t interrupted;
static cmd_ctx_t ctx = {.cfg = &cfg, .interrupted = &interrupted};

/* Runs line through the runner, output into memory; returns its result. */
static cmdrun_result_t run(const char *line)
{
    cmdrun_result_t r;
    cmd_line_t l;
    cmd_line_parse(line, &l);
    cmdrun_exec(&ctx, &l, &r);
    cmd_line_free(&l);
    return r;
}

static void test_table(void)
{
    int n = 0;
    for (const cmd_entry_t *const *p = cmd_table; *p; p++, n++) {
        const cmd_entry_t *e = *p;
        CHECK(e->name && e->args && e->summary && e->help && e->fn);
        /* found by its own name, and no other entry has that name */
        char *copy = xstrdup(e->name);
        char *argv[4];
        int argc = 0;
        for (char *save = NULL, *w = strtok_r(copy, " ", &save); w && argc < 4;
             w = strtok_r(NULL, " ", &save))
            argv[argc++] = w;
        int words = 0;
        CHECK(cmd_find(argc, argv, &words) == e);
        CHECK(words == argc);
        free(copy);
        for (const cmd_entry_t *const *q = p + 1; *q; q++)
            CHECK(strcmp(e->name, (*q)->name) != 0);
    }
    CHECK(n > 30);
}

static void test_quit(void)
{
    char *exit_argv[] = {"exit"}, *q_argv[] = {"q"}, *quit_argv[] = {"quit"};
    const cmd_entry_t *quit = cmd_find(1, quit_argv, NULL);
    CHECK(quit && (quit->flags & CMD_QUIT));
    CHECK(cmd_find(1, exit_argv, NULL) == quit);
    CHECK(cmd_find(1, q_argv, NULL) == quit);

    cmdrun_result_t r = run("quit");
    CHECK(r.rc == 0 && r.quit);
    cmdrun_result_free(&r);
    r = run("  exit ");
    CHECK(r.rc == 0 && r.quit);
    cmdrun_result_free(&r);
    /* a quit line that does not run does not quit */
    r = run("quit now");
    CHECK(r.rc == -1 && !r.quit && r.res.error == CMD_ERR_USAGE);
    cmdrun_result_free(&r);
    r = run("help");
    CHECK(r.rc == 0 && !r.quit);
    CHECK(r.res.text.buf && strstr(r.res.text.buf, "  quit "));
    cmdrun_result_free(&r);
    r = run("help exit");
    CHECK(r.rc == 0 && r.res.text.buf && strstr(r.res.text.buf, "usage: quit"));
    cmdrun_result_free(&r);
}

static void test_error_kinds(void)
{
    static const struct {
        const char *line;
        cmd_error_t kind;
    } cases[] = {
        {"brokerz", CMD_ERR_USAGE},              /* unknown command */
        {"topic", CMD_ERR_USAGE},                /* a family without its subcommand */
        {"topic describe", CMD_ERR_USAGE},       /* missing argument */
        {"topics a b", CMD_ERR_USAGE},           /* too many arguments */
        {"topics --bogus", CMD_ERR_USAGE},       /* unknown option */
        {"help nosuch", CMD_ERR_USAGE},          /* the handler's own usage error */
        {"set json maybe", CMD_ERR_USAGE},
        {"produce 'unbalanced", CMD_ERR_USAGE},  /* the line does not split */
        {"topic delete t --yes", CMD_ERR_REFUSED}, /* read-only, set below */
    };
    cfg.read_only = true;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cmdrun_result_t r = run(cases[i].line);
        CHECK(r.rc == -1);
        if (r.res.error != cases[i].kind)
            fprintf(stderr, "%s: kind %d, want %d (%s)\n", cases[i].line, (int)r.res.error,
                    (int)cases[i].kind, r.err);
        CHECK(r.res.error == cases[i].kind);
        CHECK(r.err[0] != '\0');
        cmdrun_result_free(&r);
    }
    cfg.read_only = false;
    cmdrun_result_t r = run("set json true");
    CHECK(r.rc == 0 && r.res.error == CMD_OK && ctx.json);
    cmdrun_result_free(&r);
    r = run("set json false");
    CHECK(r.rc == 0 && !ctx.json);
    cmdrun_result_free(&r);
}

/* cmdrun_print: the result on out, the error on stderr; nothing else on out. */
static void test_print(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cmdrun_result_t r;
    cmdrun_line(&ctx, "help set", out, &r);
    cmdrun_print(&r, out, 0);
    cmdrun_result_free(&r);
    fclose(out);
    CHECK(buf && strstr(buf, "usage: set KEY VALUE"));
    free(buf);
}

int main(void)
{
    config_init(&cfg);
    test_table();
    test_quit();
    test_error_kinds();
    test_print();
    config_free(&cfg);
    return check_summary();
}
