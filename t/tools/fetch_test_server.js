#!/usr/bin/env node
// fetch_test_server.js: the "other servers" that t/http_client.t fetches
// from through `woollyctl fetch`. It listens on 127.0.0.1 twice, over TLS
// (with a certificate the test's own CA signed) and over plain http, at
// ports the kernel picks, and writes them as JSON to the --ports file.
// Each path plays one case: a plain answer, ActivityPub objects good and
// bad, redirects, oversized bodies, and /signed, which checks a
// draft-cavage signature with Node's own crypto (so the check does not
// share code with woolly's signer).
//
//   node fetch_test_server.js --cert C --key K --ports F --public-key P
//
// Built-in modules only.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const https = require('https');

function args() {
	const out = {};
	const argv = process.argv.slice(2);
	for (let i = 0; i + 1 < argv.length; i += 2)
		out[argv[i].replace(/^--/, '')] = argv[i + 1];
	for (const need of ['cert', 'key', 'ports', 'public-key'])
		if (!out[need])
			throw new Error(`--${need} is required`);
	return out;
}

function send(res, status, type, body, extra) {
	const headers = Object.assign({}, extra || {});
	if (type)
		headers['Content-Type'] = type;
	headers['Content-Length'] = Buffer.byteLength(body);
	res.writeHead(status, headers);
	res.end(body);
}

function sendJson(res, type, value) {
	send(res, 200, type, JSON.stringify(value));
}

// The Signature header's parameters: name="value" pairs.
function signatureParams(header) {
	const params = {};
	const re = /\s*([A-Za-z]+)="([^"]*)"\s*(,|$)/y;
	let m;
	while ((m = re.exec(header)) !== null) {
		params[m[1]] = m[2];
		if (m[3] === '')
			break;
	}
	return params;
}

// Verify a draft-cavage rsa-sha256 signature over this request.
function checkSignature(req, publicKeyFile) {
	const header = req.headers.signature;
	if (!header)
		return { verified: false, reason: 'no Signature header' };
	const p = signatureParams(header);
	const names = (p.headers || 'date').split(' ');
	const lines = names.map((name) => {
		if (name === '(request-target)')
			return `(request-target): ${req.method.toLowerCase()} ${req.url}`;
		return `${name}: ${req.headers[name]}`;
	});
	const signingString = lines.join('\n');
	const key = fs.readFileSync(publicKeyFile, 'utf8');
	const verified = crypto.verify('sha256', Buffer.from(signingString),
	    key, Buffer.from(p.signature || '', 'base64'));
	return {
		verified, keyId: p.keyId, algorithm: p.algorithm,
		headers: p.headers, signingString,
	};
}

function nested(depth) {
	let v = 'bottom';
	for (let i = 0; i < depth; i++)
		v = [v];
	return v;
}

