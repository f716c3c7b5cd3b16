// PCI configuration space layout (include/standard-headers/linux/pci_regs.h) and QEMU's ids.
export const PCI_VENDOR_ID = 0x00;
export const PCI_DEVICE_ID = 0x02;
export const PCI_COMMAND = 0x04;
export const PCI_COMMAND_IO = 0x1;
export const PCI_COMMAND_MEMORY = 0x2;
export const PCI_COMMAND_MASTER = 0x4;
export const PCI_COMMAND_SERR = 0x100;
export const PCI_COMMAND_INTX_DISABLE = 0x400;
export const PCI_STATUS = 0x06;
export const PCI_STATUS_INTERRUPT = 0x08;
export const PCI_STATUS_FAST_BACK = 0x80;
export const PCI_STATUS_DEVSEL_MEDIUM = 0x200;
export const PCI_STATUS_W1C = 0xf900;
export const PCI_REVISION_ID = 0x08;
export const PCI_CLASS_PROG = 0x09;
export const PCI_CLASS_DEVICE = 0x0a;
export const PCI_CACHE_LINE_SIZE = 0x0c;
export const PCI_HEADER_TYPE = 0x0e;
export const PCI_HEADER_TYPE_MULTI_FUNCTION = 0x80;
export const PCI_BASE_ADDRESS_0 = 0x10;
export const PCI_BASE_ADDRESS_SPACE_IO = 0x01;
export const PCI_BASE_ADDRESS_MEM_TYPE_64 = 0x04;
export const PCI_BASE_ADDRESS_MEM_PREFETCH = 0x08;
export const PCI_SUBSYSTEM_VENDOR_ID = 0x2c;
export const PCI_SUBSYSTEM_ID = 0x2e;
export const PCI_ROM_ADDRESS = 0x30;
export const PCI_INTERRUPT_LINE = 0x3c;
export const PCI_INTERRUPT_PIN = 0x3d;
export const PCI_CONFIG_HEADER_SIZE = 0x40;
export const PCI_CONFIG_SPACE_SIZE = 0x100;
export const PCI_NUM_REGIONS = 7;
export const PCI_ROM_SLOT = 6;
export const PCI_NUM_PINS = 4;

export const PCI_VENDOR_ID_INTEL = 0x8086;
export const PCI_SUBVENDOR_ID_REDHAT_QUMRANET = 0x1af4;
export const PCI_SUBDEVICE_ID_QEMU = 0x1100;

export const PCI_CLASS_STORAGE_IDE = 0x0101;
export const PCI_CLASS_BRIDGE_HOST = 0x0600;
export const PCI_CLASS_BRIDGE_ISA = 0x0601;
export const PCI_CLASS_BRIDGE_OTHER = 0x0680;

/** pci_class_descriptions: what `info pci` and query-pci call each class. */
export const PCI_CLASS_DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [0x0001, 'VGA controller'],
  [0x0100, 'SCSI controller'],
  [0x0101, 'IDE controller'],
  [0x0102, 'Floppy controller'],
  [0x0103, 'IPI controller'],
  [0x0104, 'RAID controller'],
  [0x0106, 'SATA controller'],
  [0x0107, 'SAS controller'],
  [0x0180, 'Storage controller'],
  [0x0200, 'Ethernet controller'],
  [0x0201, 'Token Ring controller'],
  [0x0202, 'FDDI controller'],
  [0x0203, 'ATM controller'],
  [0x0280, 'Network controller'],
  [0x0300, 'VGA controller'],
  [0x0301, 'XGA controller'],
  [0x0302, '3D controller'],
  [0x0380, 'Display controller'],
  [0x0400, 'Video controller'],
  [0x0401, 'Audio controller'],
  [0x0402, 'Phone'],
  [0x0403, 'Audio controller'],
  [0x0480, 'Multimedia controller'],
  [0x0500, 'RAM controller'],
  [0x0501, 'Flash controller'],
  [0x0580, 'Memory controller'],
  [0x0600, 'Host bridge'],
  [0x0601, 'ISA bridge'],
  [0x0602, 'EISA bridge'],
  [0x0603, 'MC bridge'],
  [0x0604, 'PCI bridge'],
  [0x0605, 'PCMCIA bridge'],
  [0x0606, 'NUBUS bridge'],
  [0x0607, 'CARDBUS bridge'],
  [0x0608, 'RACEWAY bridge'],
  [0x0680, 'Bridge'],
  [0x0700, 'Serial port'],
  [0x0701, 'Parallel port'],
  [0x0703, 'Modem'],
  [0x0780, 'Communication controller'],
  [0x0800, 'PIC'],
  [0x0801, 'DMA controller'],
  [0x0802, 'Timer'],
  [0x0803, 'RTC'],
  [0x0880, 'System peripheral'],
  [0x0900, 'Keyboard'],
  [0x0901, 'Pen'],
  [0x0902, 'Mouse'],
  [0x0903, 'Scanner'],
  [0x0904, 'Gameport'],
  [0x0980, 'Input device controller'],
  [0x0a00, 'Desktop Docking Station'],
  [0x0a80, 'Docking Station'],
  [0x0b00, 'i386'],
  [0x0b01, 'i486'],
  [0x0b02, 'Pentium'],
  [0x0b10, 'Alpha'],
  [0x0b20, 'PowerPC'],
  [0x0b30, 'MIPS'],
  [0x0b40, 'Co-processor'],
  [0x0c00, 'Fireware contorller'],
  [0x0c01, 'Access bus controller'],
  [0x0c02, 'SSA controller'],
  [0x0c03, 'USB controller'],
  [0x0c04, 'Fibre channel controller'],
  [0x0c05, 'SMBus'],
]);
