/*
 * nodeinfo: the content types of the NodeInfo documents, shared with the
 * page cache, which keeps these answers like any other JSON.
 */
#ifndef WOOLLY_NODEINFO_H
#define WOOLLY_NODEINFO_H

/* As the NodeInfo protocol asks: JSON with the schema as profile. */
#define NODEINFO_20_CONTENT_TYPE "application/json; " \
	"profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\""
#define NODEINFO_21_CONTENT_TYPE "application/json; " \
	"profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\""

#endif
