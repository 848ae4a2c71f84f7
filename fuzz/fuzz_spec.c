/*
 * libFuzzer target: the model spec reader (cli/spec.c).
 *
 * The input is the JSON text itself. Every input must either be refused
 * with one error line or give a spec that
 *   - prints (spec_print) as JSON that parses back to the same spec, so
 *     that printing it again gives the same bytes, and
 *   - the library accepts or refuses with a status, tensor by tensor: the
 *     first few elements of each tensor are generated, as nninit model
 *     would, into a buffer with guard bytes
 * (fuzz_check_spec, spec_check.c). Anything else (a crash, a sanitizer
 * report, a round trip that differs) aborts.
 */
#include <stddef.h>
#include <stdint.h>

#include "spec.h"
#include "spec_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model_spec s;
    if (spec_parse(&s, (const char *)data, size, "fuzz") != 0)
        return 0;
    fuzz_check_spec(&s);
    spec_free(&s);
    return 0;
}
