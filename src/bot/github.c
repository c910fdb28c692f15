/* github.c - pull-request comment upsert over the GitHub REST API (see github.h). */
#include "stackgap/github.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "stackgap/arena.h"
#include "stackgap/parse.h"
#include "stackgap/strbuf.h"
#include "stackgap/template.h"

#define GH "github" /* the "file" of errors that have none */
#define DEFAULT_API_URL "https://api.github.com"
/* A page is 100 comments of at most 65536 characters (4 bytes each in UTF-8,
 * 6 when JSON-escaped): far below this. */
#define MAX_RESPONSE_BYTES ((size_t)64 << 20)
#define MAX_PAGES 1000 /* 100,000 comments */
#define MAX_EVENT_BYTES ((size_t)16 << 20)
#define MAX_SHOWN_MESSAGE 300

/* ---- configuration --------------------------------------------------------------- */

/* The token's value must never reach a message, even cut short: mask every
 * occurrence before anything is truncated. */
static void redact(sg_strbuf *b, const char *token)
{
    size_t tl = token ? strlen(token) : 0;
    if (!tl || !b->len)
        return;
    sg_strbuf out = SG_STRBUF_INIT;
    for (size_t i = 0; i < b->len;) {
        if (b->len - i >= tl && memcmp(b->data + i, token, tl) == 0) {
            sg_strbuf_puts(&out, "***");
            i += tl;
        } else {
            sg_strbuf_putc(&out, b->data[i++]);
        }
    }
    sg_strbuf_free(b);
    *b = out;
}

static void redact_error(sg_error *err, const char *token)
{
    if (!err)
        return;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, err->msg);
    redact(&b, token);
    snprintf(err->msg, sizeof err->msg, "%s", b.data ? b.data : "");
    sg_strbuf_free(&b);
}

static bool loopback_http(const char *url)
{
    static const char *const hosts[] = {"127.0.0.1", "localhost", "[::1]"};
    const char *h = url + strlen("http://");
    for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++) {
        size_t n = strlen(hosts[i]);
        if (strncmp(h, hosts[i], n) == 0 && (h[n] == '\0' || h[n] == ':' || h[n] == '/'))
            return true;
    }
    return false;
}

static int set_api_url(sg_github_cfg *cfg, const char *url, const char *from, sg_error *err)
{
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    if (n == 0 || n >= sizeof cfg->api_url)
        return sg_fail(err, GH, 0, 0, "%s is empty or longer than %zu bytes", from,
                       sizeof cfg->api_url - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#')
            return sg_fail(err, GH, 0, 0,
                           "%s must be a plain URL (no spaces, query or fragment)", from);
    }
    const char *host;
    if (strncmp(url, "https://", 8) == 0)
        host = url + 8;
    else if (strncmp(url, "http://", 7) == 0 && loopback_http(url))
        host = url + 7;
    else
        return sg_fail(err, GH, 0, 0,
                       "%s must be an https:// URL (http:// only to 127.0.0.1, localhost "
                       "or [::1], for tests)", from);
    size_t hn = strcspn(host, "/");
    if (hn == 0 || memchr(host, '@', hn))
        return sg_fail(err, GH, 0, 0, "%s must name a host, without user information", from);
    memcpy(cfg->api_url, url, n);
    cfg->api_url[n] = '\0';
    return 0;
}

