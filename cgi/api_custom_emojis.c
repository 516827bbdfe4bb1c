/*
 * api_custom_emojis: the instance's custom emoji. woolly has none yet, so
 * the list is honestly empty; clients cache it as they cache Mastodon's.
 */
#include <json-c/json.h>

#include "api_entity.h"
#include "handlers.h"
#include "request.h"

#define CUSTOM_EMOJIS_MAX_AGE	300

int
api_custom_emojis(struct request *req)
{
	api_cache(req, CUSTOM_EMOJIS_MAX_AGE);
	resp_json(req, 200, json_object_new_array());
	return 0;
}
