/* src/http/: one HTTP client over libcurl, and the Kafka Connect REST client on it. Above
 * src/base only; the Schema Registry client (src/decode/registry.c) uses it too.
 *
 *   libcurl.c       libcurl loaded the first time a command speaks HTTP
 *   http.c          the shared HTTP/JSON client: base URL, auth, TLS, timeouts, errors
 *   connect.c       Kafka Connect's REST API: connectors, status, configs, plugins
 *   connect_data.c  what Connect's JSON means, with no I/O (unit-tested, fuzzed)
 */
#ifndef KS_HTTP_LIB_H
#define KS_HTTP_LIB_H

#include "http/connect.h"
#include "http/connect_data.h"
#include "http/http.h"
#include "http/libcurl.h"

#endif
