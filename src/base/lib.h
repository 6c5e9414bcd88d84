/* src/base/: what every layer above may use, and nothing of Kafka. The bottom of the layer
 * diagram (README "Layout"): it includes no other folder.
 *
 *   util.c       allocation that never fails, the growable string buffer, time, error
 *                messages, the log sink front ends install (ks_logf)
 *   sanitize.c   untrusted bytes to safe terminal text; UTF-8 and display widths
 *   wrap.c       the one word wrap by display width
 *   json_text.c  JSON written by hand: string escaping, base64, shortest exact reals
 *   secret.c     which settings hold secrets, so every front end masks them
 *   rng.c        a small fast generator for test data (never for secrets)
 *   dynlib.c     libraries loaded on first use (libcurl, avro-c)
 *   wake.c       the one wake pipe: how background work wakes a front end's loop
 */
#ifndef KS_BASE_LIB_H
#define KS_BASE_LIB_H

#include "base/dynlib.h"
#include "base/json_text.h"
#include "base/rng.h"
#include "base/sanitize.h"
#include "base/secret.h"
#include "base/util.h"
#include "base/wake.h"
#include "base/wrap.h"

#endif
