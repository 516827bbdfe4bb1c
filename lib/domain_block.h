/*
 * domain_block: the administrator's blocks of other servers. silence
 * keeps a domain's posts out of the public timelines (its accounts are
 * silenced, now and when they are first seen); suspend refuses its
 * inbox POSTs, fetches nothing from it and removes its accounts with
 * everything they posted. A block covers the domain's subdomains.
 */
#ifndef WOOLLY_DOMAIN_BLOCK_H
#define WOOLLY_DOMAIN_BLOCK_H

#include <stddef.h>
#include <stdint.h>

struct db;

enum domain_severity {
	DOMAIN_NOT_BLOCKED = 0,
	DOMAIN_SILENCE,
	DOMAIN_SUSPEND
};

struct domain_block {
	char			*domain;
	enum domain_severity	 severity;
	int			 reject_media, reject_reports;
	char			*created_at;
};

/* "silence"/"suspend" to a severity; -1 for anything else. */
int	domain_severity_parse(const char *);
const char *domain_severity_name(enum domain_severity);

/*
 * Block (or change the block of) a domain, lower-cased, and apply it:
 * *accounts_affected gets how many accounts were silenced or removed.
 * 0, or -1 on a database error.
 */
int	domain_block(struct db *, const char *domain, enum domain_severity,
	    int reject_media, int reject_reports, long *accounts_affected);
/* 1 removed, 0 there was none, -1 error. Silenced accounts are freed. */
int	domain_unblock(struct db *, const char *domain);
/* Every block, by domain; free with domain_block_list_free. */
int	domain_block_list(struct db *, struct domain_block **, size_t *n);
void	domain_block_list_free(struct domain_block *, size_t n);
/* What applies to a host ("peer.example" or "peer.example:8443"). */
int	domain_block_for(struct db *, const char *host,
	    enum domain_severity *, int *reject_reports);

#endif
