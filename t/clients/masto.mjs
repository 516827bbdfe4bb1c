// masto.mjs: masto.js (npm "masto", pinned in t/tools/package.json)
// through the daily loop against a woolly instance, reporting what the
// library handed back as JSON lines for t/client_masto.t (the protocol and
// the facts are described in t/lib/Woolly/Clients.pm).
//
// usage: node masto.mjs BASE_URL USER_A USER_B MARKER
//   (the password of both users in WOOLLY_CLIENT_PASSWORD)
import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

// The packages live in t/tools, beside the schema validator.
const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { createOAuthAPIClient, createRestAPIClient } = require("masto");

const REDIRECT = "woollytest://masto/callback";
const SCOPES = "read write follow";
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
    in_reply_to_id: s.inReplyToId,
    account: s.account.acct,
    visibility: s.visibility,
    favourited: s.favourited,
    reblogged: s.reblogged,
    bookmarked: s.bookmarked,
    favourites_count: s.favouritesCount,
    reblogs_count: s.reblogsCount,
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
    await client.v1.accounts.verifyCredentials();
    return 200;
  } catch (e) {
    if (e.statusCode === undefined) throw e;
    return e.statusCode;
  }
};

const base64url = (bytes) => bytes.toString("base64url");

async function main() {
  const app = await createRestAPIClient({ url }).v1.apps.create({
    clientName: "masto.js on woolly",
    redirectUris: [REDIRECT],
    scopes: SCOPES,
    website: "https://example.org/masto",
  });
  report("app", { client_id: app.clientId, client_secret: app.clientSecret });
  const instance = await createRestAPIClient({ url }).v2.instance.fetch();
  report("instance", { domain: instance.domain, version: instance.version });
  const oauth = createOAuthAPIClient({ url });
  const credentials = {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: REDIRECT,
    scope: SCOPES,
  };

  // The password grant, as a masto.js script signs in.
  const signIn = async (user) => {
    const token = await oauth.token.create({
      ...credentials,
      grantType: "password",
      username: `${user}@example.com`,
      password,
    });
    return [createRestAPIClient({ url, accessToken: token.accessToken }), token];
  };
  const [byPassword, passwordToken] = await signIn(userA);
  report("password_login", {
    token: passwordToken.accessToken,
    account: accountFacts(await byPassword.v1.accounts.verifyCredentials()),
  });

  // The authorization code with PKCE and a state, as a browser app does
  // it (masto.js leaves building the URL to the app); the code comes
  // back in the redirect to the app's own scheme.
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(12));
  const authorize = new URL("/oauth/authorize", url);
  authorize.search = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: SCOPES,
    state,
    code_challenge: base64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
  }).toString();
  say({ authorize: authorize.toString() });
  const code = (await stdin.next()).value.trim();
  const codeToken = await oauth.token.create({
    ...credentials,
    grantType: "authorization_code",
    code,
    codeVerifier: verifier,
  });
  const me = createRestAPIClient({ url, accessToken: codeToken.accessToken });
  report("code_login", {
    token: codeToken.accessToken,
    state,
    account: accountFacts(await me.v1.accounts.verifyCredentials()),
  });

  const [other] = await signIn(userB);
  const b1 = await other.v1.statuses.create({ status: `first ${marker}` });
  report("post_b", statusFacts(b1));

  const s1 = await me.v1.statuses.create({
    status: `hello ${marker}`,
    visibility: "public",
  });
  report("post", statusFacts(s1));
  report(
    "reply",
    statusFacts(
      await me.v1.statuses.create({
        status: `@${userB} reply ${marker}`,
        inReplyToId: b1.id,
      }),
    ),
  );
  report("home", timelineFacts(await me.v1.timelines.home.list({ limit: 40 })));
  report("public", timelineFacts(await me.v1.timelines.public.list({ limit: 40 })));

  const bAccount = await me.v1.accounts.lookup({ acct: userB });
  const rel = await me.v1.accounts.$select(bAccount.id).follow();
  report("follow", { id: rel.id, following: rel.following });
  report("post_b2", statusFacts(await other.v1.statuses.create({ status: `second ${marker}` })));
  report("home_after_follow", timelineFacts(await me.v1.timelines.home.list({ limit: 40 })));
  const pages = [];
  for await (const page of me.v1.timelines.home.list({ limit: 2 })) {
    pages.push(timelineFacts(page));
    if (pages.length === 2) break;
  }
  report("home_pages", pages);

  const target = me.v1.statuses.$select(b1.id);
  report("favourite", statusFacts(await target.favourite()));
  report("reblog", statusFacts(await target.reblog()));
  report("bookmark", statusFacts(await target.bookmark()));
  report("bookmarks", timelineFacts(await me.v1.bookmarks.list()));

  await other.v1.statuses.$select(s1.id).favourite();
  report("notifications", notificationFacts(await me.v1.notifications.list()));
  report("notifications_b", notificationFacts(await other.v1.notifications.list()));
  // Grouped, as new Mastodon clients read them.
  const grouped = await me.v2.notifications.list();
  report("notifications_grouped", {
    groups: grouped.notificationGroups.map((g) => ({
      type: g.type,
      status_id: g.statusId ?? null,
      accounts: g.sampleAccountIds.map(
        (id) => (grouped.accounts.find((a) => a.id === id) || {}).acct ?? null,
      ),
      count: g.notificationsCount,
    })),
    statuses: grouped.statuses.map((x) => x.id),
  });

  report("search", searchFacts(await me.v2.search.list({ q: marker, resolve: false })));
  report("search_account", searchFacts(await me.v2.search.list({ q: userB, resolve: false })));

  report("app_verify", { name: (await me.v1.apps.verifyCredentials()).name });
  await oauth.revoke({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    token: passwordToken.accessToken,
  });
  report("revoke", { status: await statusWith(byPassword) });
  say({ done: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    say({ error: String(e && e.message ? e.message : e), after: lastStep });
    process.exit(1);
  },
);
