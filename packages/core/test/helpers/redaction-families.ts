/**
 * Issue 12's redaction families (secrets the first corpus missed) and a clean
 * look-alike corpus that must come out unchanged. Values are generated, so no
 * real credential lives in the repository.
 */
import { ALNUM, UPPER_NUM, HEX, B64, URLSAFE, seededText } from './random-text';
import type { SecretCase } from './secret-corpus';

const { gen } = seededText(0x1badb002);
/** A password-like value: letters and digits, always with a digit. */
const pw = () => 'q' + gen(ALNUM, 10) + '7';

/** A Luhn-valid card number with the given prefix and length. */
function card(prefix: string, length: number): string {
  let digits = prefix + gen('0123456789', length - prefix.length - 1);
  for (let check = 0; check < 10; check++) {
    const candidate = digits + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  return digits;
}
const one = (name: string, secret: string, template: (s: string) => string): SecretCase => ({ name, text: template(secret), secrets: [secret] });

const awsSecret = gen(B64, 40);
const pgpBody = Array.from({ length: 4 }, () => gen(B64, 64)).join('\n');
const visa = card('4', 16);
const mc = card('52', 16);
const amex = card('37', 15);
const ampA = gen(ALNUM, 8);
const ampB = gen(ALNUM, 8);

export const FAMILY_CORPUS: readonly SecretCase[] = [
  // Secrets known only from context.
  one('aws secret beside its key id', awsSecret, (s) => `using AKIA${gen(UPPER_NUM, 16)} ${s} for uploads`),
  { name: 'pgp private key block', text: `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${pgpBody}\n-----END PGP PRIVATE KEY BLOCK-----`, secrets: pgpBody.split('\n') },
  one('xml password element', pw(), (s) => `<login><user>bob</user><password>${s}</password></login>`),
  one('double-encoded json password', pw(), (s) => `{"body":"{\\"user\\":\\"bob\\",\\"password\\":\\"${s}\\"}"}`),
  // Payment cards.
  one('visa plain', visa, (s) => `charged card ${s} ok`),
  one('mastercard spaced', mc.replace(/(\d{4})(?=\d)/g, '$1 '), (s) => `card: ${s}`),
  one('amex dashed', amex.slice(0, 4) + '-' + amex.slice(4, 10) + '-' + amex.slice(10), (s) => `amex ${s} declined`),
  // Webhook and presigned URLs.
  one('discord webhook', gen(URLSAFE, 68), (s) => `posting to https://discord.com/api/webhooks/123456789012345678/${s}`),
  one('s3 presigned signature', gen(HEX, 64), (s) =>
    `GET https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-Signature=${s}`),
  one('s3 presigned security token', gen(B64, 60), (s) => `url ?X-Amz-Security-Token=${s}&X-Amz-Expires=60`),
  // Command lines.
  one('curl -u', pw(), (s) => `exec curl -u admin:${s} https://api.internal/health`),
  one('mysql -p', pw(), (s) => `running mysql -h db -u root -p${s} app`),
  one('--password x', pw(), (s) => `pg_dump --password ${s} app`),
  one('.netrc line', pw(), (s) => `machine api.example.com login bob password ${s}`),
  // Values cut short.
  { name: 'value with &', text: `login password=${ampA}&${ampB} failed`, secrets: [ampA, ampB] },
  { name: 'value with spaces', text: 'password=correct horse battery staple', secrets: ['horse', 'battery', 'staple'] },
  // Less common key words.
  one('pass=', pw(), (s) => `db pass=${s}`),
  one('auth=', pw(), (s) => `?auth=${s}`),
  one('subscription key header', gen(HEX, 32), (s) => `Ocp-Apim-Subscription-Key: ${s}`),
  // Prose.
  one('API key: x', gen(ALNUM, 24), (s) => `API key: ${s}`),
  one('password is x', pw(), (s) => `the password is ${s}`),
];

/** Ordinary operational text that looks a little like secrets: must pass through unchanged. */
export const CLEAN_CORPUS: readonly string[] = [
  'request 8372eac7-5f43-4d76-beca-0a94cfb311d0 done',
  // Digit groups of ids that a card pattern without word boundaries would take (Luhn-valid runs inside).
  'x_request_id=f0e1d2c3-b4a5-4000-8000-411111111111',
  'request_id=00000000-0000-4000-8000-411111111111 instance 4111111111111111abc',
  'x_request_id=8372eac7-5f43-4d76-beca-0a94cfb311d0 request_id=req-000123',
  'trace_id=80196f3e3a6fdf06d23bb9ada3788518 span_id=f7e487a9d2a6bf38',
  `pulled image nvcr.io/nvidia/dynamo@sha256:${'ab12'.repeat(16)}`,
  'commit 3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c deployed',
  'input_tokens=512 output_tokens=128 total_tokens=640 max_tokens=2048',
  'prompt token count 1234',
  'token count: 1234',
  'tokens per second 85.2',
  'loading /models/meta-llama/Llama-3.1-8B-Instruct/model-00001-of-00004.safetensors',
  'model=Qwen/Qwen3-0.6B tokenizer=Qwen/Qwen3-0.6B',
  'http://frontend.dynamo.svc.cluster.local:8000/v1/chat/completions 200',
  'connected to nats://nats:4222 and etcd http://etcd:2379',
  'epoch_ms=1733300000000 ts_us=1733300000123456',
  'password is required',
  'password reset email sent to user 42',
  'token expired, refreshing',
  'secret rotation scheduled',
  'API key missing',
  'Authorization header missing',
  'GET /v1/models 200 12ms',
  'retrying in 1000 ms (attempt 2 of 5)',
  'prefill_worker_id=7 decode_worker_id=12 ttft_ms=12.5 avg_itl_ms=3.2',
  'pod frontend-7d9f8b6c5-x2k4p ready',
  'started with --tokens 512 --max-batch 8',
  'curl -s http://frontend:8000/health',
  'user=bob login ok',
];