static bool repo_part_ok(const char *s, size_t n)
{
    if (n == 0 || n > 100 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

static int set_repo(sg_github_cfg *cfg, const char *repo, const char *from, sg_error *err)
{
    const char *slash = strchr(repo, '/');
    if (!slash || !repo_part_ok(repo, (size_t)(slash - repo)) ||
        !repo_part_ok(slash + 1, strlen(slash + 1)))
        return sg_fail(err, GH, 0, 0, "%s must be OWNER/NAME (letters, digits, '-', '_', '.'), "
                       "not '%.200s'", from, repo);
    snprintf(cfg->repo, sizeof cfg->repo, "%s", repo);
    return 0;
}

/* A pull request number: 1 to 2^31-1, digits only. */
static bool parse_pr(const char *s, size_t n, unsigned long *out)
{
    if (n == 0 || n > 10 || s[0] == '0')
        return false;
    unsigned long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    if (v > 0x7fffffffUL)
        return false;
    *out = v;
    return true;
}

/* pull_request.number of the event payload; *found false when the event has
 * none (a push, say). */
static int pr_from_event(const char *path, unsigned long *pr, bool *found, sg_error *err)
{
    char *buf;
    size_t len;
    *found = false;
    if (sg_read_file(path, MAX_EVENT_BYTES, &buf, &len, err) != 0)
        return -1;
    sg_arena *a = sg_arena_new();
    sg_parse_opts po = {.file = path};
    sg_node *root;
    int rc = sg_parse_json(a, buf, len, &po, &root, NULL, err);
    free(buf);
    if (rc == 0) {
        const sg_node *num = sg_map_get(sg_map_get(root, "pull_request"), "number");
        if (num && (num->kind != SG_NUMBER || !parse_pr(num->u.str, num->len, pr)))
            rc = sg_fail(err, path, num->line, num->col,
                         "pull_request.number is not a pull request number");
        else if (num)
            *found = true;
    }
    sg_arena_free(a);
    return rc;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int config(sg_github_cfg *cfg, const sg_github_opts *o, sg_error *err)
{
    static const sg_github_opts none;
    if (!o)
        o = &none;
    memset(cfg, 0, sizeof *cfg);
    cfg->timeout_ms = 30000;
    cfg->retry_delay_ms = 1000;

    const char *tok_var = env("GITHUB_TOKEN") ? "GITHUB_TOKEN" : "GH_TOKEN";
    cfg->token = env(tok_var);
    if (!cfg->token)
        return sg_fail(err, GH, 0, 0, "GITHUB_TOKEN is not set: give the step the workflow's "
                       "token (env: GITHUB_TOKEN: ${{ github.token }})");
    /* it becomes an HTTP header: nothing that could end or split one */
    for (const char *p = cfg->token; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            return sg_fail(err, GH, 0, 0, "%s holds a space or control character; "
                           "a token has none", tok_var);

    const char *repo = o->repo ? o->repo : env("GITHUB_REPOSITORY");
    if (!repo)
        return sg_fail(err, GH, 0, 0, "GITHUB_REPOSITORY is not set: pass --repo OWNER/NAME");
    if (set_repo(cfg, repo, o->repo ? "--repo" : "GITHUB_REPOSITORY", err))
        return -1;

    const char *url = o->api_url ? o->api_url : env("GITHUB_API_URL");
    if (set_api_url(cfg, url ? url : DEFAULT_API_URL,
                    o->api_url ? "--api-url" : "GITHUB_API_URL", err))
        return -1;

    const char *ref = env("GITHUB_REF"), *event = env("GITHUB_EVENT_PATH");
    bool found = false;
    if (o->pr) {
        if (!parse_pr(o->pr, strlen(o->pr), &cfg->pr))
            return sg_fail(err, GH, 0, 0, "--pr takes a pull request number, not '%.40s'", o->pr);
        found = true;
    }
    if (!found && event && pr_from_event(event, &cfg->pr, &found, err))
        return -1;
    if (!found && ref && strncmp(ref, "refs/pull/", 10) == 0) {
        const char *n = ref + 10, *slash = strchr(n, '/');
        found = slash && (strcmp(slash, "/merge") == 0 || strcmp(slash, "/head") == 0) &&
                parse_pr(n, (size_t)(slash - n), &cfg->pr);
    }
    if (!found)
        return sg_fail(err, GH, 0, 0, "no pull request number: pass --pr N, or run in a "
                       "pull_request workflow (GITHUB_EVENT_PATH, GITHUB_REF=refs/pull/N/merge)");
    cfg->author = o->author ? o->author : env("STACKGAP_COMMENT_AUTHOR");
    return 0;
}

int sg_github_config(sg_github_cfg *cfg, const sg_github_opts *o, sg_error *err)
{
    int rc = config(cfg, o, err);
    if (rc)
        redact_error(err, cfg->token);
    return rc;
}

const char *sg_github_action_name(sg_github_action a)
{
    switch (a) {
    case SG_GITHUB_CREATED: return "created";
    case SG_GITHUB_UPDATED: return "updated";
    default: return "unchanged";
    }
}

/* ---- HTTP ------------------------------------------------------------------------ */

typedef struct http_resp {
    long status;
    sg_strbuf body;
    bool too_big;
    char next[2048]; /* the Link header's rel="next" URL; "" when none */
} http_resp;

typedef struct client {
    const sg_github_cfg *cfg;
    CURL *h;
    struct curl_slist *headers;
    unsigned requests;
    bool retryable; /* the last failure was a 5xx or a network error */
    char errbuf[CURL_ERROR_SIZE];
} client;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    http_resp *r = ud;
    size_t k = size * n;
    if (r->body.len + k > MAX_RESPONSE_BYTES) {
        r->too_big = true;
        return 0; /* aborts the transfer */
    }
    sg_strbuf_putn(&r->body, p, k);
    return k;
}

/* True when [p, end) starts with lit (header lines are not NUL-terminated). */
static bool starts(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Link: <url>; rel="next", <url>; rel="last" (RFC 8288, as GitHub sends it). */
static void parse_link(const char *v, size_t n, http_resp *r)
{
    const char *end = v + n;
    for (const char *p = v; p < end;) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        const char *gt = lt ? memchr(lt, '>', (size_t)(end - lt)) : NULL;
        if (!gt)
            return;
        const char *params = gt + 1;
        const char *comma = memchr(params, ',', (size_t)(end - params));
        const char *pend = comma ? comma : end;
        size_t ulen = (size_t)(gt - lt - 1);
        for (const char *q = params; q < pend; q++)
            if (starts(q, pend, "rel=\"next\"") || starts(q, pend, "rel=next")) {
                if (ulen < sizeof r->next) {
                    memcpy(r->next, lt + 1, ulen);
                    r->next[ulen] = '\0';
                } else {
                    snprintf(r->next, sizeof r->next, "(too long)");
                }
                break;
            }
        p = pend + (comma != NULL);
    }
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    http_resp *r = ud;
    size_t k = size * n;
    if (k >= 5 && memcmp(p, "HTTP/", 5) == 0) /* a new response (after 100 Continue) */
        r->next[0] = '\0';
    else if (k > 5 && strncasecmp(p, "link:", 5) == 0) /* p holds at least 5 bytes */
        parse_link(p + 5, k - 5, r);
    return k;
}

static int client_init(client *c, const sg_github_cfg *cfg, sg_error *err)
{
    memset(c, 0, sizeof *c);
    c->cfg = cfg;
    c->h = curl_easy_init();
    if (!c->h)
        return sg_fail(err, GH, 0, 0, "cannot initialise libcurl");
    sg_strbuf auth = SG_STRBUF_INIT;
    sg_strbuf_printf(&auth, "Authorization: Bearer %s", cfg->token);
    static const char *const fixed[] = {
        "Accept: application/vnd.github+json",
        "X-GitHub-Api-Version: 2022-11-28",
        "Content-Type: application/json",
        "Expect:", /* no 100-continue round trip for large bodies */
    };
    c->headers = curl_slist_append(NULL, auth.data);
    for (size_t i = 0; c->headers && i < sizeof fixed / sizeof *fixed; i++) {
        struct curl_slist *l = curl_slist_append(c->headers, fixed[i]);
        if (!l) {
            curl_slist_free_all(c->headers);
            c->headers = NULL;
        }
        c->headers = l;
    }
    memset(auth.data, 0, auth.len);
    sg_strbuf_free(&auth);
    if (!c->headers)
        return sg_fail(err, GH, 0, 0, "out of memory building the request headers");

    bool https = strncmp(cfg->api_url, "https://", 8) == 0;
    long timeout = cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000;
    CURL *h = c->h;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, c->headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, cfg->user_agent ? cfg->user_agent : "stackgap");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* the token stays with the API host */
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, https ? "https" : "http");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout < 10000 ? timeout : 10000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    if (!https) /* a loopback test server: never through a proxy */
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    return 0;
}

static void client_free(client *c)
{
    if (c->h)
        curl_easy_cleanup(c->h);
    curl_slist_free_all(c->headers);
}

/* The URL as shown in messages: the part after the API base URL. */
static const char *shown(const client *c, const char *url)
{
    size_t n = strlen(c->cfg->api_url);
    return strncmp(url, c->cfg->api_url, n) == 0 && url[n] == '/' ? url + n : url;
}

/* Fails with the message in m, the token masked before sg_fail can cut it
 * (a URL from a Link header may hold anything, the token included). */
static int fail_redacted(const client *c, sg_strbuf *m, sg_error *err)
{
    redact(m, c->cfg->token);
    sg_fail(err, GH, 0, 0, "%s", m->data ? m->data : "");
    sg_strbuf_free(m);
    return -1;
}

static int request(client *c, const char *method, const char *url, const sg_strbuf *json,
                   http_resp *r, sg_error *err)
{
    CURL *h = c->h;
    r->status = 0;
    r->body.len = 0;
    r->too_big = false;
    r->next[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (json) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json->data);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)json->len);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, (char *)NULL);
    }
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    c->errbuf[0] = '\0';
    c->requests++;
    CURLcode rc = curl_easy_perform(h);
    sg_strbuf m = SG_STRBUF_INIT;
    if (rc != CURLE_OK && r->too_big) {
        sg_strbuf_printf(&m, "%s %s: the response is larger than %zu MiB", method,
                         shown(c, url), MAX_RESPONSE_BYTES >> 20);
        return fail_redacted(c, &m, err);
    }
    if (rc != CURLE_OK) {
        c->retryable = true;
        sg_strbuf_printf(&m, "%s %s: %s", method, shown(c, url),
                         c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
        return fail_redacted(c, &m, err);
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    return 0;
}

/* A value from GitHub shown to the user: printable ASCII, token masked, capped. */
static void put_shown(sg_strbuf *out, const sg_node *s, const char *token)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_putn(&b, s->u.str, s->len);
    redact(&b, token);
    size_t n = b.len < MAX_SHOWN_MESSAGE ? b.len : MAX_SHOWN_MESSAGE;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)b.data[i];
        sg_strbuf_putc(out, ch >= 0x20 && ch < 0x7f ? (char)ch : '?');
    }
    if (n < b.len)
        sg_strbuf_puts(out, "...");
    sg_strbuf_free(&b);
}

