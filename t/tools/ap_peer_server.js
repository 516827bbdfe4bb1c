#!/usr/bin/env node
// ap_peer_server.js: the remote servers of t/inbox.t, over TLS with a
// certificate the test's own CA signed. Every name the test maps to it
// (remote.test, evil.test, ...) serves the documents the test wrote under
// --docs: GET https://HOST:PORT/PATH answers the file
// DOCS/HOST/encodeURIComponent(PATH) (a JSON document), with the content
// type in the file beside it ending in ".type" when there is one
// (application/activity+json otherwise), and 404 when there is none.
// Each GET is appended to DOCS/requests.log (method, host, path, whether
// signed), so the test can tell what woolly fetched.
//
//   node ap_peer_server.js --cert C --key K --ports F --docs D
//
// Built-in modules only.
'use strict';

const fs = require('fs');
const https = require('https');
const path = require('path');

function args() {
	const out = {};
	const argv = process.argv.slice(2);
	for (let i = 0; i + 1 < argv.length; i += 2)
		out[argv[i].replace(/^--/, '')] = argv[i + 1];
	for (const need of ['cert', 'key', 'ports', 'docs'])
		if (!out[need])
			throw new Error(`--${need} is required`);
	return out;
}

function handle(req, res, docs) {
	const host = (req.headers.host || '').replace(/:\d+$/, '');
	const url = new URL(req.url, `https://${req.headers.host}`);
	const signed = req.headers.signature ? 'signed' : 'unsigned';
	fs.appendFileSync(path.join(docs, 'requests.log'),
	    `${req.method} ${host} ${url.pathname} ${signed}\n`);
	const file = path.join(docs, path.basename(host),
	    encodeURIComponent(url.pathname + url.search));
	let body;
	try {
		body = fs.readFileSync(file);
	} catch (e) {
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		return res.end('not here\n');
	}
	let type = 'application/activity+json';
	try {
		type = fs.readFileSync(file + '.type', 'utf8').trim();
	} catch (e) {
		// the default
	}
	res.writeHead(200, { 'Content-Type': type,
	    'Content-Length': body.length });
	res.end(body);
}

function main() {
	const opts = args();
	const server = https.createServer({
	    cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) },
	    (req, res) => {
		req.resume();
		req.on('end', () => handle(req, res, opts.docs));
	    });
	server.listen(0, '127.0.0.1', () => {
		fs.writeFileSync(opts.ports + '.tmp', JSON.stringify({
		    https: server.address().port }));
		fs.renameSync(opts.ports + '.tmp', opts.ports);
	});
	process.on('SIGTERM', () => process.exit(0));
}

main();
