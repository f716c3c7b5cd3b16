/**
 * x87 transcendental instructions with QEMU 7.2's results.
 *
 * f2xm1, fyl2x, fyl2xp1 and fpatan follow the algorithms of QEMU 7.2's fpu_helper.c
 * (table-driven reduction plus a polynomial evaluated partly in floatx80 and partly on
 * 128-bit fixed-point significands, rounded once at the end). The fixed-point steps are
 * reproduced bit for bit on bigints, including softfloat's estimateDiv128To64 estimates and
 * the places where low bits are dropped, so results match QEMU exactly.
 *
 * fsin, fcos, fsincos and fptan in QEMU 7.2 go through the host's double-precision libm
 * (glibc): ST0 is rounded to a double, the function is applied and the double is widened
 * back, with no exception flags reported. tsemu computes the correctly rounded double
 * result; glibc's sin/cos/tan are accurate to within one ulp and almost always correctly
 * rounded, so a difference of one double ulp is possible in rare cases.
 */
import {
  exponent,
  FloatFlag,
  FloatRound,
  type FloatStatus,
  type Floatx80,
  float64ToFloatx80,
  floatx80Add,
  floatx80DefaultNaN,
  floatx80Div,
  floatx80Mul,
  floatx80Scalbn,
  floatx80Sub,
  floatx80ToFloat64,
  int32ToFloatx80,
  isInf,
  isInvalidEncoding,
  isNaN80,
  isSignalingNaN,
  isZero,
  make,
  roundAndPack,
  sign,
} from './floatx80.js';
import { FloatRelation, floatx80Compare, floatx80ToInt } from './floatx80-ops.js';
import { FPUS_C2, fpop, fpush, mergeFlags, saveFlags, setSt, st, type X87State } from './x87-state.js';

const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;
const M192 = (1n << 192n) - 1n;
const TOP128 = 1n << 127n;
const INT_BIT = 1n << 63n;

const fx = (high: number, low: bigint): Floatx80 => ({ high, low });
const ONE = fx(0x3fff, INT_BIT);
const frac = (a: Floatx80): bigint => a.low;
const silenced = (a: Floatx80): Floatx80 => ({ high: a.high, low: a.low | (1n << 62n) });

// ---- 64-bit-limb arithmetic, as softfloat-macros.h ----------------------------------------

/** shift128RightJamming */
function jam(a: bigint, n: number): bigint {
  if (n <= 0) return a;
  if (n >= 128) return a !== 0n ? 1n : 0n;
  const r = a >> BigInt(n);
  return (a & ((1n << BigInt(n)) - 1n)) !== 0n ? r | 1n : r;
}
const add128 = (a: bigint, b: bigint): bigint => (a + b) & M128;
const sub128 = (a: bigint, b: bigint): bigint => (a - b) & M128;
/** mul128By64To192, top 128 bits */
const mul128x64Top = (a: bigint, b: bigint): bigint => (a * b) >> 64n;
/** mul128To256, top 128 bits */
const mul128x128Top = (a: bigint, b: bigint): bigint => (a * b) >> 128n;
const clz64 = (v: bigint): number => 64 - v.toString(2).length;

/** estimateDiv128To64: an estimate of (a0:a1) / b, between the quotient and quotient + 2. */
function estimateDiv128To64(a0: bigint, a1: bigint, b: bigint): bigint {
  if (b <= a0) return M64;
  const b0 = b >> 32n;
  let z = b0 << 32n <= a0 ? 0xffffffff00000000n : (a0 / b0) << 32n;
  let rem = (((a0 << 64n) | a1) - b * z) & M128;
  while (rem & TOP128) {
    z = (z - 0x100000000n) & M64;
    rem = (rem + ((b << 32n) & M128)) & M128;
  }
  const r0 = (rem >> 32n) & M64;
  z |= b0 << 32n <= r0 ? 0xffffffffn : r0 / b0;
  return z & M64;
}

/** normalizeFloatx80Subnormal */
function normSub(sig: bigint): { exp: number; sig: bigint } {
  const sh = clz64(sig);
  return { exp: 1 - sh, sig: (sig << BigInt(sh)) & M64 };
}

/** normalizeRoundAndPackFloatx80 at full precision with the status' rounding mode. */
function npack(sgn: boolean, exp: number, sig: bigint, s: FloatStatus): Floatx80 {
  sig &= M128;
  if (sig === 0n) return make(sgn, 0, 0n);
  const sh = 128 - sig.toString(2).length;
  return roundAndPack(sgn, exp - sh, sig << BigInt(sh), withPrecision(s, 80, s.roundingMode));
}

/** A view of a status with another precision/rounding mode, sharing its flags. */
function withPrecision(s: FloatStatus, precision: 32 | 64 | 80, roundingMode: FloatRound): FloatStatus {
  return {
    roundingMode,
    precision,
    get flags() {
      return s.flags;
    },
    set flags(v: number) {
      s.flags = v;
    },
  };
}
const nearest80 = (s: FloatStatus): FloatStatus => withPrecision(s, 80, FloatRound.NearestEven);

