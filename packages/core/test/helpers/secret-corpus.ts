/**
 * Secret shapes that must never leave the process. Values are generated
 * (deterministic pseudo-random) so no real credential lives in the repo and
 * secret scanners are not tripped by the source; each case gives the text a
 * component might log and the parts of it that must not appear in any output.
 */
import { ALNUM, UPPER_NUM, HEX, B64, URLSAFE, seededText } from './random-text';

export interface SecretCase {
  readonly name: string;
  /** The text logged (as a message, or as a string attribute). */
  readonly text: string;
  /** Substrings that must be absent after redaction. */
  readonly secrets: readonly string[];
}

const { gen } = seededText(0x2545f491);
function uuid(): string {
  return `${gen(HEX, 8)}-${gen(HEX, 4)}-4${gen(HEX, 3)}-a${gen(HEX, 3)}-${gen(HEX, 12)}`;
}
function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function one(name: string, secret: string, template: (s: string) => string): SecretCase {
  return { name, text: template(secret), secrets: [secret] };
}

const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","name":"svc","iat":1516239022}')}.${gen(URLSAFE, 43)}`;
const jwtNone = `${b64url('{"alg":"none"}')}.${b64url('{"sub":"admin","role":"root"}')}.`;
const basicCred = Buffer.from('admin:' + gen(ALNUM, 14)).toString('base64');
const pemBody = Array.from({ length: 5 }, () => gen(B64, 64)).join('\n');
const rsaPem = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----`;
const pkcs8Body = gen(B64, 64);
const pkcs8Pem = `-----BEGIN PRIVATE KEY-----\\n${pkcs8Body}\\n-----END PRIVATE KEY-----`;
const ecBody = gen(B64, 48);
const ecPem = `-----BEGIN EC PRIVATE KEY-----\n${ecBody}`;
const opensshBody = gen(B64, 70);
const awsSecret = gen(B64, 40);
const dbPass = 'pA55' + gen(ALNUM, 10);
const cookieSession = gen(URLSAFE, 32);
const cookieOther = gen(HEX, 24);

export const SECRET_CORPUS: readonly SecretCase[] = [
  one('bearer header', gen(URLSAFE, 40), (s) => `calling upstream with Authorization: Bearer ${s}`),
  one('bearer lower-case', gen(URLSAFE, 32), (s) => `auth bearer ${s} rejected`),
  one('basic credentials', basicCred, (s) => `Authorization: Basic ${s}`),
  one('basic bare', basicCred, (s) => `header was Basic ${s}`),
  one('jwt in message', jwt, (s) => `token accepted ${s} for user`),
  one('jwt alg none', jwtNone, (s) => `jwt=${s}`),
  one('jwt as whole value', jwt, (s) => s),
  one('aws access key id AKIA', 'AKIA' + gen(UPPER_NUM, 16), (s) => `using key ${s} in us-east-1`),
  one('aws temporary key id ASIA', 'ASIA' + gen(UPPER_NUM, 16), (s) => `sts creds ${s}`),
  one('aws secret in env style', awsSecret, (s) => `AWS_SECRET_ACCESS_KEY=${s}`),
  one('aws secret in ini style', awsSecret, (s) => `aws_secret_access_key = ${s}`),
  one('aws secret in json', awsSecret, (s) => `{"SecretAccessKey":"${s}","Region":"eu-west-1"}`),
  { name: 'rsa private key pem', text: `loaded key ${rsaPem} ok`, secrets: pemBody.split('\n') },
  one('pkcs8 key with escaped newlines', pkcs8Body, () => `{"private_key":"${pkcs8Pem}"}`),
  one('unterminated ec key', ecBody, () => `partial ${ecPem}`),
  one('openssh private key', opensshBody, (s) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${s}\n-----END OPENSSH PRIVATE KEY-----`),
  one('url userinfo password', dbPass, (s) => `connecting to postgres://app:${s}@db.internal:5432/main`),
  one('url userinfo https', dbPass, (s) => `fetch https://deploy:${s}@registry.example.com/v2/`),
  one('url token userinfo', 'ghp_' + gen(ALNUM, 36), (s) => `git clone https://${s}@github.com/org/repo.git`),
  one('redis url', gen(ALNUM, 20), (s) => `redis://:${s}@cache:6379/0`),
  one('github classic pat', 'ghp_' + gen(ALNUM, 36), (s) => `GITHUB_TOKEN is ${s}`),
  one('github oauth', 'gho_' + gen(ALNUM, 36), (s) => `oauth token ${s}`),
  one('github app server token', 'ghs_' + gen(ALNUM, 36), (s) => `installation ${s}`),
  one('github fine-grained pat', 'github_pat_' + gen(ALNUM, 22) + '_' + gen(ALNUM, 59), (s) => `pat ${s}`),
  one('gitlab pat', 'glpat-' + gen(URLSAFE, 20), (s) => `gitlab ${s}`),
  one('slack bot token', 'xoxb-' + gen(HEX, 12) + '-' + gen(HEX, 12) + '-' + gen(ALNUM, 24), (s) => `slack ${s}`),
  one('slack user token', 'xoxp-' + gen(HEX, 12) + '-' + gen(ALNUM, 30), (s) => `slack user ${s}`),
  one('slack webhook', 'T' + gen(UPPER_NUM, 8) + '/B' + gen(UPPER_NUM, 8) + '/' + gen(ALNUM, 24), (s) => `posting to https://hooks.slack.com/services/${s}`),
  one('stripe live secret', 'sk_live_' + gen(ALNUM, 24), (s) => `stripe key ${s}`),
  one('stripe restricted', 'rk_live_' + gen(ALNUM, 24), (s) => `stripe rk ${s}`),
  one('stripe webhook secret', 'whsec_' + gen(ALNUM, 32), (s) => `webhook ${s}`),
  one('google api key', 'AIza' + gen(URLSAFE, 35), (s) => `maps ${s}`),
  one('google oauth access token', 'ya29.' + gen(URLSAFE, 60), (s) => `gcp ${s}`),
  one('openai key', 'sk-' + gen(ALNUM, 48), (s) => `OPENAI_API_KEY ${s}`),
  one('openai project key', 'sk-proj-' + gen(URLSAFE, 64), (s) => `key ${s}`),
  one('anthropic key', 'sk-ant-api03-' + gen(URLSAFE, 80), (s) => `anthropic ${s}`),
  one('splunk hec header', uuid(), (s) => `Authorization: Splunk ${s}`),
  one('splunk hec bare', uuid(), (s) => `sending with Splunk ${s} to hec`),
  one('npm token', 'npm_' + gen(ALNUM, 36), (s) => `//registry.npmjs.org/:_authToken=${s}`),
  one('npm token bare', 'npm_' + gen(ALNUM, 36), (s) => `publishing with ${s}`),
  one('hugging face token', 'hf_' + gen(ALNUM, 34), (s) => `downloading model with ${s}`),
  one('nvidia ngc key', 'nvapi-' + gen(URLSAFE, 64), (s) => `ngc ${s}`),
  one('sendgrid key', 'SG.' + gen(URLSAFE, 22) + '.' + gen(URLSAFE, 43), (s) => `mail ${s}`),
  one('password kv', dbPass, (s) => `login failed password=${s} user=bob`),
  one('password json', dbPass, (s) => `body {"username":"bob","password":"${s}"}`),
  one('passwd colon', dbPass, (s) => `passwd: ${s}`),
  one('pwd in connection string', dbPass, (s) => `Server=db;Database=x;User Id=sa;Pwd=${s};`),
  one('azure account key', gen(B64, 86) + '==', (s) => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${s};EndpointSuffix=core.windows.net`),
  one('azure sas sig', gen(B64, 43) + '%3D', (s) => `GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=${s}&se=2030`),
  one('api key query param', gen(ALNUM, 32), (s) => `GET /v1/data?api_key=${s}&page=2`),
  one('access token query param', gen(URLSAFE, 40), (s) => `redirect to /cb#access_token=${s}&token_type=bearer`),
  one('client secret kv', gen(ALNUM, 40), (s) => `client_secret=${s}`),
  one('x-api-key header', gen(ALNUM, 40), (s) => `X-Api-Key: ${s}`),
  { name: 'cookie header', text: `Cookie: theme=dark; session=${cookieSession}; csrf=${cookieOther}`, secrets: [cookieSession, cookieOther] },
  one('set-cookie header', cookieSession, (s) => `Set-Cookie: sid=${s}; Path=/; HttpOnly`),
  one('secret yaml', gen(ALNUM, 24), (s) => `secret: ${s}`),
  one('private key id kv', gen(HEX, 40), (s) => `private_key: ${s}`),
  one('token single-quoted', gen(ALNUM, 30), (s) => `token='${s}'`),
  one('grafana service account', 'glsa_' + gen(ALNUM, 32) + '_' + gen(HEX, 8), (s) => `grafana ${s}`),
  one('digitalocean token', 'dop_v1_' + gen(HEX, 64), (s) => `do ${s}`),
  one('pypi token', 'pypi-AgEIcHlwaS5vcmc' + gen(URLSAFE, 60), (s) => `twine ${s}`),
  one('age secret key', 'AGE-SECRET-KEY-1' + gen(UPPER_NUM, 58), (s) => `age ${s}`),
  // Short credentials after a scheme word, in strings with no `=`, `:` or `@` and no long token run.
  one('short bearer bare', gen(URLSAFE, 12), (s) => `retrying with Bearer ${s} now`),
  one('short basic bare', Buffer.from('u:' + gen(ALNUM, 7)).toString('base64'), (s) => `got Basic ${s} from client`),
  one('short token scheme', gen(ALNUM, 10), (s) => `using Token ${s}`),
];

/** Structured values: objects whose keys (any case or spelling) are sensitive. */
export function sensitiveObject(): { value: Record<string, unknown>; secrets: string[] } {
  const secrets = Array.from({ length: 8 }, () => 'v' + gen(ALNUM, 20));
  return {
    value: {
      user: 'bob',
      Password: secrets[0],
      nested: { API_KEY: secrets[1], list: [{ 'access-token': secrets[2] }, { note: `Bearer ${secrets[3]}` }] },
      headers: { Authorization: `Basic ${secrets[4]}`, 'Set-Cookie': [secrets[5]] },
      db_password: secrets[6],
      hf_token: secrets[7],
      input_tokens: 12,
      output_tokens: 40,
    },
    secrets,
  };
}
