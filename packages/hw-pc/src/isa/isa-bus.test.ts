import { cpuInb, cpuOutb, MemoryRegion, memoryMapInit } from '@tsemu/memory';
import {
  type DeviceClass,
  infoQtree,
  qdevNew,
  qdevRealizeAndUnref,
  qemuAllocateIrq,
  qemuSetIrq,
  sysbusGetDefault,
  TYPE_SYS_BUS_DEVICE,
  typeRegister,
} from '@tsemu/qdev';
import { describe, expect, it } from 'vitest';
import {
  ISADevice,
  isaBusNew,
  isaBusRegisterInputIrqs,
  isaGetIrq,
  isaRegisterIoport,
  TYPE_ISA_DEVICE,
} from './isa-bus.js';

class Latch extends ISADevice {
  value = 0;
}
typeRegister<Latch, DeviceClass>({
  name: 'test-isa-latch',
  parent: TYPE_ISA_DEVICE,
  instance: Latch,
  classInit: (dc) => {
    dc.realize = (d) => {
      const dev = d as Latch;
      const io = MemoryRegion.io('latch', 1, {
        read: () => dev.value,
        write: (_a, v) => {
          dev.value = Number(v);
          qemuSetIrq(isaGetIrq(dev, 5), 1);
        },
      });
      isaRegisterIoport(dev, io, 0x2f0);
    };
  },
});
typeRegister({ name: 'test-isa-bridge', parent: TYPE_SYS_BUS_DEVICE });

describe('ISA bus', () => {
  it('maps device ports into the I/O space and routes IRQs by number', () => {
    const sys = memoryMapInit();
    const bridge = qdevNew('test-isa-bridge');
    const bus = isaBusNew(bridge, sys.systemMemory, sys.systemIo);
    qdevRealizeAndUnref(bridge, sysbusGetDefault());
    expect(bus.name).toBe('isa.0');
    const raised: number[] = [];
    isaBusRegisterInputIrqs(
      bus,
      Array.from({ length: 16 }, (_, n) => qemuAllocateIrq((_o, i, l) => l && raised.push(i), undefined, n)),
    );
    const dev = qdevNew<Latch>('test-isa-latch');
    qdevRealizeAndUnref(dev, bus);
    cpuOutb(sys.addressSpaceIo, 0x2f0, 0x5a);
    expect(cpuInb(sys.addressSpaceIo, 0x2f0)).toBe(0x5a);
    expect(cpuInb(sys.addressSpaceIo, 0x2f1)).toBe(0xff);
    expect(raised).toEqual([5]);
    expect(dev.ioportId).toBe(0x2f0);
    expect(infoQtree()).toContain('bus: isa.0\n      type ISA\n      dev: test-isa-latch');
    expect(() => isaGetIrq(dev, 16)).toThrow('isa irq 16 invalid');
  });
});
