/* The Avro schema of the demo topic cart-updates (record
 * com.picksbrick.cart_updates), compiled in: the embedded cluster encodes
 * its values with it, and a kafscope running that cluster decodes them. */
#ifndef KS_DEMO_SCHEMA_H
#define KS_DEMO_SCHEMA_H

/* The .avsc text, identical to tests/data/cart_updates.avsc. */
extern const char demo_cart_updates_avsc[];

/* How the decoder list names it (in place of a file). */
#define DEMO_CART_UPDATES_SCHEMA_LABEL "built-in:cart_updates.avsc"

#endif
