// The domain core's hot paths against naive float code doing the same job, so the price of exact
// arithmetic (BigInt, per-half-year rates, one rounding) is visible. Interest runs for every open
// case on every daily run; splits for every payment allocated; parsing for every amount typed.
import { interest } from '@shared/interest';
import { parseOre, splitByRatios } from '@shared/money';
import { percentile, timeIt, type BenchContext, type Figure } from './lib';

/** Median calls per second over `rounds` timed batches of `n` calls. */
async function throughput(n: number, rounds: number, body: (i: number) => number): Promise<number> {
  const rates: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const { ms } = await timeIt(() => {
      for (let i = 0; i < n; i++) sink += body(i);
    });
    rates.push(n / (ms / 1000));
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loop from being optimised away');
  return percentile(rates, 50);
}

export default async function bench(ctx: BenchContext): Promise<Figure[]> {
  const n = ctx.quick ? 2_000 : 20_000;
  const rounds = ctx.quick ? 3 : 7;

  // Interest over 2022-03-01 → 2025-11-30: 8 half-years, 1 370 days.
  const exactInterest = await throughput(n, rounds, (i) => interest({ principalOre: 100_000 + i, dueDate: '2022-03-01', paidDate: '2025-11-30' }).interestOre);
  const floatInterest = await throughput(n, rounds, (i) => Math.round(((100_000 + i) * 0.12 * 1370) / 365));
  ctx.log(`interest: ${n} calls × ${rounds} rounds`);

  const ratios = [125_050, 99_900, 1_000_000, 3_333, 47_000];
  const exactSplit = await throughput(n, rounds, (i) => splitByRatios(1_000_000 + i, ratios)[0]!);
  const floatSplit = await throughput(n, rounds, (i) => {
    const w = ratios.reduce((a, b) => a + b, 0);
    return Math.round(((1_000_000 + i) * ratios[0]!) / w);
  });

  const texts = Array.from({ length: 100 }, (_, i) => `${i + 1}\u00a0${String(i * 7).padStart(3, '0')},${String(i % 100).padStart(2, '0')}`);
  const exactParse = await throughput(n, rounds, (i) => {
    const r = parseOre(texts[i % 100]!);
    return r.ok ? r.value : 0;
  });
  const floatParse = await throughput(n, rounds, (i) => Math.round(Number.parseFloat(texts[i % 100]!.replace(/\u00a0/g, '').replace(',', '.')) * 100));

  return [
    { key: 'shared.interestPerSecond', value: exactInterest, unit: 'calcs/s', baseline: { label: 'one-rate float formula', value: floatInterest } },
    { key: 'shared.splitByRatiosPerSecond', value: exactSplit, unit: 'splits/s', baseline: { label: 'float share of one part', value: floatSplit } },
    { key: 'shared.parseOrePerSecond', value: exactParse, unit: 'parses/s', baseline: { label: 'parseFloat × 100', value: floatParse } },
  ];
}
