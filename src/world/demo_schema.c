/* The demo cluster's built-in Avro schema: the text of
 * tests/data/cart_updates.avsc (and examples/cart_updates.avsc), byte for
 * byte; tests/unit/test_demo_schema.c checks that they stay identical. */
#include "world/demo_schema.h"

const char demo_cart_updates_avsc[] =
    "{\n"
    "  \"type\": \"record\",\n"
    "  \"name\": \"cart_updates\",\n"
    "  \"namespace\": \"com.picksbrick\",\n"
    "  \"fields\": [\n"
    "    {\"name\": \"cart_id\", \"type\": \"int\"},\n"
    "    {\"name\": \"cart_action\", \"type\": {\"type\": \"enum\", \"name\": \"cart_action\", \"symbols\": [\"ADD\", \"REMOVE\", \"UPDATE_QTY\"]}},\n"
    "    {\"name\": \"element_id\", \"type\": \"int\"},\n"
    "    {\"name\": \"element_desc\", \"type\": \"string\"},\n"
    "    {\"name\": \"quantity\", \"type\": \"int\"}\n"
    "  ]\n"
    "}\n";
