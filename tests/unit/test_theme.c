/* Theme parsing (ui/tui/theme.c, its curses-free half): slot lines, colours by
 * name and number, attributes, comments, inheritance from "normal", clear
 * errors for bad lines, and every shipped theme loading. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tui/theme.h"

static int parse(theme_t *t, const char *text, char *err)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < SLOT_COUNT; i++)
        t->fg[i] = t->bg[i] = -1;
    err[0] = '\0';
    return theme_parse(t, text, err, 256);
}

int main(void)
{
    theme_t t;
    char err[256];

    /* Names, bright names, numbers, default, attributes, comments. */
    CHECK(parse(&t, "# a comment\n"
                    "normal = white black\n"
                    "border = bright-red   # trailing comment\n"
                    "title = 202 default bold underline\n"
                    "key = - 17 reverse\n"
                    "json.punct = CYAN dim italic\n",
                err) == 0);
    CHECK(t.fg[SLOT_NORMAL] == 7 && t.bg[SLOT_NORMAL] == 0);
    CHECK(t.fg[SLOT_BORDER] == 9);
    CHECK(t.fg[SLOT_TITLE] == 202);
    CHECK(t.attr[SLOT_TITLE] == (unsigned)(A_BOLD | A_UNDERLINE));
    CHECK(t.fg[SLOT_KEY] == -1 && t.bg[SLOT_KEY] == 17);
    CHECK(t.attr[SLOT_KEY] == (unsigned)A_REVERSE);
    CHECK(t.fg[SLOT_JSON_PUNCT] == 6); /* colour names ignore case */
    CHECK(t.attr[SLOT_JSON_PUNCT] == (unsigned)(A_DIM | A_ITALIC));
    CHECK(t.set[SLOT_BORDER] && !t.set[SLOT_WARN]);
    /* A slot without a background, and a slot left out, take normal's background. */
    CHECK(t.bg[SLOT_BORDER] == 0);
    CHECK(t.fg[SLOT_WARN] == 7 && t.bg[SLOT_WARN] == 0);

    /* Errors say which line and what is wrong. */
    CHECK(parse(&t, "normal = default\nbordr = red\n", err) == -1);
    CHECK(strstr(err, "line 2") && strstr(err, "unknown slot 'bordr'"));
    CHECK(parse(&t, "border red\n", err) == -1);
    CHECK(strstr(err, "expected 'slot = colours/attributes'") != NULL);
    CHECK(parse(&t, "border = red blink\n", err) == -1);
    CHECK(strstr(err, "'blink' is neither a colour nor an attribute") != NULL);
    CHECK(parse(&t, "border = 256\n", err) == -1); /* colours stop at 255 */
    CHECK(parse(&t, "border = red green blue\n", err) == -1); /* two colours at most */
    /* Empty and comment-only text is a valid (empty) theme. */
    CHECK(parse(&t, "", err) == 0);
    CHECK(parse(&t, "# nothing\n\n", err) == 0);

    /* Every shipped theme loads; without colours each falls back to monochrome. */
    for (int i = 0; theme_builtin_names[i]; i++) {
        err[0] = '\0';
        CHECK(theme_load(&t, theme_builtin_names[i], true, err, sizeof err) == 0);
        CHECK_STR(t.name, theme_builtin_names[i]);
        CHECK(t.color == (strcmp(theme_builtin_names[i], "monochrome") != 0));
        CHECK(theme_load(&t, theme_builtin_names[i], false, err, sizeof err) == 0);
        CHECK(!t.color);
        CHECK_STR(t.name, "monochrome");
    }
    /* Monochrome keeps slots apart by attribute alone. */
    CHECK(t.attr[SLOT_SELECTION] == (unsigned)A_REVERSE);
    CHECK(t.attr[SLOT_ERROR] == (unsigned)(A_BOLD | A_REVERSE));

    /* An unknown theme: an error naming where it looked, and monochrome. */
    CHECK(theme_load(&t, "no-such-theme", true, err, sizeof err) == -1);
    CHECK(strstr(err, "theme 'no-such-theme' not found") != NULL);
    CHECK_STR(t.name, "monochrome");
    return check_summary();
}
