#!/usr/bin/env node
// inbox_load.js: the signed deliveries of t/bench/inbox. Makes ACTORS
// remote actors (RSA-2048 key pairs), writes them as CSV rows for the
// accounts table (known actors: their keys are stored, nothing is
// fetched), and signs COUNT Create activities spread over them
// (draft-cavage rsa-sha256 over (request-target) host date digest, with
// the body's Digest), written as a Lua script whose request() hands wrk
// the raw requests in turn, each thread its own share.
//
//   node inbox_load.js --actors 100 --count 30000 --host 127.0.0.1:8080 \
//       --csv accounts.csv --lua requests.lua
//
// Built-in modules only.
'use strict';

const crypto = require('crypto');
const fs = require('fs');

function args() {
	const out = {};
	const argv = process.argv.slice(2);
	for (let i = 0; i + 1 < argv.length; i += 2)
		out[argv[i].replace(/^--/, '')] = argv[i + 1];
	for (const need of ['actors', 'count', 'host', 'csv', 'lua'])
		if (!out[need])
			throw new Error(`--${need} is required`);
	return out;
}

function csvField(s) {
	return '"' + String(s).replace(/"/g, '""') + '"';
}

function luaString(s) {
	// A long bracket string cannot hold its own closing bracket; a
	// decimal escape of every byte outside printable ASCII is safest.
	let out = '"';
	for (const b of Buffer.from(s, 'utf8')) {
		if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c)
			out += String.fromCharCode(b);
		else
			out += '\\' + String(b).padStart(3, '0');
	}
	return out + '"';
}

function main() {
	const o = args();
	const nactors = Number(o.actors), count = Number(o.count);
	const actors = [];
	const rows = [];
	for (let i = 0; i < nactors; i++) {
		const { publicKey, privateKey } = crypto.generateKeyPairSync(
		    'rsa', { modulusLength: 2048 });
		const id = `https://peer${i}.bench.test/users/u${i}`;
		actors.push({ id, keyId: `${id}#main-key`, privateKey });
		rows.push([`u${i}`, `peer${i}.bench.test`, id, `${id}/inbox`,
		    `${id}#main-key`, publicKey.export({ type: 'spki',
		    format: 'pem' })].map(csvField).join(','));
	}
	fs.writeFileSync(o.csv, rows.join('\n') + '\n');

	const date = new Date().toUTCString();
	const lua = ['local requests = {'];
	for (let n = 0; n < count; n++) {
		const a = actors[n % nactors];
		const sid = `${a.id}/statuses/${n}`;
		const body = JSON.stringify({
			'@context': 'https://www.w3.org/ns/activitystreams',
			id: `${sid}/activity`, type: 'Create', actor: a.id,
			published: new Date().toISOString(),
			to: ['https://www.w3.org/ns/activitystreams#Public'],
			cc: [`${a.id}/followers`],
			object: { id: sid, type: 'Note', attributedTo: a.id,
			    content: `<p>benchmark post ${n} from ` +
			    `<a href="${a.id}">u${n % nactors}</a></p>`,
			    to: ['https://www.w3.org/ns/activitystreams#Public'],
			    cc: [`${a.id}/followers`],
			    published: new Date().toISOString() },
		});
		const digest = 'SHA-256=' + crypto.createHash('sha256')
		    .update(body).digest('base64');
		const signing = `(request-target): post /inbox\nhost: ${o.host}` +
		    `\ndate: ${date}\ndigest: ${digest}`;
		const sig = crypto.sign('sha256', Buffer.from(signing),
		    a.privateKey).toString('base64');
		const req = `POST /inbox HTTP/1.1\r\nHost: ${o.host}\r\n` +
		    `Date: ${date}\r\nDigest: ${digest}\r\n` +
		    'Content-Type: application/activity+json\r\n' +
		    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
		    `Signature: keyId="${a.keyId}",algorithm="rsa-sha256",` +
		    'headers="(request-target) host date digest",' +
		    `signature="${sig}"\r\n\r\n${body}`;
		lua.push(luaString(req) + ',');
	}
	lua.push('}');
	// Thread k of t takes requests k+1, k+1+t, ...: no two send the same.
	lua.push(`
local threads = 0
function setup(thread)
	thread:set("first", threads)
	threads = threads + 1
end
function init(args)
	step = tonumber(args[1]) or 2
	index = first + 1
end
function request()
	local r = requests[index]
	index = index + step
	if index > #requests then index = first + 1 end
	return r
end
`);
	fs.writeFileSync(o.lua, lua.join('\n'));
}

main();