static const char *hint(long status, const char *message)
{
    if (status == 401)
        return "the token was rejected: check GITHUB_TOKEN";
    if (status == 403 && message && strstr(message, "rate limit"))
        return "rate limited: run again later";
    if (status == 403)
        return "the token may not write pull-request comments: give the workflow "
               "'permissions: pull-requests: write'; a pull request from a fork gets a "
               "read-only token (docs/pr-bot.md)";
    if (status == 404)
        return "no such repository or pull request, or the token cannot see it: check "
               "GITHUB_REPOSITORY, the pull request number and the API URL";
    if (status == 422)
        return "GitHub rejected the comment: is it over 65536 characters?";
    if (status >= 300 && status < 400)
        return "redirects are not followed, so the token never leaves the API host: "
               "check the API URL";
    if (status >= 500)
        return "GitHub failed: run again later";
    return NULL;
}

/* "METHOD PATH: HTTP 403: GitHub's message (hint)". */
static int http_error(client *c, const char *method, const char *url, const http_resp *r,
                      sg_error *err)
{
    if (r->status >= 500)
        c->retryable = true;
    sg_strbuf m = SG_STRBUF_INIT;
    sg_strbuf_printf(&m, "%s %s: HTTP %ld", method, shown(c, url), r->status);
    sg_arena *a = sg_arena_new();
    sg_node *root = NULL;
    sg_parse_opts po = {.file = "response"};
    size_t msg_start = 0;
    if (r->body.len && sg_parse_json(a, r->body.data, r->body.len, &po, &root, NULL, NULL) == 0) {
        const sg_node *msg = sg_map_get(root, "message");
        const sg_node *first = sg_map_get(root, "errors");
        first = first && first->kind == SG_SEQ && first->len ? first->u.items[0] : NULL;
        const sg_node *detail = sg_map_get(first, "message");
        if (!detail)
            detail = sg_map_get(first, "code");
        if (msg && msg->kind == SG_STRING) {
            sg_strbuf_puts(&m, ": ");
            msg_start = m.len;
            put_shown(&m, msg, c->cfg->token);
        }
        if (detail && detail->kind == SG_STRING) {
            sg_strbuf_puts(&m, msg_start ? " - " : ": ");
            put_shown(&m, detail, c->cfg->token);
        }
    }
    const char *h = hint(r->status, msg_start ? m.data + msg_start : NULL);
    if (h)
        sg_strbuf_printf(&m, " (%s)", h);
    sg_arena_free(a);
    return fail_redacted(c, &m, err);
}

