// megalodon.mjs: megalodon (npm "megalodon", pinned in t/tools/package.json;
// the library of Whalebird and other apps that talk to several kinds of
// server) through the daily loop against a woolly instance, reporting what
// it handed back as JSON lines for t/client_megalodon.t (the protocol and
// the facts are described in t/lib/Woolly/Clients.pm).
//
// usage: node megalodon.mjs BASE_URL USER_A USER_B MARKER
//   (the password of both users in WOOLLY_CLIENT_PASSWORD)
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

// The packages live in t/tools, beside the schema validator.
const require = createRequire(new URL("../tools/package.json", import.meta.url));
const megalodon = require("megalodon");
const generator = megalodon.default;

const REDIRECT = "https://megalodon.example/callback";
const SCOPES = ["read", "write", "follow"];
const [url, userA, userB, marker] = process.argv.slice(2);
const password = process.env.WOOLLY_CLIENT_PASSWORD;
const stdin = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
let lastStep = "the start";

const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const report = (step, result) => {
  lastStep = step;
  say({ step, result });
};

const accountFacts = (a) => ({ id: a.id, username: a.username, acct: a.acct });
const statusFacts = (s) =>
  s && {
    id: s.id,
    content: s.content,
    in_reply_to_id: s.in_reply_to_id,
    account: s.account.acct,
    visibility: s.visibility,
    favourited: s.favourited,
    reblogged: s.reblogged,
    bookmarked: s.bookmarked,
    favourites_count: s.favourites_count,
    reblogs_count: s.reblogs_count,
    mentions: s.mentions.map((m) => m.acct),
    reblog: statusFacts(s.reblog),
  };
const timelineFacts = (list) =>
  list.map((s) => ({ id: s.id, reblog_id: s.reblog ? s.reblog.id : null }));
const notificationFacts = (list) =>
  list.map((n) => ({
    id: n.id,
    type: n.type,
    account: n.account.acct,
    status_id: n.status ? n.status.id : null,
  }));
const searchFacts = (found) => ({
  accounts: found.accounts.map((a) => a.acct),
  statuses: found.statuses.map((s) => s.id),
  hashtags: found.hashtags.map((t) => t.name),
});

// The HTTP status verify_credentials answers through this client.
const statusWith = async (client) => {
  try {
    await client.verifyAccountCredentials();
    return 200;
  } catch (e) {
    if (!e.response) throw e;
    return e.response.status;
  }
};

async function main() {
  // What kind of server is this? megalodon asks NodeInfo.
  const sns = await megalodon.detector(url);
  report("detect", { sns });
  const anonymous = generator(sns, url);
  const app = await anonymous.registerApp("megalodon on woolly", {
    scopes: SCOPES,
    redirect_uris: REDIRECT,
    website: "https://example.org/megalodon",
  });
  report("app", { client_id: app.client_id, client_secret: app.client_secret });

  // megalodon has no call of its own for the password grant: its HTTP
  // client posts it, as an app built on megalodon would.
  const signIn = async (user) => {
    const res = await anonymous.client.post("/oauth/token", {
      grant_type: "password",
      client_id: app.client_id,
      client_secret: app.client_secret,
      username: `${user}@example.com`,
      password,
      scope: SCOPES.join(" "),
    });
    return [generator(sns, url, res.data.access_token), res.data.access_token];
  };
  const [byPassword, passwordToken] = await signIn(userA);
  report("password_login", {
    token: passwordToken,
    account: accountFacts((await byPassword.verifyAccountCredentials()).data),
  });

  // The authorization code: megalodon built the URL when it registered
  // the app; the code comes back in the redirect.
  say({ authorize: app.url });
  const code = (await stdin.next()).value.trim();
  const token = await anonymous.fetchAccessToken(app.client_id,
    app.client_secret, code, REDIRECT);
  const me = generator(sns, url, token.access_token);
  report("code_login", {
    token: token.access_token,
    account: accountFacts((await me.verifyAccountCredentials()).data),
  });

  const [other] = await signIn(userB);
  const b1 = (await other.postStatus(`first ${marker}`)).data;
  report("post_b", statusFacts(b1));

  const s1 = (await me.postStatus(`hello ${marker}`, { visibility: "public" })).data;
  report("post", statusFacts(s1));
  report(
    "reply",
    statusFacts(
      (await me.postStatus(`@${userB} reply ${marker}`, { in_reply_to_id: b1.id })).data,
    ),
  );
  report("home", timelineFacts((await me.getHomeTimeline({ limit: 40 })).data));
  report("public", timelineFacts((await me.getPublicTimeline({ limit: 40 })).data));

  const bAccount = (await me.lookupAccount(userB)).data;
  const rel = (await me.followAccount(bAccount.id)).data;
  report("follow", { id: rel.id, following: rel.following });
  report("post_b2", statusFacts((await other.postStatus(`second ${marker}`)).data));
  report("home_after_follow", timelineFacts((await me.getHomeTimeline({ limit: 40 })).data));

  report("favourite", statusFacts((await me.favouriteStatus(b1.id)).data));
  report("reblog", statusFacts((await me.reblogStatus(b1.id)).data));
  report("bookmark", statusFacts((await me.bookmarkStatus(b1.id)).data));
  report("bookmarks", timelineFacts((await me.getBookmarks()).data));

  await other.favouriteStatus(s1.id);
  report("notifications", notificationFacts((await me.getNotifications()).data));
  report("notifications_b", notificationFacts((await other.getNotifications()).data));

  report("search", searchFacts((await me.search(marker, { resolve: false })).data));
  report("search_account", searchFacts((await me.search(userB, { resolve: false })).data));

  report("app_verify", { name: (await me.verifyAppCredentials()).data.name });
  await anonymous.revokeToken(app.client_id, app.client_secret, passwordToken);
  report("revoke", { status: await statusWith(byPassword) });
  say({ done: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e && e.response ? [e.message, e.response.status, e.response.data] : e);
    say({ error: String(e && e.message ? e.message : e), after: lastStep });
    process.exit(1);
  },
);
