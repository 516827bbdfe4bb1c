/*
 * webfinger: the content types of the discovery documents
 * (/.well-known/webfinger and host-meta), shared with the page cache.
 */
#ifndef WOOLLY_WEBFINGER_H
#define WOOLLY_WEBFINGER_H

/* RFC 7033 §10.2 and RFC 6415 §3. */
#define JRD_CONTENT_TYPE	"application/jrd+json; charset=utf-8"
#define XRD_CONTENT_TYPE	"application/xrd+xml; charset=utf-8"

#endif