/* ---- upsert ---------------------------------------------------------------------- */

/* First line without its line ending. */
static size_t first_line(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);
    size_t k = nl ? (size_t)(nl - s) : n;
    return k && s[k - 1] == '\r' ? k - 1 : k;
}

/* Equal once every \r\n is read as \n, as GitHub stores bodies. */
static bool same_body(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        if (i + 1 < an && a[i] == '\r' && a[i + 1] == '\n')
            i++;
        if (j + 1 < bn && b[j] == '\r' && b[j + 1] == '\n')
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        if (a[i++] != b[j++])
            return false;
    }
}

typedef struct match {
    unsigned long long id;
    char id_text[32];
    sg_strbuf body;
} match;

typedef struct wanted {
    const char *body;
    size_t len;
    size_t marker_len; /* the marker is body[0..marker_len) */
} wanted;

static const char *str_of(const sg_node *n)
{
    return n && n->kind == SG_STRING ? n->u.str : NULL;
}

static int scan_page(client *c, const char *url, const http_resp *r, const wanted *w,
                     match *best, sg_error *err)
{
    sg_arena *a = sg_arena_new();
    sg_node *root;
    sg_parse_opts po = {.file = "response"};
    int rc = 0;
    if (sg_parse_json(a, r->body.data ? r->body.data : "", r->body.len, &po, &root, NULL,
                      NULL) != 0 || root->kind != SG_SEQ) {
        sg_strbuf m = SG_STRBUF_INIT;
        sg_strbuf_printf(&m, "GET %s: the response is not a JSON array of comments",
                         shown(c, url));
        rc = fail_redacted(c, &m, err);
        goto done;
    }
    for (uint32_t i = 0; i < root->len; i++) {
        const sg_node *cm = root->u.items[i];
        const sg_node *id = sg_map_get(cm, "id"), *body = sg_map_get(cm, "body");
        const char *login = str_of(sg_map_get(sg_map_get(cm, "user"), "login"));
        if (!id || id->kind != SG_NUMBER || !body || body->kind != SG_STRING ||
            id->len >= sizeof best->id_text)
            continue;
        if (first_line(body->u.str, body->len) != w->marker_len ||
            memcmp(body->u.str, w->body, w->marker_len) != 0)
            continue;
        if (c->cfg->author && (!login || strcmp(login, c->cfg->author) != 0))
            continue;
        unsigned long long v = strtoull(id->u.str, NULL, 10);
        if (best->id_text[0] && v <= best->id) /* the newest comment wins */
            continue;
        best->id = v;
        memcpy(best->id_text, id->u.str, id->len + 1);
        best->body.len = 0;
        sg_strbuf_putn(&best->body, body->u.str, body->len);
    }
done:
    sg_arena_free(a);
    return rc;
}