function handle(req, res, scheme, opts, body) {
	const url = new URL(req.url, `${scheme}://${req.headers.host}`);
	const origin = `${scheme}://${req.headers.host}`;
	const path = url.pathname;
	const actor = { '@context': 'https://www.w3.org/ns/activitystreams',
	    id: `${origin}/actor`, type: 'Person', preferredUsername: 'peer' };
	let m;

	if (path === '/ok')
		return send(res, 200, 'text/plain', `hello from ${req.headers.host}\n`);
	if (path === '/echo')
		return sendJson(res, 'application/json', {
		    method: req.method, url: req.url, headers: req.headers });
	if (path === '/actor')
		return sendJson(res, 'application/activity+json', actor);
	if (path === '/ld-actor')
		return sendJson(res, 'application/ld+json; ' +
		    'profile="https://www.w3.org/ns/activitystreams"', actor);
	if (path === '/html-actor')
		return sendJson(res, 'text/html; charset=utf-8', actor);
	if (path === '/json-actor')
		return sendJson(res, 'application/json', actor);
	if (path === '/foreign')
		return sendJson(res, 'application/activity+json', Object.assign(
		    {}, actor, { id: 'https://victim.example/users/admin' }));
	if (path === '/userinfo-id')
		return sendJson(res, 'application/activity+json', Object.assign(
		    {}, actor, { id: `${scheme}://victim@${req.headers.host}/actor` }));
	if (path === '/nul-id')
		return sendJson(res, 'application/activity+json', Object.assign(
		    {}, actor, { id: `${scheme}://${req.headers.host}/actor\u0000x` }));
	if (path === '/ld-did')
		return sendJson(res, 'application/ld+json; ' +
		    'profile="https://www.w3.org/ns/did/v1"', actor);
	if (path === '/other-port')
		return sendJson(res, 'application/activity+json', Object.assign(
		    {}, actor, { id: `${scheme}://${url.hostname}:1/actor` }));
	if (path === '/noid')
		return sendJson(res, 'application/activity+json',
		    { type: 'Note', content: 'no id' });
	if (path === '/deep')
		return sendJson(res, 'application/activity+json',
		    Object.assign({}, actor, { deep: nested(100) }));
	if (path === '/array')
		return sendJson(res, 'application/activity+json', [actor]);
	if (path === '/notjson')
		return send(res, 200, 'application/activity+json', '{"id": ');
	if (path === '/big') {
		const n = Number(url.searchParams.get('n'));
		return send(res, 200, 'text/plain', 'a'.repeat(n));
	}
	if (path === '/big-chunked') {
		// No Content-Length: the limit must hold while the body streams.
		const n = Number(url.searchParams.get('n'));
		res.writeHead(200, { 'Content-Type': 'text/plain' });
		for (let sent = 0; sent < n; sent += 65536)
			res.write('a'.repeat(Math.min(65536, n - sent)));
		return res.end();
	}
	if (path === '/redirect')
		return send(res, Number(url.searchParams.get('status') || 302),
		    'text/plain', 'moved\n',
		    { Location: url.searchParams.get('to') });
	if ((m = /^\/chain\/(\d+)$/.exec(path)) !== null) {
		const n = Number(m[1]);
		if (n === 0)
			return send(res, 200, 'text/plain', 'end of the chain\n');
		return send(res, 302, 'text/plain', 'on\n',
		    { Location: `/chain/${n - 1}` });
	}
	if ((m = /^\/status\/(\d+)$/.exec(path)) !== null)
		return send(res, Number(m[1]), 'text/plain', `status ${m[1]}\n`);
	if (path === '/signed')
		return sendJson(res, 'application/json',
		    checkSignature(req, opts['public-key']));
	if (path === '/inbox') {
		// A delivery: the signature, and the Digest over the bytes sent.
		const check = checkSignature(req, opts['public-key']);
		const digest = 'SHA-256=' +
		    crypto.createHash('sha256').update(body).digest('base64');
		return sendJson(res, 'application/json', Object.assign(check, {
		    method: req.method, digest: req.headers.digest,
		    digestMatches: req.headers.digest === digest,
		    contentType: req.headers['content-type'],
		    body: body.toString('utf8') }));
	}
	if (path === '/signed-actor') {
		const check = checkSignature(req, opts['public-key']);
		if (!check.verified)
			return send(res, 401, 'application/json',
			    JSON.stringify(check));
		return sendJson(res, 'application/activity+json', actor);
	}
	return send(res, 404, 'text/plain', 'not here\n');
}

function main() {
	const opts = args();
	const tls = { cert: fs.readFileSync(opts.cert),
	    key: fs.readFileSync(opts.key) };
	const withBody = (scheme) => (req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => handle(req, res, scheme, opts,
		    Buffer.concat(chunks)));
	};
	const secure = https.createServer(tls, withBody('https'));
	const plain = http.createServer(withBody('http'));
	let listening = 0;
	const ready = () => {
		if (++listening < 2)
			return;
		fs.writeFileSync(opts.ports + '.tmp', JSON.stringify({
		    https: secure.address().port, http: plain.address().port }));
		fs.renameSync(opts.ports + '.tmp', opts.ports);
	};
	secure.listen(0, '127.0.0.1', ready);
	plain.listen(0, '127.0.0.1', ready);
	process.on('SIGTERM', () => process.exit(0));
}

main();