/** Evaluate c[0] op y ... as QEMU's Horner chains: accum = c[0]*y; accum = c[i] + accum; accum *= y ... */
function horner(coeffs: Floatx80[], y: Floatx80, t: FloatStatus, endWithMul: boolean): Floatx80 {
  let acc = floatx80Mul(coeffs[0] as Floatx80, y, t);
  for (let i = 1; i < coeffs.length; i++) {
    acc = floatx80Add(coeffs[i] as Floatx80, acc, t);
    if (i < coeffs.length - 1 || endWithMul) acc = floatx80Mul(acc, y, t);
  }
  return acc;
}

// ---- constants (QEMU 7.2's tables) --------------------------------------------------------

const LN2_SIG = (0xb17217f7d1cf79abn << 64n) | 0xc9e3b39803f2f6afn;
const LOG2E_SIG = (0xb8aa3b295c17f0bbn << 64n) | 0xbe87fed0691d3e89n;

const F2XM1_C0 = fx(0x3ffe, 0xb17217f7d1cf79acn);
const F2XM1_C0_LOW = fx(0xbfbc, 0xd87edabf495b3762n);
const F2XM1_POLY = [
  fx(0x3feb, 0xb160111d2db515e4n), // c7
  fx(0x3fee, 0xffe634d0ec30d504n),
  fx(0x3ff2, 0xa184897c3a7f0de9n),
  fx(0x3ff5, 0xaec3ff3c4ef4ac0cn),
  fx(0x3ff8, 0x9d955b7dd273b899n),
  fx(0x3ffa, 0xe35846b82505fcc7n),
  fx(0x3ffc, 0xf5fdeffc162c7543n), // c1
  F2XM1_C0_LOW,
];

/** For k/32 - 1, k = 0..64: [t near k/32 - 1, 2^t, 2^t - 1] as exponent:significand strings. */
const F2XM1_TABLE_SRC = `
bfff8000000000000000 3ffe8000000000000000 bffe8000000000000000
bffef800000000002e7e 3ffe82cd8698ac2b9160 bffdfa64f2cea7a8dd40
bffeefffffffffffe960 3ffe85aac367cc488345 bffdf4aa7930676ef976
bffee800000000006f10 3ffe88980e8092da5c14 bffdeecfe2feda4b47d8
bffee000000000008a45 3ffe8b95c1e3ea8ba2a5 bffde8d47c382ae8bab6
bffed7ffffffffff8a9e 3ffe8ea4398b45cd8116 bffde2b78ce97464fdd4
bffed0000000000019a0 3ffe91c3d373ab11b919 bffddc785918a9dc8dce
bffec7ffffffffff14df 3ffe94f4efa8fef76836 bffdd61620ae02112f94
bffec000000000006530 3ffe9837f0518db87fbb bffdcf901f5ce48f008a
bffeb7ffffffffff1723 3ffe9b8d39b9d54eb74c bffdc8e58c8c55629168
bffeb00000000000b5e1 3ffe9ef5326091a0c366 bffdc2159b3edcbe7934
bffea800000000006f8a 3ffea27043030c49370a bffdbb1f79f9e76d91ec
bffe9fffffffffff816a 3ffea5fed6a9b15171cf bffdb40252ac9d5d1c62
bffe97ffffffffffb621 3ffea9a15ab4ea7c30e6 bffdacbd4a962b079e34
bffe8fffffffffff162b 3ffead583eea42a1b886 bffda54f822b7abc8ef4
bffe87ffffffffff4d34 3ffeb123f581d2ac7b51 bffd9db814fc5aa7095e
bffe800000000000227d 3ffeb504f333f9de539d bffd95f619980c4358c6
bffdefffffffffff3978 3ffeb8fbaf4762fbd0a1 bffd8e08a1713a085ebe
bffde00000000000df81 3ffebd08a39f580bfd8c bffd85eeb8c14fe804e8
bffdd00000000000bccf 3ffec12c4cca667062f6 bffcfb4eccd6663e7428
bffdc00000000000eff0 3ffec5672a1155069abe bffcea6357baabe59508
bffdb000000000000fe6 3ffec9b9bd866e2f234b bffcd91909e6474372d4
bffd9fffffffffff2172 3ffece248c151f84bf00 bffcc76dcfab81ed0400
bffd8fffffffffffafff 3ffed2a81d91f12afb2b bffcb55f89b83b541354
bffcffffffffffff81a3 3ffed744fccad69d7d5e bffca2ec0cd4a58a0a88
bffcdfffffffffff1568 3ffedbfbb797daf25a44 bffc901121a0943696f0
bffcbfffffffffff68da 3ffee0ccdeec2a94f811 bffbf999089eab583f78
bffc9fffffffffff4690 3ffee5b906e77c83657e bffbd237c8c41be4d410
bffbffffffffffff8aee 3ffeeac0c6e7dd24427c bffba9f9c8c116ddec20
bffbbfffffffffff2d18 3ffeefe4b99bdcdb06eb bffb80da33211927c8a8
bffaffffffffffff8ccb 3ffef5257d152486d0f4 bffaada82eadb792f0c0
bff9ffffffffffff11fe 3ffefa83b2db722a0846 bff9af89a491babef740
00000000000000000000 3fff8000000000000000 00000000000000000000
3ff9ffffffffffff2680 3fff82cd8698ac2b9f6f 3ff9b361a62b0ae7dbc0
3ffb800000000000b500 3fff85aac367cc488345 3ffab5586cf9891068a0
3ffbbfffffffffff4b67 3fff88980e8092da7cce 3ffb8980e8092da7cce0
3ffbffffffffffffff57 3fff8b95c1e3ea8bd6df 3ffbb95c1e3ea8bd6df0
3ffc9fffffffffff811f 3fff8ea4398b45cd4780 3ffbea4398b45cd47800
3ffcbfffffffffff9980 3fff91c3d373ab11b919 3ffc8e1e9b9d588dc8c8
3ffcdffffffffffff631 3fff94f4efa8fef70864 3ffca7a77d47f7b84320
3ffcffffffffffff2499 3fff9837f0518db892d4 3ffcc1bf828c6dc496a0
3ffd8fffffffffff80fb 3fff9b8d39b9d54e3a79 3ffcdc69cdceaa71d3c8
3ffd9fffffffffffbc23 3fff9ef5326091a10313 3ffcf7a993048d081898
3ffdafffffffffff20ec 3fffa27043030c49370a 3ffd89c10c0c3124dc28
3ffdc00000000000fd2c 3fffa5fed6a9b15171cf 3ffd97fb5aa6c545c73c
3ffdd0000000000093be 3fffa9a15ab4ea7c30e6 3ffda6856ad3a9f0c398
3ffde00000000000c2ae 3fffad583eea42a17876 3ffdb560fba90a85e1d8
3ffdefffffffffff1e3f 3fffb123f581d2abef6c 3ffdc48fd6074aafbdb0
3ffdffffffffffff1c23 3fffb504f333f9de2cad 3ffdd413cccfe778b2b4
3ffe8800000000006344 3fffb8fbaf4762fbd0a1 3ffde3eebd1d8bef4284
3ffe9000000000005d67 3fffbd08a39f580c668d 3ffdf4228e7d60319a34
3ffe9800000000009127 3fffc12c4cca6670e042 3ffe82589994cce1c084
3ffe9fffffffffff06f9 3fffc5672a11550655c3 3ffe8ace5422aa0cab86
3ffea7fffffffffff80d 3fffc9b9bd866e2f234b 3ffe93737b0cdc5e4696
3ffeafffffffffff1470 3fffce248c151f83fd69 3ffe9c49182a3f07fad2
3ffeb800000000000e0a 3fffd2a81d91f12aec5c 3ffea5503b23e255d8b8
3ffec00000000000b7fa 3fffd744fccad69dd630 3ffeae89f995ad3bac60
3ffec800000000003aa6 3fffdbfbb797daf25a44 3ffeb7f76f2fb5e4b488
3ffed00000000000a6ae 3fffe0ccdeec2a954685 3ffec199bdd8552a8d0a
3ffed800000000004165 3fffe5b906e77c837155 3ffecb720dcef906e2aa
3ffee00000000000582c 3fffeac0c6e7dd24713a 3ffed5818dcfba48e274
3ffee800000000001a5d 3fffefe4b99bdcdb06eb 3ffedfc97337b9b60dd6
3ffeefffffffffffc1ef 3ffff5257d152486a2fa 3ffeea4afa2a490d45f4
3ffef800000000001069 3ffffa83b2db722a0e5c 3ffef50765b6e4541cb8
3fff8000000000000000 40008000000000000000 3fff8000000000000000`;

