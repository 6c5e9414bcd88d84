/* Which settings hold secrets: a key naming a password, a token, a private key and the like.
 * Everything that shows settings (`config`, Connect configs, logs) masks their values. */
#ifndef KS_SECRET_H
#define KS_SECRET_H

#include <stdbool.h>

/* True when the setting called key holds a secret (password, secret, jaas, token, ...). */
bool is_secret_key(const char *key);

#endif
