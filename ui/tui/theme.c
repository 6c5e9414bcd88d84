/* Theme files: "slot = FG [BG] [attr...]" lines. Colours are names (black,
 * red, ..., bright-red, default) or 0-255; attributes are bold, dim,
 * reverse, underline, italic, standout, normal. Slots the file does not
 * name keep the monochrome attributes, so an incomplete theme still shows
 * everything. Monochrome never relies on colour: each slot's meaning is
 * carried by an attribute (and by marks in the text, see the panes). */
#include "tui/theme.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

#ifndef KS_THEMES_DIR
#define KS_THEMES_DIR "themes"
#endif

#define THEME_NAME(id, name, mono) name,
static const char *const slot_names[SLOT_COUNT] = {THEME_SLOTS(THEME_NAME)};
#undef THEME_NAME
#define THEME_MONO(id, name, mono) (unsigned)(mono),
static const unsigned slot_mono[SLOT_COUNT] = {THEME_SLOTS(THEME_MONO)};
#undef THEME_MONO

const char *const theme_builtin_names[] = {"dark", "light", "high-contrast", "monochrome", NULL};

/* The colour pair of each slot, set by theme_apply; 0 in monochrome. A
 * file static rather than a field of tui_t: it mirrors curses' colour pairs,
 * which are process-wide too, and theme_attr is read by every drawing helper
 * (and the theme tests) without a tui_t at hand. UI thread only. */
static unsigned long slot_attr[SLOT_COUNT];

static void theme_mono(theme_t *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "monochrome");
    for (int i = 0; i < SLOT_COUNT; i++) {
        t->fg[i] = t->bg[i] = -1;
        t->attr[i] = slot_mono[i];
    }
}

static int parse_color(const char *w, short *out)
{
    static const char *const names[] = {"black", "red",     "green", "yellow",
                                        "blue",  "magenta", "cyan",  "white"};
    if (!strcasecmp(w, "default") || !strcmp(w, "-")) {
        *out = -1;
        return 0;
    }
    bool bright = !strncasecmp(w, "bright-", 7);
    const char *base = bright ? w + 7 : w;
    for (int i = 0; i < 8; i++) {
        if (!strcasecmp(base, names[i])) {
            *out = (short)(i + (bright ? 8 : 0));
            return 0;
        }
    }
    int64_t n;
    if (parse_int64(w, 0, 255, &n)) {
        *out = (short)n;
        return 0;
    }
    return -1;
}

static int parse_attr(const char *w, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned attr;
    } attrs[] = {{"bold", A_BOLD},           {"dim", A_DIM},
                 {"reverse", A_REVERSE},     {"underline", A_UNDERLINE},
                 {"italic", A_ITALIC},       {"standout", A_STANDOUT},
                 {"normal", 0}};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        if (!strcasecmp(w, attrs[i].name)) {
            *out |= attrs[i].attr;
            return 0;
        }
    }
    return -1;
}

int theme_parse(theme_t *t, const char *text, char *err, size_t errlen)
{
    char *copy = xstrdup(text), *save = NULL;
    int lineno = 0, rc = 0;
    for (char *line = strtok_r(copy, "\n", &save); line && rc == 0;
         line = strtok_r(NULL, "\n", &save)) {
        lineno++; /* blank lines are skipped by strtok: numbers are approximate */
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *eq = strchr(line, '=');
        char *name = strtok(line, " \t=");
        if (!name)
            continue;
        if (!eq) {
            snprintf(err, errlen, "line %d: expected 'slot = colours/attributes'", lineno);
            rc = -1;
            break;
        }
        int slot = -1;
        for (int i = 0; i < SLOT_COUNT; i++)
            if (!strcmp(name, slot_names[i]))
                slot = i;
        if (slot < 0) {
            snprintf(err, errlen, "line %d: unknown slot '%s'", lineno, name);
            rc = -1;
            break;
        }
        short colors[2] = {-1, -1};
        int ncolors = 0;
        unsigned attr = 0;
        for (char *w = strtok(eq + 1, " \t\r"); w; w = strtok(NULL, " \t\r")) {
            short c;
            if (ncolors < 2 && parse_color(w, &c) == 0)
                colors[ncolors++] = c;
            else if (parse_attr(w, &attr)) {
                snprintf(err, errlen, "line %d: '%s' is neither a colour nor an attribute",
                         lineno, w);
                rc = -1;
                break;
            }
        }
        t->fg[slot] = colors[0];
        t->bg[slot] = colors[1];
        t->attr[slot] = attr;
        t->set[slot] = true;
    }
    free(copy);
    /* A slot the theme leaves out inherits the normal slot's background, so
     * a light theme stays light everywhere. */
    for (int i = 0; rc == 0 && i < SLOT_COUNT; i++) {
        if (!t->set[i]) {
            t->fg[i] = t->fg[SLOT_NORMAL];
            t->bg[i] = t->bg[SLOT_NORMAL];
        } else if (t->bg[i] == -1 && i != SLOT_NORMAL) {
            t->bg[i] = t->bg[SLOT_NORMAL];
        }
    }
    return rc;
}