const parse80 = (h: string): Floatx80 => fx(Number.parseInt(h.slice(0, 4), 16), BigInt(`0x${h.slice(4)}`));
const F2XM1_TABLE = F2XM1_TABLE_SRC.trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/).map(parse80) as [Floatx80, Floatx80, Floatx80]);

const PI_SIG = (0xc90fdaa22168c234n << 64n) | 0xc4c6628b80dc1cd1n;
const PI_34_SIG = (0x96cbe3f9990e91a7n << 64n) | 0x9394c9e8a0a5159dn;

const FPATAN_C0 = fx(0x3fff, INT_BIT);
const FPATAN_POLY = [
  fx(0x3ffb, 0x9baf7ebf898b42efn), // c6
  fx(0xbffb, 0xba2c0104bbdd0615n),
  fx(0x3ffb, 0xe38e372881ea1e0bn),
  fx(0xbffc, 0x92492491fbab2e66n),
  fx(0x3ffc, 0xccccccccccbfe4f8n),
  fx(0xbffd, 0xaaaaaaaaaaaaaa43n), // c1
];
/** atan(n/8), n = 0..8, as high and low parts */
const FPATAN_TABLE: [Floatx80, Floatx80][] = `
00000000000000000000 00000000000000000000
3ffbfeadd4d5617b6e33 bfb9dda19d8305ddc420
3ffcfadbafc96406eb15 3fbbdb8f3debef442fcc
3ffdb7b0ca0f26f78474 bfbceab9bdba460376fa
3ffded63382b0dda7b45 3fbcdfc88bd978751a06
3ffe8f005d5ef7f59f9b 3fbdb906bc2ccb886e90
3ffea4bc7d1934f70924 3fbbcd43f9522bed64f8
3ffeb8053e2bc2319e74 bfbcd3496ab7bd6eef0c
3ffec90fdaa22168c235 bfbcece675d1fc8f8cbc`
  .trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/).map(parse80) as [Floatx80, Floatx80]);

