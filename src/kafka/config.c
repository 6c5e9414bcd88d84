#include "kafka/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "base/util.h"

void config_init(ks_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->refresh_ms = 2000;
    cfg->refresh_all_partitions = 2000;
    cfg->timeout_ms = 10000;
    cfg->tail_max_records = 10000;
    cfg->tail_max_bytes = 64u << 20;
    cfg->embedded_brokers = 3;
    cfg->registry.timeout_ms = 2000;
}

int config_apply_decoders(const ks_config_t *cfg, int *applied, struct ks_decoders *d, char *err)
{
    int rc = 0;
    for (int i = *applied; i < cfg->ndecoder_settings; i++) {
        const ks_decoder_setting_t *ds = &cfg->decoder_settings[i];
        char e2[KS_ERRLEN];
        if (decoders_set(d, ds->topic, ds->key, ds->spec, e2) && rc == 0)
            rc = ks_err(err, "decoder.%s.%s: %s", ds->topic, ds->key ? "key" : "value", e2);
    }
    *applied = cfg->ndecoder_settings;
    return rc;
}

void config_free(ks_config_t *cfg)
{
    for (int i = 0; i < cfg->nprops; i++) {
        free(cfg->props[i].key);
        free(cfg->props[i].value);
    }
    free(cfg->props);
    free(cfg->cluster_name);
    free(cfg->bootstrap);
    free(cfg->registry.url);
    free(cfg->registry.auth);
    free(cfg->connect_url);
    free(cfg->connect_auth);
    free(cfg->connect_ca);
    free(cfg->connect_cert);
    free(cfg->connect_key);
    free(cfg->connect_key_password);
    free(cfg->theme);
    for (int i = 0; i < cfg->ndecoder_settings; i++) {
        free(cfg->decoder_settings[i].topic);
        free(cfg->decoder_settings[i].spec);
    }
    free(cfg->decoder_settings);
    memset(cfg, 0, sizeof *cfg);
}

static void set_str(char **slot, const char *v)
{
    free(*slot);
    *slot = xstrdup(v);
}

static int set_number(const char *key, const char *value, int64_t min, int64_t max,
                      int64_t *out, char *err)
{
    if (!parse_int64(value, min, max, out))
        return ks_err(err, "%s: expected a whole number from %lld to %lld, got '%s'", key,
                      (long long)min, (long long)max, value);
    return 0;
}

static bool parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1") || !strcmp(v, "on"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0") || !strcmp(v, "off"))
        *out = false;
    else
        return false;
    return true;
}

/* connect.*: where the Kafka Connect REST API is and how to reach it. */
static int set_connect(ks_config_t *cfg, const char *key, const char *value, char *err)
{
    static const struct {
        const char *key;
        size_t field;
    } strs[] = {
        {"connect.url", offsetof(ks_config_t, connect_url)},
        {"connect.basic.auth.user.info", offsetof(ks_config_t, connect_auth)},
        {"connect.ssl.ca.location", offsetof(ks_config_t, connect_ca)},
        {"connect.ssl.certificate.location", offsetof(ks_config_t, connect_cert)},
        {"connect.ssl.key.location", offsetof(ks_config_t, connect_key)},
        {"connect.ssl.key.password", offsetof(ks_config_t, connect_key_password)},
    };
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        if (!strcmp(key, strs[i].key)) {
            set_str((char **)((char *)cfg + strs[i].field), value);
            return 0;
        }
    if (!strcmp(key, "connect.enable.ssl.certificate.verification")) {
        bool verify;
        if (!parse_bool(value, &verify))
            return ks_err(err, "%s: expected true or false, got '%s'", key, value);
        cfg->connect_insecure = !verify;
        return 0;
    }
    return ks_err(err, "unknown Kafka Connect setting '%s' (connect.url, "
                  "connect.basic.auth.user.info, connect.ssl.ca.location, "
                  "connect.ssl.certificate.location, connect.ssl.key.location, "
                  "connect.ssl.key.password, connect.enable.ssl.certificate.verification)", key);
}

