/* The session commands share: the connection made on first use (the
 * world hook connects the lab or the embedded mock when no cluster is named),
 * the demo decoders preset on the demo clusters, snapshots, and the Kafka
 * Connect client. Kept apart from the dispatcher and the table so the
 * handlers can call it without a loop back to the table that lists them. */
#include "commands/session.h"

#include <pthread.h>

#include "decode/decode.h"
#include "http/connect.h"
#include "world/demo_schema.h"
#include "world/demo_traffic.h"
#include "world/embedded.h"

/* Made on first use, which may be on any thread (the TUI's tail worker
 * decodes, commands run off the UI thread): the making is serialised. */
static pthread_mutex_t decoders_once = PTHREAD_MUTEX_INITIALIZER;

ks_decoders_t *cmd_decoders(cmd_ctx_t *ctx)
{
    pthread_mutex_lock(&decoders_once);
    if (!ctx->decoders)
        ctx->decoders = decoders_new(&ctx->cfg->registry);
    char err[KS_ERRLEN];
    if (config_apply_decoders(ctx->cfg, &ctx->decoders_applied, ctx->decoders, err))
        ks_logf("kafscope: %s", err);
    ks_decoders_t *d = ctx->decoders;
    pthread_mutex_unlock(&decoders_once);
    return d;
}

void cmd_preset_demo_decoders(cmd_ctx_t *ctx)
{
    /* the demo writes cart-updates as Avro with the built-in schema:
     * decode it out of the box (the user's own decoder setting wins) */
    char err[KS_ERRLEN];
    if (decoders_preset_avro_text(cmd_decoders(ctx), "cart-updates", false,
                                  DEMO_CART_UPDATES_SCHEMA_LABEL, demo_cart_updates_avsc, err))
        ks_logf("kafscope: cart-updates decoder: %s", err);
}

/* The world of --mock, and of a session whose front end sets no hook. */
static ks_client_t *mock_world(cmd_ctx_t *ctx, char *err)
{
    return embedded_client_new(ctx->cfg, err);
}

int cmd_connect(cmd_ctx_t *ctx, char *err)
{
    if (ctx->client)
        return 0;
    if (ctx->cfg->bootstrap) {
        ctx->client = client_new(ctx->cfg, NULL, err);
    } else {
        /* No cluster named: the world hook picks one, once (the lab it may
         * start is not started again on a reconnect); without one, the mock. */
        ks_client_t *(*world)(struct cmd_ctx *, char *) =
            ctx->connect_world ? ctx->connect_world : mock_world;
        ctx->connect_world = NULL;
        ctx->client = world(ctx, err);
    }
    if (!ctx->client)
        return -1;
    ctx->model = model_new(ctx->client);
    ctx->members = members_new(ctx->client);
    model_set_local_groups(ctx->model, members_local_groups, ctx->members);
    if (client_is_embedded(ctx->client) || ctx->lab_world)
        cmd_preset_demo_decoders(ctx);
    if (ctx->demo_group && client_is_embedded(ctx->client)) {
        static const char *const topics[] = {"pizza-orders"};
        members_join_t j = {.group = DEMO_GROUP, .topics = topics, .ntopics = 1, .count = 2,
                            .assignor = "range", .delay_ms = DEMO_DELAY_MS};
        char jerr[KS_ERRLEN];
        if (members_join(ctx->members, &j, jerr))
            ks_logf("kafscope: demo group %s: %s", DEMO_GROUP, jerr);
    }
    return 0;
}

void cmd_disconnect(cmd_ctx_t *ctx)
{
    /* The model's refresher reads the members; the members' consumers use
     * the client's cluster (the embedded one stops with the client). */
    model_free(ctx->model);
    members_free(ctx->members);
    client_free(ctx->client);
    connect_free(ctx->connect);
    ctx->connect = NULL;
    ctx->model = NULL;
    ctx->members = NULL;
    ctx->client = NULL;
}

void cmd_ctx_end(cmd_ctx_t *ctx)
{
    cmd_disconnect(ctx); /* the tail worker and the model decode no more */
    decoders_free(ctx->decoders);
    ctx->decoders = NULL;
}

ks_snapshot_t *cmd_snapshot(cmd_ctx_t *ctx, int what, char *err)
{
    if (cmd_connect(ctx, err))
        return NULL;
    if (ctx->live_model) {
        ks_snapshot_t *s = model_snapshot(ctx->model);
        if (s && !s->error)
            return s;
        snapshot_release(s);
    }
    return model_refresh_sync(ctx->model, what, err);
}

struct ks_connect *cmd_connect_new(const cmd_ctx_t *ctx, volatile sig_atomic_t *cancel,
                                   char *err)
{
    const ks_config_t *cfg = ctx->cfg;
    if (!cfg->connect_url || !*cfg->connect_url) {
        ks_err(err, "no Kafka Connect URL: give --connect URL, or connect.url in the config file "
                    "or with -X connect.url=URL");
        return NULL;
    }
    ks_http_opts_t o = {
        .url = cfg->connect_url,
        .userinfo = cfg->connect_auth,
        .ca_file = cfg->connect_ca,
        .cert_file = cfg->connect_cert,
        .key_file = cfg->connect_key,
        .key_password = cfg->connect_key_password,
        .insecure = cfg->connect_insecure,
        .timeout_ms = cfg->timeout_ms,
        .cancel = cancel,
    };
    return connect_new(&o);
}

struct ks_connect *cmd_connect_worker(cmd_ctx_t *ctx, char *err)
{
    /* With no cluster given, the lab's Connect worker is found with the lab. */
    if (!ctx->connect && !ctx->cfg->connect_url && !ctx->cfg->bootstrap && ctx->connect_world &&
        cmd_connect(ctx, err))
        return NULL;
    if (!ctx->connect)
        ctx->connect = cmd_connect_new(ctx, ctx->interrupted, err);
    return ctx->connect;
}