const FYL2X_C0 = fx(0x4000, 0xb8aa3b295c17f0bcn);
const FYL2X_POLY = [
  fx(0x3ffc, 0xb1ed0066d971a103n), // c9
  fx(0x3ffc, 0xac5cf50cc57d6372n),
  fx(0x3ffc, 0xc506c5f874e6d80fn),
  fx(0x3ffc, 0xe3476578adf26272n),
  fx(0x3ffd, 0x864d42c0f8f17517n),
  fx(0x3ffd, 0xa42589eaf451499en),
  fx(0x3ffd, 0xd30bb153d808f269n),
  fx(0x3ffe, 0x93bb62877cdfa2e3n),
  fx(0x3ffe, 0xf6384ee1d01febb8n), // c1
  fx(0xbfbf, 0x834972fe2d7bab1bn), // c0 low part
];

// ---- f2xm1 --------------------------------------------------------------------------------

export function helper_f2xm1(s: X87State): void {
  saveFlags(s);
  const a = st(s, 0);
  const f = s.fpStatus;
  let sig = frac(a);
  let exp = exponent(a);
  const sgn = sign(a);
  if (isInvalidEncoding(a)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 0, floatx80DefaultNaN);
  } else if (isNaN80(a)) {
    if (isSignalingNaN(a)) {
      f.flags |= FloatFlag.invalid;
      setSt(s, 0, silenced(a));
    }
  } else if (exp > 0x3fff || (exp === 0x3fff && sig !== INT_BIT)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 0, floatx80DefaultNaN);
  } else if (exp === 0x3fff) {
    if (sgn) setSt(s, 0, fx(0xbffe, INT_BIT)); // 2^-1 - 1
  } else if (exp < 0x3fb0) {
    if (!isZero(a)) {
      // x * ln2 with an extra-precision ln2 is close enough; the result is inexact.
      if (exp === 0) ({ exp, sig } = normSub(sig));
      const p = mul128x64Top(LN2_SIG, sig) | 1n;
      setSt(s, 0, npack(sgn, exp, p, f));
    }
  } else {
    const t = nearest80(f);
    // Nearest multiple of 1/32: 2^x - 1 = 2^t (2^y - 1) + (2^t - 1) with y = x - t.
    const n = 32 + Number(floatx80ToInt(floatx80Scalbn(a, 5, t), 32, t));
    const row = F2XM1_TABLE[n] as [Floatx80, Floatx80, Floatx80];
    const y = floatx80Sub(a, row[0], t);
    if (isZero(y)) {
      setSt(s, 0, row[0]); // QEMU returns the table's t here
      f.flags = FloatFlag.inexact;
    } else {
      const accum = horner(F2XM1_POLY, y, t, false);
      let aexp = exponent(F2XM1_C0);
      let asign = sign(F2XM1_C0);
      let A = jam(frac(accum) << 64n, aexp - exponent(accum));
      const B = frac(F2XM1_C0) << 64n;
      A = asign === sign(accum) ? add128(B, A) : sub128(B, A);
      A = mul128x64Top(A, frac(y));
      aexp += exponent(y) - 0x3ffe;
      asign = asign !== sign(y);
      if (n !== 32) {
        const [, e2, e2m1] = row;
        A = mul128x64Top(A, frac(e2));
        aexp += exponent(e2) - 0x3ffe;
        const bexp = exponent(e2m1);
        let Bm = frac(e2m1) << 64n;
        if (bexp < aexp) Bm = jam(Bm, aexp - bexp);
        else if (aexp < bexp) {
          A = jam(A, bexp - aexp);
          aexp = bexp;
        }
        const bsign = sign(e2m1);
        if (asign === bsign) {
          A = jam(A, 1);
          Bm = jam(Bm, 1);
          aexp++;
          A = add128(A, Bm);
        } else {
          A = sub128(Bm, A);
          asign = bsign;
        }
      }
      setSt(s, 0, npack(asign, aexp, A | 1n, f));
    }
  }
  mergeFlags(s);
}

// ---- fpatan -------------------------------------------------------------------------------

/** The NaN/invalid screening shared by fpatan, fyl2x and fyl2xp1; true when ST1 is settled. */
function screenNaNs(s: X87State): boolean {
  const a = st(s, 0);
  const b = st(s, 1);
  const f = s.fpStatus;
  if (isSignalingNaN(a)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 1, silenced(a));
  } else if (isSignalingNaN(b)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 1, silenced(b));
  } else if (isInvalidEncoding(a) || isInvalidEncoding(b)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 1, floatx80DefaultNaN);
  } else if (isNaN80(a)) setSt(s, 1, a);
  else if (!isNaN80(b)) return false;
  return true;
}

/** Normalise a finite non-zero operand's (exponent, significand). */
function parts(a: Floatx80): { exp: number; sig: bigint } {
  const exp = exponent(a);
  return exp === 0 ? normSub(frac(a)) : { exp, sig: frac(a) };
}

/** Leading-zero count over 128 bits split as QEMU does (64-bit words). */
function clz128(v: bigint): number {
  const hi = v >> 64n;
  return hi === 0n ? clz64(v & M64) + 64 : clz64(hi);
}

