/* fake_github.c - a tiny stand-in for the GitHub REST API's issue comments, on
 * 127.0.0.1, for tests/bot/post_test.sh.
 *
 *   FAKE_GITHUB_TOKEN=T fake_github --repo O/R --pr N --log FILE --state DIR
 *                       [--seed FILE.json] [--mode M] [--page-size N] [--timeout S]
 *
 * Listens on an ephemeral port and prints it on stdout.  Serves
 *   GET   /repos/O/R/issues/N/comments?per_page=&page=   (and /repositories/4242/...,
 *         where its Link rel="next" points, as GitHub's do)
 *   POST  /repos/O/R/issues/N/comments                   {"body": ...} -> 201
 *   PATCH /repos/O/R/issues/comments/ID                   {"body": ...} -> 200
 *   POST  /__shutdown                                     exit 0
 * and exits by itself after --timeout seconds (default 30) so a failing test
 * cannot hang.  Pages hold min(per_page, --page-size) comments.
 *
 * Modes: ok (default); 403 (every API request); 403-write (POST and PATCH);
 * 500 (every API request); 500-once (the first API request); leak (403 whose
 * message repeats the Authorization header, to test masking); evil-link (the
 * next-page link points to another host); leak-link (the next-page link holds
 * the token where a 512-byte error message would cut it, and answers 500).
 *
 * The log gets each request line and its headers, except that Authorization
 * is logged only as "[expected token]", "[other token]" or absent: never its
 * value.  The state directory holds index (one "ID LOGIN" line per comment)
 * and ID.body (each body, raw), rewritten after every change. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stackgap/arena.h"
#include "stackgap/parse.h"
#include "stackgap/strbuf.h"
#include "stackgap/template.h"

#define REPO_ID "4242"
#define BOT_LOGIN "github-actions[bot]"

typedef struct comment {
    unsigned long long id;
    char *login;
    sg_strbuf body;
} comment;

static struct {
    const char *repo, *mode, *log, *state, *token;
    unsigned long pr;
    size_t page_size;
    int port;
    unsigned api_requests;
    comment *v;
    size_t n;
    unsigned long long next_id;
    FILE *logf;
} S;

static void die(const char *what)
{
    fprintf(stderr, "fake_github: %s: %s\n", what, strerror(errno));
    exit(3);
}

static void add_comment(unsigned long long id, const char *login, const char *body, size_t len)
{
    S.v = sg_xrealloc(S.v, (S.n + 1) * sizeof *S.v);
    comment *c = &S.v[S.n++];
    memset(c, 0, sizeof *c);
    c->id = id;
    c->login = strdup(login);
    sg_strbuf_putn(&c->body, body, len);
    if (id >= S.next_id)
        S.next_id = id + 1;
}

static void write_file(const char *name, const char *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", S.state, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die(path);
}

static void save_state(void)
{
    sg_strbuf idx = SG_STRBUF_INIT;
    for (size_t i = 0; i < S.n; i++) {
        char name[64];
        snprintf(name, sizeof name, "%llu.body", S.v[i].id);
        write_file(name, S.v[i].body.data ? S.v[i].body.data : "", S.v[i].body.len);
        sg_strbuf_printf(&idx, "%llu %s\n", S.v[i].id, S.v[i].login);
    }
    write_file("index", idx.data ? idx.data : "", idx.len);
    sg_strbuf_free(&idx);
}

static void load_seed(const char *path)
{
    char *buf;
    size_t len;
    sg_error err;
    sg_arena *a = sg_arena_new();
    sg_node *root;
    sg_parse_opts po = {.file = path};
    if (sg_read_file(path, (size_t)16 << 20, &buf, &len, &err) != 0 ||
        sg_parse_json(a, buf, len, &po, &root, NULL, &err) != 0) {
        fprintf(stderr, "fake_github: %s: %s\n", path, err.msg);
        exit(3);
    }
    free(buf);
    for (uint32_t i = 0; root->kind == SG_SEQ && i < root->len; i++) {
        const sg_node *c = root->u.items[i];
        const sg_node *id = sg_map_get(c, "id"), *login = sg_map_get(c, "login"),
                      *body = sg_map_get(c, "body");
        if (id && login && body)
            add_comment(strtoull(id->u.str, NULL, 10), login->u.str, body->u.str, body->len);
    }
    sg_arena_free(a);
}

/* ---- HTTP ------------------------------------------------------------------------ */

typedef struct request {
    char method[16];
    char target[4096];
    sg_strbuf raw; /* request line and headers, then the body */
    size_t head_len;
    const char *body;
    size_t body_len;
} request;

