// The public API of this package (filled in as the package grows).

export * from './intc/i8259.js';
export * from './isa/isa-bus.js';
export * from './rtc/mc146818rtc.js';
export * from './rtc/pc-cmos.js';
export * from './rtc/rtc-config.js';
export * from './timer/i8254.js';
export * from './timer/pcspk.js';
export * from './intc/info-pic.js';
export * from './intc/ioapic.js';
export * from './char/chardev-object.js';
export * from './char/debugcon.js';
export * from './char/serial.js';
export * from './char/serial-isa.js';
export * from './input/ps2.js';
export * from './misc/a20.js';
export * from './misc/debugexit.js';
export * from './nvram/fw_cfg.js';