/* Where a theme name is looked up: $KAFSCOPE_THEMES, the user's config
 * directory, then the themes shipped with the source tree. */
static char *find_theme(const char *name)
{
    if (strchr(name, '/'))
        return file_read_text(name, 1 << 20, NULL);
    const char *dirs[3] = {getenv("KAFSCOPE_THEMES"), NULL, KS_THEMES_DIR};
    char *user = NULL;
    const char *home = getenv("HOME");
    if (home)
        dirs[1] = user = xasprintf("%s/.config/kafscope/themes", home);
    char *text = NULL;
    for (int i = 0; i < 3 && !text; i++) {
        if (!dirs[i] || !*dirs[i])
            continue;
        char *path = xasprintf("%s/%s.theme", dirs[i], name);
        text = file_read_text(path, 1 << 20, NULL);
        free(path);
    }
    free(user);
    return text;
}

int theme_load(theme_t *t, const char *name, bool colors_available, char *err, size_t errlen)
{
    theme_mono(t);
    if (!name || !*name)
        name = "dark";
    char *text = find_theme(name);
    if (!text) {
        snprintf(err, errlen, "theme '%s' not found (looked in $KAFSCOPE_THEMES, "
                 "~/.config/kafscope/themes and %s); built-in: dark, light, high-contrast, "
                 "monochrome", name, KS_THEMES_DIR);
        return -1;
    }
    theme_t parsed;
    theme_mono(&parsed);
    int rc = theme_parse(&parsed, text, err, errlen);
    free(text);
    if (rc)
        return -1;
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    snprintf(parsed.name, sizeof parsed.name, "%s", base);
    /* Without colours the theme's attributes would lose their meaning:
     * monochrome keeps every slot distinguishable. */
    parsed.color = colors_available && strcmp(name, "monochrome");
    if (!parsed.color) {
        char keep[64];
        snprintf(keep, sizeof keep, "%s", parsed.name);
        theme_mono(t);
        snprintf(t->name, sizeof t->name, "%s", colors_available ? keep : "monochrome");
        return 0;
    }
    *t = parsed;
    return 0;
}

static short fit_color(short c)
{
    if (c < 0)
        return -1;
    if (c >= COLORS)
        return (short)(c % 8); /* bright-X on an 8-colour terminal: the base colour */
    return c;
}

void theme_apply(const theme_t *t)
{
    for (int i = 0; i < SLOT_COUNT; i++) {
        unsigned long a = t->attr[i];
        if (t->color && has_colors() && i + 1 < COLOR_PAIRS) {
            short fg = fit_color(t->fg[i]), bg = fit_color(t->bg[i]);
            /* Bright colours on an 8-colour terminal: bold gives the brightness. */
            if (t->fg[i] >= 8 && COLORS < 16)
                a |= A_BOLD;
            init_pair((short)(i + 1), fg, bg);
            a |= COLOR_PAIR(i + 1);
        }
        slot_attr[i] = a;
    }
}

unsigned long theme_attr(theme_slot_t s)
{
    return s < SLOT_COUNT ? slot_attr[s] : 0;
}