/* Value of header `name` in the raw head, or NULL; *n gets its length. */
static const char *header(const request *r, const char *name, size_t *n)
{
    size_t nl = strlen(name);
    const char *p = strstr(r->raw.data, "\r\n");
    const char *end = r->raw.data + r->head_len;
    while (p && p + 2 < end) {
        p += 2;
        const char *eol = strstr(p, "\r\n");
        if (!eol || eol > end)
            break;
        if ((size_t)(eol - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            *n = (size_t)(eol - v);
            return v;
        }
        p = eol;
    }
    return NULL;
}

static int read_request(int fd, request *r)
{
    char buf[65536];
    r->raw.len = 0;
    if (r->raw.data)
        r->raw.data[0] = '\0'; /* the previous request's text must not be found again */
    for (;;) {
        if (r->raw.data) {
            char *e = strstr(r->raw.data, "\r\n\r\n");
            if (e) {
                r->head_len = (size_t)(e - r->raw.data) + 4;
                break;
            }
        }
        if (r->raw.len > (1u << 20))
            return -1;
        ssize_t k = read(fd, buf, sizeof buf);
        if (k <= 0)
            return -1;
        sg_strbuf_putn(&r->raw, buf, (size_t)k);
    }
    if (sscanf(r->raw.data, "%15s %4095s", r->method, r->target) != 2)
        return -1;
    size_t n;
    const char *cl = header(r, "Content-Length", &n);
    size_t want = cl ? strtoul(cl, NULL, 10) : 0;
    if (want > ((size_t)16 << 20))
        return -1;
    const char *ex = header(r, "Expect", &n);
    if (ex && n >= 12 && strncasecmp(ex, "100-continue", 12) == 0 &&
        write(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25) < 0)
        return -1;
    while (r->raw.len - r->head_len < want) {
        ssize_t k = read(fd, buf, sizeof buf);
        if (k <= 0)
            return -1;
        sg_strbuf_putn(&r->raw, buf, (size_t)k);
    }
    r->body = r->raw.data + r->head_len;
    r->body_len = want;
    return 0;
}

static void log_request(const request *r, bool auth_ok, bool auth_present)
{
    FILE *f = S.logf;
    const char *t = S.token && *S.token ? strstr(r->target, S.token) : NULL; /* leak-link */
    if (t)
        fprintf(f, "REQUEST %s %.*s[token]%s\n", r->method, (int)(t - r->target), r->target,
                t + strlen(S.token));
    else
        fprintf(f, "REQUEST %s %s\n", r->method, r->target);
    const char *p = strstr(r->raw.data, "\r\n") + 2;
    const char *end = r->raw.data + r->head_len - 2;
    while (p < end) {
        const char *eol = strstr(p, "\r\n");
        if (strncasecmp(p, "authorization:", 14) == 0)
            fprintf(f, "  authorization: %s\n", auth_ok ? "[expected token]" : "[other token]");
        else
            fprintf(f, "  %.*s\n", (int)(eol - p), p);
        p = eol + 2;
    }
    if (!auth_present)
        fprintf(f, "  (no authorization header)\n");
    if (r->body_len) {
        sg_strbuf b = SG_STRBUF_INIT;
        sg_strbuf_json_str(&b, r->body, r->body_len);
        fprintf(f, "  body: %s\n", b.data);
        sg_strbuf_free(&b);
    }
    fflush(f);
}

static void respond(int fd, int status, const char *extra, const sg_strbuf *body)
{
    const char *reason = status == 200   ? "OK"
                         : status == 201 ? "Created"
                         : status == 400 ? "Bad Request"
                         : status == 401 ? "Unauthorized"
                         : status == 403 ? "Forbidden"
                         : status == 404 ? "Not Found"
                         : "Internal Server Error";
    sg_strbuf out = SG_STRBUF_INIT;
    sg_strbuf_printf(&out, "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                     status, reason, body->len, extra ? extra : "");
    sg_strbuf_putn(&out, body->data ? body->data : "", body->len);
    for (size_t off = 0; off < out.len;) {
        ssize_t k = write(fd, out.data + off, out.len - off);
        if (k <= 0)
            break;
        off += (size_t)k;
    }
    fprintf(S.logf, "RESPONSE %d\n", status);
    fflush(S.logf);
    sg_strbuf_free(&out);
}

static int respond_message(int fd, int status, const char *msg, size_t len)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, "{\"message\":");
    sg_strbuf_json_str(&b, msg, len);
    sg_strbuf_puts(&b, ",\"documentation_url\":\"https://docs.github.com/rest\"}");
    respond(fd, status, NULL, &b);
    sg_strbuf_free(&b);
    return 0;
}

