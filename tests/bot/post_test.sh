#!/usr/bin/env bash
# post_test.sh STACKGAP FAKE_GITHUB [TESTDATA] - `stackgap post-comment` (and, with
# TESTDATA, `stackgap comment --post`) against the fake
# GitHub API of tests/bot/fake_github.c on 127.0.0.1: which requests it makes
# (create, update, skip, pagination, other comments left alone), its errors
# (403, 404, 401, 500 with one retry, refused connections, bad configuration),
# and that the token never appears in any output, error or log.
set -uo pipefail
SG=$1
FAKE=$2
TESTDATA=${3:-}
# The test's own environment, whatever CI runs it.
unset GITHUB_TOKEN GH_TOKEN GITHUB_REPOSITORY GITHUB_API_URL GITHUB_EVENT_PATH GITHUB_REF \
      STACKGAP_COMMENT_AUTHOR

work=$(mktemp -d)
TOKEN="ghs_stackgapTest${RANDOM}${RANDOM}x${RANDOM}Secret"
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

fails=0
checks=0
case_=
fail() {
    echo "FAIL [$case_]: $*"
    fails=$((fails + 1))
}
ok() { checks=$((checks + 1)); }

M='<!-- stackgap:comment key=templates/app.yaml -->'
printf '%s\n## stackgap\nfirst version\n' "$M" >"$work/b1.md"
printf '%s\n## stackgap\nsecond "version" \\ with\ttab, \xc3\xbcnicode, </details> and @someone\n' \
    "$M" >"$work/b2.md"
# b1 as JSON, and with \r\n line endings (how GitHub may hand back a body it stored as \n)
B1_JSON="\"$M\\n## stackgap\\nfirst version\\n\""
B1_CRLF_JSON="\"$M\\r\\n## stackgap\\r\\nfirst version\\r\\n\""
OTHERS='{"id":5,"login":"alice","body":"LGTM"},
 {"id":6,"login":"infracost[bot]","body":"[//]: <> (infracost-comment)\nCost: +$3"},
 {"id":8,"login":"github-actions[bot]","body":"<!-- stackgap:comment key=other.yaml -->\nother"},
 {"id":9,"login":"mallory","body":"quoting it: <!-- stackgap:comment key=templates/app.yaml -->"}'

# start CASE MODE SEED-JSON [PAGE-SIZE]: a fresh server in $work/CASE
start() {
    case_=$1
    dir=$work/$1
    mkdir -p "$dir/state"
    printf '%s' "$3" >"$dir/seed.json"
    FAKE_GITHUB_TOKEN=$TOKEN "$FAKE" --repo octo/repo --pr 7 --log "$dir/log" \
        --state "$dir/state" --seed "$dir/seed.json" --mode "$2" --page-size "${4:-100}" \
        --timeout 60 >"$dir/port" 2>"$dir/server.err" &
    pid=$!
    for _ in $(seq 200); do
        [ -s "$dir/port" ] && break
        sleep 0.05
    done
    port=$(cat "$dir/port")
    [ -n "$port" ] || { echo "FAIL [$1]: the fake server did not start"; exit 1; }
}

stop() {
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
        printf 'POST /__shutdown HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n' >&3
        cat <&3 >/dev/null
        exec 3<&-
    fi
    wait "$pid"
    pid=
}

# post BODY [ARGS...]: the client with the Actions environment; sets rc
n_run=0
post() {
    n_run=$((n_run + 1))
    GITHUB_TOKEN=${TOKEN_OVERRIDE:-$TOKEN} GITHUB_REPOSITORY=octo/repo \
        GITHUB_API_URL=http://127.0.0.1:$port "$SG" post-comment "$@" \
        >"$dir/out.$n_run" 2>"$dir/err.$n_run"
    rc=$?
    err=$(cat "$dir/err.$n_run")
}

expect_rc() { ok; [ "$rc" = "$1" ] || fail "exit $rc, expected $1 (stderr: $err)"; }
expect_err() { ok; grep -qF -- "$1" <<<"$err" || fail "stderr lacks '$1': $err"; }
# the server's request lines, "METHOD PATH" each, in order
expect_requests() {
    ok
    local got want
    got=$(grep '^REQUEST ' "$dir/log" | grep -v __shutdown | cut -d' ' -f2-)
    want=$(printf '%s\n' "$@")
    [ "$got" = "$want" ] || fail "requests:
$got
expected:
$want"
}
expect_body() { ok; cmp -s "$dir/state/$1.body" "$2" || fail "comment $1 is not $2"; }
expect_index() {
    ok
    local want
    want=$(printf '%s\n' "$@")
    [ "$(cat "$dir/state/index")" = "$want" ] || fail "comments: $(cat "$dir/state/index")"
}
LIST='GET /repos/octo/repo/issues/7/comments?per_page=100'

