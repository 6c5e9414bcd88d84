/* src/kafka/: the Kafka client layer, on librdkafka. No terminal, no printing: a line it must
 * report goes to the front end's log sink (ks_logf). Above src/decode, which it hands record
 * bytes to; below src/world and everything that runs commands.
 *
 *   config.c          settings: -b, -X, -F, named clusters from the config file
 *   client.c          the librdkafka handles and one deadline per command
 *   record.c          one record in one allocation; ring.c the bounded buffer of the newest
 *   snapshot.c        immutable, refcounted snapshots of the cluster and lookups in them
 *   snapshot_fill.c   a snapshot filled from librdkafka's answers or the one before
 *   model_requests.c  the refresher's requests, all in flight at once
 *   model.c           the background refresher that publishes a snapshot per interval
 *   offsets.c         ListOffsets in batches (earliest, latest, by time)
 *   offsetspec.c      where a tail starts (beginning, end, N, -N, @TIME)
 *   tail.c            reading chosen partitions into the ring (assign + seek)
 *   group_tail.c      tail --group: reading as a member of a consumer group
 *   produce.c         the idempotent producer, with every record's result
 *   envelope.c        the lossless JSON line of a record, written and read back
 *   template.c        produce --template: templates compiled once
 *   template_render.c ... and rendered per record
 *   admin.c           admin requests: configs, topics, groups
 *   admin_change.c    admin requests that change the cluster
 *   reset_plan.c      group reset's plan (kafka-consumer-groups --reset-offsets semantics)
 *   members.c         consumer group members kafscope runs itself (group join)
 */
#ifndef KS_KAFKA_LIB_H
#define KS_KAFKA_LIB_H

#include "kafka/admin.h"
#include "kafka/client.h"
#include "kafka/config.h"
#include "kafka/envelope.h"
#include "kafka/group_tail.h"
#include "kafka/members.h"
#include "kafka/model.h"
#include "kafka/offsets.h"
#include "kafka/offsetspec.h"
#include "kafka/produce.h"
#include "kafka/record.h"
#include "kafka/reset_plan.h"
#include "kafka/ring.h"
#include "kafka/snapshot.h"
#include "kafka/tail.h"
#include "kafka/template.h"

#endif
