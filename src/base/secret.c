/* See secret.h. */
#include "base/secret.h"

#include <string.h>

bool is_secret_key(const char *key)
{
    static const char *const words[] = {"password", "secret", "jaas",     "token",
                                        "user.info", "key.pem", "credential", "ssl.key",
                                        "keystore.key", "private"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(key, words[i]))
            return true;
    return false;
}
