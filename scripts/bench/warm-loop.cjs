// One warm loop, in a fresh process: a function bundle and the floor bundle, invoked in turns of
// `block` calls so the machine's noise falls on both alike. One sample is one invocation; the
// event is parsed from its JSON text first, as the Lambda runtime does, and that is not timed.
// Prints one JSON line: per-call figures in microseconds, one answer, and the peak RSS.
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const spec = JSON.parse(process.argv[2]);
const subject = require(spec.subject).handler;
const floor = require(spec.floor).handler;
const text = readFileSync(spec.event, 'utf8');
// With `eventLines`, the file holds one event per line and call i of a block gets line i (mod
// their number): each call sees an event the handler has not just seen.
const texts = spec.eventLines ? text.split('\n').filter((line) => line !== '') : [text];
const context = {
  functionName: 'bench',
  functionVersion: '$LATEST',
  memoryLimitInMB: '256',
  awsRequestId: 'bench-request',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  getRemainingTimeInMillis: () => 5000,
};

const run = async (handler, calls, samples) => {
  let answer;
  for (let i = 0; i < calls; i += 1) {
    const event = JSON.parse(texts[i % texts.length]);
    const start = performance.now();
    answer = await handler(event, context);
    const end = performance.now();
    samples?.push((end - start) * 1000);
  }
  return answer;
};

const summary = (samples) => {
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { samples: sorted.length, median: at(0.5), p99: at(0.99), min: sorted[0] };
};

(async () => {
  const answer = await run(subject, spec.warmup);
  await run(floor, spec.warmup);
  const mine = [];
  const base = [];
  for (let done = 0; done < spec.samples; done += spec.block) {
    await run(subject, spec.block, mine);
    await run(floor, spec.block, base);
  }
  process.stdout.write(
    `${JSON.stringify({
      subject: summary(mine),
      floor: summary(base),
      answer,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    })}\n`,
  );
})();
