/* The edit loop behind `produce TOPIC --edit`: the record goes into a
 * temporary file, the person's editor ($VISUAL, $EDITOR, else vi) opens it,
 * and what they save is checked; an invalid record reopens the editor with
 * the error as a comment at the top. Lines starting with // are comments.
 * Quitting without saving (the file untouched) cancels. Runs on the thread
 * of the command; ctx->edit (the TUI's bridge, which suspends curses) runs
 * the editor when set. */
#ifndef KS_RECORD_EDIT_H
#define KS_RECORD_EDIT_H

#include <stdbool.h>

#include "commands/command.h"

/* Runs the editor on path and waits for it. -1 with err when it cannot be
 * started or exits with an error status. */
int editor_run(const char *path, char *err);

/* Checks and acts on the saved text (comments blanked, line numbers kept).
 * Returns 0 when done, 1 to reopen the editor with why as the error, -1 on
 * a failure editing cannot fix (why says it). */
typedef int (*edit_accept_fn)(void *opaque, const char *text, size_t len, char *why);

/* The record at topic/partition/offset as an envelope to edit: key and
 * value decoded with the topic's decoders (Avro as JSON, with
 * "value_encoding":"avro" and the schema id when it came framed), without
 * the raw bytes, so what is edited is what is sent. NULL with err when
 * there is no such record. */
json_t *record_edit_fetch(cmd_ctx_t *ctx, const char *topic, int32_t partition, int64_t offset,
                          char *err);

/* *cancelled: the person quit without saving (nothing accepted). */
int record_edit(cmd_ctx_t *ctx, const char *initial, edit_accept_fn accept, void *opaque,
                bool *cancelled, char *err);

#endif
