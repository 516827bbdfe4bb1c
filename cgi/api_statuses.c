/*
 * api_statuses: a status and its thread, several at once, and posting,
 * editing and deleting one, for the Mastodon API. A status that does not
 * exist, was deleted or is not visible to the viewer is a 404, never a
 * 403: Mastodon does not reveal that a private status exists. Signed in,
 * every status carries the viewer's own flags.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "format.h"
#include "handlers.h"
#include "request.h"
#include "status.h"
#include "status_edit.h"

#define STATUS_MAX_AGE		15
/* Api::BaseController::DEFAULT_STATUSES_LIMIT, for GET /statuses?id[]. */
#define STATUSES_BATCH_MAX	20
#define MEDIA_MAX		4	/* Mastodon's attachments per post */
#define MEDIA_IDS_READ		64	/* media_ids[] read to name them */
#define LANGUAGE_MAX_CHARS	64	/* read, then ignored unless a code */
#define LANGUAGE_CODE_MAX	16
#define VISIBILITY_MAX_CHARS	16
#define IDEMPOTENCY_KEY_MAX	512	/* bytes; it is hashed */

#define INVALID_VISIBILITY \
	"Validation failed: Visibility is not included in the list"
#define BLANK_TEXT "Validation failed: Text can't be blank"

/*
 * The visible status named by the path's :id: 1, 0 when missing (404
 * already sent), -1 on a database error.
 */
