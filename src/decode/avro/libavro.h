/* avro-c, loaded the first time a schema is parsed (Avro decoding, Schema
 * Registry, produce --value-schema).
 *
 * Why not link it: avro-c links snappy, which brings the C++ runtime
 * (libstdc++, with its start-up), and lzma: about 2 MiB resident in every
 * kafscope process, although most never read Avro. Only the headers are
 * compiled in (most avro_value_* calls are macros over the value's own
 * interface); the functions below come from the soname CMake found
 * (KS_AVRO_SONAME, or its full path KS_AVRO_PATH). */
#ifndef KS_LIBAVRO_H
#define KS_LIBAVRO_H

#include <avro.h>

typedef struct {
    const char *(*strerror)(void);
    int (*schema_from_json_length)(const char *json, size_t len, avro_schema_t *schema);
    int (*schema_decref)(avro_schema_t schema);
    const char *(*schema_enum_get)(const avro_schema_t schema, int index);
    avro_value_iface_t *(*generic_class_from_schema)(avro_schema_t schema);
    int (*generic_value_new)(avro_value_iface_t *iface, avro_value_t *dest);
    void (*value_decref)(avro_value_t *value);
    avro_reader_t (*reader_memory)(const char *buf, int64_t len);
    void (*reader_free)(avro_reader_t reader);
    int (*value_read)(avro_reader_t reader, avro_value_t *dest);
    avro_value_iface_t *(*resolved_reader_new)(avro_schema_t writer, avro_schema_t reader);
    int (*resolved_reader_new_value)(avro_value_iface_t *iface, avro_value_t *value);
    void (*resolved_reader_set_source)(avro_value_t *resolved, avro_value_t *dest);
} ks_avro_t;

/* The functions: loaded once, thread-safe. NULL with err set (naming the
 * library and why) when it cannot be loaded. */
const ks_avro_t *libavro(char *err);

#endif
