/*
 * ap_parse: ActivityPub documents from other servers turned into one
 * normalised C view, so the inbox and the fetcher never walk JSON-LD
 * themselves. Every shape that real servers send is accepted: @context as
 * a string, an array or absent; a value or an array where one value was
 * meant; a type array; inline or array actors; url as a string, a Link or
 * an array of Links; nulls; dates with offsets and up to 9 fractional
 * digits; the extensions of Misskey, Pleroma, PeerTube, Lemmy,
 * GoToSocial and Friendica. A document that cannot mean anything (no
 * type, no id on anything but an activity, an id that is not an http(s)
 * URL, an activity without the actor or object it needs) is refused with
 * a reason.
 *
 * Everything a stranger sends is bounded: the document's size and JSON
 * depth, each string's length and each list's entries. Past a list's
 * limit the extra entries are dropped; a text past its limit is cut at a
 * character boundary; a URL past its limit is dropped.
 *
 * The view owns copies of its strings: the JSON can be freed first.
 * Strings are UTF-8 without NUL bytes (a URL with one is dropped).
 */
#ifndef WOOLLY_AP_PARSE_H
#define WOOLLY_AP_PARSE_H

#include <stddef.h>
#include <stdint.h>

struct json_object;

#define AP_MAX_DOCUMENT		(1024 * 1024)	/* bytes of JSON */
/* JSON nesting as json-c counts it: a value in the deepest is a level. */
#define AP_MAX_DEPTH		32
#define AP_MAX_EMBEDDING	8	/* objects inside objects */
#define AP_MAX_URL		2048	/* bytes; longer are dropped */
#define AP_MAX_CONTENT		(256 * 1024)	/* content, summary */
#define AP_MAX_TEXT		(16 * 1024)	/* names, alt text */
#define AP_MAX_PEM		16384
#define AP_MAX_RECIPIENTS	256	/* kept of each of to and cc */
#define AP_MAX_TAGS		128
#define AP_MAX_ATTACHMENTS	16
#define AP_MAX_FIELDS		16	/* profile fields */
#define AP_MAX_OPTIONS		64	/* poll options */
#define AP_MAX_ALIASES		16	/* alsoKnownAs */
#define AP_MAX_LANGUAGES	16	/* contentMap entries */
#define AP_MAX_ITEMS		128	/* items, a Flag's objects */

#define AP_PUBLIC	"https://www.w3.org/ns/activitystreams#Public"
/* No such date in the document. */
#define AP_NO_TIME	INT64_MIN

enum ap_kind {
	AP_KIND_OTHER,		/* links, tags, keys, unknown types */
	AP_KIND_ACTIVITY,
	AP_KIND_OBJECT,		/* Note, Article, Question, Video, ... */
	AP_KIND_ACTOR,
	AP_KIND_COLLECTION,
	AP_KIND_TOMBSTONE
};

enum ap_type {
	AP_TYPE_UNKNOWN,
	/* activities */
	AP_TYPE_ACCEPT,
	AP_TYPE_ADD,
	AP_TYPE_ANNOUNCE,
	AP_TYPE_BLOCK,
	AP_TYPE_CREATE,
	AP_TYPE_DELETE,
	AP_TYPE_DISLIKE,
	AP_TYPE_EMOJI_REACT,
	AP_TYPE_FLAG,
	AP_TYPE_FOLLOW,
	AP_TYPE_JOIN,
	AP_TYPE_LEAVE,
	AP_TYPE_LIKE,
	AP_TYPE_MOVE,
	AP_TYPE_REJECT,
	AP_TYPE_REMOVE,
	AP_TYPE_TENTATIVE_ACCEPT,
	AP_TYPE_TENTATIVE_REJECT,
	AP_TYPE_UNDO,
	AP_TYPE_UPDATE,
	AP_TYPE_VIEW,
	/* objects */
	AP_TYPE_ARTICLE,
	AP_TYPE_AUDIO,
	AP_TYPE_CHAT_MESSAGE,
	AP_TYPE_DOCUMENT,
	AP_TYPE_EVENT,
	AP_TYPE_IMAGE,
	AP_TYPE_NOTE,
	AP_TYPE_PAGE,
	AP_TYPE_PLACE,
	AP_TYPE_QUESTION,
	AP_TYPE_VIDEO,
	AP_TYPE_TOMBSTONE,
	/* actors */
	AP_TYPE_APPLICATION,
	AP_TYPE_GROUP,
	AP_TYPE_ORGANIZATION,
	AP_TYPE_PERSON,
	AP_TYPE_SERVICE,
	/* collections */
	AP_TYPE_COLLECTION,
	AP_TYPE_COLLECTION_PAGE,
	AP_TYPE_ORDERED_COLLECTION,
	AP_TYPE_ORDERED_COLLECTION_PAGE,
	/* links, tags, keys */
	AP_TYPE_CRYPTOGRAPHIC_KEY,
	AP_TYPE_EMOJI,
	AP_TYPE_HASHTAG,
	AP_TYPE_KEY,
	AP_TYPE_LINK,
	AP_TYPE_MENTION,
	AP_TYPE_PROPERTY_VALUE
};

