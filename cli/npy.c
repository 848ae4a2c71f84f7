/* .npy writing through a temporary file and a rename (see npy.h). */
#include "npy.h"

#include <stdio.h>
#include <string.h>

#include "args.h"

/* numpy/lib/format.py */
#define NPY_MAGIC_LEN 8      /* "\x93NUMPY" + major + minor */
#define NPY_ARRAY_ALIGN 64   /* ARRAY_ALIGN */
#define NPY_GROWTH_DIGITS 21 /* GROWTH_AXIS_MAX_DIGITS */

size_t npy_header(unsigned char *buf, const char *descr, const int64_t *dims,
                  size_t ndim)
{
    char dict[NPY_HEADER_MAX];
    char shape[NPY_HEADER_MAX];
    size_t dlen, hlen, total, pad;
    int k;

    if (cli_shape_repr(shape, sizeof shape, dims, ndim) == 0)
        return 0;
    /* repr() of the dict numpy builds, keys sorted. */
    k = snprintf(dict, sizeof dict,
                 "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                 descr, shape);
    if (k < 0 || (size_t)k >= sizeof dict)
        return 0;
    dlen = (size_t)k;
    /* numpy >= 1.23 leaves room for the first axis to grow to 21 digits, so
     * that appending rows can rewrite the header in place. */
    if (ndim > 0) {
        char d0[32];
        int n0 = snprintf(d0, sizeof d0, "%lld", (long long)dims[0]);
        if (n0 > 0 && n0 < NPY_GROWTH_DIGITS) {
            size_t spaces = (size_t)(NPY_GROWTH_DIGITS - n0);
            if (dlen + spaces >= sizeof dict)
                return 0;
            memset(dict + dlen, ' ', spaces);
            dlen += spaces;
        }
    }
    /* _wrap_header: pad with spaces, end with '\n', so that magic, the
     * 2-byte length and the header end on a multiple of 64. numpy adds
     * between 1 and 64 spaces (a full 64 when already aligned). */
    hlen = dlen + 1;
    pad = NPY_ARRAY_ALIGN - (NPY_MAGIC_LEN + 2 + hlen) % NPY_ARRAY_ALIGN;
    total = NPY_MAGIC_LEN + 2 + hlen + pad;
    if (total > NPY_HEADER_MAX || hlen + pad > 0xffff)
        return 0;
    memcpy(buf, "\x93NUMPY\x01\x00", NPY_MAGIC_LEN);
    buf[8] = (unsigned char)((hlen + pad) & 0xff);
    buf[9] = (unsigned char)((hlen + pad) >> 8);
    memcpy(buf + 10, dict, dlen);
    memset(buf + 10 + dlen, ' ', pad);
    buf[total - 1] = '\n';
    return total;
}

/* ------------------------------------------------------------ writing */

void npy_abort(npy_file *f)
{
    atomic_abort(&f->file);
}

int npy_open(npy_file *f, const char *path, const char *descr, size_t elem_size,
             const int64_t *dims, size_t ndim)
{
    unsigned char header[NPY_HEADER_MAX];
    size_t hlen;

    f->elem_size = elem_size;
    hlen = npy_header(header, descr, dims, ndim);
    if (hlen == 0) {
        cli_error("cannot build the .npy header for this shape");
        return -1;
    }
    if (atomic_open(&f->file, path) != 0)
        return -1;
    if (atomic_write(&f->file, header, hlen) != 0) {
        atomic_abort(&f->file);
        return -1;
    }
    return 0;
}

int npy_write(npy_file *f, void *data, size_t n)
{
    to_little_endian(data, n, f->elem_size);
    return atomic_write(&f->file, data, n * f->elem_size);
}

int npy_commit(npy_file *f)
{
    return atomic_commit(&f->file);
}