export function helper_fpatan(s: X87State): void {
  saveFlags(s);
  const x = st(s, 0);
  const y = st(s, 1);
  const f = s.fpStatus;
  const xSign = sign(x);
  const ySign = sign(y);
  const xExp = exponent(x);
  const yExp = exponent(y);
  if (screenNaNs(s)) {
    // settled
  } else if (isZero(y) && !xSign) {
    // +0 / -0 passes through
  } else if (((isInf(x) && !isInf(y)) || xExp - yExp >= 80) && !xSign) {
    // y/x is right up to rounding; an exact quotient is still an inexact arctangent.
    const p = withPrecision(f, 80, f.roundingMode);
    let r = floatx80Div(y, x, p);
    if (!isZero(r) && !(f.flags & FloatFlag.inexact)) {
      const q = parts(r);
      r = npack(sign(r), q.exp, ((q.sig - 1n) << 64n) | M64, f);
    }
    setSt(s, 1, r);
  } else {
    let rexp: number;
    let rsig: bigint;
    if (isZero(y)) {
      rexp = 0x4000;
      rsig = PI_SIG;
    } else if (isInf(y)) {
      if (isInf(x)) [rexp, rsig] = xSign ? [0x4000, PI_34_SIG] : [0x3ffe, PI_SIG];
      else [rexp, rsig] = [0x3fff, PI_SIG];
    } else if (isZero(x) || yExp - xExp >= 80) {
      [rexp, rsig] = [0x3fff, PI_SIG];
    } else if (isInf(x) || xExp - yExp >= 80) {
      [rexp, rsig] = [0x4000, PI_SIG];
    } else {
      [rexp, rsig] = fpatanFinite(x, y, nearest80(f));
    }
    setSt(s, 1, npack(ySign, rexp, rsig | 1n, f));
  }
  fpop(s);
  mergeFlags(s);
}

/** arctan(|y|/|x|) adjusted for the quadrant, as (exponent, 128-bit significand). */
function fpatanFinite(x: Floatx80, y: Floatx80, t: FloatStatus): [number, bigint] {
  const a0 = parts(x);
  const a1 = parts(y);
  const xSign = sign(x);
  let num: { exp: number; sig: bigint };
  let den: { exp: number; sig: bigint };
  let adjExp: number;
  let adjSig: bigint;
  let adjSub: boolean;
  if (a0.exp > a1.exp || (a0.exp === a1.exp && a0.sig >= a1.sig)) {
    num = a1;
    den = a0;
    [adjExp, adjSig, adjSub] = xSign ? [0x4000, PI_SIG, true] : [0, 0n, false];
  } else {
    num = a0;
    den = a1;
    [adjExp, adjSig, adjSub] = [0x3fff, PI_SIG, !xSign];
  }
  // x = num/den in (0, 1], to about 128 bits.
  let xexp = num.exp - den.exp + 0x3ffe;
  let rem = num.sig << 64n;
  if (den.sig <= rem >> 64n) {
    rem >>= 1n;
    xexp++;
  }
  let xsig0 = estimateDiv128To64(rem >> 64n, rem & M64, den.sig);
  rem = sub128(rem, den.sig * xsig0);
  while (rem & TOP128) {
    xsig0 = (xsig0 - 1n) & M64;
    rem = add128(rem, den.sig);
  }
  const xsig1 = estimateDiv128To64(rem & M64, 0n, den.sig);
  const X = (xsig0 << 64n) | xsig1;
  // x = t + y with t = n/8 the nearest multiple of 1/8.
  const x8 = npack(false, xexp + 3, X, t);
  const n = Number(floatx80ToInt(x8, 32, t));
  let ysign: boolean;
  let yexp: number;
  let Y: bigint;
  let texp: number;
  let tsig: bigint;
  if (n === 0) {
    [ysign, yexp, Y, texp, tsig] = [false, xexp, X, 0, 0n];
  } else {
    const shift = Math.clz32(n) + 32;
    texp = 0x403b - shift;
    tsig = BigInt(n) << BigInt(shift);
    if (texp === xexp) {
      Y = sub128(X, tsig << 64n);
      if (!(Y & TOP128)) {
        ysign = false;
        if (Y === 0n) yexp = 0;
        else {
          const sh = clz128(Y);
          yexp = xexp - sh;
          Y = (Y << BigInt(sh)) & M128;
        }
      } else {
        ysign = true;
        Y = sub128(0n, Y);
        const sh = clz128(Y);
        yexp = xexp - sh;
        Y = (Y << BigInt(sh)) & M128;
      }
    } else {
      const u = jam(X, texp - xexp);
      ysign = true;
      Y = sub128(tsig << 64n, u);
      const sh = clz128(Y);
      yexp = texp - sh;
      Y = (Y << BigInt(sh)) & M128;
    }
  }
  // z = y/(1 + tx), so arctan(x) = arctan(t) + arctan(z).
  const zsign = ysign;
  let zexp: number;
  let Z: bigint;
  if (texp === 0 || yexp === 0) {
    zexp = yexp;
    Z = Y;
  } else {
    const dexp = texp + xexp - 0x3ffe;
    let D = mul128x64Top(X, tsig);
    D = jam(D, 0x3fff - dexp) | TOP128;
    zexp = yexp - 1;
    let r192 = Y << 64n;
    if (D >> 64n <= Y >> 64n) {
      r192 = (Y >> 1n) << 64n;
      zexp++;
    }
    const dsig0 = D >> 64n;
    let zsig0 = estimateDiv128To64(r192 >> 128n, (r192 >> 64n) & M64, dsig0);
    r192 = (r192 - D * zsig0) & M192;
    while (r192 & (1n << 191n)) {
      zsig0 = (zsig0 - 1n) & M64;
      r192 = (r192 + D) & M192;
    }
    const zsig1 = estimateDiv128To64((r192 >> 64n) & M64, r192 & M64, dsig0);
    Z = (zsig0 << 64n) | zsig1;
  }
  let azexp: number;
  let AZ: bigint;
  if (zexp === 0) {
    azexp = 0;
    AZ = 0n;
  } else {
    const z2 = npack(false, zexp + zexp - 0x3ffe, mul128x128Top(Z, Z), t);
    const accum = horner(FPATAN_POLY, z2, t, true);
    const aexp = exponent(FPATAN_C0);
    let A = jam(frac(accum) << 64n, aexp - exponent(accum));
    A = sub128(frac(FPATAN_C0) << 64n, A);
    azexp = aexp + zexp - 0x3ffe;
    AZ = mul128x128Top(A, Z);
  }
  let axexp: number;
  let AX: bigint;
  if (texp === 0) {
    axexp = azexp;
    AX = AZ;
  } else {
    const [hi, lo] = FPATAN_TABLE[n] as [Floatx80, Floatx80];
    axexp = exponent(hi);
    AX = frac(hi) << 64n;
    const low = jam(frac(lo) << 64n, axexp - exponent(lo));
    AX = sign(lo) ? sub128(AX, low) : add128(AX, low);
    if (azexp >= axexp) {
      AX = jam(AX, azexp - axexp + 1);
      axexp = azexp + 1;
      AZ = jam(AZ, 1);
    } else {
      AX = jam(AX, 1);
      AZ = jam(AZ, axexp - azexp + 1);
      axexp++;
    }
    AX = zsign ? sub128(AX, AZ) : add128(AX, AZ);
  }
  if (adjExp === 0) return [axexp, AX];
  let rexp: number;
  if (adjExp >= axexp) {
    AX = jam(AX, adjExp - axexp + 1);
    rexp = adjExp + 1;
    adjSig = jam(adjSig, 1);
  } else {
    AX = jam(AX, 1);
    adjSig = jam(adjSig, axexp - adjExp + 1);
    rexp = axexp + 1;
  }
  return [rexp, adjSub ? sub128(adjSig, AX) : add128(adjSig, AX)];
}