struct ap_object;

/* Another object, as its id, embedded in full, or both. */
struct ap_ref {
	const char		*id;	/* NULL if embedded without */
	struct ap_object	*object;	/* NULL when only referred to */
};

/* A Mention, Hashtag or Emoji of the tag list. */
struct ap_tag {
	enum ap_type	 type;
	const char	*href;		/* the actor, the tag's page */
	const char	*name;		/* "@a@host", "#tag", ":e:" */
	const char	*id;		/* Emoji */
	const char	*icon_url;	/* Emoji */
	const char	*icon_media_type;
	int64_t		 updated;	/* Emoji */
};

/* A media attachment (Document, Image, Video, Audio or Link). */
struct ap_attachment {
	enum ap_type	 type;
	const char	*type_name;
	const char	*url;		/* the file, not an HTML page */
	const char	*media_type;
	const char	*name;		/* the description (alt text) */
	const char	*blurhash;
	int		 has_focal_point;
	double		 focal_x, focal_y;	/* each in [-1, 1] */
	int		 width, height;		/* 0 when not given */
};

/* A profile field (schema.org PropertyValue); value is HTML. */
struct ap_field {
	const char	*name;
	const char	*value;
};

struct ap_localized {
	const char	*language;
	const char	*content;
};

struct ap_poll_option {
	const char	*name;
	int64_t		 votes;		/* replies.totalItems */
};

/* A Question's poll. */
struct ap_poll {
	struct ap_poll_option	*options;
	size_t			 noptions;
	int			 multiple;	/* anyOf, not oneOf */
	int64_t			 end_time;	/* or AP_NO_TIME */
	int64_t			 closed;	/* or AP_NO_TIME */
	int			 is_closed;	/* a date or true */
	int64_t			 voters_count;	/* -1: not given */
};

struct ap_public_key {
	const char	*id;
	const char	*owner;
	const char	*pem;
};

/* What an actor document says about its actor. */
struct ap_profile {
	const char		*preferred_username;
	const char		*inbox;
	const char		*outbox;
	const char		*followers;
	const char		*following;
	const char		*featured;
	const char		*featured_tags;
	const char		*shared_inbox;	/* endpoints' */
	const char		*moved_to;
	struct ap_public_key	 public_key;	/* first with a PEM */
	int			 manually_approves_followers;
	int			 discoverable;	/* -1 when not given */
	int			 indexable;	/* -1 when not given */
	const char		**also_known_as;	/* URLs only */
	size_t			 nalso_known_as;
	struct ap_field		*fields;
	size_t			 nfields;
};

struct ap_collection {
	int64_t		 total_items;	/* -1 when not given */
	struct ap_ref	 first;		/* often embedded */
	const char	*next;
	const char	*prev;
	const char	*part_of;
	struct ap_ref	*items;		/* items or orderedItems */
	size_t		 nitems;
};

struct ap_object {
	enum ap_type	 type;
	const char	*type_name;	/* as sent: "ChatMessage" */
	enum ap_kind	 kind;
	/*
	 * NULL only for embedded objects and transient activities (such
	 * as GoToSocial's Delete): anything else without an id is refused.
	 */
	const char	*id;

