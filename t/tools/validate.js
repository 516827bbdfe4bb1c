#!/usr/bin/env node
// validate.js: check JSON that woolly returned against one component schema
// of the Mastodon OpenAPI 3.1 document (components.schemas.NAME), so the
// Perl tests can prove an entity has the shape real clients expect.
//
//   node validate.js [--array] [--spec FILE] NAME < data.json
//
// Without --array, stdin holds one NAME: an array is refused (unless NAME
// itself is an array schema), so a list can never pass as an entity.
// --array: stdin holds a non-empty JSON array and every item is checked
// against NAME (one process for a whole timeline); an empty array is
// refused, since it proves nothing about the shape of NAME. "NAME[]" is
// shorthand for --array NAME. The spec is taken from --spec, else
// $WOOLLY_OPENAPI, else ../spec/mastodon-openapi.schema.json relative to
// this file. Exit 0: valid; 1: invalid (readable errors on
// stdout); 2: usage error, unknown schema or unreadable spec.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const SPEC_ID = 'https://woolly.invalid/mastodon-openapi.json';

function usage(msg) {
	if (msg)
		process.stderr.write(`validate.js: ${msg}\n`);
	process.stderr.write('usage: node validate.js [--array] [--spec FILE] ' +
	    'SCHEMA_NAME < data.json\n');
	process.exit(2);
}

function parseArgs(argv) {
	const opts = { array: false, spec: null, name: null };

	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--array')
			opts.array = true;
		else if (a === '--spec') {
			if (++i >= argv.length)
				usage('--spec needs a file');
			opts.spec = argv[i];
		} else if (a === '-h' || a === '--help')
			usage();
		else if (a.startsWith('-'))
			usage(`unknown option ${a}`);
		else if (opts.name === null)
			opts.name = a;
		else
			usage('only one schema name');
	}
	if (opts.name === null)
		usage('no schema name');
	// "Status[]" is shorthand for --array Status.
	if (opts.name.endsWith('[]')) {
		opts.array = true;
		opts.name = opts.name.slice(0, -2);
	}
	if (opts.spec === null)
		opts.spec = process.env.WOOLLY_OPENAPI || path.join(__dirname,
		    '..', 'spec', 'mastodon-openapi.schema.json');
	return opts;
}

// The OpenAPI document is added whole, so "#/components/schemas/X"
// references resolve inside it. strict is off because the document's top
// level (openapi, info, paths) is not JSON Schema; OpenAPI's annotations
// (example, externalDocs, xml) are declared as keywords that check nothing.
function makeValidator(spec, name) {
	const ajv = new Ajv2020({
		strict: false,
		allErrors: true,
		validateSchema: false,
		allowUnionTypes: true,
	});
	addFormats(ajv);
	// Mastodon sends ISO 639-1 codes, and a few ISO 639-3 ones ("ast",
	// "kab", "tok"); regional tags ("zh-CN") appear in some fields.
	ajv.addFormat('iso-639-1', /^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/);
	for (const kw of ['example', 'externalDocs', 'xml'])
		ajv.addKeyword(kw);
	spec.$id = SPEC_ID;
	ajv.addSchema(spec);
	if (!spec.components || !spec.components.schemas ||
	    !Object.prototype.hasOwnProperty.call(spec.components.schemas, name)) {
		const known = spec.components && spec.components.schemas ?
		    Object.keys(spec.components.schemas).sort().join(', ') : '';
		usage(`no schema components.schemas.${name}` +
		    (known ? ` (known: ${known})` : ''));
	}
	return {
		validate: ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`),
		isArraySchema: spec.components.schemas[name].type === 'array',
	};
}

function describe(err) {
	const where = err.instancePath === '' ? '(root)' : err.instancePath;
	let text = `${where}: ${err.message}`;
	if (err.keyword === 'additionalProperties')
		text += ` '${err.params.additionalProperty}'`;
	else if (err.keyword === 'enum')
		text += `: ${JSON.stringify(err.params.allowedValues)}`;
	return `${text} [${err.schemaPath}]`;
}

function main() {
	const opts = parseArgs(process.argv.slice(2));
	let spec;
	try {
		spec = JSON.parse(fs.readFileSync(opts.spec, 'utf8'));
	} catch (e) {
		usage(`cannot read spec ${opts.spec}: ${e.message}`);
	}
	const { validate, isArraySchema } = makeValidator(spec, opts.name);

	let data;
	try {
		data = JSON.parse(fs.readFileSync(0, 'utf8'));
	} catch (e) {
		process.stdout.write(`input is not JSON: ${e.message}\n`);
		process.exit(1);
	}

	const lines = [];
	if (opts.array) {
		if (!Array.isArray(data)) {
			process.stdout.write(`(root): expected an array of ${opts.name}\n`);
			process.exit(1);
		}
		if (data.length === 0) {
			process.stdout.write(`(root): an empty array proves nothing ` +
			    `about ${opts.name}: expected at least one item\n`);
			process.exit(1);
		}
		data.forEach((item, i) => {
			if (!validate(item))
				for (const e of validate.errors)
					lines.push(`[${i}]${describe(e)}`);
		});
	} else if (Array.isArray(data) && !isArraySchema) {
		process.stdout.write(`(root): expected one ${opts.name}, got an ` +
		    `array (validate a list as ${opts.name}[])\n`);
		process.exit(1);
	} else if (!validate(data)) {
		for (const e of validate.errors)
			lines.push(describe(e));
	}
	if (lines.length > 0) {
		process.stdout.write(`not a valid ${opts.name}:\n` +
		    lines.map((l) => `  ${l}\n`).join(''));
		process.exit(1);
	}
	process.exit(0);
}

main();