// ---- fyl2x / fyl2xp1 ----------------------------------------------------------------------

/** log2(1 + arg) for 1 + arg in [sqrt(2)/2, sqrt(2)], as (exponent, 128-bit significand). */
function log2p1Core(arg: Floatx80, t: FloatStatus): [number, bigint] {
  const sig = frac(arg);
  const exp = exponent(arg);
  // t = arg / (2 + arg) with extra precision.
  let dexp: number;
  let D: bigint;
  if (sign(arg)) {
    dexp = 0x3fff;
    D = sub128(0n, jam(sig << 64n, dexp - exp));
  } else {
    dexp = 0x4000;
    D = jam(sig << 64n, dexp - exp) | TOP128;
  }
  let texp = exp - dexp + 0x3ffe;
  let r192 = sig << 128n;
  const dsig0 = D >> 64n;
  if (dsig0 <= sig) {
    r192 = sig << 127n;
    texp++;
  }
  let tsig0 = estimateDiv128To64(r192 >> 128n, (r192 >> 64n) & M64, dsig0);
  r192 = (r192 - D * tsig0) & M192;
  while (r192 & (1n << 191n)) {
    tsig0 = (tsig0 - 1n) & M64;
    r192 = (r192 + D) & M192;
  }
  const tsig1 = estimateDiv128To64((r192 >> 64n) & M64, r192 & M64, dsig0);
  const T = (tsig0 << 64n) | tsig1;
  const t2 = npack(false, texp + texp - 0x3ffe, mul128x128Top(T, T), t);
  const accum = horner(FYL2X_POLY, t2, t, false);
  let aexp = exponent(FYL2X_C0);
  let A = jam(frac(accum) << 64n, aexp - exponent(accum));
  const B = frac(FYL2X_C0) << 64n;
  A = sign(FYL2X_C0) === sign(accum) ? add128(B, A) : sub128(B, A);
  A = mul128x128Top(A, T);
  aexp += texp - 0x3ffe;
  return [aexp, A];
}

