#!/usr/bin/env node
// validate_answers.js: check every JSON answer the Perl tests received from
// the client API against the response schema the Mastodon OpenAPI document
// gives for that path, method and status. Woolly::Test's client records
// each answer of an /api/ path as one JSON line in a directory; ./dev test
// runs this once after the suite, so "every JSON answer seen in the suite
// validates" is checked, not hoped for.
//
//   node validate_answers.js [--spec FILE] DIR
//
// A record: {"test": FILE, "method": M, "path": P, "status": N, "body": TEXT}.
// Answers whose path, method or status the document does not describe are
// counted and listed as unchecked, not failed. Exit 0: all checked answers
// are valid; 1: some are not (each printed); 2: usage or spec error.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const SPEC_ID = 'https://woolly.invalid/mastodon-openapi.json';

function fail(msg) {
	process.stderr.write(`validate_answers.js: ${msg}\n`);
	process.exit(2);
}

function makeAjv(spec) {
	const ajv = new Ajv2020({ strict: false, allErrors: true,
	    validateSchema: false, allowUnionTypes: true });
	addFormats(ajv);
	ajv.addFormat('iso-639-1', /^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/);
	for (const kw of ['example', 'externalDocs', 'xml'])
		ajv.addKeyword(kw);
	spec.$id = SPEC_ID;
	ajv.addSchema(spec);
	return ajv;
}

// The document's paths as matchers; literal segments beat parameters, so
// /api/v1/accounts/verify_credentials is not taken for /accounts/{id}.
function pathMatchers(spec) {
	return Object.keys(spec.paths).map((p) => ({
		template: p,
		params: (p.match(/\{/g) || []).length,
		re: new RegExp('^' + p.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
		    .replace(/\\?\{[^}]+\\?\}/g, '[^/]+') + '$'),
	})).sort((a, b) => a.params - b.params);
}

// Where Mastodon itself answers outside its own document, woolly answers
// as Mastodon does (clients are written against the server, not the
// document). Each entry: the answer's path, the place in it, and the one
// value allowed there despite the schema's format; or (missing) a
// required property Mastodon leaves out of one answer, named by status
// and error message.
const MASTODON_DEVIATIONS = [
	// No contact address configured: Mastodon sends "" (Setting
	// site_contact_email), which is no "email" format.
	{ path: /^\/api\/v1\/instance$/, at: '/email', value: '' },
	{ path: /^\/api\/v2\/instance$/, at: '/contact/email', value: '' },
	// An application's own token on a route that needs a user:
	// Mastodon's require_user! sends only {"error": ...}, without the
	// details its ValidationError promises for a 422.
	{ path: /^\/api\//, status: 422, missing: 'details',
	  error: 'This method requires an authenticated user' },
];

function valueAt(data, at) {
	return at.split('/').slice(1).reduce((o, k) => o == null ? o : o[k],
	    data);
}

function deviation(rec, data, err) {
	return MASTODON_DEVIATIONS.some((d) => d.path.test(rec.path) &&
	    (d.missing !== undefined ?
	    err.keyword === 'required' && err.instancePath === '' &&
	    err.params.missingProperty === d.missing &&
	    String(rec.status) === String(d.status) && data != null &&
	    data.error === d.error :
	    d.at === err.instancePath && err.keyword === 'format' &&
	    valueAt(data, d.at) === d.value));
}

function describe(err) {
	const where = err.instancePath === '' ? '(root)' : err.instancePath;
	let text = `${where}: ${err.message}`;
	if (err.keyword === 'additionalProperties')
		text += ` '${err.params.additionalProperty}'`;
	else if (err.keyword === 'enum')
		text += `: ${JSON.stringify(err.params.allowedValues)}`;
	return text;
}

function main() {
	let specFile = process.env.WOOLLY_OPENAPI ||
	    path.join(__dirname, '..', 'spec', 'mastodon-openapi.schema.json');
	const args = process.argv.slice(2);
	if (args[0] === '--spec') {
		specFile = args[1];
		args.splice(0, 2);
	}
	if (args.length !== 1)
		fail('usage: node validate_answers.js [--spec FILE] DIR');
	let spec;
	try {
		spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
	} catch (e) {
		fail(`cannot read spec ${specFile}: ${e.message}`);
	}
	const ajv = makeAjv(spec);
	const matchers = pathMatchers(spec);
	const validators = new Map();
	const unchecked = new Map();
	let checked = 0, bad = 0;

	const dir = args[0];
	const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
	for (const f of files.sort()) {
		const lines = fs.readFileSync(path.join(dir, f), 'utf8')
		    .split('\n').filter((l) => l.length > 0);
		for (const line of lines) {
			const rec = JSON.parse(line);
			const m = matchers.find((x) => x.re.test(rec.path));
			const op = m && spec.paths[m.template][rec.method.toLowerCase()];
			const resp = op && op.responses &&
			    op.responses[String(rec.status)];
			const content = resp && resp.content &&
			    resp.content['application/json'];
			const key = `${rec.method} ${m ? m.template : rec.path} ` +
			    `${rec.status}`;
			if (!content || !content.schema) {
				unchecked.set(key, (unchecked.get(key) || 0) + 1);
				continue;
			}
			const ref = `${m.template}|${rec.method}|${rec.status}`;
			// By JSON pointer into the document, so the schema's
			// "#/components/..." references resolve.
			if (!validators.has(ref))
				validators.set(ref, ajv.getSchema(`${SPEC_ID}#` +
				    ['paths', m.template, rec.method.toLowerCase(),
				    'responses', String(rec.status), 'content',
				    'application/json', 'schema'].map((s) => '/' +
				    encodeURIComponent(s.replace(/~/g, '~0')
				    .replace(/\//g, '~1'))).join('')));
			const validate = validators.get(ref);
			let data;
			try {
				data = JSON.parse(rec.body);
			} catch (e) {
				bad++;
				process.stdout.write(`${rec.test}: ${key}: not JSON\n`);
				continue;
			}
			checked++;
			const errors = validate(data) ? [] : validate.errors
			    .filter((e) => !deviation(rec, data, e));
			if (errors.length > 0) {
				bad++;
				process.stdout.write(`${rec.test}: ${rec.method} ` +
				    `${rec.path} ${rec.status}:\n` + errors
				    .slice(0, 8).map((e) => `  ${describe(e)}\n`)
				    .join(''));
			}
		}
	}
	process.stdout.write(`${checked} API answers checked against the ` +
	    `schema, ${bad} invalid; ${[...unchecked.values()]
	    .reduce((a, b) => a + b, 0)} not described by it\n`);
	if (process.env.WOOLLY_SHOW_UNCHECKED)
		for (const [k, n] of [...unchecked].sort())
			process.stdout.write(`  unchecked: ${k} (${n})\n`);
	process.exit(bad > 0 ? 1 : 0);
}

main();
