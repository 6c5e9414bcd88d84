#include "world/demo_data.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "decode/avro/kavro.h"

static const char *const shops[] = {"Mario's Pizza", "Luigi's Slice", "Napoli Express",
                                    "Marinara Corner", "Pizza Galaxy"};
static const char *const names[] = {"Andrea Pirlo", "Alice Waters", "Kenji Ito",
                                    "Fatima Zahra", "Luca Rossi", "Maria Silva"};
static const char *const pizzas[] = {"Margherita", "Marinara", "Diavola", "Quattro Formaggi",
                                     "Capricciosa"};
static const char *const toppings[] = {"Tuna", "Onions", "Ham", "Olives", "Basil", "Chili"};
static const char *const actions[] = {"ADD", "REMOVE", "UPDATE_QTY"};
static const char *const elements[] = {"Brick 2x4 red", "Plate 1x2 blue", "Wheel small",
                                       "Minifig pirate", "Window frame"};
static const char *const sensors[] = {"temp_max", "temp_min", "humidity", "pressure"};

#define PICK(arr, i) (arr[(i) % (sizeof arr / sizeof *arr)])

/* A small, fast mixing function: deterministic pseudo-random choices. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static void pizza_order(uint64_t n, demo_record_t *rec)
{
    uint64_t r = mix(n + 1);
    const char *shop = PICK(shops, r);
    snprintf(rec->key, sizeof rec->key, "{\"shop\":\"%s\"}", shop);
    sb_printf(&rec->value, "{\"orderId\":%llu,\"shop\":\"%s\",\"name\":\"%s\",\"pizzas\":[",
              (unsigned long long)(100000 + n), shop, PICK(names, r >> 8));
    int count = 1 + (int)((r >> 16) % 3);
    for (int i = 0; i < count; i++) {
        uint64_t p = mix(r + (uint64_t)i);
        sb_printf(&rec->value, "%s{\"pizza\":\"%s\",\"additionalToppings\":[\"%s\",\"%s\"]}",
                  i ? "," : "", PICK(pizzas, p), PICK(toppings, p >> 8), PICK(toppings, p >> 16));
    }
    sb_adds(&rec->value, "]}");
    rec->header_name = "source";
    snprintf(rec->header_value, sizeof rec->header_value, "%s",
             (r >> 24) % 2 ? "web" : "phone");
}

static void cart_update(uint64_t n, demo_record_t *rec)
{
    uint64_t r = mix(n + 7);
    int cart = 1000 + (int)(r % 20);
    snprintf(rec->key, sizeof rec->key, "%d", cart);
    sb_printf(&rec->value,
              "{\"cart_id\":%d,\"cart_action\":\"%s\",\"element_id\":%d,"
              "\"element_desc\":\"%s\",\"quantity\":%d}",
              cart, PICK(actions, r >> 8), (int)((r >> 16) % 500), PICK(elements, r >> 24),
              1 + (int)((r >> 32) % 5));
    rec->header_name = NULL;
    if (!rec->cart_schema)
        return;
    /* Avro from the JSON, as `produce --value-schema` would; the JSON stays
     * if that ever fails (it cannot: the values above fit the schema) */
    json_t *j = json_loadb(rec->value.buf, rec->value.len, 0, NULL);
    strbuf_t avro;
    sb_init(&avro);
    char err[KS_ERRLEN];
    if (j && !kavro_encode(rec->cart_schema, j, &avro, err)) {
        sb_reset(&rec->value);
        sb_add(&rec->value, avro.buf, avro.len);
    }
    sb_free(&avro);
    json_decref(j);
}

static void sensor_reading(uint64_t n, demo_record_t *rec)
{
    uint64_t r = mix(n + 13);
    snprintf(rec->key, sizeof rec->key, "%s", PICK(sensors, r));
    sb_printf(&rec->value, "%.1f", 15.0 + (double)(r >> 16 & 0xFFFF) / 65535.0 * 25.0);
    rec->header_name = "unit";
    snprintf(rec->header_value, sizeof rec->header_value, "celsius");
}

void demo_make(const char *topic, uint64_t n, demo_record_t *rec)
{
    rec->topic = topic;
    sb_reset(&rec->value);
    if (!strcmp(topic, "pizza-orders"))
        pizza_order(n, rec);
    else if (!strcmp(topic, "cart-updates"))
        cart_update(n, rec);
    else
        sensor_reading(n, rec);
}
