/*
 * params: name/value lists parsed from query strings and request bodies.
 */
#ifndef WOOLLY_PARAMS_H
#define WOOLLY_PARAMS_H

#include <stddef.h>

#define PARAMS_MAX 512	/* fields one request may carry */

struct param {
	char	*name;
	char	*value;		/* NUL-terminated; len excludes the NUL */
	size_t	 len;
	char	*filename;	/* multipart file parts only */
	char	*content_type;	/* multipart file parts only */
};

struct params {
	struct param	*v;
	size_t		 n, cap;
};

void	params_add(struct params *, const char *name, size_t namelen,
	    const char *value, size_t valuelen);
void	params_free(struct params *);
const struct param *params_find(const struct params *, const char *name);
/* -1 when there are more than PARAMS_MAX fields. */
int	params_parse_urlencoded(struct params *, const char *s, size_t len);
/* -1 on a malformed body or too many parts. */
int	params_parse_multipart(struct params *, const char *content_type,
	    const char *body, size_t len);
/* Decode %XX (and '+' when plus_is_space) in place; the new length. */
size_t	url_decode(char *s, size_t len, int plus_is_space);
/* Code points in s; *valid is cleared on malformed UTF-8. */
size_t	utf8_length(const char *s, int *valid);

#endif
