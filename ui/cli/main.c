/* kafscope: parse the command line, load settings, pick a front end. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "panes/panes.h"
#include "tui/tui.h"

#define KS_VERSION "0.1.0"

static void usage(FILE *f)
{
    fputs("usage: kafscope [options]                 interactive (TUI on a terminal)\n"
          "       kafscope [options] -c COMMAND ...   run commands and exit\n"
          "       kafscope [options] --script FILE    run one command per line\n"
          "       kafscope [options] --repl           plain command prompt\n"
          "       kafscope lab start|status|stop|broker ...  a local Apache Kafka cluster\n"
          "       kafscope cluster [--brokers N] [--empty]  run only the embedded demo cluster\n"
          "\n"
          "Connection (with none, kafscope uses the lab: the running one, else it starts one\n"
          "for as long as it runs; without Java or the Kafka jars, the embedded mock):\n"
          "  -b HOST:PORT[,...]   bootstrap servers\n"
          "  -X PROP=VALUE        any librdkafka property (repeatable)\n"
          "  -F FILE              properties file (prop=value lines, # comments)\n"
          "  --cluster NAME       a [cluster NAME] section of the config file\n"
          "  --connect URL        Kafka Connect REST API (also connect.url in the config)\n"
          "                       ($KAFSCOPE_CONFIG, else ~/.config/kafscope/config)\n"
          "  --mock               the embedded demo cluster (librdkafka's mock), no lab\n"
          "Output and behaviour:\n"
          "  --json               JSON output (tail: one JSON object per line)\n"
          "  --read-only          refuse every command that changes the cluster\n"
          "  --timeout MS         timeout of every network operation (default 10000)\n"
          "  --theme NAME         colour theme of the TUI\n"
          "  -h, --help           this help;  --version  the version\n"
          "\n`kafscope -c help` lists the commands.\n",
          f);
}

/* Terminal text is measured and escaped as UTF-8 whatever the environment
 * says, so a C locale still gets correct widths. */
static void setup_locale(void)
{
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    if (!cs || strcmp(cs, "UTF-8"))
        setlocale(LC_CTYPE, "C.UTF-8");
}

typedef struct {
    char **commands;
    int ncommands;
    const char *script;
    const char *cluster;
    bool repl;
    bool mock;
} mode_t_;

static int need_arg(int i, int argc, const char *opt)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "kafscope: option %s needs a value (see --help)\n", opt);
        return -1;
    }
    return 0;
}

/* Options that change settings are applied after the config file, so the
 * command line wins; they are collected first. */
static int parse_args(int argc, char **argv, ks_config_t *cfg, cmd_ctx_t *ctx, mode_t_ *mode)
{
    char err[KS_ERRLEN];
    const char *bootstrap = NULL;
    char **later = xcalloc((size_t)argc + 1, sizeof *later); /* -X / -F in order */
    int nlater = 0, rc = 0;
    int64_t n;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--version")) {
            printf("kafscope %s (librdkafka %s)\n", KS_VERSION, rd_kafka_version_str());
            exit(0);
        } else if (!strcmp(a, "-b") || !strcmp(a, "-X") || !strcmp(a, "-F") || !strcmp(a, "-c") ||
                   !strcmp(a, "--script") || !strcmp(a, "--cluster") || !strcmp(a, "--timeout") ||
                   !strcmp(a, "--theme") || !strcmp(a, "--connect")) {
            if (need_arg(i, argc, a)) {
                rc = -1;
                break;
            }
            const char *v = argv[++i];
            if (!strcmp(a, "-b"))
                bootstrap = v;
            else if (!strcmp(a, "-X") || !strcmp(a, "-F"))
                later[nlater++] = argv[i - 1], later[nlater++] = argv[i];
            else if (!strcmp(a, "-c"))
                mode->commands[mode->ncommands++] = argv[i];
            else if (!strcmp(a, "--script"))
                mode->script = v;
            else if (!strcmp(a, "--cluster"))
                mode->cluster = v;
            else if (!strcmp(a, "--theme"))
                later[nlater++] = "theme", later[nlater++] = argv[i];
            else if (!strcmp(a, "--connect"))
                later[nlater++] = "connect.url", later[nlater++] = argv[i];
            else if (!parse_int64(v, 100, 3600000, &n)) {
                fprintf(stderr, "kafscope: --timeout: expected milliseconds from 100 to 3600000, "
                                "got '%s'\n", v);
                rc = -1;
            } else {
                later[nlater++] = "timeout.ms", later[nlater++] = argv[i];
            }
        } else if (!strcmp(a, "--json")) {
            ctx->json = true;
        } else if (!strcmp(a, "--read-only")) {
            later[nlater++] = "read-only", later[nlater++] = "true";
        } else if (!strcmp(a, "--repl")) {
            mode->repl = true;
        } else if (!strcmp(a, "--mock")) {
            mode->mock = true;
        } else {
            fprintf(stderr, "kafscope: unknown option '%s' (see --help)\n", a);
            rc = -1;
        }
    }
    if (rc == 0) {
        char *path = config_default_path();
        if (config_load_file(cfg, path, mode->cluster, err)) {
            fprintf(stderr, "kafscope: %s\n", err);
            rc = -1;
        }
        free(path);
    }
    for (int i = 0; rc == 0 && i < nlater; i += 2) {
        int r;
        if (!strcmp(later[i], "-X"))
            r = config_set_kv(cfg, later[i + 1], err);
        else if (!strcmp(later[i], "-F"))
            r = config_load_properties(cfg, later[i + 1], err);
        else
            r = config_set(cfg, later[i], later[i + 1], err);
        if (r) {
            fprintf(stderr, "kafscope: %s%s%s\n", later[i][0] == '-' ? later[i] : "",
                    later[i][0] == '-' ? ": " : "", err);
            rc = -1;
        }
    }
    if (rc == 0 && bootstrap)
        config_set(cfg, "bootstrap", bootstrap, err);
    free(later);
    return rc;
}

