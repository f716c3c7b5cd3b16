// Real-world qemu-system-x86_64 command-line fragments (QEMU's documentation, libvirt-generated
// command lines, distribution guides) and the option groups QEMU 7.2's vl.c builds from them.
// Each expected entry is [group, dict]; dict values are what the QDict holds.

export type Fragment = [argv: string[], entries: [string, Record<string, unknown>][]];

const a = (s: string) => s.split(' ');

export const FRAGMENTS: Fragment[] = [
  // memory and CPUs
  [a('-m 512'), [['memory', { size: '512' }]]],
  [a('-m 4G'), [['memory', { size: '4G' }]]],
  [a('-m size=2G,slots=4,maxmem=8G'), [['memory', { size: '2G', slots: '4', maxmem: '8G' }]]],
  [a('-m 1G -m maxmem=4G'), [['memory', { size: '1G', maxmem: '4G' }]]],
  [a('-smp 4'), [['machine', { smp: { cpus: '4' } }]]],
  [
    a('-smp 8,sockets=2,cores=2,threads=2'),
    [['machine', { smp: { cpus: '8', sockets: '2', cores: '2', threads: '2' } }]],
  ],
  [a('-smp cpus=2,maxcpus=4'), [['machine', { smp: { cpus: '2', maxcpus: '4' } }]]],
  [
    a('-smp 1,sockets=1,dies=1,cores=1,threads=1'),
    [['machine', { smp: { cpus: '1', sockets: '1', dies: '1', cores: '1', threads: '1' } }]],
  ],
  [a('-cpu host'), [['cpu', { arg: 'host' }]]],
  [a('-cpu qemu64,+ssse3,-svm'), [['cpu', { arg: 'qemu64,+ssse3,-svm' }]]],
  [
    a('-cpu Skylake-Client-IBRS,ss=on,vmx=on,hypervisor=on,tsc-adjust=on'),
    [['cpu', { arg: 'Skylake-Client-IBRS,ss=on,vmx=on,hypervisor=on,tsc-adjust=on' }]],
  ],
  // machine and accelerator
  [a('-machine q35'), [['machine', { type: 'q35' }]]],
  [a('-M pc,accel=kvm'), [['machine', { type: 'pc', accel: 'kvm' }]]],
  [
    a('-machine pc-i440fx-7.2,usb=off,dump-guest-core=off'),
    [['machine', { type: 'pc-i440fx-7.2', usb: 'off', 'dump-guest-core': 'off' }]],
  ],
  [
    a('-machine pc-q35-7.2,usb=off,vmport=off,smm=on,dump-guest-core=off,memory-backend=pc.ram'),
    [
      [
        'machine',
        {
          type: 'pc-q35-7.2',
          usb: 'off',
          vmport: 'off',
          smm: 'on',
          'dump-guest-core': 'off',
          'memory-backend': 'pc.ram',
        },
      ],
    ],
  ],
  [
    a('-machine q35,smm=on,kernel-irqchip=split'),
    [['machine', { type: 'q35', smm: 'on', 'kernel-irqchip': 'split' }]],
  ],
  [
    a('-machine type=pc,vmport=off -machine hpet=off'),
    [['machine', { type: 'pc', vmport: 'off', hpet: 'off' }]],
  ],
  [
    a('-M microvm,x-option-roms=off,isa-serial=off,rtc=off'),
    [['machine', { type: 'microvm', 'x-option-roms': 'off', 'isa-serial': 'off', rtc: 'off' }]],
  ],
  [
    a('-machine pc -smp 2 -machine accel=tcg'),
    [['machine', { type: 'pc', smp: { cpus: '2' }, accel: 'tcg' }]],
  ],
  [a('-accel kvm'), [['accel', { accel: 'kvm' }]]],
  [
    a('-accel tcg,thread=multi,tb-size=512'),
    [['accel', { accel: 'tcg', thread: 'multi', 'tb-size': '512' }]],
  ],
  [
    a('-accel kvm -accel tcg'),
    [
      ['accel', { accel: 'kvm' }],
      ['accel', { accel: 'tcg' }],
    ],
  ],
  [a('-enable-kvm'), [['accel', { accel: 'kvm' }]]],
  // devices
  [
    a('-device e1000,netdev=n0,mac=52:54:00:12:34:56'),
    [['device', { driver: 'e1000', netdev: 'n0', mac: '52:54:00:12:34:56' }]],
  ],
  [
    a('-device virtio-net-pci,netdev=hostnet0,id=net0,mac=52:54:00:6b:3c:58,bus=pci.0,addr=0x3'),
    [
      [
        'device',
        {
          driver: 'virtio-net-pci',
          netdev: 'hostnet0',
          id: 'net0',
          mac: '52:54:00:6b:3c:58',
          bus: 'pci.0',
          addr: '0x3',
        },
      ],
    ],
  ],
  [
    [
      '-device',
      '{"driver":"virtio-blk-pci","bus":"pci.0","addr":"0x4","drive":"libvirt-1-format","id":"virtio-disk0","bootindex":1}',
    ],
    [
      [
        'device',
        {
          driver: 'virtio-blk-pci',
          bus: 'pci.0',
          addr: '0x4',
          drive: 'libvirt-1-format',
          id: 'virtio-disk0',
          bootindex: 1,
        },
      ],
    ],
  ],
  [
    ['-device', '{"driver":"cirrus-vga","id":"video0","bus":"pci.0","addr":"0x2"}'],
    [['device', { driver: 'cirrus-vga', id: 'video0', bus: 'pci.0', addr: '0x2' }]],
  ],
  [
    a('-device isa-serial,chardev=ser0,id=com1'),
    [['device', { driver: 'isa-serial', chardev: 'ser0', id: 'com1' }]],
  ],
  [a('-device virtio-serial-pci,id=vser0'), [['device', { driver: 'virtio-serial-pci', id: 'vser0' }]]],
  [
    a('-device virtserialport,bus=vser0.0,chardev=vsp0,name=org.qemu.guest_agent.0,id=port0'),
    [
      [
        'device',
        {
          driver: 'virtserialport',
          bus: 'vser0.0',
          chardev: 'vsp0',
          name: 'org.qemu.guest_agent.0',
          id: 'port0',
        },
      ],
    ],
  ],
  [
    a('-device isa-debugcon,iobase=0xe9,chardev=dbg,id=debugcon'),
    [['device', { driver: 'isa-debugcon', iobase: '0xe9', chardev: 'dbg', id: 'debugcon' }]],
  ],
  [
    a('-device isa-debug-exit,iobase=0xf4,iosize=0x04'),
    [['device', { driver: 'isa-debug-exit', iobase: '0xf4', iosize: '0x04' }]],
  ],
  [a('-device pvpanic'), [['device', { driver: 'pvpanic' }]]],
  [
    a('-device qemu-xhci,id=xhci -device usb-tablet,bus=xhci.0'),
    [
      ['device', { driver: 'qemu-xhci', id: 'xhci' }],
      ['device', { driver: 'usb-tablet', bus: 'xhci.0' }],
    ],
  ],
  [
    a('-device ide-hd,bus=ide.0,unit=0,drive=disk0,id=ide0-0-0'),
    [['device', { driver: 'ide-hd', bus: 'ide.0', unit: '0', drive: 'disk0', id: 'ide0-0-0' }]],
  ],
  [
    a('-device virtio-scsi-pci,id=scsi0 -device scsi-hd,drive=d1,bus=scsi0.0'),
    [
      ['device', { driver: 'virtio-scsi-pci', id: 'scsi0' }],
      ['device', { driver: 'scsi-hd', drive: 'd1', bus: 'scsi0.0' }],
    ],
  ],
  [
    a('-device vfio-pci,host=01:00.0,multifunction=on'),
    [['device', { driver: 'vfio-pci', host: '01:00.0', multifunction: 'on' }]],
  ],
  [a('-device VGA,vgamem_mb=16'), [['device', { driver: 'VGA', vgamem_mb: '16' }]]],
  [
    a('-device intel-hda -device hda-duplex'),
    [
      ['device', { driver: 'intel-hda' }],
      ['device', { driver: 'hda-duplex' }],
    ],
  ],
  [
    a('-device pcie-root-port,port=0x10,chassis=1,id=pci.1,bus=pcie.0,multifunction=on,addr=0x2'),
    [
      [
        'device',
        {
          driver: 'pcie-root-port',
          port: '0x10',
          chassis: '1',
          id: 'pci.1',
          bus: 'pcie.0',
          multifunction: 'on',
          addr: '0x2',
        },
      ],
    ],
  ],
  [
    a('-device virtio-balloon-pci,id=balloon0'),
    [['device', { driver: 'virtio-balloon-pci', id: 'balloon0' }]],
  ],
  [
    a('-device virtio-rng-pci,rng=objrng0,id=rng0'),
    [['device', { driver: 'virtio-rng-pci', rng: 'objrng0', id: 'rng0' }]],
  ],
  [a('-device driver=e1000,id=n1'), [['device', { driver: 'e1000', id: 'n1' }]]],
  [
    a('-device usb-host,hostbus=1,hostaddr=4'),
    [['device', { driver: 'usb-host', hostbus: '1', hostaddr: '4' }]],
  ],
  [
    a('-device piix3-usb-uhci,id=usb,bus=pci.0,addr=0x1.0x2'),
    [['device', { driver: 'piix3-usb-uhci', id: 'usb', bus: 'pci.0', addr: '0x1.0x2' }]],
  ],
  // objects
  [
    a('-object rng-random,id=objrng0,filename=/dev/urandom'),
    [['object', { 'qom-type': 'rng-random', id: 'objrng0', filename: '/dev/urandom' }]],
  ],
  [
    a('-object memory-backend-ram,id=ram0,size=64M'),
    [['object', { 'qom-type': 'memory-backend-ram', id: 'ram0', size: '64M' }]],
  ],
  [
    a('-object memory-backend-file,id=mem,size=1G,mem-path=/dev/hugepages,share=on'),
    [
      [
        'object',
        {
          'qom-type': 'memory-backend-file',
          id: 'mem',
          size: '1G',
          'mem-path': '/dev/hugepages',
          share: 'on',
        },
      ],
    ],
  ],
  [
    ['-object', '{"qom-type":"memory-backend-ram","id":"pc.ram","size":1073741824}'],
    [['object', { 'qom-type': 'memory-backend-ram', id: 'pc.ram', size: 1073741824 }]],
  ],
  [
    [
      '-object',
      '{"qom-type":"secret","id":"masterKey0","format":"raw","file":"/var/lib/libvirt/qemu/domain-1-vm/master-key.aes"}',
    ],
    [
      [
        'object',
        {
          'qom-type': 'secret',
          id: 'masterKey0',
          format: 'raw',
          file: '/var/lib/libvirt/qemu/domain-1-vm/master-key.aes',
        },
      ],
    ],
  ],
  [
    a('-object secret,id=sec0,data=letmein,format=raw'),
    [['object', { 'qom-type': 'secret', id: 'sec0', data: 'letmein', format: 'raw' }]],
  ],
  [a('-object iothread,id=iothread0'), [['object', { 'qom-type': 'iothread', id: 'iothread0' }]]],
  [
    a('-object tls-creds-x509,id=tls0,dir=/etc/pki/qemu,endpoint=server,verify-peer=on'),
    [
      [
        'object',
        {
          'qom-type': 'tls-creds-x509',
          id: 'tls0',
          dir: '/etc/pki/qemu',
          endpoint: 'server',
          'verify-peer': 'on',
        },
      ],
    ],
  ],
  [
    a('-object cryptodev-backend-builtin,id=cryptodev0'),
    [['object', { 'qom-type': 'cryptodev-backend-builtin', id: 'cryptodev0' }]],
  ],
  [
    a('-object memory-backend-ram,id=mem0,size=1G -numa node,memdev=mem0'),
    [
      ['object', { 'qom-type': 'memory-backend-ram', id: 'mem0', size: '1G' }],
      ['numa', { type: 'node', memdev: 'mem0' }],
    ],
  ],
  // networking
  [a('-netdev user,id=n0'), [['netdev', { type: 'user', id: 'n0' }]]],
  [
    a('-netdev user,id=net0,hostfwd=tcp::2222-:22'),
    [['netdev', { type: 'user', id: 'net0', hostfwd: 'tcp::2222-:22' }]],
  ],
  [
    a('-netdev tap,id=hostnet0,ifname=tap0,script=no,downscript=no'),
    [['netdev', { type: 'tap', id: 'hostnet0', ifname: 'tap0', script: 'no', downscript: 'no' }]],
  ],
  [a('-netdev bridge,id=hn0,br=virbr0'), [['netdev', { type: 'bridge', id: 'hn0', br: 'virbr0' }]]],
  [a('-netdev socket,id=s0,listen=:1234'), [['netdev', { type: 'socket', id: 's0', listen: ':1234' }]]],
  [
    ['-netdev', '{"type":"tap","fd":"35","vhost":true,"vhostfd":"37","id":"hostnet0"}'],
    [['netdev', { type: 'tap', fd: '35', vhost: true, vhostfd: '37', id: 'hostnet0' }]],
  ],
  [a('-netdev user,id=n1,smb=/tmp,,share'), [['netdev', { type: 'user', id: 'n1', smb: '/tmp,share' }]]],
  [a('-nic user,model=virtio-net-pci'), [['nic', { type: 'user', model: 'virtio-net-pci' }]]],
  [a('-nic none'), [['nic', { type: 'none' }]]],
  [
    a('-net nic,model=e1000 -net user'),
    [
      ['net', { type: 'nic', model: 'e1000' }],
      ['net', { type: 'user' }],
    ],
  ],
  // character devices and monitors
  [
    a('-chardev socket,id=mon0,path=/tmp/mon.sock,server=on,wait=off'),
    [['chardev', { backend: 'socket', id: 'mon0', path: '/tmp/mon.sock', server: 'on', wait: 'off' }]],
  ],
  [
    a('-chardev file,id=ser0,path=/tmp/serial.log'),
    [['chardev', { backend: 'file', id: 'ser0', path: '/tmp/serial.log' }]],
  ],
  [a('-chardev null,id=dbg'), [['chardev', { backend: 'null', id: 'dbg' }]]],
  [
    a('-chardev stdio,id=char0,mux=on,signal=off'),
    [['chardev', { backend: 'stdio', id: 'char0', mux: 'on', signal: 'off' }]],
  ],
  [a('-chardev pty,id=charserial0'), [['chardev', { backend: 'pty', id: 'charserial0' }]]],
  [
    a('-chardev socket,id=charmonitor,fd=33,server=on,wait=off'),
    [['chardev', { backend: 'socket', id: 'charmonitor', fd: '33', server: 'on', wait: 'off' }]],
  ],
  [
    a('-chardev socket,id=qga0,path=/tmp/qga.sock,server,nowait'),
    [['chardev', { backend: 'socket', id: 'qga0', path: '/tmp/qga.sock', server: 'on', wait: 'off' }]],
  ],
  [
    a('-chardev spicevmc,id=vdagent,name=vdagent'),
    [['chardev', { backend: 'spicevmc', id: 'vdagent', name: 'vdagent' }]],
  ],
  [
    a('-chardev file,id=c0,path=/nonexistent/dir,,x/f'),
    [['chardev', { backend: 'file', id: 'c0', path: '/nonexistent/dir,x/f' }]],
  ],
  [
    a('-mon chardev=charmonitor,id=monitor,mode=control'),
    [['mon', { chardev: 'charmonitor', id: 'monitor', mode: 'control' }]],
  ],
  [a('-mon mon0,mode=readline'), [['mon', { chardev: 'mon0', mode: 'readline' }]]],
  [a('-serial stdio'), [['serial', { arg: 'stdio' }]]],
  [a('-serial mon:stdio'), [['serial', { arg: 'mon:stdio' }]]],
  [
    a('-serial none -parallel none'),
    [
      ['serial', { arg: 'none' }],
      ['parallel', { arg: 'none' }],
    ],
  ],
  [a('-monitor stdio'), [['monitor', { arg: 'stdio' }]]],
  [
    a('-qmp unix:/tmp/qmp.sock,server=on,wait=off'),
    [['qmp', { arg: 'unix:/tmp/qmp.sock,server=on,wait=off' }]],
  ],
  [a('-qmp tcp:localhost:4444,server,nowait'), [['qmp', { arg: 'tcp:localhost:4444,server,nowait' }]]],
  [a('-debugcon file:debug.log'), [['debugcon', { arg: 'file:debug.log' }]]],
  // block devices
  [
    a('-drive file=disk.img,format=raw,if=virtio'),
    [['drive', { file: 'disk.img', format: 'raw', if: 'virtio' }]],
  ],
  [
    a('-drive if=none,id=disk0,file=/tmp/rich-disk.img,format=raw'),
    [['drive', { if: 'none', id: 'disk0', file: '/tmp/rich-disk.img', format: 'raw' }]],
  ],
  [
    a('-drive file=disk.qcow2,if=none,id=drive-virtio-disk0,format=qcow2,cache=none,aio=native'),
    [
      [
        'drive',
        {
          file: 'disk.qcow2',
          if: 'none',
          id: 'drive-virtio-disk0',
          format: 'qcow2',
          cache: 'none',
          aio: 'native',
        },
      ],
    ],
  ],
  [
    a('-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd'),
    [['drive', { if: 'pflash', format: 'raw', readonly: 'on', file: '/usr/share/OVMF/OVMF_CODE.fd' }]],
  ],
  [
    a('-drive media=cdrom,file=debian.iso,readonly=on'),
    [['drive', { media: 'cdrom', file: 'debian.iso', readonly: 'on' }]],
  ],
  [
    a('-drive file=/dev/sdb,format=raw,if=none,id=hd1,cache.direct=on'),
    [['drive', { file: '/dev/sdb', format: 'raw', if: 'none', id: 'hd1', 'cache.direct': 'on' }]],
  ],
  [a('-drive file=fat:rw:/srv/share,format=raw'), [['drive', { file: 'fat:rw:/srv/share', format: 'raw' }]]],
  [a('-hda disk.img'), [['drive', { media: 'disk', index: '0', file: 'disk.img' }]]],
  [a('disk.img'), [['drive', { media: 'disk', index: '0', file: 'disk.img' }]]],
  [a('-hdb second.img'), [['drive', { media: 'disk', index: '1', file: 'second.img' }]]],
  [a('-cdrom cd.iso'), [['drive', { media: 'cdrom', index: '2', file: 'cd.iso' }]]],
  [a('-fda floppy.img'), [['drive', { if: 'floppy', index: '0', file: 'floppy.img' }]]],
  [a('-pflash flash.bin'), [['drive', { if: 'pflash', file: 'flash.bin' }]]],
  [
    a('-blockdev driver=file,node-name=f0,filename=disk.qcow2'),
    [['blockdev', { driver: 'file', 'node-name': 'f0', filename: 'disk.qcow2' }]],
  ],
  [
    a('-blockdev qcow2,node-name=q0,file=f0'),
    [['blockdev', { driver: 'qcow2', 'node-name': 'q0', file: 'f0' }]],
  ],
  [
    a('-blockdev driver=qcow2,node-name=q1,file.driver=file,file.filename=a.qcow2'),
    [['blockdev', { driver: 'qcow2', 'node-name': 'q1', file: { driver: 'file', filename: 'a.qcow2' } }]],
  ],
  [
    [
      '-blockdev',
      '{"driver":"file","filename":"/var/lib/libvirt/images/vm.qcow2","node-name":"libvirt-1-storage","auto-read-only":true,"discard":"unmap"}',
    ],
    [
      [
        'blockdev',
        {
          driver: 'file',
          filename: '/var/lib/libvirt/images/vm.qcow2',
          'node-name': 'libvirt-1-storage',
          'auto-read-only': true,
          discard: 'unmap',
        },
      ],
    ],
  ],
  [
    a('-blockdev driver=raw,node-name=r0,file.driver=host_device,file.filename=/dev/sdb,cache.direct=on'),
    [
      [
        'blockdev',
        {
          driver: 'raw',
          'node-name': 'r0',
          file: { driver: 'host_device', filename: '/dev/sdb' },
          cache: { direct: 'on' },
        },
      ],
    ],
  ],
  [
    a('-blockdev driver=quorum,node-name=qu,children.0=a,children.1=b,vote-threshold=2'),
    [['blockdev', { driver: 'quorum', 'node-name': 'qu', children: ['a', 'b'], 'vote-threshold': '2' }]],
  ],
  [
    a(
      '-blockdev driver=nbd,node-name=n0,server.type=inet,server.host=localhost,server.port=10809,export=disk',
    ),
    [
      [
        'blockdev',
        {
          driver: 'nbd',
          'node-name': 'n0',
          server: { type: 'inet', host: 'localhost', port: '10809' },
          export: 'disk',
        },
      ],
    ],
  ],
  // firmware, kernel boot
  [
    ['-kernel', 'bzImage', '-initrd', 'initramfs.cpio.gz', '-append', 'console=ttyS0 quiet'],
    [['machine', { kernel: 'bzImage', initrd: 'initramfs.cpio.gz', append: 'console=ttyS0 quiet' }]],
  ],
  [a('-bios OVMF.fd'), [['machine', { firmware: 'OVMF.fd' }]]],
  [a('-dtb board.dtb'), [['machine', { dtb: 'board.dtb' }]]],
  [a('-M pc -usb -no-hpet -no-acpi'), [['machine', { type: 'pc', usb: 'on', hpet: 'off', acpi: 'off' }]]],
  [a('-boot d'), [['machine', { boot: { order: 'd' } }]]],
  [
    a('-boot order=cd,menu=on,splash-time=5000'),
    [['machine', { boot: { order: 'cd', menu: 'on', 'splash-time': '5000' } }]],
  ],
  [a('-boot strict=on'), [['machine', { boot: { strict: 'on' } }]]],
  [a('-option-rom pxe.rom'), [['option-rom', { romfile: 'pxe.rom' }]]],
  [
    a('-fw_cfg name=opt/com.example/blob,file=./blob.bin'),
    [['fw_cfg', { name: 'opt/com.example/blob', file: './blob.bin' }]],
  ],
  [a('-fw_cfg name=opt/x,string=hello'), [['fw_cfg', { name: 'opt/x', string: 'hello' }]]],
  [
    a('-smbios type=1,manufacturer=QEMU,product=PC'),
    [['smbios', { type: '1', manufacturer: 'QEMU', product: 'PC' }]],
  ],
  [
    a('-smbios type=0,vendor=LENOVO,version=1.0'),
    [['smbios', { type: '0', vendor: 'LENOVO', version: '1.0' }]],
  ],
  [a('-acpitable file=SLIC.bin'), [['acpitable', { file: 'SLIC.bin' }]]],
  // run control, actions
  [a('-no-reboot'), [['action', { reboot: 'shutdown' }]]],
  [a('-no-shutdown'), [['action', { shutdown: 'pause' }]]],
  [
    a('-no-reboot -action panic=pause,watchdog=poweroff'),
    [['action', { reboot: 'shutdown', panic: 'pause', watchdog: 'poweroff' }]],
  ],
  [a('-rtc base=utc,driftfix=slew'), [['rtc', { base: 'utc', driftfix: 'slew' }]]],
  [a('-rtc base=localtime,clock=host'), [['rtc', { base: 'localtime', clock: 'host' }]]],
  [a('-rtc base=2006-06-17T16:01:21'), [['rtc', { base: '2006-06-17T16:01:21' }]]],
  [a('-name guest=vm1,debug-threads=on'), [['name', { guest: 'vm1', 'debug-threads': 'on' }]]],
  [a('-name myvm'), [['name', { guest: 'myvm' }]]],
  [
    a('-global kvm-pit.lost_tick_policy=delay'),
    [['global', { driver: 'kvm-pit', property: 'lost_tick_policy', value: 'delay' }]],
  ],
  [
    a('-global driver=cfi.pflash01,property=secure,value=on'),
    [['global', { driver: 'cfi.pflash01', property: 'secure', value: 'on' }]],
  ],
  [a('-global isa-fdc.driveA='), [['global', { driver: 'isa-fdc', property: 'driveA', value: '' }]]],
  [
    a('-global ICH9-LPC.disable_s3=1'),
    [['global', { driver: 'ICH9-LPC', property: 'disable_s3', value: '1' }]],
  ],
  [a('-icount shift=7,align=off,sleep=on'), [['icount', { shift: '7', align: 'off', sleep: 'on' }]]],
  [a('-icount auto'), [['icount', { shift: 'auto' }]]],
  [a('-overcommit mem-lock=off,cpu-pm=on'), [['overcommit', { 'mem-lock': 'off', 'cpu-pm': 'on' }]]],
  [a('-msg timestamp=on'), [['msg', { timestamp: 'on' }]]],
  [
    a('-sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny'),
    [
      [
        'sandbox',
        { enable: 'on', obsolete: 'deny', elevateprivileges: 'deny', spawn: 'deny', resourcecontrol: 'deny' },
      ],
    ],
  ],
  [
    a('-numa node,nodeid=0,cpus=0-1,memdev=ram0'),
    [['numa', { type: 'node', nodeid: '0', cpus: '0-1', memdev: 'ram0' }]],
  ],
  [a('-numa dist,src=0,dst=1,val=21'), [['numa', { type: 'dist', src: '0', dst: '1', val: '21' }]]],
  [
    a('-tpmdev passthrough,id=tpm0,path=/dev/tpm0'),
    [['tpmdev', { type: 'passthrough', id: 'tpm0', path: '/dev/tpm0' }]],
  ],
  [
    a('-tpmdev emulator,id=tpm0,chardev=chrtpm'),
    [['tpmdev', { type: 'emulator', id: 'tpm0', chardev: 'chrtpm' }]],
  ],
  [
    a('-fsdev local,id=fs0,path=/srv,security_model=mapped-xattr'),
    [['fsdev', { fsdriver: 'local', id: 'fs0', path: '/srv', security_model: 'mapped-xattr' }]],
  ],
  [
    a('-virtfs local,path=/srv,mount_tag=host0,security_model=passthrough,id=host0'),
    [
      [
        'virtfs',
        { fsdriver: 'local', path: '/srv', mount_tag: 'host0', security_model: 'passthrough', id: 'host0' },
      ],
    ],
  ],
  [a('-trace enable=virtio_*,file=/tmp/trace'), [['trace', { enable: 'virtio_*', file: '/tmp/trace' }]]],
  [a('-trace events=/tmp/events'), [['trace', { events: '/tmp/events' }]]],
  [a('-plugin ./libhotblocks.so,arg=inline'), [['plugin', { file: './libhotblocks.so', arg: 'inline' }]]],
  [a('-add-fd fd=3,set=2,opaque=rdwr'), [['add-fd', { fd: '3', set: '2', opaque: 'rdwr' }]]],
  [
    a('-semihosting-config enable=on,target=native'),
    [['semihosting-config', { enable: 'on', target: 'native' }]],
  ],
  [
    a('-iscsi initiator-name=iqn.2001-04.com.example:my-initiator'),
    [['iscsi', { 'initiator-name': 'iqn.2001-04.com.example:my-initiator' }]],
  ],
  // display and audio
  [
    a('-spice port=5900,addr=127.0.0.1,disable-ticketing=on'),
    [['spice', { port: '5900', addr: '127.0.0.1', 'disable-ticketing': 'on' }]],
  ],
  [a('-vnc :0'), [['vnc', { vnc: ':0' }]]],
  [a('-vnc 127.0.0.1:1,password=on'), [['vnc', { vnc: '127.0.0.1:1', password: 'on' }]]],
  [a('-display none'), [['display', { type: 'none' }]]],
  [a('-display gtk,gl=on,show-cursor=on'), [['display', { type: 'gtk', gl: 'on', 'show-cursor': 'on' }]]],
  [a('-display sdl,gl=on'), [['display', { type: 'sdl', gl: 'on' }]]],
  [
    a('-display egl-headless,rendernode=/dev/dri/renderD128'),
    [['display', { type: 'egl-headless', rendernode: '/dev/dri/renderD128' }]],
  ],
  [a('-audiodev pa,id=snd0'), [['audiodev', { driver: 'pa', id: 'snd0' }]]],
  [a('-audiodev driver=none,id=noaudio'), [['audiodev', { driver: 'none', id: 'noaudio' }]]],
  [
    a('-audiodev alsa,id=a0,out.frequency=48000,out.channels=2'),
    [['audiodev', { driver: 'alsa', id: 'a0', out: { frequency: '48000', channels: '2' } }]],
  ],
  [a('-vga std'), [['vga', { arg: 'std' }]]],
  [a('-vga none'), [['vga', { arg: 'none' }]]],
  [a('-k de'), [['k', { arg: 'de' }]]],
  [a('-nographic'), [['nographic', {}]]],
  // misc
  [
    a('-nodefaults -no-user-config'),
    [
      ['nodefaults', {}],
      ['no-user-config', {}],
    ],
  ],
  [
    a('-S -s'),
    [
      ['S', {}],
      ['s', {}],
    ],
  ],
  [a('-gdb tcp::1234'), [['gdb', { arg: 'tcp::1234' }]]],
  [a('-snapshot'), [['snapshot', {}]]],
  [
    a('-daemonize -pidfile /run/vm.pid'),
    [
      ['daemonize', {}],
      ['pidfile', { arg: '/run/vm.pid' }],
    ],
  ],
  [
    a('-d int,cpu_reset -D /tmp/qemu.log'),
    [
      ['d', { arg: 'int,cpu_reset' }],
      ['D', { arg: '/tmp/qemu.log' }],
    ],
  ],
  [
    a('-uuid 6b29fc40-ca47-1067-b31d-00dd010662da'),
    [['uuid', { arg: '6b29fc40-ca47-1067-b31d-00dd010662da' }]],
  ],
  [a('-L /usr/share/qemu'), [['L', { arg: '/usr/share/qemu' }]]],
  [a('-incoming defer'), [['incoming', { arg: 'defer' }]]],
  [a('-incoming tcp:0:4444'), [['incoming', { arg: 'tcp:0:4444' }]]],
  [a('-loadvm snap1'), [['loadvm', { arg: 'snap1' }]]],
  [
    a('-mem-path /dev/hugepages -mem-prealloc'),
    [
      ['mem-path', { arg: '/dev/hugepages' }],
      ['mem-prealloc', {}],
    ],
  ],
  [
    a('-compat deprecated-input=reject,deprecated-output=hide'),
    [['compat', { 'deprecated-input': 'reject', 'deprecated-output': 'hide' }]],
  ],
  [
    a('-device e1000,id=n0 -set device.n0.mac=52:54:00:00:00:99'),
    [['device', { driver: 'e1000', id: 'n0', mac: '52:54:00:00:00:99' }]],
  ],
  [
    a('-drive if=none,id=d0,file=a.img -set drive.d0.format=raw'),
    [['drive', { if: 'none', id: 'd0', file: 'a.img', format: 'raw' }]],
  ],
  [
    a('--machine q35 --m 2G'),
    [
      ['machine', { type: 'q35' }],
      ['memory', { size: '2G' }],
    ],
  ],
];