# ---- create: no comment of ours; other bots', users' and other keys' left alone ----
start create ok "[$OTHERS]"
post "$work/b1.md" --pr 7
stop
expect_rc 0
expect_err 'created comment 1000 on octo/repo#7: https://github.com/octo/repo/pull/7#issuecomment-1000'
expect_requests "$LIST" 'POST /repos/octo/repo/issues/7/comments'
expect_body 1000 "$work/b1.md"
expect_index '5 alice' '6 infracost[bot]' '8 github-actions[bot]' '9 mallory' \
    '1000 github-actions[bot]'
for h in 'Accept: application/vnd.github+json' 'X-GitHub-Api-Version: 2022-11-28' \
    'User-Agent: stackgap/' 'Content-Type: application/json' 'authorization: [expected token]'; do
    ok
    [ "$(grep -cF -- "$h" "$dir/log")" = 2 ] || fail "header '$h' not on both requests"
done
ok
grep -q 'Bearer\|other token' "$dir/log" && fail "the log shows the Authorization value"

# ---- update: our comment with another body; JSON escaping survives the round trip ----
start update ok "[$OTHERS, {\"id\":12,\"login\":\"github-actions[bot]\",\"body\":$B1_JSON}]"
post "$work/b2.md" --pr 7
stop
expect_rc 0
expect_err 'updated comment 12 on octo/repo#7'
expect_requests "$LIST" 'PATCH /repos/octo/repo/issues/comments/12'
expect_body 12 "$work/b2.md"
for id in 5 8 9; do
    ok
    cmp -s "$work/create/state/$id.body" "$dir/state/$id.body" || fail "comment $id changed"
done

# ---- skip: same body (stored with \r\n): no write at all, twice ----
start skip ok "[$OTHERS, {\"id\":12,\"login\":\"github-actions[bot]\",\"body\":$B1_CRLF_JSON}]"
post "$work/b1.md" --pr 7
expect_rc 0
expect_err 'comment 12 on octo/repo#7 is up to date: not changed'
post "$work/b1.md" --pr 7
stop
expect_rc 0
expect_requests "$LIST" "$LIST"

