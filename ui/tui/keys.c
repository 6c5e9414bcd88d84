/* The key bindings, as data: the help overlay is generated from this table
 * (and the command table), and the app loop dispatches the global keys from
 * the same rows (binds), so help cannot drift from what those keys do. A
 * pane's own keys are its pane_ops_t.keys table, which help and dispatch
 * read the same way. */
#include <curses.h>

#include "tui/ui.h"

const key_binding_t key_bindings[] = {
    {"Tab / Shift-Tab", "everywhere", "next / previous pane",
     {{'\t', ACT_NEXT_PANE}, {KEY_CODE(KEY_BTAB), ACT_PREV_PANE}}},
    {"1 2 3 4 5 6", "everywhere", "jump to a pane: brokers, topics, partitions, groups, messages, "
     "connectors (with Kafka Connect)",
     {{'1', ACT_JUMP_PANE}, {'2', ACT_JUMP_PANE}, {'3', ACT_JUMP_PANE}, {'4', ACT_JUMP_PANE},
      {'5', ACT_JUMP_PANE}, {'6', ACT_JUMP_PANE}}},
    {"j k / Down Up", "everywhere", "move the cursor", {{0, ACT_NONE}}},
    {"g G / Home End", "everywhere", "first / last row", {{0, ACT_NONE}}},
    {"Ctrl-d Ctrl-u", "everywhere", "half a page down / up", {{0, ACT_NONE}}},
    {"PgDn PgUp", "everywhere", "a page down / up", {{0, ACT_NONE}}},
    {"h l / Left Right", "everywhere", "previous / next pane",
     {{'h', ACT_PREV_PANE}, {'l', ACT_NEXT_PANE}, {KEY_CODE(KEY_LEFT), ACT_PREV_PANE},
      {KEY_CODE(KEY_RIGHT), ACT_NEXT_PANE}}},
    {"Enter", "everywhere", "drill down: topic -> messages, group -> partitions, record -> detail",
     {{0, ACT_NONE}}},
    {"Esc", "everywhere", "back: close an overlay, cancel input, return to the previous pane",
     {{KEY_ESC, ACT_BACK}}},
    {"i", "everywhere", "explain what the focused pane shows, in plain words",
     {{'i', ACT_EXPLAIN}}},
    {"?", "everywhere", "this help", {{'?', ACT_HELP}}},
    {":", "everywhere", "command line (runs the commands listed below)", {{':', ACT_COMMAND_LINE}}},
    {"T", "everywhere", "next theme: dark, light, high-contrast, monochrome",
     {{'T', ACT_NEXT_THEME}}},
    {"Ctrl-l", "everywhere", "redraw the screen", {{KEY_CTRL('l'), ACT_REDRAW}}},
    {"q / Ctrl-c", "everywhere", "quit", {{'q', ACT_QUIT}, {KEY_CTRL('c'), ACT_QUIT}}},
    {"mouse", "everywhere", "click focuses and selects, double-click drills down, wheel scrolls",
     {{0, ACT_NONE}}},
    {"j k g G", "Detail", "scroll the record detail; Esc or q closes it", {{0, ACT_NONE}}},
    {":", "Command line", "open it (GNU readline: emacs or vi keys, ~/.inputrc applies)",
     {{0, ACT_NONE}}},
    {"Enter", "Command line", "run the line; the output shows above it (Enter on an empty line closes)",
     {{0, ACT_NONE}}},
    {"Esc / Ctrl-c", "Command line", "close it (a lone Esc; in vi insert mode Esc enters command mode)",
     {{0, ACT_NONE}}},
    {"Tab", "Command line", "complete commands, options, topics, groups; Tab Tab lists matches",
     {{0, ACT_NONE}}},
    {"Up Down / Ctrl-r", "Command line", "history (shared with kafscope --repl) / search it",
     {{0, ACT_NONE}}},
    {"Ctrl-a e k y w", "Command line", "emacs editing: start, end, kill, yank, kill word, ...",
     {{0, ACT_NONE}}},
    {"PgUp PgDn", "Command line", "scroll the command output", {{0, ACT_NONE}}},
    {"Ctrl-c", "Command line", "also interrupts a command that is still running", {{0, ACT_NONE}}},
    {"j k / Esc", "Output", "after the line closes: scroll the output; Esc or q dismisses it",
     {{0, ACT_NONE}}},
    {NULL, NULL, NULL, {{0, ACT_NONE}}},
};

key_action_t key_action(int key, bool is_code)
{
    int code = is_code ? KEY_CODE(key) : key;
    for (const key_binding_t *k = key_bindings; k->keys; k++)
        for (const key_bind_t *b = k->binds; b->key; b++)
            if (b->key == code)
                return b->action;
    return ACT_NONE;
}

const pane_key_t *pane_key_find(const pane_key_t *keys, int key, bool is_code)
{
    int code = is_code ? KEY_CODE(key) : key;
    for (const pane_key_t *k = keys; k && k->keys; k++)
        for (const int *b = k->binds; *b; b++)
            if (*b == code)
                return k;
    return NULL;
}