export function helper_fyl2xp1(s: X87State): void {
  saveFlags(s);
  const x = st(s, 0);
  const y = st(s, 1);
  const f = s.fpStatus;
  const xExp = exponent(x);
  if (screenNaNs(s)) {
    // settled
  } else if (
    xExp > 0x3ffd ||
    (xExp === 0x3ffd && x.low > (sign(x) ? 0x95f619980c4336f7n : 0xd413cccfe7799211n))
  ) {
    // |ST0| must be below 1 - sqrt(2)/2 (Intel); AMD's wider range is accepted.
    f.flags |= FloatFlag.invalid;
    setSt(s, 1, floatx80DefaultNaN);
  } else if (isZero(x) || isZero(y) || exponent(y) === 0x7fff) {
    setSt(s, 1, floatx80Mul(x, y, f));
  } else if (xExp < 0x3fb0) {
    const a = parts(x);
    const b = parts(y);
    let p = mul128x64Top(LOG2E_SIG, a.sig);
    let exp = a.exp + 1;
    p = mul128x64Top(p, b.sig);
    exp += b.exp - 0x3ffe;
    setSt(s, 1, npack(sign(x) !== sign(y), exp, p | 1n, f));
  } else {
    let [aexp, A] = log2p1Core(x, nearest80(f));
    const b = parts(y);
    A = mul128x64Top(A, b.sig);
    aexp += b.exp - 0x3ffe;
    setSt(s, 1, npack(sign(x) !== sign(y), aexp, A | 1n, f));
  }
  fpop(s);
  mergeFlags(s);
}

export function helper_fyl2x(s: X87State): void {
  saveFlags(s);
  const x = st(s, 0);
  const y = st(s, 1);
  const f = s.fpStatus;
  const ySign = sign(y);
  if (screenNaNs(s)) {
    // settled
  } else if (sign(x) && !isZero(x)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 1, floatx80DefaultNaN);
  } else if (isInf(y)) {
    const cmp = floatx80Compare(x, ONE, false, f);
    if (cmp === FloatRelation.less) setSt(s, 1, fx(y.high ^ 0x8000, y.low));
    else if (cmp !== FloatRelation.greater) {
      f.flags |= FloatFlag.invalid;
      setSt(s, 1, floatx80DefaultNaN);
    }
  } else if (isInf(x)) {
    if (isZero(y)) {
      f.flags |= FloatFlag.invalid;
      setSt(s, 1, floatx80DefaultNaN);
    } else setSt(s, 1, ySign ? fx(x.high ^ 0x8000, x.low) : x);
  } else if (isZero(x)) {
    if (isZero(y)) {
      f.flags |= FloatFlag.invalid;
      setSt(s, 1, floatx80DefaultNaN);
    } else {
      f.flags |= FloatFlag.divByZero;
      setSt(s, 1, fx(ySign ? 0x7fff : 0xffff, INT_BIT));
    }
  } else if (isZero(y)) {
    if (floatx80Compare(x, ONE, false, f) === FloatRelation.less) setSt(s, 1, fx(y.high ^ 0x8000, y.low));
  } else if (floatx80Compare(x, ONE, true, f) === FloatRelation.equal) {
    setSt(s, 1, make(ySign, 0, 0n));
  } else {
    const t = nearest80(f);
    const a = parts(x);
    const b = parts(y);
    let intExp = a.exp - 0x3fff;
    if (a.sig > 0xb504f333f9de6484n) intExp++;
    const xm1 = floatx80Sub(floatx80Scalbn(x, -intExp, t), ONE, t);
    if (isZero(xm1)) {
      // An exact power of two.
      setSt(s, 1, floatx80Mul(int32ToFloatx80(intExp), y, withPrecision(f, 80, f.roundingMode)));
    } else {
      let asign = sign(xm1);
      let [aexp, A] = log2p1Core(xm1, t);
      if (intExp !== 0) {
        const isign = intExp < 0;
        const ie = Math.abs(intExp);
        const shift = Math.clz32(ie) + 32;
        const isig = BigInt(ie) << BigInt(shift);
        const iexp = 0x403e - shift;
        A = jam(A, iexp - aexp);
        A = asign === isign ? add128(isig << 64n, A) : sub128(isig << 64n, A);
        aexp = iexp;
        asign = isign;
      }
      A = mul128x64Top(A, b.sig);
      aexp += b.exp - 0x3ffe;
      setSt(s, 1, npack(asign !== ySign, aexp, A | 1n, f));
    }
  }
  fpop(s);
  mergeFlags(s);
}

// ---- fsin / fcos / fsincos / fptan through doubles ----------------------------------------

const MAXTAN = 2 ** 63;
const F = 320n; // fraction bits of the fixed-point evaluation

/** pi * 2^F, by Machin's formula (64 guard bits). */
const PI_FIX: bigint = (() => {
  const bits = F + 64n;
  const one = 1n << bits;
  const atanInv = (k: bigint): bigint => {
    let sum = 0n;
    let term = one / k;
    const k2 = k * k;
    for (let n = 1n; term !== 0n; n += 2n) {
      sum += (n & 2n ? -term : term) / n;
      term /= k2;
    }
    return sum;
  };
  return (16n * atanInv(5n) - 4n * atanInv(239n)) >> 64n;
})();

function toDouble(f: number): { neg: boolean; m: bigint; e: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, f);
  const bits = dv.getBigUint64(0);
  const ex = Number((bits >> 52n) & 0x7ffn);
  const fr = bits & ((1n << 52n) - 1n);
  return { neg: bits >> 63n === 1n, m: ex === 0 ? fr : fr | (1n << 52n), e: (ex === 0 ? 1 : ex) - 1075 };
}

