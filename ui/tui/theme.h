/* Named colour slots and the themes that fill them. Panes draw with slots,
 * never with raw colours, so a theme file (themes/NAME.theme) or the
 * monochrome fallback changes every pane at once. */
#ifndef KS_THEME_H
#define KS_THEME_H

#include <stdbool.h>
#include <stddef.h>

/* X-macro: slot enum name, name in theme files, monochrome attributes. */
#define THEME_SLOTS(X)                                  \
    X(SLOT_NORMAL, "normal", 0)                         \
    X(SLOT_BORDER, "border", 0)                         \
    X(SLOT_BORDER_FOCUS, "border.focus", A_BOLD)        \
    X(SLOT_TITLE, "title", 0)                           \
    X(SLOT_TITLE_FOCUS, "title.focus", A_BOLD | A_REVERSE) \
    X(SLOT_HEADER, "header", A_UNDERLINE)               \
    X(SLOT_SELECTION, "selection", A_REVERSE)           \
    X(SLOT_SELECTION_IDLE, "selection.idle", A_UNDERLINE) \
    X(SLOT_DIM, "dim", A_DIM)                           \
    X(SLOT_KEY, "key", A_BOLD)                          \
    X(SLOT_VALUE, "value", 0)                           \
    X(SLOT_NUMBER, "number", 0)                         \
    X(SLOT_OK, "ok", 0)                                 \
    X(SLOT_WARN, "warn", A_BOLD)                        \
    X(SLOT_ERROR, "error", A_BOLD | A_REVERSE)          \
    X(SLOT_LAG_NONE, "lag.none", 0)                     \
    X(SLOT_LAG_LOW, "lag.low", 0)                       \
    X(SLOT_LAG_HIGH, "lag.high", A_BOLD)                \
    X(SLOT_MOVED, "moved", A_BOLD | A_REVERSE)          \
    X(SLOT_OUT_OF_SYNC, "out-of-sync", A_BOLD | A_UNDERLINE) \
    X(SLOT_CONTROLLER, "controller", A_BOLD)            \
    X(SLOT_STATUS, "status", A_REVERSE)                 \
    X(SLOT_STATUS_ERROR, "status.error", A_REVERSE | A_BOLD) \
    X(SLOT_NOTICE, "notice", 0)                         \
    X(SLOT_NOTICE_ERROR, "notice.error", A_BOLD)        \
    X(SLOT_PROMPT, "prompt", A_BOLD)                    \
    X(SLOT_EXPLAIN, "explain", 0)                       \
    X(SLOT_TAB, "tab", 0)                               \
    X(SLOT_TAB_FOCUS, "tab.focus", A_REVERSE)           \
    X(SLOT_RECKEY0, "record.key0", 0)                   \
    X(SLOT_RECKEY1, "record.key1", A_BOLD)              \
    X(SLOT_RECKEY2, "record.key2", A_UNDERLINE)         \
    X(SLOT_RECKEY3, "record.key3", 0)                   \
    X(SLOT_RECKEY4, "record.key4", A_BOLD)              \
    X(SLOT_RECKEY5, "record.key5", A_UNDERLINE)        \
    X(SLOT_JSON_KEY, "json.key", A_BOLD)                \
    X(SLOT_JSON_STRING, "json.string", 0)               \
    X(SLOT_JSON_NUMBER, "json.number", 0)               \
    X(SLOT_JSON_LITERAL, "json.literal", A_UNDERLINE)   \
    X(SLOT_JSON_PUNCT, "json.punct", A_DIM)

#define THEME_ENUM(id, name, mono) id,
typedef enum { THEME_SLOTS(THEME_ENUM) SLOT_COUNT } theme_slot_t;
#undef THEME_ENUM
#define SLOT_RECKEY_COUNT 6

typedef struct {
    char name[64];
    bool color;             /* false: attributes only (monochrome, NO_COLOR) */
    short fg[SLOT_COUNT], bg[SLOT_COUNT]; /* -1: terminal default */
    unsigned attr[SLOT_COUNT];
    bool set[SLOT_COUNT];   /* the file named this slot */
} theme_t;

/* Loads theme `name` (a file path when it contains '/'), falling back to
 * monochrome when colours are off. Returns -1 with err when not found or
 * malformed; t then holds the monochrome theme. Needs no curses. */
int theme_load(theme_t *t, const char *name, bool colors_available, char *err, size_t errlen);
/* Parses theme text (for tests and files). */
int theme_parse(theme_t *t, const char *text, char *err, size_t errlen);
/* Names of the built-in themes, for cycling with 'T'. */
extern const char *const theme_builtin_names[];

/* curses side: init_pair for every slot. */
void theme_apply(const theme_t *t);
/* Attributes (colour pair included) to draw a slot with. */
unsigned long theme_attr(theme_slot_t s);

#endif