	/* Activities (and Question votes, Misskey reactions). */
	const char	*actor;		/* the first Person-like */
	struct ap_ref	 object;	/* the first object */
	struct ap_ref	*objects;	/* all (a Flag has several) */
	size_t		 nobjects;
	const char	*target;	/* Move, Add, Remove */

	/* Content and addressing, for objects and activities alike. */
	const char	*attributed_to;	/* the first Person-like */
	const char	*content;	/* HTML, not yet sanitized */
	const char	*language;	/* of content, from contentMap */
	struct ap_localized *content_map;
	size_t		 ncontent_map;
	const char	*media_type;	/* of content ("text/markdown") */
	const char	*source_content;	/* the author's source text */
	const char	*summary;	/* HTML: a content warning, a bio */
	const char	*name;
	const char	*in_reply_to;
	const char	*url;		/* the page: text/html first */
	const char	*quote;		/* quoteUrl, _misskey_quote */
	const char	*audience;
	const char	*context;	/* conversation, thread */
	int		 sensitive;
	int64_t		 published;	/* microseconds; AP_NO_TIME */
	int64_t		 updated;
	const char	**to;
	size_t		 nto;
	const char	**cc;
	size_t		 ncc;
	int		 public_in_to;	/* AP_PUBLIC in to: public */
	int		 public_in_cc;	/* ... or in cc (unlisted) */
	struct ap_tag	*tags;
	size_t		 ntags;
	struct ap_attachment *attachments;
	size_t		 nattachments;
	const char	*icon_url;	/* an avatar, an icon */
	const char	*image_url;	/* a header, a preview image */

	struct ap_poll		 poll;		/* Question */
	/* Actors; a Key document fetched by its id fills public_key. */
	struct ap_profile	 profile;
	struct ap_collection	 collection;	/* and pages */
	const char		*former_type;	/* Tombstone */
	int64_t			 deleted;	/* Tombstone */
};

struct ap_view {
	struct ap_object	*object;
	struct ap_arena		*arena;	/* private: owns it all */
};

/* Why a document was refused: one line for a log or a 400 answer. */
struct ap_error {
	char	reason[200];
};

/*
 * JSON bytes to a JSON object with json-c's tokener, no deeper than
 * AP_MAX_DEPTH, no larger than AP_MAX_DOCUMENT, strictly (no trailing
 * data, valid UTF-8) and a JSON object at the top. NULL and a reason
 * otherwise. The caller puts the result.
 */
struct json_object *ap_json_parse(const char *bytes, size_t len,
	    struct ap_error *);

/* The normalised view of a JSON document; NULL and a reason if refused. */
struct ap_view *ap_parse(struct json_object *, struct ap_error *);
/* ap_json_parse and ap_parse in one step. */
struct ap_view *ap_parse_bytes(const char *bytes, size_t len,
	    struct ap_error *);
void	 ap_view_free(struct ap_view *);

/* The type's name ("Note") and kind; "Unknown" for AP_TYPE_UNKNOWN. */
const char	*ap_type_name(enum ap_type);
enum ap_kind	 ap_type_kind(enum ap_type);

/*
 * An RFC 3339 / ISO 8601 date-time ("2019-05-10T09:03:36Z",
 * "2017-12-19T16:56:29.7576707+00:00", "2019-09-19T00:32:36.785333"
 * read as UTC) to microseconds since the epoch. -1 when it is not one.
 */
int	 ap_parse_time(const char *, int64_t *microseconds);
/* "2019-05-10T09:03:36.000000Z": at least AP_TIME_SIZE bytes. */
#define AP_TIME_SIZE	32
void	 ap_format_time(int64_t microseconds, char *out);

/* 1 when url is an absolute http or https URL with a host. */
int	 ap_url_valid(const char *);
/*
 * 1 when both are valid URLs of the same origin (scheme, host and port,
 * the host compared without case): "the activity's id has the actor's
 * host".
 */
int	 ap_same_origin(const char *, const char *);

#endif
