/* Splits a command line into words the way a POSIX shell does for quoting:
 * single quotes keep everything, double quotes allow \" \\ \$ \`, a
 * backslash outside quotes escapes the next character. No expansion. */
#ifndef KS_ARGSPLIT_H
#define KS_ARGSPLIT_H

/* On success returns 0 and a NULL-terminated malloc'd vector (free with
 * argv_free). Returns -1 with err on unbalanced quotes or a trailing
 * backslash. */
int argsplit(const char *line, int *argc, char ***argv, char *err);
void argv_free(int argc, char **argv);

#endif
