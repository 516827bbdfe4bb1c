/*
 * handlers: every route handler, one file per area. Each returns 0 when
 * it produced a response (success or a clean error) and -1 when something
 * failed that the router should report as a 500.
 */
#ifndef WOOLLY_HANDLERS_H
#define WOOLLY_HANDLERS_H

#include "request.h"

/* web_auth.c */
int	web_sign_up_form(struct request *);
int	web_sign_up(struct request *);
int	web_sign_in_form(struct request *);
int	web_sign_in(struct request *);
int	web_sign_out(struct request *);

/* web_timeline.c */
int	web_root(struct request *);
int	web_home(struct request *);
int	web_public_local(struct request *);
int	web_tag(struct request *);
int	web_hello(struct request *);

/* web_account.c */
int	web_profile(struct request *);
int	web_follow(struct request *);
int	web_unfollow(struct request *);

/* web_status.c */
int	web_status(struct request *);
int	web_status_create(struct request *);
int	web_status_delete_form(struct request *);
int	web_status_delete(struct request *);

/* web_notifications.c */
int	web_notifications(struct request *);
int	web_notifications_clear(struct request *);

/* api_instance.c */
int	api_instance_v1(struct request *);
int	api_instance_v2(struct request *);
int	api_instance_rules(struct request *);
int	api_instance_extended_description(struct request *);
int	api_instance_peers(struct request *);
int	api_instance_activity(struct request *);
int	api_instance_translation_languages(struct request *);
int	api_instance_domain_blocks(struct request *);

/* api_accounts.c */
int	api_account_show(struct request *);
int	api_account_lookup(struct request *);
int	api_account_statuses(struct request *);
int	api_account_verify_credentials(struct request *);
int	api_account_update_credentials(struct request *);
int	api_account_search(struct request *);

/* api_relationships.c */
int	api_account_followers(struct request *);
int	api_account_following(struct request *);
int	api_account_follow(struct request *);
int	api_account_unfollow(struct request *);
int	api_account_remove_from_followers(struct request *);
int	api_account_block(struct request *);
int	api_account_unblock(struct request *);
int	api_account_mute(struct request *);
int	api_account_unmute(struct request *);
int	api_account_note(struct request *);
int	api_relationships(struct request *);
int	api_familiar_followers(struct request *);
int	api_blocks(struct request *);
int	api_mutes(struct request *);
int	api_follow_requests(struct request *);
int	api_follow_request_authorize(struct request *);
int	api_follow_request_reject(struct request *);

/* web_settings.c */
int	web_settings_profile(struct request *);
int	web_settings_profile_update(struct request *);

/* web_follow_requests.c */
int	web_follow_requests(struct request *);
int	web_follow_request_authorize(struct request *);
int	web_follow_request_reject(struct request *);

/* api_statuses.c */
int	api_status_show(struct request *);
int	api_status_context(struct request *);
int	api_statuses_index(struct request *);
int	api_status_create(struct request *);
int	api_status_update(struct request *);
int	api_status_delete(struct request *);
int	api_status_history(struct request *);
int	api_status_source(struct request *);

/* api_status_actions.c */
int	api_status_favourite(struct request *);
int	api_status_unfavourite(struct request *);
int	api_status_reblog(struct request *);
int	api_status_unreblog(struct request *);
int	api_status_bookmark(struct request *);
int	api_status_unbookmark(struct request *);
int	api_status_mute(struct request *);
int	api_status_unmute(struct request *);
int	api_status_pin(struct request *);
int	api_status_unpin(struct request *);
int	api_status_reblogged_by(struct request *);
int	api_status_favourited_by(struct request *);

/* api_bookmarks.c */
int	api_bookmarks(struct request *);
int	api_favourites(struct request *);

/* web_actions.c */
int	web_status_favourite(struct request *);
int	web_status_unfavourite(struct request *);
int	web_status_reblog(struct request *);
int	web_status_unreblog(struct request *);
int	web_status_bookmark(struct request *);
int	web_status_unbookmark(struct request *);

/* api_timelines.c */
int	api_timeline_public(struct request *);
int	api_timeline_tag(struct request *);

/* api_home.c */
int	api_timeline_home(struct request *);

/* api_apps.c */
int	api_app_create(struct request *);
int	api_app_verify_credentials(struct request *);

/* oauth.c */
int	oauth_token(struct request *);
int	oauth_revoke(struct request *);
int	oauth_server_metadata(struct request *);
int	oauth_userinfo(struct request *);

/* web_oauth.c */
int	web_oauth_authorize(struct request *);
int	web_oauth_approve(struct request *);
int	web_oauth_deny(struct request *);

/* web_apps.c */
int	web_applications(struct request *);
int	web_application_revoke(struct request *);

/* api_notifications.c */
int	api_notifications(struct request *);
int	api_notifications_unread_count(struct request *);
int	api_notification_show(struct request *);
int	api_notifications_clear(struct request *);
int	api_notification_dismiss(struct request *);
int	api_notifications_v2(struct request *);
int	api_notifications_v2_unread_count(struct request *);
int	api_notification_group_show(struct request *);
int	api_notification_group_accounts(struct request *);
int	api_notification_group_dismiss(struct request *);

/* api_markers.c */
int	api_markers(struct request *);
int	api_markers_save(struct request *);

/* api_preferences.c */
int	api_preferences(struct request *);

/* api_custom_emojis.c */
int	api_custom_emojis(struct request *);

/* api_search.c */
int	api_search_v2(struct request *);

/* api_trends.c */
int	api_trends_tags(struct request *);
int	api_trends_statuses(struct request *);
int	api_trends_links(struct request *);

/* nodeinfo.c */
int	nodeinfo_well_known(struct request *);
int	nodeinfo_20(struct request *);
int	nodeinfo_21(struct request *);

/* web_search.c */
int	web_search(struct request *);

/* ap_actor.c */
int	ap_actor(struct request *);
int	ap_instance_actor(struct request *);
int	ap_instance_outbox(struct request *);
int	web_actor_redirect(struct request *);

/* ap_statuses.c */
int	ap_note(struct request *);
int	ap_status_activity(struct request *);
int	ap_status_replies(struct request *);
int	web_status_redirect(struct request *);

/* ap_collections.c */
int	ap_outbox(struct request *);
int	ap_followers(struct request *);
int	ap_following(struct request *);
int	ap_featured(struct request *);
int	ap_featured_tags(struct request *);

/* ap_inbox.c */
int	ap_inbox(struct request *);
/* 1 when a GET carries a valid signature; 0 after answering 401. */
int	ap_require_signature(struct request *);

/* webfinger.c */
int	webfinger(struct request *);
int	host_meta(struct request *);
int	host_meta_json(struct request *);

/* web_interaction.c */
int	web_authorize_interaction(struct request *);

#endif
