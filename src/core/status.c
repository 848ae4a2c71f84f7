/* Status messages and the version. */
#include "nninit.h"

const char *nninit_status_str(nninit_status status)
{
    switch (status) {
    case NNINIT_OK:
        return "success";
    case NNINIT_ERR_NULL:
        return "a required pointer is NULL";
    case NNINIT_ERR_SIZE:
        return "size out of range: the byte count overflows or offset + n "
               "passes 2^64";
    case NNINIT_ERR_STD:
        return "std must be finite and >= 0 (> 0 for the truncated normal)";
    case NNINIT_ERR_PARAM:
        return "a parameter is NaN or infinite where it must be finite";
    case NNINIT_ERR_RANGE:
        return "uniform range is empty: need lo < hi, a finite hi - lo, and a "
               "representable value in [lo, hi)";
    case NNINIT_ERR_BOUNDS:
        return "truncation bounds are empty: need a < b and a representable "
               "value in [a, b]";
    case NNINIT_ERR_SHAPE:
        return "bad shape: a negative dimension, or fewer than 2 dimensions "
               "where fans are needed";
    case NNINIT_ERR_FAN:
        return "the fan the scheme divides by is zero";
    case NNINIT_ERR_ENUM:
        return "unknown enum value (dtype, method, mode, nonlinearity, "
               "distribution or isa)";
    case NNINIT_ERR_ISA:
        return "the instruction set is not supported by this CPU or build";
    case NNINIT_ERR_NOMEM:
        return "out of memory";
    case NNINIT_ERR_IO:
        return "input/output error";
    }
    return "unknown status code";
}

const char *nninit_version(void) { return NNINIT_VERSION_STRING; }
