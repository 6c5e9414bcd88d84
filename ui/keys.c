/* The key bindings, as data: the help overlay is generated from this table
 * (and the command table), so it cannot drift from what the keys do. Keep
 * it in step with handle_key in tui.c and each pane's key function. */
#include "tui.h"

const key_binding_t key_bindings[] = {
    {"Tab / Shift-Tab", "everywhere", "next / previous pane"},
    {"1 2 3 4 5", "everywhere", "jump to a pane: brokers, topics, partitions, groups, messages"},
    {"j k / Down Up", "everywhere", "move the cursor"},
    {"g G / Home End", "everywhere", "first / last row"},
    {"Ctrl-d Ctrl-u", "everywhere", "half a page down / up"},
    {"PgDn PgUp", "everywhere", "a page down / up"},
    {"h l / Left Right", "everywhere", "previous / next pane"},
    {"Enter", "everywhere", "drill down: topic -> messages, group -> partitions, record -> detail"},
    {"Esc", "everywhere", "back: close an overlay, cancel input, return to the previous pane"},
    {"i", "everywhere", "explain what the focused pane shows, in plain words"},
    {"?", "everywhere", "this help"},
    {":", "everywhere", "command line (runs the commands listed below)"},
    {"T", "everywhere", "next theme: dark, light, high-contrast, monochrome"},
    {"Ctrl-l", "everywhere", "redraw the screen"},
    {"q / Ctrl-c", "everywhere", "quit"},
    {"mouse", "everywhere", "click focuses and selects, double-click drills down, wheel scrolls"},
    {"/", "Topics", "filter topic names as you type (Enter keeps, Esc clears)"},
    {"a", "Topics", "show or hide internal topics (__consumer_offsets, ...)"},
    {"s", "Topics", "sort by name, size (messages) or rate (msg/s)"},
    {"f / Space", "Messages", "pause or resume following new records"},
    {"b / e", "Messages", "seek to the beginning / the end of every partition"},
    {"o", "Messages", "seek to an offset (N, or -N for the last N of each partition)"},
    {"t", "Messages", "seek to a time (2024-05-01T12:30, or epoch ms)"},
    {"/", "Messages", "filter records by a substring of key, value or headers"},
    {"c", "Messages", "clear the filter"},
    {"j k g G", "Detail", "scroll the record detail; Esc or q closes it"},
    {NULL, NULL, NULL},
};
