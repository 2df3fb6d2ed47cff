/* Helper of Scripts/bench-query: the floor with microsecond timing. Runs each line of a SQL file (one statement a
 * line, dot-commands skipped) on DB with mod_spatialite loaded, stepping through every row, and prints
 * "KIND<TAB>ms" per statement. The sqlite3 shell's `.timer` only resolves milliseconds; this is the same library
 * (the system libsqlite3 the shell uses) with the shell's work and nothing else.
 *   cc -O2 -o bench-query-floor bench-query-floor.c -lsqlite3 && ./bench-query-floor DB FILE.sql KIND */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s DB FILE.sql KIND\n", argv[0]); return 2; }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) { fprintf(stderr, "open: %s\n", sqlite3_errmsg(db)); return 1; }
    sqlite3_enable_load_extension(db, 1);
    char *err = NULL;
    if (sqlite3_load_extension(db, "mod_spatialite", NULL, &err) != SQLITE_OK) { fprintf(stderr, "mod_spatialite: %s\n", err); return 1; }
    FILE *f = fopen(argv[2], "r");
    if (!f) { perror(argv[2]); return 1; }
    size_t cap = 0; char *line = NULL; ssize_t len; long rows = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[0] == '.' || line[0] == '\n') continue;
        double start = now_ms();
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, line, (int)len, &st, NULL) != SQLITE_OK) { fprintf(stderr, "prepare: %s\n%s", sqlite3_errmsg(db), line); return 1; }
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) (void)sqlite3_column_text(st, i);
            rows++;
        }
        if (rc != SQLITE_DONE) { fprintf(stderr, "step: %s\n%s", sqlite3_errmsg(db), line); return 1; }
        sqlite3_finalize(st);
        printf("%s\t%.4f\n", argv[3], now_ms() - start);
    }
    fprintf(stderr, "%ld rows\n", rows);
    return 0;
}
