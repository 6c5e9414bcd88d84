# On a cluster with more partitions than refresh.all.partitions, the Topics
# title says that rows off screen are refreshed less often (issue 12). Set
# to 0 here, so that any cluster counts as large; by default (2,000) the
# test clusters are small and the title says nothing.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
topic=$(test_topic tier 1) # a topic on screen (a fresh broker has none of its own)
tui_start -- -X refresh.all.partitions=0 -X refresh.ms=500
select_topic "$topic"
# 5 refreshes of 500 ms: every 2.5 s (the pane tells the model which topics
# it shows, and the next refresh is tiered)
wait_for "off-screen:2.5s" 150
tui_quit

tui_start -- -X refresh.ms=500
wait_for "refreshed"
sleep 2 # a few refreshes
expect_not_contains "$(screen)" "off-screen" "a small cluster: every topic at every refresh"
tui_quit
done_ok
