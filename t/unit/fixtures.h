/*
 * fixtures.h: reading the test fixtures of the source tree (t/fixtures),
 * for the C unit tests. TOP_SRCDIR is given by Makefile.am, so the tests
 * find them from any build directory.
 */
#ifndef WOOLLY_FIXTURES_H
#define WOOLLY_FIXTURES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP_SRCDIR
#error "TOP_SRCDIR must name the source tree"
#endif

#define ACTIVITYPUB_FIXTURES	TOP_SRCDIR "/t/fixtures/activitypub"

/* The whole file, NUL-terminated, in *len bytes; NULL if unreadable. */
static char * __attribute__((unused))
fixture_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)size + 1);
		if (data != NULL &&
		    fread(data, 1, (size_t)size, f) == (size_t)size) {
			data[size] = '\0';
			*len = (size_t)size;
		} else {
			free(data);
			data = NULL;
		}
	}
	fclose(f);
	return data;
}

static int
fixture_visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

typedef void (*fixture_fn)(const char *name, const char *data, size_t len,
    void *arg);

/*
 * Call fn for every "*.json" one folder down in ACTIVITYPUB_FIXTURES
 * ("mastodon/note.json"), in name order. Returns how many, -1 on error.
 */
static int __attribute__((unused))
fixtures_each_activitypub(fixture_fn fn, void *arg)
{
	struct dirent **dirs = NULL, **files;
	char path[4096], name[1024];
	int ndirs, nfiles, i, j, count = 0;
	size_t len, n;
	char *data;

	ndirs = scandir(ACTIVITYPUB_FIXTURES, &dirs, fixture_visible,
	    alphasort);
	if (ndirs < 0)
		return -1;
	for (i = 0; i < ndirs; i++) {
		snprintf(path, sizeof(path), "%s/%s", ACTIVITYPUB_FIXTURES,
		    dirs[i]->d_name);
		nfiles = scandir(path, &files, fixture_visible, alphasort);
		for (j = 0; j < nfiles; j++) {
			n = strlen(files[j]->d_name);
			if (n > 5 && strcmp(files[j]->d_name + n - 5,
			    ".json") == 0) {
				snprintf(name, sizeof(name), "%s/%s",
				    dirs[i]->d_name, files[j]->d_name);
				snprintf(path, sizeof(path), "%s/%s",
				    ACTIVITYPUB_FIXTURES, name);
				data = fixture_read(path, &len);
				if (data == NULL) {
					count = -1;
				} else {
					fn(name, data, len, arg);
					free(data);
					if (count >= 0)
						count++;
				}
			}
			free(files[j]);
		}
		if (nfiles >= 0)
			free(files);
		free(dirs[i]);
	}
	free(dirs);
	return count;
}

#endif