# ---- pagination: pages of 2, ours on pages 1 and 3: the newest one is updated ----
start pages ok "[{\"id\":10,\"login\":\"alice\",\"body\":\"hi\"},
 {\"id\":11,\"login\":\"github-actions[bot]\",\"body\":$B1_JSON},
 {\"id\":13,\"login\":\"bob\",\"body\":\"hi\"}, $(sed -n 3p <<<"$OTHERS")
 {\"id\":14,\"login\":\"github-actions[bot]\",\"body\":\"$M\\nolder run\"},
 {\"id\":15,\"login\":\"carol\",\"body\":\"hi\"}]" 2
post "$work/b2.md" --pr 7
stop
expect_rc 0
expect_requests "$LIST" \
    'GET /repositories/4242/issues/7/comments?per_page=2&page=2' \
    'GET /repositories/4242/issues/7/comments?per_page=2&page=3' \
    'PATCH /repos/octo/repo/issues/comments/14'
expect_body 14 "$work/b2.md"
ok
grep -q 'first version' "$dir/state/11.body" || fail "the older duplicate changed"

# ---- marker only on page 2 ----
start page2 ok "[{\"id\":10,\"login\":\"alice\",\"body\":\"hi\"},
 {\"id\":11,\"login\":\"bob\",\"body\":\"hi\"},
 {\"id\":12,\"login\":\"github-actions[bot]\",\"body\":$B1_JSON}]" 2
post "$work/b1.md" --pr 7
stop
expect_rc 0
expect_requests "$LIST" 'GET /repositories/4242/issues/7/comments?per_page=2&page=2'

# ---- --author: a comment by someone else carrying our marker is not ours ----
start author ok "[{\"id\":20,\"login\":\"mallory\",\"body\":\"$M\\nspoofed\"}]"
post "$work/b1.md" --pr 7 --author 'github-actions[bot]'
expect_rc 0
expect_err 'created comment 1000'
STACKGAP_COMMENT_AUTHOR='github-actions[bot]' post "$work/b2.md" --pr 7
stop
expect_rc 0
expect_err 'updated comment 1000'
ok
grep -q spoofed "$dir/state/20.body" || fail "mallory's comment was changed"

# ---- the pull request from the event payload, then from GITHUB_REF ----
start event ok '[]'
printf '{"action":"opened","number":7,"pull_request":{"number":7,"head":{"sha":"abc"}}}' \
    >"$dir/event.json"
GITHUB_EVENT_PATH=$dir/event.json post "$work/b1.md"
expect_rc 0
expect_err 'created comment 1000 on octo/repo#7'
printf '{"ref":"refs/heads/main"}' >"$dir/push.json"
GITHUB_EVENT_PATH=$dir/push.json GITHUB_REF=refs/pull/7/merge post "$work/b2.md"
stop
expect_rc 0
expect_err 'updated comment 1000 on octo/repo#7'

# ---- 403 on everything: clear error, exit 2, no retry ----
start forbidden 403 "[$OTHERS]"
post "$work/b1.md" --pr 7
stop
expect_rc 2
expect_err "stackgap: github: GET /repos/octo/repo/issues/7/comments?per_page=100: HTTP 403: Resource not accessible by integration (the token may not write pull-request comments: give the workflow 'permissions: pull-requests: write'"
expect_err 'fork'
expect_requests "$LIST"

# ---- 403 on writes only (a fork's read-only token) ----
start forbidden-write 403-write "[$OTHERS]"
post "$work/b1.md" --pr 7
stop
expect_rc 2
expect_err 'POST /repos/octo/repo/issues/7/comments: HTTP 403: Resource not accessible by integration'
expect_requests "$LIST" 'POST /repos/octo/repo/issues/7/comments'

# ---- 500 on everything: one retry, then a clear error ----
start error500 500 "[$OTHERS]"
post "$work/b1.md" --pr 7
stop
expect_rc 2
expect_err 'GET /repos/octo/repo/issues/7/comments?per_page=100: HTTP 500: Server Error (GitHub failed: run again later) (after one retry)'
expect_requests "$LIST" "$LIST"

# ---- 500 once: the retry succeeds ----
start error500-once 500-once "[$OTHERS]"
post "$work/b1.md" --pr 7
stop
expect_rc 0
expect_err 'created comment 1000'
expect_requests "$LIST" "$LIST" 'POST /repos/octo/repo/issues/7/comments'

# ---- a server that echoes the Authorization header: masked ----
start leak leak '[]'
post "$work/b1.md" --pr 7
stop
expect_rc 2
expect_err 'HTTP 403: Refusing the header Bearer ***'

# ---- an error naming a next-page URL that holds the token: masked before any cut ----
start leak-link leak-link "[$OTHERS]" 1
post "$work/b1.md" --pr 7
stop
expect_rc 2
expect_err '&t=***: HTTP 5'
ok
grep -qF "${TOKEN:0:8}" <<<"$err" && fail "a piece of the token got through: $err"

# ---- a next-page link to another host is not followed ----
start evil-link evil-link "[$OTHERS]" 1
post "$work/b1.md" --pr 7
stop
expect_rc 2
expect_err 'the next page is not under the API URL http://127.0.0.1:'
expect_requests 'GET /repos/octo/repo/issues/7/comments?per_page=100'

# ---- a wrong token, a wrong pull request ----
start unauthorized ok '[]'
TOKEN_OVERRIDE=not-the-token post "$work/b1.md" --pr 7
expect_rc 2
expect_err 'HTTP 401: Bad credentials (the token was rejected: check GITHUB_TOKEN)'
ok
grep -qF 'authorization: [other token]' "$dir/log" || fail "wrong token not seen"
post "$work/b1.md" --pr 8
stop
expect_rc 2
expect_err 'GET /repos/octo/repo/issues/8/comments?per_page=100: HTTP 404: Not Found (no such repository or pull request'

# ---- nothing listens any more: one retry, then the network error ----
case_=refused
post "$work/b1.md" --pr 7
expect_rc 2
expect_err "GET /repos/octo/repo/issues/7/comments?per_page=100: "
expect_err '(after one retry)'

# ---- configuration and body errors, before any request ----
case_=config
dir=$work/config
mkdir -p "$dir"
cfg() { # cfg EXPECTED-STDERR ENV... -- ARGS...
    local want=$1
    shift
    local envs=()
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
    env -i PATH="$PATH" "${envs[@]}" "$SG" post-comment "$@" >"$dir/out.$n_run" 2>"$dir/err.$n_run"
    rc=$?
    err=$(cat "$dir/err.$n_run")
    n_run=$((n_run + 1))
    expect_rc 2
    expect_err "$want"
}
base=(GITHUB_TOKEN="$TOKEN" GITHUB_REPOSITORY=octo/repo)
cfg 'stackgap: github: GITHUB_TOKEN is not set' GITHUB_REPOSITORY=octo/repo -- "$work/b1.md" --pr 7
cfg 'GITHUB_REPOSITORY is not set' GITHUB_TOKEN="$TOKEN" -- "$work/b1.md" --pr 7
cfg "GITHUB_REPOSITORY must be OWNER/NAME" GITHUB_TOKEN="$TOKEN" GITHUB_REPOSITORY=octo/../x -- \
    "$work/b1.md" --pr 7
cfg "GITHUB_TOKEN holds a space or control character" GITHUB_TOKEN="$TOKEN
Injected: yes" GITHUB_REPOSITORY=octo/repo -- "$work/b1.md" --pr 7
cfg '--api-url must be an https:// URL' "${base[@]}" -- "$work/b1.md" --pr 7 \
    --api-url http://api.example.com
cfg 'GITHUB_API_URL must name a host, without user information' "${base[@]}" \
    GITHUB_API_URL="https://x:$TOKEN@api.example.com" -- "$work/b1.md" --pr 7
cfg "--pr takes a pull request number, not '7x'" "${base[@]}" -- "$work/b1.md" --pr 7x
cfg 'no pull request number: pass --pr N' "${base[@]}" GITHUB_REF=refs/heads/main -- "$work/b1.md"
printf '{"pull_request": {"number": "7"}}' >"$dir/bad-event.json"
cfg "$dir/bad-event.json:1:29: pull_request.number is not a pull request number" "${base[@]}" \
    GITHUB_EVENT_PATH="$dir/bad-event.json" -- "$work/b1.md"
printf '{"pull_request": ' >"$dir/cut-event.json"
cfg "$dir/cut-event.json:1:" "${base[@]}" GITHUB_EVENT_PATH="$dir/cut-event.json" -- "$work/b1.md"
printf '## no marker\n' >"$dir/nomarker.md"
cfg "the comment's first line must be its marker" "${base[@]}" -- "$dir/nomarker.md" --pr 7
{ printf '%s\n' "$M"; head -c 70000 /dev/zero | tr '\0' x; } >"$dir/long.md"
cfg 'the comment has 70049 characters; GitHub takes at most 65536' "${base[@]}" -- \
    "$dir/long.md" --pr 7

# ---- stackgap comment --post: the body it renders is the body posted; a rerun skips ----
if [ -n "$TESTDATA" ]; then
    start comment ok "[$OTHERS]"
    cpost() {
        n_run=$((n_run + 1))
        GITHUB_TOKEN=$TOKEN GITHUB_REPOSITORY=octo/repo GITHUB_API_URL=http://127.0.0.1:$port \
            "$SG" comment "$TESTDATA/examples/ideal.json" "$TESTDATA/examples/model.yaml" \
            --key example --post --pr 7 "$@" >"$dir/out.$n_run" 2>"$dir/err.$n_run"
        rc=$?
        err=$(cat "$dir/err.$n_run")
    }
    "$SG" comment "$TESTDATA/examples/ideal.json" "$TESTDATA/examples/model.yaml" --key example \
        >"$dir/expected.md"
    cpost -o "$dir/copy.md"
    expect_rc 0
    expect_err 'created comment 1000 on octo/repo#7'
    expect_body 1000 "$dir/expected.md"
    ok
    cmp -s "$dir/copy.md" "$dir/expected.md" || fail "-o copy differs from the posted body"
    cpost
    expect_rc 0
    expect_err 'comment 1000 on octo/repo#7 is up to date: not changed'
    ok
    [ -s "$dir/out.$n_run" ] && fail "--post without -o printed the body"
    stop
    expect_requests "$LIST" 'POST /repos/octo/repo/issues/7/comments' "$LIST"

    # a failed post still leaves the -o copy
    start comment-403 403 '[]'
    cpost -o "$dir/copy.md"
    stop
    expect_rc 2
    expect_err 'HTTP 403'
    ok
    cmp -s "$dir/copy.md" "$work/comment/expected.md" || fail "no -o copy after a failed post"
fi

# ---- the token never appears: not in stdout, stderr, the server's logs or state ----
ok
canary=$(mktemp)
printf 'x%sx\n' "$TOKEN" >"$canary"
grep -rqF -- "$TOKEN" "$canary" || fail "the token search itself does not work"
rm -f "$canary"
case_=token
if grep -rlF -- "$TOKEN" "$work"; then
    fail "the token appears in the files above"
fi
ok
[ "$(ls "$work"/*/err.* | wc -l)" -ge 30 ] || fail "fewer client runs than expected"

if [ "$fails" -gt 0 ]; then
    echo "$fails of $checks checks failed"
    exit 1
fi
echo "post-comment: $checks checks passed ($n_run client runs)"
