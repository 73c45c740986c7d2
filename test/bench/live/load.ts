/**
 * The load generator of `npm run bench:live`, in a process of its own (so
 * that its CPU is scheduled apart from the benchmark's parent and the
 * platform, as a real client's would be): autocannon posts 50-event batches
 * with unique event ids, for `--duration` seconds or until `--events` events
 * were sent, and prints one JSON line `{ acknowledged, errors, timeouts, requests, seconds }`
 * (`errors`: answers other than 202 and socket errors; `timeouts`: no answer within 30 s).
 *
 *   node test/bench/live/load.ts --url http://127.0.0.1:PORT --run ab12 --recommendation rec --creator cr [--connections 64] [--duration 10 | --events 1000000 [--max-seconds 600]]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { READER_AGENT } from '../../helpers/reader.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    run: { type: 'string' },
    recommendation: { type: 'string' },
    creator: { type: 'string' },
    connections: { type: 'string', default: '64' },
    duration: { type: 'string', default: '10' },
    // With --events: the run ends after this many seconds even if not every batch was sent (bounded in time).
    'max-seconds': { type: 'string', default: '600' },
    events: { type: 'string' },
  },
});
const BATCH = 50;
const events = values.events === undefined ? undefined : Number(values.events);
const at = new Date().toISOString();
let batches = 0;
let acknowledged = 0;
let errors = 0;
// The body around the ids is made once: the load generator's CPU is the platform's too on 2 cores.
const head = JSON.stringify({ type: 'impression', at, recommendationId: values.recommendation, creatorId: values.creator }).slice(1);
const started = performance.now();
let cap: ReturnType<typeof setTimeout> | undefined;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon({
    url: values.url!,
    connections: Number(values.connections),
    // autocannon ignores `duration` once `amount` is set: the cap on an --events run is the timer below.
    ...(events === undefined ? { duration: Number(values.duration) } : { amount: Math.ceil(events / BATCH) }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/v1/events',
        headers: { 'content-type': 'text/plain', 'user-agent': READER_AGENT },
        setupRequest: (request) => {
          const n = batches++;
          let body = '{"events":[';
          for (let i = 0; i < BATCH; i++) body += `${i === 0 ? '' : ','}{"id":"${`evt-${values.run}-${n}-${i}`.padEnd(16, '0')}",${head}`;
          return { ...request, body: `${body}]}` };
        },
        onResponse: (status, body) => {
          if (status === 202) acknowledged += (JSON.parse(body) as { accepted: number }).accepted;
          else errors += 1;
        },
      },
    ],
  }, (error: unknown, done: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)));
  // An --events run stops after --max-seconds, sent or not (bounded in time): the caller checks the count.
  if (events !== undefined) cap = setTimeout(() => instance.stop(), Number(values['max-seconds']) * 1000);
});
clearTimeout(cap);
const seconds = (performance.now() - started) / 1000;
// autocannon counts a timeout among its errors too.
process.stdout.write(`${JSON.stringify({ acknowledged, errors: errors + result.errors - result.timeouts, timeouts: result.timeouts, requests: result.requests.total, seconds })}\n`);
