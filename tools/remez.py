# Linear minimax (Remez exchange) fit in mpmath.
# approximate f(x) ~ sum c_i * basis_i(x), minimizing max |w(x) * (f(x) - approx)|
import mpmath as mp

def remez(f, basis, w, a, b, ngrid=3000, iters=30, verbose=False, shift=0):
    n = len(basis)
    # initial reference: Chebyshev extrema mapped to [a,b]
    ref = [ (a+b)/2 - (b-a)/2*mp.cos(mp.pi*(i+mp.mpf(shift))/(n+2*shift)) for i in range(n+1)]
    grid = [ (a+b)/2 - (b-a)/2*mp.cos(mp.pi*i/(ngrid-1)) for i in range(ngrid)]
    fg = [f(x) for x in grid]; wg = [w(x) for x in grid]
    bg = [[bf(x) for bf in basis] for x in grid]
    best = None
    for it in range(iters):
        A = mp.matrix(n+1, n+1); rhs = mp.matrix(n+1, 1)
        for i, x in enumerate(ref):
            for j, bf in enumerate(basis):
                A[i, j] = bf(x)
            A[i, n] = (-1)**i / w(x)
            rhs[i] = f(x)
        sol = mp.lu_solve(A, rhs)
        c = [sol[j] for j in range(n)]
        E = abs(sol[n])
        err = [wg[k]*(fg[k] - mp.fsum(c[j]*bg[k][j] for j in range(n))) for k in range(ngrid)]
        # find local extrema segments of alternating sign
        ext = []
        k = 0
        while k < ngrid:
            s = mp.sign(err[k]) or 1
            kk = k; bi = k
            while kk < ngrid and (mp.sign(err[kk]) or 1) == s:
                if abs(err[kk]) > abs(err[bi]): bi = kk
                kk += 1
            ext.append(bi); k = kk
        # keep n+1 with largest: remove smallest at ends / merge
        while len(ext) > n+1:
            # drop the smaller of the end points, or smallest adjacent pair
            if abs(err[ext[0]]) < abs(err[ext[-1]]): ext.pop(0)
            else: ext.pop()
        maxerr = max(abs(e) for e in err)
        if verbose: print(it, mp.nstr(E, 5), mp.nstr(maxerr, 5), len(ext))
        if len(ext) < n+1:
            break
        ref = [grid[i] for i in ext]
        best = (c, maxerr)
        if maxerr - E < E*mp.mpf('1e-6'): break
    return best
