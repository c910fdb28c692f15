/* test_cli_output.c - atomic output files and input protection. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "stackgap/output.h"

static char dir[] = "/tmp/sg-output-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static size_t count_files(void)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void writes_and_replaces(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/report.md", dir);
    sg_error err;
    assert_int_equal(sg_output_write(path, "one\n", 4, NULL, &err), 0);
    assert_int_equal(sg_output_write(path, "two\n", 4, NULL, &err), 0);
    FILE *f = fopen(path, "r");
    char buf[16] = {0};
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, f), 4);
    fclose(f);
    assert_string_equal(buf, "two\n");
    assert_int_equal(count_files(), 1); /* no temporary file left */
}

static void never_overwrites_an_input(void **state)
{
    (void)state;
    char in[256], alias[256];
    snprintf(in, sizeof in, "%s/model.yaml", dir);
    snprintf(alias, sizeof alias, "%s/./model.yaml", dir);
    FILE *f = fopen(in, "w");
    fputs("Resources: {}\n", f);
    fclose(f);
    const char *inputs[] = {in, NULL};
    sg_error err;
    assert_int_equal(sg_output_write(alias, "x", 1, inputs, &err), -1);
    assert_non_null(strstr(err.msg, "input"));
    f = fopen(in, "r");
    char buf[32] = {0};
    assert_true(fread(buf, 1, sizeof buf - 1, f) > 0);
    fclose(f);
    assert_string_equal(buf, "Resources: {}\n");
}

static void failure_leaves_nothing(void **state)
{
    (void)state;
    size_t before = count_files();
    char path[256];
    snprintf(path, sizeof path, "%s/missing-dir/report.md", dir);
    sg_error err;
    assert_int_equal(sg_output_write(path, "x", 1, NULL, &err), -1);
    assert_string_equal(err.file, path);
    assert_int_equal(count_files(), before);
}

/* A device is written in place, never replaced by a renamed file. */
static void devices_written_in_place(void **state)
{
    (void)state;
    struct stat before, after;
    assert_int_equal(stat("/dev/null", &before), 0);
    sg_error err;
    assert_int_equal(sg_output_write("/dev/null", "report\n", 7, NULL, &err), 0);
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_true(before.st_ino == after.st_ino);
}

/* A run killed while writing leaves no report and no temporary file. */
static void interrupted_write_leaves_nothing(void **state)
{
    (void)state;
    size_t before = count_files();
    char path[256];
    snprintf(path, sizeof path, "%s/big-report.md", dir);
    size_t len = (size_t)256 << 20;
    pid_t pid = fork();
    if (pid == 0) {
        char *data = malloc(len);
        memset(data, 'x', len);
        sg_error err;
        _exit(sg_output_write(path, data, len, NULL, &err) == 0 ? 0 : 1);
    }
    /* wait until the temporary file exists, then interrupt */
    bool seen = false;
    for (int i = 0; i < 20000 && !seen; i++) {
        seen = count_files() > before;
        if (!seen) {
            struct timespec ms = {0, 250000};
            nanosleep(&ms, NULL);
        }
    }
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!seen || !WIFSIGNALED(status))
        skip(); /* the write finished before the signal: nothing to test this time */
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_int_equal(count_files(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_and_replaces),
        cmocka_unit_test(never_overwrites_an_input),
        cmocka_unit_test(failure_leaves_nothing),
        cmocka_unit_test(devices_written_in_place),
        cmocka_unit_test(interrupted_write_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