static void put_comment(sg_strbuf *b, const comment *c)
{
    sg_strbuf_printf(b, "{\"id\":%llu,\"html_url\":\"https://github.com/%s/pull/%lu"
                     "#issuecomment-%llu\",\"user\":{\"login\":",
                     c->id, S.repo, S.pr, c->id);
    sg_strbuf_json_cstr(b, c->login);
    sg_strbuf_puts(b, "},\"body\":");
    sg_strbuf_json_str(b, c->body.data ? c->body.data : "", c->body.len);
    sg_strbuf_putc(b, '}');
}

static unsigned long query_num(const char *target, const char *name, unsigned long dflt)
{
    const char *q = strchr(target, '?');
    size_t n = strlen(name);
    for (const char *p = q; p; p = strchr(p + 1, '&'))
        if (strncmp(p + 1, name, n) == 0 && p[1 + n] == '=')
            return strtoul(p + 2 + n, NULL, 10);
    return dflt;
}

static int list_comments(int fd, const char *target)
{
    size_t per = query_num(target, "per_page", 30);
    if (per > 100)
        per = 100;
    if (S.page_size && per > S.page_size)
        per = S.page_size;
    size_t page = query_num(target, "page", 1);
    size_t last = S.n ? (S.n + per - 1) / per : 1;
    sg_strbuf b = SG_STRBUF_INIT, link = SG_STRBUF_INIT;
    sg_strbuf_putc(&b, '[');
    for (size_t i = (page - 1) * per; page >= 1 && i < S.n && i < page * per; i++) {
        if (i > (page - 1) * per)
            sg_strbuf_putc(&b, ',');
        put_comment(&b, &S.v[i]);
    }
    sg_strbuf_putc(&b, ']');
    if (page < last && strcmp(S.mode, "leak-link") == 0) {
        /* the token placed so that it straddles byte 511 of the client's
         * "GET PATH: ..." message, where an unredacted cut would fall */
        sg_strbuf path = SG_STRBUF_INIT;
        sg_strbuf_printf(&path, "/repositories/" REPO_ID "/issues/%lu/comments?per_page=%zu&"
                         "page=%zu&pad=", S.pr, per, page + 1);
        while (strlen("GET ") + path.len + strlen("&t=") < 500)
            sg_strbuf_putc(&path, 'x');
        sg_strbuf_printf(&link, "Link: <http://127.0.0.1:%d%s&t=%s>; rel=\"next\"\r\n", S.port,
                         path.data, S.token);
        sg_strbuf_free(&path);
    } else if (page < last) {
        const char *host = strcmp(S.mode, "evil-link") == 0 ? "evil.example" : "127.0.0.1";
        sg_strbuf_printf(&link, "Link: <http://%s:%d/repositories/" REPO_ID "/issues/%lu/"
                         "comments?per_page=%zu&page=%zu>; rel=\"next\", <http://%s:%d/"
                         "repositories/" REPO_ID "/issues/%lu/comments?per_page=%zu&page=%zu>;"
                         " rel=\"last\"\r\n", host, S.port, S.pr, per, page + 1, host, S.port,
                         S.pr, per, last);
    }
    respond(fd, 200, link.data, &b);
    sg_strbuf_free(&b);
    sg_strbuf_free(&link);
    return 0;
}

/* The "body" of a JSON request, or -1 after answering 400. */
static int request_body(int fd, const request *r, sg_arena *a, const sg_node **body)
{
    sg_node *root;
    sg_parse_opts po = {.file = "request"};
    if (sg_parse_json(a, r->body, r->body_len, &po, &root, NULL, NULL) != 0 ||
        !(*body = sg_map_get(root, "body")) || (*body)->kind != SG_STRING) {
        respond_message(fd, 400, "Problems parsing JSON", 21);
        return -1;
    }
    return 0;
}