static int find_ours(client *c, const wanted *w, http_resp *r, match *best, sg_error *err)
{
    const sg_github_cfg *cfg = c->cfg;
    char url[sizeof r->next];
    snprintf(url, sizeof url, "%s/repos/%s/issues/%lu/comments?per_page=100", cfg->api_url,
             cfg->repo, cfg->pr);
    size_t base = strlen(cfg->api_url);
    for (int page = 0;; page++) {
        if (page == MAX_PAGES)
            return sg_fail(err, GH, 0, 0, "the pull request has more than %d pages of comments",
                           MAX_PAGES);
        if (request(c, "GET", url, NULL, r, err))
            return -1;
        if (r->status != 200)
            return http_error(c, "GET", url, r, err);
        if (scan_page(c, url, r, w, best, err))
            return -1;
        if (!r->next[0])
            return 0;
        /* GitHub's next links point at /repositories/ID/...: same host, same base */
        if (strncmp(r->next, cfg->api_url, base) != 0 || r->next[base] != '/') {
            sg_strbuf m = SG_STRBUF_INIT;
            sg_strbuf_printf(&m, "GET %s: the next page is not under the API URL %s; "
                             "not sending the token there", shown(c, url), cfg->api_url);
            return fail_redacted(c, &m, err);
        }
        memcpy(url, r->next, strlen(r->next) + 1);
    }
}

