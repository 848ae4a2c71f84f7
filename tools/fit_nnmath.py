#!/usr/bin/python3
"""Reproduce the minimax coefficients of src/scalar/nnmath.h (mpmath Remez).
Usage: /usr/bin/python3 fit_nnmath.py [--check]   (about 10 s of CPU)

This is the offline "fit" half: it prints the fitted coefficients, rounded
to the working precision. The exact numbers the code uses live in
tools/nnmath_coeffs.txt, from which tools/gen_nnmath_coeffs.py emits
src/scalar/nnmath_coeffs.h (that emission is what the test suite checks).
With --check, this script also compares every fitted coefficient with the
data file and exits 1 on a difference. mpmath is pure Python at 40-50
digits with a fixed reference grid and iteration limit, so the fit does not
depend on the machine's BLAS or thread count."""
import os
import struct
import sys
import mpmath as mp
from remez import remez   # linear Remez exchange, same directory

def hf(x):   # C float hex literal
    f = struct.unpack('f', struct.pack('f', float(x)))[0]
    m, e = float(f).hex().split('p'); m = m.rstrip('0').rstrip('.')
    return m + 'p' + e + 'f'
def hd(x): return float(x).hex()
def pw(lo, hi): return [(lambda k: (lambda t: t**k))(k) for k in range(lo, hi + 1)]
FITTED = {}  # data-file name -> fitted literal
def show(name, c, e, fmt, rev=True, key=None, low=0):
    """Print a fit; key names its coefficients in nnmath_coeffs.txt as
    key + power (the basis starts at power `low`)."""
    print(f'{name}: error 2^{float(mp.log(e, 2)):.2f}')
    print('   ', ', '.join(fmt(x) for x in (reversed(c) if rev else c)))
    if key:
        for k, x in enumerate(c):
            FITTED[f'{key}{k + low}'] = fmt(x)

mp.mp.dps = 50
# nn_logf: log1p(f) = f + f^2 P(f), f in [sqrt(1/2)-1, sqrt(2)-1], degree 8
a, b = mp.sqrt(0.5) - 1, mp.sqrt(2) - 1
f = lambda x: (mp.log1p(x) - x) / x**2 if abs(x) > 1e-30 else mp.mpf(-0.5)
w = lambda x: x**2 / abs(mp.log1p(x)) if abs(x) > 1e-30 else abs(x)
show('logf P (highest first)', *remez(f, pw(0, 8), w, a, b, ngrid=2000), hf, key='NN_LOGF_P')
# sin/cos(2 pi r) on r in [0, 1/8], in z = r^2
tp = 2 * mp.pi
fs = lambda z: mp.sin(tp * mp.sqrt(z)) / mp.sqrt(z) if z > 0 else tp
fc = lambda z: (mp.cos(tp * mp.sqrt(z)) - 1) / z if z > 0 else -tp**2 / 2
wc = lambda z: z / mp.cos(tp * mp.sqrt(z)) if z > 0 else mp.mpf('1e-30')
for nm, d, fmt in (('f32', 3, hf), ('f64', 6, hd)):
    c, e = remez(fs, pw(0, d), lambda z: 1 / fs(z), 0, mp.mpf(1) / 64, ngrid=2000)
    sk, ck = ('NN_SINF_S', 'NN_COSF_C') if nm == 'f32' else ('NN_SIN_S', 'NN_COS_C')
    show(f'sin2pi {nm} S (highest first; c0 split hi+lo in the code)', c, e, fmt, key=sk)
    hi = mp.mpf(float.fromhex(hf(c[0])[:-1]) if nm == 'f32' else float(c[0]))
    print('    c0 hi', fmt(hi), 'lo', fmt(c[0] - hi))
    del FITTED[sk + '0']
    FITTED[sk + '0_HI'], FITTED[sk + '0_LO'] = fmt(hi), fmt(c[0] - hi)
    show(f'cos2pi {nm} C (highest first)', *remez(fc, pw(0, d), wc, 0, mp.mpf(1) / 64, ngrid=2000), fmt, key=ck)
# nn_log: R(z) = (2 atanh(s) - 2 s) / s, z = s^2, degree 7 (no constant term)
smax = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)
fr = lambda z: (2 * mp.atanh(mp.sqrt(z)) - 2 * mp.sqrt(z)) / mp.sqrt(z) if z > 1e-40 else mp.mpf(0)
show('log R (highest first, times z in the code)', *remez(fr, pw(1, 7), lambda z: mp.mpf(0.5), 0, smax**2, ngrid=2000), hd, key='NN_LOG_R', low=1)
# nn_exp: exp(r) = 1 + r (1 + r Q(r)), |r| <= ln2/2, Q degree 9
h = mp.log(2) / 2
fq = lambda r: (mp.exp(r) - 1 - r) / r**2 if abs(r) > 1e-30 else mp.mpf(0.5)
show('exp Q (highest first)', *remez(fq, pw(0, 9), lambda r: r**2 / mp.exp(r), -h, h, ngrid=2000, shift=0.1), hd, key='NN_EXP_Q')
# nn_ndtri_lower_f32: sqrt(2) erfinv(x) / x as a function of w = -log(1 - x^2)
mp.mp.dps = 40
def g(w):
    if w < mp.mpf('1e-30'): return mp.sqrt(mp.pi / 2)
    x = mp.sqrt(-mp.expm1(-w)); return mp.sqrt(2) * mp.erfinv(x) / x
qmin = mp.mpf(2)**-32
wmax = -mp.log(4 * qmin * (1 - qmin)) + mp.mpf('0.2')
CA, CB = mp.mpf(1.5), mp.mpf(3.5)
show('ndtri_f32 A in (w - 1.5) (highest first)', *remez(lambda t: g(t + CA), pw(0, 9), lambda t: 1 / g(t + CA), -CA, 5 - CA, ngrid=1500), hf, key='NN_NDTRIF_A')
show('ndtri_f32 B in (sqrt(w) - 3.5) (highest first)', *remez(lambda t: g((t + CB)**2), pw(0, 10), lambda t: 1 / g((t + CB)**2), mp.sqrt(5) - CB, mp.sqrt(wmax) - CB, ngrid=1500), hf, key='NN_NDTRIF_B')

if '--check' in sys.argv[1:]:
    data = {}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'nnmath_coeffs.txt')
    for line in open(path, encoding='utf-8'):
        if line.strip() and not line.startswith('#'):
            n, t, lit = line.split()
            data[n] = lit
    def val(lit):
        return float.fromhex(lit.rstrip('f'))
    bad = [n for n in FITTED if n not in data or val(FITTED[n]) != val(data[n])]
    for n in bad:
        print(f'{n}: fitted {FITTED[n]}, data file {data.get(n)}')
    print(f'{len(FITTED) - len(bad)} of {len(FITTED)} fitted coefficients match {path}')
    sys.exit(1 if bad else 0)
