// A chardev the test plays the far end of, and an ISA bus whose IRQ lines are recorded.
import { Chardev } from '@tsemu/chardev';
import { qemuAllocateIrq } from '@tsemu/qdev';
import { isaBusRegisterInputIrqs } from '../../src/isa/isa-bus.js';
import { isaHarness } from '../intc/harness.js';

export class LineChardev extends Chardev {
  readonly typeName = 'chardev-test-line';
  out: number[] = [];
  /** bytes the backend takes per write; Infinity = all */
  room = Number.POSITIVE_INFINITY;
  get filename(): string {
    return 'test';
  }
  protected chrWrite(data: Uint8Array): number {
    const n = Math.min(data.length, this.room);
    this.out.push(...data.subarray(0, n));
    return n;
  }
  /** bytes from the far end (queued by the chardev until the front end takes them) */
  feed(bytes: number[] | string): void {
    this.receive(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Uint8Array.from(bytes));
  }
  sendBreak(): void {
    this.event(0);
  }
  text(): string {
    return Buffer.from(this.out).toString('latin1');
  }
}

export function irqHarness() {
  const h = isaHarness();
  const levels = new Array<number>(16).fill(0);
  const raises = new Array<number>(16).fill(0);
  isaBusRegisterInputIrqs(
    h.bus,
    levels.map((_, n) =>
      qemuAllocateIrq(
        (_o, line, level) => {
          if (level && !levels[line]) raises[line]++;
          levels[line] = level;
        },
        undefined,
        n,
      ),
    ),
  );
  return { ...h, levels, raises };
}
