/* Connection and settings: -b, -X, -F, named clusters from the config file.
 * Knows which keys are secrets so nothing prints them. */
#ifndef KS_CONFIG_H
#define KS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "decode/registry.h"

typedef struct {
    char *key;
    char *value;
} ks_prop_t;

typedef struct {
    char *topic;  /* may be a glob ("cart-*") */
    bool key;     /* the key's decoder, else the value's */
    char *spec;   /* "json", "avro FILE.avsc", ... (decoders_set) */
} ks_decoder_setting_t;

/* Threads: written while the settings are read (command line, config
 * file, the lab's bootstrap), before the client and its threads exist;
 * read-only after that, except the numbers `set` changes (timeout.ms,
 * tail.max.*, refresh.ms, read-only): the command thread writes those
 * while the model's refresher and the tail worker read them, with no lock
 * (plain ints; a reader sees the old or the new value). */
typedef struct ks_config {
    char *cluster_name;      /* --cluster NAME, or NULL */
    char *bootstrap;         /* NULL: use the embedded demo cluster */
    ks_prop_t *props;        /* librdkafka properties, in the order given */
    int nprops;
    ks_registry_conf_t registry; /* schema.registry.* */
    /* Kafka Connect REST API (connect.*): URL, basic auth, TLS */
    char *connect_url;       /* connect.url, --connect */
    char *connect_auth;      /* connect.basic.auth.user.info (user:pass) */
    char *connect_ca;        /* connect.ssl.ca.location */
    char *connect_cert;      /* connect.ssl.certificate.location */
    char *connect_key;       /* connect.ssl.key.location */
    char *connect_key_password; /* connect.ssl.key.password */
    bool connect_insecure;   /* connect.enable.ssl.certificate.verification=false */
    /* Per-topic decoders (decoder.TOPIC.key|value=NAME [ARG]), in the order
     * given: settings only. The decoder set itself is the session's
     * (cmd_decoders in commands/), which applies these when it is made. */
    ks_decoder_setting_t *decoder_settings;
    int ndecoder_settings;
    char *theme;
    int refresh_ms;          /* cluster model refresh interval */
    int refresh_all_partitions; /* past this many, topics off screen refresh less often */
    int timeout_ms;          /* every network operation */
    bool read_only;
    size_t tail_max_records; /* tail ring buffer bounds */
    size_t tail_max_bytes;
    int embedded_brokers;
} ks_config_t;

void config_init(ks_config_t *cfg);
void config_free(ks_config_t *cfg);

/* -X prop=value. kafscope's own keys (schema.registry.*, kafscope.*) are kept
 * apart; everything else goes to librdkafka, which validates it later. */
int config_set_kv(ks_config_t *cfg, const char *kv, char *err);
int config_set(ks_config_t *cfg, const char *key, const char *value, char *err);

/* -F FILE: kcat-compatible properties file (prop=value lines, # comments). */
int config_load_properties(ks_config_t *cfg, const char *path, char *err);

/* Loads cluster NAME from the config file ($KAFSCOPE_CONFIG, else
 * ~/.config/kafscope/config). Global settings (before any [cluster ...]
 * section) always apply. A missing file is fine unless name is given. */
int config_load_file(ks_config_t *cfg, const char *path, const char *name, char *err);
char *config_default_path(void);

/* Applies the decoder.* settings from *applied on, in order, to d (a
 * session's decoder set), and moves *applied past them: a session applies
 * each setting once, however often it asks. Each was checked when it was
 * set; -1 with err if one no longer loads (its schema file went away), the
 * rest still applied. */
struct ks_decoders;
int config_apply_decoders(const ks_config_t *cfg, int *applied, struct ks_decoders *d, char *err);

/* Property value or NULL. */
const char *config_get(const ks_config_t *cfg, const char *key);

/* Human name of where we are connected: cluster name, bootstrap, or the
 * embedded demo cluster. */
const char *config_display_name(const ks_config_t *cfg);

#endif
