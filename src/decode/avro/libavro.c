#include "decode/avro/libavro.h"

#include <pthread.h>

#include "base/dynlib.h"
#include "base/util.h"

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static ks_avro_t funcs;
static const ks_avro_t *loaded;
static char load_error[256];

static void load(void)
{
    /* by soname, then where CMake found it (outside the loader's path) */
    static const char *const names[] = {KS_AVRO_SONAME, KS_AVRO_PATH};
    const dynlib_sym_t syms[] = {
        {"avro_strerror", &funcs.strerror},
        {"avro_schema_from_json_length", &funcs.schema_from_json_length},
        {"avro_schema_decref", &funcs.schema_decref},
        {"avro_schema_enum_get", &funcs.schema_enum_get},
        {"avro_generic_class_from_schema", &funcs.generic_class_from_schema},
        {"avro_generic_value_new", &funcs.generic_value_new},
        {"avro_value_decref", &funcs.value_decref},
        {"avro_reader_memory", &funcs.reader_memory},
        {"avro_reader_free", &funcs.reader_free},
        {"avro_value_read", &funcs.value_read},
        {"avro_resolved_reader_new", &funcs.resolved_reader_new},
        {"avro_resolved_reader_new_value", &funcs.resolved_reader_new_value},
        {"avro_resolved_reader_set_source", &funcs.resolved_reader_set_source},
    };
    if (dynlib_load(names, sizeof names / sizeof *names, syms, sizeof syms / sizeof *syms,
                    load_error, sizeof load_error))
        loaded = &funcs;
}

const ks_avro_t *libavro(char *err)
{
    pthread_once(&load_once, load);
    if (!loaded)
        ks_err(err, "Avro needs avro-c, which could not be loaded: %s", load_error);
    return loaded;
}