int config_set(ks_config_t *cfg, const char *key, const char *value, char *err)
{
    int64_t n;
    if (!*key)
        return ks_err(err, "empty property name");
    if (!strcmp(key, "bootstrap") || !strcmp(key, "bootstrap.servers") ||
        !strcmp(key, "metadata.broker.list")) {
        set_str(&cfg->bootstrap, value);
        return 0;
    }
    if (!strcmp(key, "schema.registry.url")) {
        set_str(&cfg->registry.url, value);
        return 0;
    }
    if (!strcmp(key, "schema.registry.basic.auth.user.info")) {
        set_str(&cfg->registry.auth, value);
        return 0;
    }
    if (!strcmp(key, "schema.registry.timeout.ms")) {
        if (set_number(key, value, 100, 600000, &n, err))
            return -1;
        cfg->registry.timeout_ms = (int)n;
        return 0;
    }
    if (!strncmp(key, "connect.", 8))
        return set_connect(cfg, key, value, err);
    if (!strncmp(key, "decoder.", 8)) {
        /* decoder.TOPIC.key / decoder.TOPIC.value (topic names may hold dots) */
        const char *topic = key + 8, *dot = strrchr(topic, '.');
        if (!dot || dot == topic || (strcmp(dot, ".key") && strcmp(dot, ".value")))
            return ks_err(err, "%s: expected decoder.TOPIC.key or decoder.TOPIC.value", key);
        char *t = xstrndup(topic, (size_t)(dot - topic));
        bool is_key = !strcmp(dot, ".key");
        /* Checked now, as the session's set will take it (a bad schema file
         * is reported while the settings are read), on a set of its own:
         * the settings hold no decoder state. */
        ks_decoders_t *check = decoders_new(NULL);
        char e2[KS_ERRLEN];
        int rc = decoders_set(check, t, is_key, value, e2);
        decoders_free(check);
        if (rc) {
            free(t);
            return ks_err(err, "%s: %s", key, e2);
        }
        cfg->decoder_settings = xrealloc(cfg->decoder_settings,
                                         (size_t)(cfg->ndecoder_settings + 1) *
                                             sizeof *cfg->decoder_settings);
        cfg->decoder_settings[cfg->ndecoder_settings++] =
            (ks_decoder_setting_t){t, is_key, xstrdup(value)};
        return 0;
    }
    if (!strcmp(key, "theme") || !strcmp(key, "kafscope.theme")) {
        set_str(&cfg->theme, value);
        return 0;
    }
    if (!strcmp(key, "read-only") || !strcmp(key, "read.only") ||
        !strcmp(key, "kafscope.read.only")) {
        if (!parse_bool(value, &cfg->read_only))
            return ks_err(err, "%s: expected true or false, got '%s'", key, value);
        return 0;
    }
    if (!strcmp(key, "refresh.ms") || !strcmp(key, "kafscope.refresh.ms")) {
        if (set_number(key, value, 100, 3600000, &n, err))
            return -1;
        cfg->refresh_ms = (int)n;
        return 0;
    }
    if (!strcmp(key, "refresh.all.partitions") || !strcmp(key, "kafscope.refresh.all.partitions")) {
        if (set_number(key, value, 0, 100000000, &n, err))
            return -1;
        cfg->refresh_all_partitions = (int)n;
        return 0;
    }
    if (!strcmp(key, "timeout.ms") || !strcmp(key, "kafscope.timeout.ms")) {
        if (set_number(key, value, 100, 3600000, &n, err))
            return -1;
        cfg->timeout_ms = (int)n;
        return 0;
    }
    if (!strcmp(key, "tail.max.records") || !strcmp(key, "kafscope.tail.max.records")) {
        if (set_number(key, value, 1, 100000000, &n, err))
            return -1;
        cfg->tail_max_records = (size_t)n;
        return 0;
    }
    if (!strcmp(key, "tail.max.bytes") || !strcmp(key, "kafscope.tail.max.bytes")) {
        if (set_number(key, value, 1024, INT64_C(1) << 40, &n, err))
            return -1;
        cfg->tail_max_bytes = (size_t)n;
        return 0;
    }
    if (!strncmp(key, "kafscope.", 9))
        return ks_err(err, "unknown kafscope setting '%s'", key);

    for (int i = 0; i < cfg->nprops; i++) {
        if (!strcmp(cfg->props[i].key, key)) {
            set_str(&cfg->props[i].value, value);
            return 0;
        }
    }
    cfg->props = xrealloc(cfg->props, (size_t)(cfg->nprops + 1) * sizeof *cfg->props);
    cfg->props[cfg->nprops].key = xstrdup(key);
    cfg->props[cfg->nprops].value = xstrdup(value);
    cfg->nprops++;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

int config_set_kv(ks_config_t *cfg, const char *kv, char *err)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return ks_err(err, "expected prop=value, got '%s'", kv);
    char *key = xstrndup(kv, (size_t)(eq - kv));
    int rc = config_set(cfg, trim(key), eq + 1, err);
    free(key);
    return rc;
}