/* Answers one request; returns 0 (the value only lets branches end in one line). */
static int handle(int fd, request *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(r->target, "?"), r->target);
    size_t alen = 0;
    const char *auth = header(r, "Authorization", &alen);
    char want[1024];
    snprintf(want, sizeof want, "Bearer %s", S.token);
    bool ok = auth && alen == strlen(want) && memcmp(auth, want, alen) == 0;
    log_request(r, ok, auth != NULL);

    if (strcmp(r->method, "POST") == 0 && strcmp(path, "/__shutdown") == 0) {
        sg_strbuf b = SG_STRBUF_INIT;
        sg_strbuf_puts(&b, "{}");
        respond(fd, 200, NULL, &b);
        sg_strbuf_free(&b);
        close(fd);
        save_state();
        exit(0);
    }
    S.api_requests++;
    bool write_req = strcmp(r->method, "GET") != 0;
    if (strcmp(S.mode, "500") == 0 || (strcmp(S.mode, "500-once") == 0 && S.api_requests == 1))
        return respond_message(fd, 500, "Server Error", 12);
    if (strcmp(S.mode, "leak-link") == 0 && strstr(r->target, "&t="))
        return respond_message(fd, 500, "Server Error", 12);
    if (strcmp(S.mode, "leak") == 0) {
        sg_strbuf m = SG_STRBUF_INIT;
        sg_strbuf_puts(&m, "Refusing the header ");
        sg_strbuf_putn(&m, auth ? auth : "", alen);
        respond_message(fd, 403, m.data, m.len);
        sg_strbuf_free(&m);
        return 0;
    }
    if (!ok)
        return respond_message(fd, 401, "Bad credentials", 15);
    if (strcmp(S.mode, "403") == 0 || (strcmp(S.mode, "403-write") == 0 && write_req))
        return respond_message(fd, 403, "Resource not accessible by integration", 38);

    char list_a[512], list_b[512], patch_prefix[512];
    snprintf(list_a, sizeof list_a, "/repos/%s/issues/%lu/comments", S.repo, S.pr);
    snprintf(list_b, sizeof list_b, "/repositories/" REPO_ID "/issues/%lu/comments", S.pr);
    snprintf(patch_prefix, sizeof patch_prefix, "/repos/%s/issues/comments/", S.repo);
    bool is_list = strcmp(path, list_a) == 0 || strcmp(path, list_b) == 0;
    if (strcmp(r->method, "GET") == 0 && is_list)
        return list_comments(fd, r->target);

    sg_arena *a = sg_arena_new();
    const sg_node *body;
    sg_strbuf b = SG_STRBUF_INIT;
    if (strcmp(r->method, "POST") == 0 && strcmp(path, list_a) == 0) {
        if (request_body(fd, r, a, &body) == 0) {
            add_comment(S.next_id, BOT_LOGIN, body->u.str, body->len);
            save_state();
            put_comment(&b, &S.v[S.n - 1]);
            respond(fd, 201, NULL, &b);
        }
    } else if (strcmp(r->method, "PATCH") == 0 &&
               strncmp(path, patch_prefix, strlen(patch_prefix)) == 0) {
        unsigned long long id = strtoull(path + strlen(patch_prefix), NULL, 10);
        comment *c = NULL;
        for (size_t i = 0; i < S.n; i++)
            if (S.v[i].id == id)
                c = &S.v[i];
        if (!c) {
            respond_message(fd, 404, "Not Found", 9);
        } else if (request_body(fd, r, a, &body) == 0) {
            c->body.len = 0;
            sg_strbuf_putn(&c->body, body->u.str, body->len);
            save_state();
            put_comment(&b, c);
            respond(fd, 200, NULL, &b);
        }
    } else {
        respond_message(fd, 404, "Not Found", 9);
    }
    sg_strbuf_free(&b);
    sg_arena_free(a);
    return 0;
}

int main(int argc, char **argv)
{
    S.mode = "ok";
    S.next_id = 1000;
    const char *seed = NULL;
    unsigned timeout = 30;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (strcmp(k, "--repo") == 0) S.repo = v;
        else if (strcmp(k, "--pr") == 0) S.pr = strtoul(v, NULL, 10);
        else if (strcmp(k, "--log") == 0) S.log = v;
        else if (strcmp(k, "--state") == 0) S.state = v;
        else if (strcmp(k, "--seed") == 0) seed = v;
        else if (strcmp(k, "--mode") == 0) S.mode = v;
        else if (strcmp(k, "--page-size") == 0) S.page_size = strtoul(v, NULL, 10);
        else if (strcmp(k, "--timeout") == 0) timeout = (unsigned)strtoul(v, NULL, 10);
        else {
            fprintf(stderr, "fake_github: unknown option %s\n", k);
            return 3;
        }
    }
    S.token = getenv("FAKE_GITHUB_TOKEN");
    if (!S.repo || !S.pr || !S.log || !S.state || !S.token) {
        fprintf(stderr, "usage: FAKE_GITHUB_TOKEN=T fake_github --repo O/R --pr N --log FILE "
                        "--state DIR [--seed F] [--mode M] [--page-size N] [--timeout S]\n");
        return 3;
    }
    if (seed)
        load_seed(seed);
    save_state();
    if (!(S.logf = fopen(S.log, "a")))
        die(S.log);
    signal(SIGPIPE, SIG_IGN);
    alarm(timeout); /* SIGALRM ends the process: a broken test cannot hang */

    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0)
        die("socket");
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 16) != 0 ||
        getsockname(ls, (struct sockaddr *)&sa, &sl) != 0)
        die("bind");
    S.port = ntohs(sa.sin_port);
    printf("%d\n", S.port);
    fflush(stdout);

    request r = {0};
    for (;;) {
        int fd = accept(ls, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            die("accept");
        }
        if (read_request(fd, &r) == 0)
            handle(fd, &r);
        close(fd);
    }
}
