/* Completion without a cluster: command names, subcommands, options,
 * option values, config keys, file paths. (Topic and group names come from
 * the live model; tests/repl covers them against a broker.) */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "commands/complete.h"

static cmd_ctx_t ctx;

/* The candidates joined by spaces. */
static char *comp(const char *line, int *start)
{
    completion_t c;
    complete_words(&ctx, line, (int)strlen(line), &c);
    strbuf_t sb;
    sb_init(&sb);
    for (int i = 0; i < c.n; i++)
        sb_printf(&sb, "%s%s", i ? " " : "", c.items[i]);
    if (start)
        *start = c.start;
    completion_free(&c);
    char *s = sb_steal(&sb);
    return s ? s : xstrdup("");
}

static void expect(const char *line, const char *want)
{
    char *got = comp(line, NULL);
    CHECK_STR(got, want);
    free(got);
}

int main(void)
{
    expect("pro", "produce");
    expect("top", "topic topics");
    expect("topic ", "config create delete describe partitions");
    expect("topic c", "config create");
    expect("group r", "reset");
    expect("records ", "delete");
    expect("group reset g --to-e", "--to-earliest");
    expect("group join g t --assignor ", "cooperative-sticky range roundrobin");
    expect("group join g t --assignor r", "range roundrobin");
    expect("group join g t --protocol ", "classic consumer");
    expect("group join g t --pro", "--protocol");
    expect("topic create t --config retention.", "retention.bytes= retention.ms=");
    expect("topic create t --config cleanup.policy=c", "cleanup.policy=compact cleanup.policy=compact,delete");
    expect("topic config t retention.m", "retention.ms=");
    expect("topic config t --delete segment.b", "segment.bytes");
    expect("tail t --offset b", "beginning");
    expect("records delete t:0 --before ", "end");
    expect("help gr", "group groups");
    expect("help group m", "members");
    expect("set j", "json");
    expect("set json ", "false true");
    expect("produce t --n", "--null-value");
    expect("topics --i", "--internal");
    /* an option already given is not offered again; repeatable ones are */
    expect("produce t --key k --k", "--key-schema --key-subject"); /* not --key again */
    expect("produce t --header a=b --h", "--header");
    expect("nonsense ", "");
    expect("'unbalanced", "");

    /* the word being completed starts after the last space */
    int start = -1;
    free(comp("topic cr", &start));
    CHECK(start == 6);
    free(comp("tail ", &start));
    CHECK(start == 5);

    /* file paths after --file */
    char dir[] = "/tmp/kscompXXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *f1 = xasprintf("%s/orders.json", dir), *d1 = xasprintf("%s/sub", dir);
    FILE *f = fopen(f1, "w");
    if (f)
        fclose(f);
    mkdir(d1, 0700);
    char *line = xasprintf("produce t --file %s/", dir);
    char *want = xasprintf("%s/orders.json %s/sub/", dir, dir);
    expect(line, want);
    free(line);
    free(want);
    CHECK(completion_wants_more("sub/") && completion_wants_more("retention.ms=") &&
          !completion_wants_more("range"));
    remove(f1);
    rmdir(d1);
    rmdir(dir);
    free(f1);
    free(d1);
    return check_summary();
}
