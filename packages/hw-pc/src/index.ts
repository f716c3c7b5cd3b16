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
export * from './i386/e820.js';
export * from './i386/ioport.js';
export * from './i386/multiboot.js';
export * from './i386/pc.js';
export * from './i386/runstate.js';
export * from './i386/x86-linux.js';
export * from './isa/piix3.js';
export * from './pci/pci.js';
export * from './pci/pci-info.js';
export * from './pci/pci-regs.js';
export * from './pci-host/i440fx.js';
export * from './pci-host/pci-host.js';
export * from './pci-host/piix-functions.js';
