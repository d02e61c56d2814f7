// Interest over rate changes against a plain simple-interest loop: the cost of exact per-half-year
// arithmetic, which runs for every case on every daily run.
import { interest } from '@shared/interest';
import { timeIt, type Figure } from './lib';

export default async function (): Promise<Figure[]> {
  const n = 50_000;
  const exact = await timeIt(() => {
    let total = 0;
    for (let i = 0; i < n; i++) total += interest({ principalOre: 100_000 + i, dueDate: '2022-03-01', paidDate: '2025-11-30' }).interestOre;
    return total;
  });
  const plain = await timeIt(() => {
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.round(((100_000 + i) * 0.12 * 1370) / 365);
    return total;
  });
  return [
    { key: 'shared.interestPerSecond', value: n / (exact.ms / 1000), unit: 'calcs/s', baseline: { label: 'plain float loop calcs/s', value: n / (plain.ms / 1000) } },
  ];
}