static int
status_from_path(struct request *req, int64_t *id)
{
	int rc;

	if (req_id(req, "id", id) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = status_find_visible(req->app->db, *id, api_viewer_id(req), NULL);
	if (rc == 0)
		api_not_found(req);
	return rc;
}

/*
 * Load one status for the viewer: 1, 0 when it is gone (404 sent), -1.
 * Visibility is the caller's business.
 */
static int
load_one(struct request *req, int64_t id, struct status_list *list)
{
	if (status_load(req->app->db, req->app->cf, &id, 1, api_viewer_id(req),
	    list) == -1)
		return -1;
	if (list->n == 0) {
		/* Deleted between two queries, or a boost of a gone post. */
		status_list_free(list);
		api_not_found(req);
		return 0;
	}
	return 1;
}

/* Send status id as the viewer sees it (200), or a 404 if it is gone. */
static int
send_status(struct request *req, int64_t id)
{
	struct status_list list;
	int rc;

	if ((rc = load_one(req, id, &list)) != 1)
		return rc;
	resp_json(req, 200, api_status_json(req->app->cf, &list.items[0]));
	status_list_free(&list);
	return 0;
}

int
api_status_show(struct request *req)
{
	int64_t id;
	int rc;

	if ((rc = status_from_path(req, &id)) != 1)
		return rc;
	api_cache_if_unauthenticated(req, STATUS_MAX_AGE);
	return send_status(req, id);
}

/*
 * The ids of id[] that are ids, once each, in the order asked; Mastodon
 * reads the others as 0, which matches nothing.
 */
static size_t
batch_ids(const char *const *values, size_t n, int64_t *ids)
{
	size_t i, j, k, out = 0;
	int64_t v;

	for (i = 0; i < n; i++) {
		k = strlen(values[i]);
		if (k == 0 || k > 18)
			continue;
		for (j = 0; j < k && isdigit((unsigned char)values[i][j]); j++)
			;
		if (j < k)
			continue;
		v = strtoll(values[i], NULL, 10);
		for (j = 0; j < out && ids[j] != v; j++)
			;
		if (j == out && v > 0)
			ids[out++] = v;
	}
	return out;
}

/*
 * GET /api/v1/statuses?id[]=...: those of the statuses the viewer may
 * see, in the order asked; more than 20 ids is a 422 as in Mastodon.
 */
int
api_statuses_index(struct request *req)
{
	/* One more than allowed, to tell too many from a bad value. */
	const char *values[STATUSES_BATCH_MAX + 1];
	struct id_list ids = { NULL, 0 }, visible = { NULL, 0 };
	struct status_list list;
	size_t n;
	int rc;

	rc = req_str_array(req, "id", STATUSES_BATCH_MAX + 1, 20, values, &n);
	if (rc == -1 && n == STATUSES_BATCH_MAX + 1)
		rc = 1;
	if (rc == -1) {
		api_validation_failed(req, "id", "ERR_INVALID", "is invalid");
		return 0;
	}
	if (rc == 0)
		n = 0;
	if (n > STATUSES_BATCH_MAX) {
		api_validation_failed(req, "id", "ERR_TOO_LONG",
		    "is too long (maximum is 20 ids)");
		return 0;
	}
	ids.ids = xcalloc(n ? n : 1, sizeof(int64_t));
	ids.n = batch_ids(values, n, ids.ids);
	rc = -1;
	if (status_filter_visible(req->app->db, &ids, api_viewer_id(req),
	    &visible) == -1 ||
	    status_load(req->app->db, req->app->cf, visible.ids, visible.n,
	    api_viewer_id(req), &list) == -1)
		goto done;
	api_cache(req, 0);
	resp_json(req, 200, api_status_array(req->app->cf, &list));
	status_list_free(&list);
	rc = 0;
done:
	id_list_free(&ids);
	id_list_free(&visible);
	return rc;
}

int
api_status_context(struct request *req)
{
	struct status_list ancestors, descendants;
	json_object *o;
	int64_t id;
	int rc;

	if ((rc = status_from_path(req, &id)) != 1)
		return rc;
	if (status_context(req->app->db, req->app->cf, id, api_viewer_id(req),
	    &ancestors, &descendants) == -1)
		return -1;
	o = json_object_new_object();
	json_object_object_add(o, "ancestors",
	    api_status_array(req->app->cf, &ancestors));
	json_object_object_add(o, "descendants",
	    api_status_array(req->app->cf, &descendants));
	status_list_free(&ancestors);
	status_list_free(&descendants);
	api_cache_if_unauthenticated(req, STATUS_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}

/* A language code as ISO 639 writes them ("en", "pt-BR", "zh-Hant"). */
static int
language_valid(const char *s)
{
	size_t i = 0;

	while (isalpha((unsigned char)s[i]))
		i++;
	if (i < 2 || i > 3)
		return 0;
	if (s[i] == '\0')
		return 1;
	if (s[i++] != '-' || s[i] == '\0')
		return 0;
	for (; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * language: Mastodon keeps what it recognises and ignores the rest
 * (valid_locale_cascade), so an odd value is no error. -1 when it is
 * not even text (422 sent).
 */
static int
language_param(struct request *req, const char **language)
{
	*language = NULL;
	if (req_str(req, "language", LANGUAGE_MAX_CHARS, language) == -1) {
		resp_error(req, 422, req->error);
		return -1;
	}
	if (*language != NULL && (strlen(*language) > LANGUAGE_CODE_MAX ||
	    !language_valid(*language)))
		*language = NULL;
	return 0;
}

/*
 * What woolly cannot attach yet, refused as Mastodon refuses what it
 * cannot find: polls, media (none can have been uploaded) and, on a new
 * post, scheduling. 0, or -1 with a 422 sent.
 */
static int
refuse_unsupported(struct request *req, int creating)
{
	const char *media[MEDIA_IDS_READ];
	struct buf msg = BUF_INIT;
	size_t i, n;
	int rc;

	if (creating && req_present(req, "scheduled_at")) {
		resp_error(req, 422, "Validation failed: Scheduled posts are "
		    "not supported by this server yet");
		return -1;
	}
	if (req_present(req, "poll")) {
		resp_error(req, 422, "Validation failed: Polls are not "
		    "supported by this server yet");
		return -1;
	}
	rc = req_str_array(req, "media_ids", MEDIA_IDS_READ, 20, media, &n);
	if (rc == -1) {
		resp_error(req, 422, req->error);
		return -1;
	}
	if (rc == 0 || n == 0)
		return 0;
	if (n > MEDIA_MAX)
		buf_puts(&msg, "Cannot attach more than 4 files");
	else {
		/* PostStatusService#validate_media!: none of them is ours. */
		buf_puts(&msg, "Media ");
		for (i = 0; i < n; i++)
			buf_printf(&msg, "%s%s", i ? ", " : "", media[i]);
		buf_puts(&msg, " not found or already attached to another "
		    "post");
	}
	resp_error(req, 422, buf_cstr(&msg));
	buf_free(&msg);
	return -1;
}

/*
 * status and spoiler_text, checked as Mastodon's Status validations:
 * present, and within the character limit as StatusLengthValidator
 * counts. 0, or -1 with a 422 sent.
 */
static int
text_params(struct request *req, const char **text, const char **spoiler)
{
	const struct config *cf = req->app->cf;
	char msg[128];

	*text = NULL;
	*spoiler = NULL;
	/* The raw text may exceed the limit by its links: the body size
	 * bounds it. */
	if (req_str(req, "status", (size_t)cf->max_form_size, text) == -1 ||
	    req_str(req, "spoiler_text", (size_t)cf->max_form_size,
	    spoiler) == -1) {
		resp_error(req, 422, req->error);
		return -1;
	}
	if (*text == NULL || format_text_blank(*text)) {
		resp_error(req, 422, BLANK_TEXT);
		return -1;
	}
	if (status_too_long(cf, *text, *spoiler)) {
		snprintf(msg, sizeof(msg), STATUS_TOO_LONG_FMT,
		    cf->max_status_length);
		resp_error(req, 422, msg);
		return -1;
	}
	return 0;
}

/* sensitive: 1/0, -1 absent (the default), or -2 with a 422 sent. */
static int
sensitive_param(struct request *req)
{
	int sensitive = -1;

	if (req_bool(req, "sensitive", &sensitive) == -1) {
		resp_error(req, 422, req->error);
		return -2;
	}
	return sensitive;
}

/*
 * The reply's parent must be visible before anything else is checked,
 * as Mastodon's set_thread does. 0 with *id (0 for none), or -1 when an
 * answer was sent, -2 on a database error.
 */
static int
reply_to_param(struct request *req, int64_t *id)
{
	const char *raw;
	int rc;

	*id = 0;
	if (req_str(req, "in_reply_to_id", 32, &raw) != 1 || *raw == '\0')
		return 0;
	if (req_id(req, "in_reply_to_id", id) == 1 &&
	    (rc = status_find_visible(req->app->db, *id, api_viewer_id(req),
	    NULL)) != 0)
		return rc == -1 ? -2 : 0;
	resp_error(req, 404, "The post you are trying to reply to does not "
	    "appear to exist.");
	return -1;
}

/* Idempotency-Key: NULL when absent or empty. */
static const char *
idempotency_key(struct request *req)
{
	const char *key = req_header(req, "Idempotency-Key");

	if (key == NULL || *key == '\0')
		return NULL;
	return key;
}

int
api_status_create(struct request *req)
{
	const char *text, *spoiler, *visibility = NULL, *language;
	struct status_new n;
	int64_t reply_to, id;
	int sensitive;

	switch (reply_to_param(req, &reply_to)) {
	case -1:
		return 0;
	case -2:
		return -1;
	}
	if (refuse_unsupported(req, 1) == -1)
		return 0;
	if (req_str(req, "visibility", VISIBILITY_MAX_CHARS,
	    &visibility) == -1 || (visibility != NULL && *visibility != '\0' &&
	    !status_visibility_valid(visibility))) {
		resp_error(req, 422, INVALID_VISIBILITY);
		return 0;
	}
	if (visibility != NULL && *visibility == '\0')
		visibility = NULL;
	if (text_params(req, &text, &spoiler) == -1 ||
	    (sensitive = sensitive_param(req)) == -2 ||
	    language_param(req, &language) == -1)
		return 0;
	if (idempotency_key(req) != NULL &&
	    strlen(idempotency_key(req)) > IDEMPOTENCY_KEY_MAX) {
		resp_error(req, 422, "Validation failed: the Idempotency-Key "
		    "header is too long");
		return 0;
	}
	memset(&n, 0, sizeof(n));
	n.account_id = req->viewer->account_id;
	n.username = req->viewer->username;
	n.text = text;
	n.spoiler_text = spoiler;
	n.visibility = visibility;
	n.sensitive = sensitive;
	n.language = language;
	n.in_reply_to_id = reply_to;
	n.application_id = req->token->app_id;
	n.idempotency_key = idempotency_key(req);
	switch (status_create(req->app->db, req->app->cf, &n, &id)) {
	case STATUS_CREATED:
		break;
	case STATUS_REPLY_NOT_FOUND:
		resp_error(req, 404, "The post you are trying to reply to "
		    "does not appear to exist.");
		return 0;
	default:
		return -1;
	}
	return send_status(req, id);
}

/*
 * The viewer's own status named by :id, loaded: 1, or 0 with a 404 sent
 * (someone else's is as unknown as a missing one), -1.
 */
static int
own_status(struct request *req, struct status_list *list)
{
	int64_t id;
	int rc;

	if (req_id(req, "id", &id) != 1 || req->viewer == NULL) {
		api_not_found(req);
		return 0;
	}
	if ((rc = load_one(req, id, list)) != 1)
		return rc;
	if (list->items[0].account.id != req->viewer->account_id) {
		status_list_free(list);
		api_not_found(req);
		return 0;
	}
	return 1;
}

int
api_status_update(struct request *req)
{
	struct status_list list;
	struct status_change c;
	int64_t id;
	int rc;

	if ((rc = own_status(req, &list)) != 1)
		return rc;
	id = list.items[0].id;
	status_list_free(&list);
	memset(&c, 0, sizeof(c));
	if (refuse_unsupported(req, 0) == -1 ||
	    text_params(req, &c.text, &c.spoiler_text) == -1 ||
	    (c.sensitive = sensitive_param(req)) == -2 ||
	    language_param(req, &c.language) == -1)
		return 0;
	switch (status_edit(req->app->db, req->app->cf, id,
	    req->viewer->account_id, &c)) {
	case STATUS_EDITED:
		break;
	case STATUS_EDIT_UNCHANGED:
		break;
	case STATUS_EDIT_NOT_FOUND:
		api_not_found(req);
		return 0;
	default:
		return -1;
	}
	return send_status(req, id);
}

/*
 * The status as it was, with its source text for delete-and-redraft
 * (Mastodon's source_requested rendering; content stays, as the schema
 * wants it).
 */
int
api_status_delete(struct request *req)
{
	struct status_list list;
	json_object *o;
	int rc;

	if ((rc = own_status(req, &list)) != 1)
		return rc;
	rc = status_delete(req->app->db, list.items[0].id,
	    req->viewer->account_id);
	if (rc == 1) {
		o = api_status_json(req->app->cf, &list.items[0]);
		api_put_str(o, "text", list.items[0].text);
		resp_json(req, 200, o);
	} else if (rc == 0)
		api_not_found(req);
	status_list_free(&list);
	return rc == -1 ? -1 : 0;
}

/* A StatusEdit: one revision, by the status' author. */
static json_object *
revision_json(const struct config *cf, const struct status *s,
    const char *content, const char *spoiler_text, int sensitive,
    const char *created_at)
{
	json_object *o = json_object_new_object();

	api_put_str(o, "content", content);
	api_put_str(o, "spoiler_text", spoiler_text);
	api_put_bool(o, "sensitive", sensitive);
	api_put_str(o, "created_at", created_at);
	json_object_object_add(o, "account", api_account_json(cf,
	    &s->account));
	json_object_object_add(o, "media_attachments",
	    json_object_new_array());
	json_object_object_add(o, "emojis", json_object_new_array());
	return o;
}

/*
 * Every revision, oldest first; a status never edited has one, itself,
 * as Mastodon's build_snapshot gives it.
 */
int
api_status_history(struct request *req)
{
	const struct config *cf = req->app->cf;
	struct status_history h;
	struct status_list list;
	const struct status *s;
	json_object *arr;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = status_from_path(req, &id)) != 1 ||
	    (rc = load_one(req, id, &list)) != 1)
		return rc;
	if (status_history(req->app->db, id, &h) == -1) {
		status_list_free(&list);
		return -1;
	}
	s = &list.items[0];
	arr = json_object_new_array();
	for (i = 0; i < h.n; i++)
		json_object_array_add(arr, revision_json(cf, s,
		    h.items[i].content, h.items[i].spoiler_text,
		    h.items[i].sensitive, h.items[i].created_at));
	if (h.n == 0)
		json_object_array_add(arr, revision_json(cf, s, s->content,
		    s->spoiler_text, s->sensitive, s->edited_at != NULL ?
		    s->edited_at : s->created_at));
	status_history_free(&h);
	status_list_free(&list);
	api_cache_if_unauthenticated(req, STATUS_MAX_AGE);
	resp_json(req, 200, arr);
	return 0;
}

/* StatusSource: what the author typed, to edit it. Their own only. */
int
api_status_source(struct request *req)
{
	struct status_list list;
	json_object *o;
	char id[24];
	int rc;

	if ((rc = own_status(req, &list)) != 1)
		return rc;
	snprintf(id, sizeof(id), "%" PRId64, list.items[0].id);
	o = json_object_new_object();
	api_put_str(o, "id", id);
	api_put_str(o, "text", list.items[0].text);
	api_put_str(o, "spoiler_text", list.items[0].spoiler_text);
	status_list_free(&list);
	api_cache(req, 0);
	resp_json(req, 200, o);
	return 0;
}