static int write_comment(client *c, const char *method, const char *url, const wanted *w,
                         http_resp *r, sg_github_result *res, sg_error *err)
{
    sg_strbuf json = SG_STRBUF_INIT;
    sg_strbuf_puts(&json, "{\"body\":");
    sg_strbuf_json_str(&json, w->body, w->len);
    sg_strbuf_putc(&json, '}');
    int rc = request(c, method, url, &json, r, err);
    sg_strbuf_free(&json);
    if (rc)
        return -1;
    if (r->status < 200 || r->status > 299)
        return http_error(c, method, url, r, err);
    sg_arena *a = sg_arena_new();
    sg_node *root;
    sg_parse_opts po = {.file = "response"};
    if (sg_parse_json(a, r->body.data ? r->body.data : "", r->body.len, &po, &root, NULL,
                      NULL) == 0) {
        const sg_node *id = sg_map_get(root, "id");
        const char *html = str_of(sg_map_get(root, "html_url"));
        if (id && id->kind == SG_NUMBER && id->len < sizeof res->id)
            memcpy(res->id, id->u.str, id->len + 1);
        if (html && strlen(html) < sizeof res->url && strncmp(html, "https://", 8) == 0)
            snprintf(res->url, sizeof res->url, "%s", html);
    }
    sg_arena_free(a);
    return 0;
}

static int upsert_once(client *c, const wanted *w, sg_github_result *res, sg_error *err)
{
    const sg_github_cfg *cfg = c->cfg;
    http_resp r = {0};
    match best = {0};
    char url[1024];
    int rc = find_ours(c, w, &r, &best, err);
    if (rc)
        goto done;
    if (best.id_text[0] && same_body(best.body.data, best.body.len, w->body, w->len)) {
        res->action = SG_GITHUB_UNCHANGED;
        snprintf(res->id, sizeof res->id, "%s", best.id_text);
    } else if (best.id_text[0]) {
        res->action = SG_GITHUB_UPDATED;
        snprintf(res->id, sizeof res->id, "%s", best.id_text);
        snprintf(url, sizeof url, "%s/repos/%s/issues/comments/%s", cfg->api_url, cfg->repo,
                 best.id_text);
        rc = write_comment(c, "PATCH", url, w, &r, res, err);
    } else {
        res->action = SG_GITHUB_CREATED;
        snprintf(url, sizeof url, "%s/repos/%s/issues/%lu/comments", cfg->api_url, cfg->repo,
                 cfg->pr);
        rc = write_comment(c, "POST", url, w, &r, res, err);
    }
done:
    sg_strbuf_free(&r.body);
    sg_strbuf_free(&best.body);
    return rc;
}

static int check_body(const char *body, size_t len, wanted *w, sg_error *err)
{
    w->body = body;
    w->len = len;
    w->marker_len = first_line(body, len);
    const char *m = body;
    size_t n = w->marker_len;
    if (n < 8 || strncmp(m, "<!--", 4) != 0 || strncmp(m + n - 3, "-->", 3) != 0)
        return sg_fail(err, GH, 0, 0, "the comment's first line must be its marker, an HTML "
                       "comment such as '<!-- stackgap:comment key=KEY -->'");
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)body[i] & 0xC0) != 0x80;
    if (chars > SG_GITHUB_MAX_COMMENT_CHARS)
        return sg_fail(err, GH, 0, 0, "the comment has %zu characters; GitHub takes at most %d",
                       chars, SG_GITHUB_MAX_COMMENT_CHARS);
    return 0;
}

static void sleep_ms(long ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0)
        ;
}

int sg_github_upsert(const sg_github_cfg *cfg, const char *body, size_t len,
                     sg_github_result *res, sg_error *err)
{
    memset(res, 0, sizeof *res);
    wanted w;
    if (check_body(body, len, &w, err))
        return -1;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return sg_fail(err, GH, 0, 0, "cannot initialise libcurl");
    client c;
    int rc = client_init(&c, cfg, err);
    for (int attempt = 0; rc == 0; attempt++) {
        c.retryable = false;
        rc = upsert_once(&c, &w, res, err);
        if (rc == 0 || !c.retryable || attempt == 1)
            break;
        sleep_ms(cfg->retry_delay_ms);
        rc = 0;
    }
    if (rc && c.retryable && err) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, " (after one retry)");
    }
    res->requests = c.requests;
    client_free(&c);
    curl_global_cleanup();
    if (rc)
        redact_error(err, cfg->token);
    return rc;
}
