import { Chardev, type ChardevCommon } from '../chardev.js';

/** Discards output, never produces input (QEMU's chardev-null). */
export class NullChardev extends Chardev {
  readonly typeName = 'chardev-null';
  constructor(label: string, common?: ChardevCommon) {
    super(label, common);
  }
  get filename(): string {
    return 'null';
  }
  protected chrWrite(data: Uint8Array): number {
    return data.length;
  }
}