/* The log sink of batch, the REPL, `lab` and `cluster` (the TUI installs its
 * own). A progress line is rewritten in place on a terminal and left out
 * elsewhere (a log file wants the result, not every count). */
static void log_to_stderr(void *opaque, ks_log_kind_t kind, const char *line)
{
    static bool progress_open; /* the cursor is at the end of a progress line */
    (void)opaque;
    if (kind != KS_LOG_LINE) {
        if (!isatty(STDERR_FILENO))
            return;
        fprintf(stderr, "\r%s\033[K%s", line, kind == KS_LOG_PROGRESS_END ? "\n" : "");
        progress_open = kind == KS_LOG_PROGRESS;
    } else {
        fprintf(stderr, "%s%s\n", progress_open ? "\n" : "", line);
        progress_open = false;
    }
    fflush(stderr);
}

int main(int argc, char **argv)
{
    setup_locale();
    app_signals();
    ks_log_set(log_to_stderr, NULL);
    if (argc > 1 && !strcmp(argv[1], "cluster"))
        return cluster_run(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "lab"))
        return lab_main(argc - 1, argv + 1);

    ks_config_t cfg;
    config_init(&cfg);
    cmd_ctx_t ctx = {0};
    ctx.cfg = &cfg;
    ctx.out = stdout;
    ctx.interrupted = &app_interrupted;
    mode_t_ mode = {0};
    mode.commands = xcalloc((size_t)argc + 1, sizeof *mode.commands);
    int rc = parse_args(argc, argv, &cfg, &ctx, &mode);
    if (rc == 0 && mode.mock && cfg.bootstrap) {
        fprintf(stderr, "kafscope: --mock runs the embedded cluster; it cannot be combined with "
                        "-b, -F or --cluster naming a cluster\n");
        rc = -1;
    }
    if (!mode.mock)
        ctx.connect_world = lab_world_connect;
    ctx.batch = mode.ncommands || mode.script;
    if (rc) {
        rc = 2;
    } else if (mode.ncommands || mode.script) {
        rc = batch_run(&ctx, mode.commands, mode.ncommands, mode.script);
    } else if (!mode.repl && isatty(0) && isatty(1)) {
        ctx.demo_group = true; /* the embedded cluster's pizza-kitchen group */
        rc = tui_run(&ctx, pane_table);
    } else {
        ctx.interactive = isatty(0);
        ctx.demo_group = true; /* the embedded cluster's pizza-kitchen group */
        rc = repl_run(&ctx);
    }
    cmd_ctx_end(&ctx);
    lab_world_release();
    config_free(&cfg);
    free(mode.commands);
    return rc;
}