/** Round a fixed-point value v * 2^-F to the nearest double. */
function fixToDouble(v: bigint): number {
  if (v === 0n) return 0;
  const neg = v < 0n;
  const a = neg ? -v : v;
  const len = a.toString(2).length;
  const drop = BigInt(len - 53);
  let m = a >> drop;
  const rest = a & ((1n << drop) - 1n);
  const half = 1n << (drop - 1n);
  if (rest > half || (rest === half && m & 1n)) m += 1n;
  const r = Number(m) * 2 ** (len - 53 - Number(F));
  return neg ? -r : r;
}

/** sin and cos of a finite double |d| <= 2^63 in fixed point (scaled by 2^F), with the quadrant folded in. */
function sinCosFix(d: number): { sin: bigint; cos: bigint } {
  const { neg, m, e } = toDouble(d);
  const shift = BigInt(e) + F;
  let x = shift >= 0n ? m << shift : m >> -shift;
  if (neg) x = -x;
  const halfPi = PI_FIX >> 1n;
  // k = round(x / (pi/2)); the 320-bit pi leaves over 250 good bits even next to a multiple of pi/2.
  const kk = x >= 0n ? (2n * x + halfPi) / (2n * halfPi) : -((-2n * x + halfPi) / (2n * halfPi));
  const r = x - kk * halfPi;
  const one = 1n << F;
  const r2 = (r * r) >> F;
  let sin = 0n;
  let term = r;
  for (let n = 1n; term !== 0n; n += 2n) {
    sin += term;
    term = -((term * r2) >> F) / ((n + 1n) * (n + 2n));
  }
  let cos = 0n;
  term = one;
  for (let n = 0n; term !== 0n; n += 2n) {
    cos += term;
    term = -((term * r2) >> F) / ((n + 1n) * (n + 2n));
  }
  switch (Number(((kk % 4n) + 4n) % 4n)) {
    case 0:
      return { sin, cos };
    case 1:
      return { sin: cos, cos: -sin };
    case 2:
      return { sin: -sin, cos: -cos };
    default:
      return { sin: -cos, cos: sin };
  }
}

type Trig = 'sin' | 'cos' | 'tan';

/** The double result of sin/cos/tan as bits, for a double argument given as bits. */
export function trigDouble(fn: Trig, bits: bigint): bigint {
  const ex = Number((bits >> 52n) & 0x7ffn);
  const fr = bits & ((1n << 52n) - 1n);
  if (ex === 0x7ff) return fr !== 0n ? bits | (1n << 51n) : 0xfff8000000000000n; // NaN stays, inf gives the default NaN
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits);
  const d = dv.getFloat64(0);
  let r: number;
  if (d === 0) r = fn === 'cos' ? 1 : d;
  else if (Math.abs(d) < 2 ** -30) r = fn === 'cos' ? 1 : d;
  else {
    const sc = sinCosFix(d);
    if (fn === 'sin') r = fixToDouble(sc.sin);
    else if (fn === 'cos') r = fixToDouble(sc.cos);
    else r = fixToDouble((sc.sin << F) / sc.cos);
  }
  dv.setFloat64(0, r);
  return dv.getBigUint64(0);
}

/** ST0 as a double under the x87 rounding mode (the conversion's flags are not reported). */
function st0Double(s: X87State): { bits: bigint; value: number } {
  const bits = floatx80ToFloat64(st(s, 0), {
    roundingMode: s.fpStatus.roundingMode,
    precision: 80,
    flags: 0,
  });
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits);
  return { bits, value: dv.getFloat64(0) };
}
/** The double result back to floatx80, at the x87 precision control (flags are not reported). */
const widenFor =
  (s: X87State) =>
  (bits: bigint): Floatx80 =>
    float64ToFloatx80(bits, {
      roundingMode: s.fpStatus.roundingMode,
      precision: s.fpStatus.precision,
      flags: 0,
    });
const outOfRange = (v: number): boolean => v > MAXTAN || v < -MAXTAN;

export function helper_fsin(s: X87State): void {
  const d = st0Double(s);
  if (outOfRange(d.value)) s.fpus |= FPUS_C2;
  else {
    setSt(s, 0, widenFor(s)(trigDouble('sin', d.bits)));
    s.fpus &= ~FPUS_C2;
  }
}

export function helper_fcos(s: X87State): void {
  const d = st0Double(s);
  if (outOfRange(d.value)) s.fpus |= FPUS_C2;
  else {
    setSt(s, 0, widenFor(s)(trigDouble('cos', d.bits)));
    s.fpus &= ~FPUS_C2;
  }
}

export function helper_fsincos(s: X87State): void {
  const d = st0Double(s);
  if (outOfRange(d.value)) s.fpus |= FPUS_C2;
  else {
    setSt(s, 0, widenFor(s)(trigDouble('sin', d.bits)));
    fpush(s);
    setSt(s, 0, widenFor(s)(trigDouble('cos', d.bits)));
    s.fpus &= ~FPUS_C2;
  }
}

export function helper_fptan(s: X87State): void {
  const d = st0Double(s);
  if (outOfRange(d.value)) s.fpus |= FPUS_C2;
  else {
    setSt(s, 0, widenFor(s)(trigDouble('tan', d.bits)));
    fpush(s);
    setSt(s, 0, ONE);
    s.fpus &= ~FPUS_C2;
  }
}
