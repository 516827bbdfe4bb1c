/*
 * structured_fields: RFC 8941 Structured Field Values, the syntax of the
 * RFC 9421 signature headers (Signature-Input, Signature) and of
 * Content-Digest. Only what those headers need: dictionaries whose
 * members are items or inner lists, with parameters, and the
 * serialization of an inner list that a signature base repeats.
 *
 * The text comes from strangers: parsing is strict, bounded by the
 * SF_MAX_* limits, and every refusal says why.
 */
#ifndef WOOLLY_STRUCTURED_FIELDS_H
#define WOOLLY_STRUCTURED_FIELDS_H

#include <stddef.h>

#include "buf.h"

#define SF_MAX_FIELD	16384	/* bytes of one field value */
#define SF_MAX_MEMBERS	32	/* members of a dictionary */
#define SF_MAX_ITEMS	64	/* items of an inner list */
#define SF_MAX_PARAMS	32	/* parameters of an item or inner list */
#define SF_MAX_KEY	64	/* characters of a key */

enum sf_type {
	SF_INTEGER,
	SF_DECIMAL,
	SF_STRING,
	SF_TOKEN,
	SF_BYTES,
	SF_BOOLEAN
};

struct sf_bare {
	enum sf_type	 type;
	long long	 integer;	/* SF_INTEGER; SF_BOOLEAN is 0 or 1 */
	long long	 thousandths;	/* SF_DECIMAL, times 1000 */
	char		*string;	/* SF_STRING, SF_TOKEN; NUL-terminated */
	unsigned char	*bytes;		/* SF_BYTES */
	size_t		 len;		/* SF_BYTES length */
};

struct sf_param {
	char		*key;
	struct sf_bare	 value;
};

struct sf_params {
	struct sf_param	*v;
	size_t		 n;
};

struct sf_item {
	struct sf_bare	 bare;
	struct sf_params params;
};

/* A dictionary member: an item, or an inner list of items. */
struct sf_member {
	char		*key;
	int		 is_inner_list;
	struct sf_bare	 bare;		/* when an item */
	struct sf_item	*items;		/* when an inner list */
	size_t		 nitems;
	struct sf_params params;	/* of the item or of the inner list */
};

struct sf_dictionary {
	struct sf_member *members;
	size_t		  n;
};

/*
 * Parse a Dictionary field value. 0, or -1 with the reason in reason
 * (and *dict empty). The caller frees with sf_dictionary_free.
 */
int	sf_parse_dictionary(const char *text, struct sf_dictionary *dict,
	    char *reason, size_t reasonlen);
void	sf_dictionary_free(struct sf_dictionary *);

/* The member or parameter named key, or NULL. */
const struct sf_member *sf_dictionary_get(const struct sf_dictionary *,
	    const char *key);
const struct sf_bare *sf_params_get(const struct sf_params *,
	    const char *key);

/* Canonical serializations (RFC 8941 section 4.1). */
void	sf_serialize_bare(struct buf *, const struct sf_bare *);
void	sf_serialize_params(struct buf *, const struct sf_params *);
void	sf_serialize_item(struct buf *, const struct sf_item *);
/* The member's value: an item, or "(item item);params". */
void	sf_serialize_member_value(struct buf *, const struct sf_member *);

#endif
