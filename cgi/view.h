/*
 * view: the data a page template sees, and its rendering. This is the
 * only interface to ClearSilver (whose header clobbers autoconf macros, so
 * it is included in template.c alone). Names are always ours; values may be
 * anything and are HTML-escaped by the template engine unless a template
 * says otherwise, which only ours may.
 */
#ifndef WOOLLY_VIEW_H
#define WOOLLY_VIEW_H

#include "request.h"

struct view;

/* A view pre-filled with the site, the viewer and the CSRF token. */
struct view	*view_new(struct request *);
void		 view_set(struct view *, const char *name, const char *value);
void		 view_set_int(struct view *, const char *name, long long);
/* Set a value under a formatted name, e.g. ("statuses.%d.id", i). */
void		 view_set_at(struct view *, const char *value,
		    const char *namefmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* Render templates/<name> into the response (200 unless set) and free. */
int		 view_render(struct view *, const char *name);
void		 view_free(struct view *);

void		 view_error_page(struct request *, int status, const char *msg);

/* Template directory for this process (set once per worker). */
void		 view_set_template_dir(const char *);

#endif
