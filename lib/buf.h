/*
 * buf: a growable, always NUL-terminated byte buffer. Every string woolly
 * builds (HTML, JSON, SQL parameters, headers) is assembled in one of these so
 * that no code has to guess a fixed size. Allocation failure is fatal: a
 * worker that cannot allocate a few kilobytes cannot do anything useful.
 */
#ifndef WOOLLY_BUF_H
#define WOOLLY_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated once anything was added */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_grow(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" for an empty buffer, never NULL). */
const char *buf_cstr(struct buf *);
/* Hand the storage to the caller (who frees it); the buffer becomes empty. */
char	*buf_detach(struct buf *);

/* Escapers named for where the text goes. */
void	 buf_html(struct buf *, const char *, size_t);	/* text and attributes */
void	 buf_url_arg(struct buf *, const char *);	/* a query-string value */
void	 buf_url_path(struct buf *, const char *);	/* a path, '/' kept */

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* A copy without the ASCII white space around it (as Ruby's strip). */
char	*xstrdup_trimmed(const char *);

#endif
