#!/usr/bin/env node
// inbox_sink.js: the remote inboxes that woolly-deliver posts to in
// t/delivery.t and t/bench. One TLS server (a certificate the test's CA
// signed for *.sink.test) plays every remote host; a second TLS server
// accepts connections and never answers (a slow host); a plain http
// control port tells the test what arrived.
//
// Each POST's path says how to answer:
//   /status/<code>/...   answer <code> every time
//   /flaky/<n>/...       answer 500 to the first n POSTs of that path, then 202
//   /slow/<ms>/...       answer 202 after ms milliseconds
//   anything else        202 at once
// and every POST is checked as Mastodon would: the Digest against the
// body, and the draft-cavage signature with Node's own crypto against
// the key its keyId names, fetched from the actor document (so the check
// shares no code with woolly's signer).
//
// Control (http, 127.0.0.1): GET /log -> the records, oldest first;
// POST /reset -> forget them. A record: { host, path, activity,
// keyId, signedHeaders, verified, reason, digestOk, status, answered }
// where answered is false when the client went away before the answer.
//
//   node inbox_sink.js --cert C --key K --ports F [--count-only 1]
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
	for (const need of ['cert', 'key', 'ports'])
		if (!out[need])
			throw new Error(`--${need} is required`);
	return out;
}

const opts = args();
const countOnly = !!opts['count-only'];
const records = [];
const hits = new Map();		// path -> POSTs seen (for /flaky)
const keys = new Map();		// keyId -> Promise of a PEM
let answered2xx = 0, firstAt = 0, lastAt = 0;

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

// The public key of a keyId, from its actor document (GET over plain
// http: the test stack's woolly).
function publicKey(keyId) {
	if (!keys.has(keyId)) {
		const url = keyId.replace(/#.*$/, '');
		keys.set(keyId, fetch(url, { headers:
		    { accept: 'application/activity+json' } })
		    .then((r) => r.json())
		    .then((doc) => {
			const k = doc.publicKey;
			if (!k || k.id !== keyId)
				throw new Error(`no key ${keyId} in ${url}`);
			return k.publicKeyPem;
		    }));
		keys.get(keyId).catch(() => keys.delete(keyId));
	}
	return keys.get(keyId);
}

async function verify(req, body) {
	const out = { verified: false, digestOk: false };
	const digest = 'SHA-256=' +
	    crypto.createHash('sha256').update(body).digest('base64');
	out.digestOk = req.headers.digest === digest;
	const header = req.headers.signature;
	if (!header) {
		out.reason = 'no Signature header';
		return out;
	}
	const p = signatureParams(header);
	out.keyId = p.keyId;
	out.signedHeaders = p.headers;
	out.algorithm = p.algorithm;
	const names = (p.headers || 'date').split(' ');
	const signingString = names.map((name) => name === '(request-target)' ?
	    `(request-target): ${req.method.toLowerCase()} ${req.url}` :
	    `${name}: ${req.headers[name]}`).join('\n');
	try {
		const pem = await publicKey(p.keyId);
		out.verified = crypto.verify('sha256', Buffer.from(signingString),
		    pem, Buffer.from(p.signature || '', 'base64'));
		if (!out.verified)
			out.reason = 'the signature does not verify';
	} catch (e) {
		out.reason = String(e.message || e);
	}
	return out;
}

function answerFor(path) {
	let m;
	if ((m = path.match(/^\/status\/(\d{3})\//)))
		return { status: Number(m[1]), delay: 0 };
	if ((m = path.match(/^\/flaky\/(\d+)\//))) {
		const n = (hits.get(path) || 0) + 1;
		hits.set(path, n);
		return { status: n <= Number(m[1]) ? 500 : 202, delay: 0 };
	}
	if ((m = path.match(/^\/slow\/(\d+)\//)))
		return { status: 202, delay: Number(m[1]) };
	return { status: 202, delay: 0 };
}

function inbox(req, res) {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', async () => {
		const body = Buffer.concat(chunks);
		const a = answerFor(req.url);
		if (countOnly) {
			res.on('finish', () => {
				if (a.status < 300) {
					answered2xx++;
					lastAt = Date.now();
					if (!firstAt)
						firstAt = lastAt;
				}
			});
			res.writeHead(a.status, { 'Content-Length': 0 });
			res.end();
			return;
		}
		const rec = { host: req.headers.host, path: req.url,
		    method: req.method, status: a.status, answered: false,
		    contentType: req.headers['content-type'] };
		try {
			rec.activity = JSON.parse(body.toString('utf8'));
		} catch (e) {
			rec.activity = null;
		}
		Object.assign(rec, await verify(req, body));
		records.push(rec);
		res.on('finish', () => { rec.answered = true; });
		setTimeout(() => {
			if (res.destroyed)
				return;
			res.writeHead(a.status, { 'Content-Type': 'text/plain',
			    'Content-Length': 2 });
			res.end('ok');
		}, a.delay);
	});
}

function control(req, res) {
	let body;
	if (req.method === 'GET' && req.url === '/log')
		body = JSON.stringify(records);
	else if (req.method === 'GET' && req.url === '/count')
		body = JSON.stringify({ answered2xx, firstAt, lastAt });
	else if (req.method === 'POST' && req.url === '/reset') {
		records.length = 0;
		hits.clear();
		answered2xx = firstAt = lastAt = 0;
		body = '{}';
	} else {
		res.writeHead(404);
		res.end();
		return;
	}
	res.writeHead(200, { 'Content-Type': 'application/json',
	    'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

const tls = { cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) };
const live = https.createServer(tls, inbox);
live.keepAliveTimeout = 60000;
// Accepts the connection and the request, never answers.
const silent = https.createServer(tls, () => {});
const ctl = http.createServer(control);
let up = 0;
function listening() {
	if (++up < 3)
		return;
	fs.writeFileSync(opts.ports + '.tmp', JSON.stringify({
		live: live.address().port, silent: silent.address().port,
		control: ctl.address().port }));
	fs.renameSync(opts.ports + '.tmp', opts.ports);
}
live.listen(0, '127.0.0.1', listening);
silent.listen(0, '127.0.0.1', listening);
ctl.listen(0, '127.0.0.1', listening);
