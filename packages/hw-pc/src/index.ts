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