/* Reads a file of key=value lines, calling fn for each [section] header (with
 * the name after "cluster") and each setting. */
typedef int (*line_fn)(void *ctx, const char *section, const char *key, const char *value,
                       int lineno, char *err);

static int parse_lines(const char *path, line_fn fn, void *ctx, bool sections, char *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return ks_err(err, "cannot read %s: %s", path, strerror(errno));
    char *line = NULL, *section = NULL;
    size_t cap = 0;
    int lineno = 0, rc = 0;
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        if (sections && *s == '[') {
            char *close = strchr(s, ']');
            if (!close) {
                rc = ks_err(err, "%s:%d: unterminated section header", path, lineno);
                break;
            }
            *close = '\0';
            free(section);
            section = xstrdup(trim(s + 1));
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = ks_err(err, "%s:%d: expected prop=value", path, lineno);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (fn(ctx, section, key, value, lineno, err)) {
            rc = -1;
            break;
        }
    }
    free(line);
    free(section);
    fclose(f);
    return rc;
}

static int props_line(void *ctx, const char *section, const char *key, const char *value,
                      int lineno, char *err)
{
    (void)section;
    (void)lineno;
    return config_set(ctx, key, value, err);
}

int config_load_properties(ks_config_t *cfg, const char *path, char *err)
{
    return parse_lines(path, props_line, cfg, false, err);
}

struct cluster_ctx {
    ks_config_t *cfg;
    const char *name;
    bool found;
};

/* A section is "[cluster NAME]"; settings outside any section are global. */
static int cluster_line(void *ctx, const char *section, const char *key, const char *value,
                        int lineno, char *err)
{
    struct cluster_ctx *c = ctx;
    (void)lineno;
    if (!section)
        return config_set(c->cfg, key, value, err);
    const char *name = section;
    if (!strncmp(name, "cluster", 7) && (name[7] == ' ' || name[7] == '\t')) {
        name += 7;
        while (*name == ' ' || *name == '\t')
            name++;
    }
    if (!c->name || strcmp(name, c->name))
        return 0;
    c->found = true;
    return config_set(c->cfg, key, value, err);
}

char *config_default_path(void)
{
    const char *env = getenv("KAFSCOPE_CONFIG");
    if (env && *env)
        return xstrdup(env);
    const char *home = getenv("HOME");
    return xasprintf("%s/.config/kafscope/config", home ? home : ".");
}

int config_load_file(ks_config_t *cfg, const char *path, const char *name, char *err)
{
    FILE *probe = fopen(path, "r");
    if (!probe) {
        if (name)
            return ks_err(err, "cluster '%s' not found: cannot read config file %s", name, path);
        return 0;
    }
    fclose(probe);
    struct cluster_ctx c = {cfg, name, false};
    if (parse_lines(path, cluster_line, &c, true, err))
        return -1;
    if (name && !c.found)
        return ks_err(err, "cluster '%s' not found in %s (expected a [cluster %s] section)",
                      name, path, name);
    if (name)
        set_str(&cfg->cluster_name, name);
    return 0;
}

const char *config_get(const ks_config_t *cfg, const char *key)
{
    for (int i = 0; i < cfg->nprops; i++)
        if (!strcmp(cfg->props[i].key, key))
            return cfg->props[i].value;
    return NULL;
}

const char *config_display_name(const ks_config_t *cfg)
{
    if (cfg->cluster_name)
        return cfg->cluster_name;
    if (cfg->bootstrap)
        return cfg->bootstrap;
    return "embedded demo cluster";
}
