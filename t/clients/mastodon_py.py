#!/usr/bin/python3
# mastodon_py.py: Mastodon.py (Debian's python3-mastodon) through the
# daily loop against a woolly instance, reporting what the library handed
# back as JSON lines for t/client_mastodon_py.t (the protocol and the facts
# are described in t/lib/Woolly/Clients.pm).
#
# usage: mastodon_py.py BASE_URL USER_A USER_B MARKER
#   (the password of both users in WOOLLY_CLIENT_PASSWORD)
import json
import os
import sys

from mastodon import Mastodon, MastodonAPIError

OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPES = ["read", "write", "follow"]


def say(obj):
    print(json.dumps(obj, default=str), flush=True)


LAST_STEP = "the start"


def report(step, result):
    global LAST_STEP
    LAST_STEP = step
    say({"step": step, "result": result})


def text_id(value):
    # Mastodon.py turns numeric string ids into ints: back to the string.
    return None if value is None else str(value)


def account_facts(a):
    return {"id": text_id(a["id"]), "username": a["username"], "acct": a["acct"]}


def status_facts(s):
    if s is None:
        return None
    return {
        "id": text_id(s["id"]),
        "content": s["content"],
        "in_reply_to_id": text_id(s["in_reply_to_id"]),
        "account": s["account"]["acct"],
        "visibility": s["visibility"],
        "favourited": s.get("favourited"),
        "reblogged": s.get("reblogged"),
        "bookmarked": s.get("bookmarked"),
        "favourites_count": s["favourites_count"],
        "reblogs_count": s["reblogs_count"],
        "mentions": [m["acct"] for m in s["mentions"]],
        "reblog": status_facts(s["reblog"]),
    }


def timeline_facts(statuses):
    return [{"id": text_id(s["id"]),
             "reblog_id": text_id(s["reblog"]["id"]) if s["reblog"] else None}
            for s in statuses]


def notification_facts(notes):
    return [{"id": text_id(n["id"]), "type": n["type"],
             "account": n["account"]["acct"],
             "status_id": text_id(n["status"]["id"]) if n.get("status") else None}
            for n in notes]


def search_facts(found):
    return {"accounts": [a["acct"] for a in found["accounts"]],
            "statuses": [text_id(s["id"]) for s in found["statuses"]],
            "hashtags": [t["name"] for t in found["hashtags"]]}


def status_with_token(url, token):
    """The HTTP status verify_credentials answers with this token."""
    try:
        Mastodon(access_token=token, api_base_url=url,
                 version_check_mode="none").account_verify_credentials()
        return 200
    except MastodonAPIError as e:
        return e.args[1]


def user_api(url, client_id, client_secret, email, password):
    api = Mastodon(client_id=client_id, client_secret=client_secret,
                   api_base_url=url)
    token = api.log_in(username=email, password=password, scopes=SCOPES)
    return api, token


def main():
    url, user_a, user_b, marker = sys.argv[1:5]
    password = os.environ["WOOLLY_CLIENT_PASSWORD"]

    client_id, client_secret = Mastodon.create_app(
        "Mastodon.py on woolly", scopes=SCOPES, redirect_uris=OOB,
        website="https://example.org/mastodon.py", api_base_url=url)
    report("app", {"client_id": client_id, "client_secret": client_secret})

    # The password grant, as scripts and bots sign in.
    api, token = user_api(url, client_id, client_secret,
                          user_a + "@example.com", password)
    report("password_login", {"token": token,
                              "account": account_facts(api.me())})

    # The authorization code, as an app with a person at a browser: the
    # code comes back on woolly's out-of-band page.
    coded = Mastodon(client_id=client_id, client_secret=client_secret,
                     api_base_url=url)
    say({"authorize": coded.auth_request_url(redirect_uris=OOB, scopes=SCOPES)})
    code = sys.stdin.readline().strip()
    code_token = coded.log_in(code=code, redirect_uri=OOB, scopes=SCOPES)
    report("code_login", {"token": code_token,
                          "account": account_facts(coded.account_verify_credentials())})

    other, _ = user_api(url, client_id, client_secret,
                        user_b + "@example.com", password)
    b1 = other.status_post("first " + marker)
    report("post_b", status_facts(b1))

    me = coded
    s1 = me.status_post("hello " + marker, visibility="public")
    report("post", status_facts(s1))
    report("reply", status_facts(me.status_reply(b1, "reply " + marker)))
    report("home", timeline_facts(me.timeline_home(limit=40)))
    report("public", timeline_facts(me.timeline_public(limit=40)))

    b_account = me.account_lookup(user_b)
    rel = me.account_follow(b_account["id"])
    report("follow", {"id": text_id(rel["id"]), "following": rel["following"]})
    report("post_b2", status_facts(other.status_post("second " + marker)))
    report("home_after_follow", timeline_facts(me.timeline_home(limit=40)))
    first = me.timeline_home(limit=2)
    report("home_pages", [timeline_facts(first),
                          timeline_facts(me.fetch_next(first) or [])])

    report("favourite", status_facts(me.status_favourite(b1["id"])))
    report("reblog", status_facts(me.status_reblog(b1["id"])))
    report("bookmark", status_facts(me.status_bookmark(b1["id"])))
    report("bookmarks", timeline_facts(me.bookmarks()))

    other.status_favourite(s1["id"])
    report("notifications", notification_facts(me.notifications()))
    report("notifications_b", notification_facts(other.notifications()))

    report("search", search_facts(me.search_v2(marker, resolve=False)))
    report("search_account", search_facts(me.search_v2(user_b, resolve=False)))

    report("app_verify", {"name": me.app_verify_credentials()["name"]})
    api.revoke_access_token()
    report("revoke", {"status": status_with_token(url, token)})
    say({"done": True})


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one JSON line saying where it broke
        import traceback
        traceback.print_exc()
        say({"error": "%s: %s" % (type(e).__name__, e), "after": LAST_STEP})
        sys.exit(1)
