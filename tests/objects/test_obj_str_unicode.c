/* test_obj_str_unicode.c - the character data of str against CPython
 * 3.11, every code point: the case mappings (upper, lower, title,
 * casefold, swapcase, capitalize of a one-character string) and the
 * predicates (isalpha ... isprintable, identifier continuation, decimal
 * value) are folded into FNV-1a digests and compared with the digests
 * gen_str_cases.py computed from CPython's answers (str_cases.h). Each
 * character goes through the str methods themselves. Under the
 * sanitizers and valgrind every 97th code point is checked. */
#include "objtest.h"
#include "strimpl.h"
#include "unicodectype.h"
#include "str_cases.h"

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001B3ULL;
    }
    return h;
}

typedef Obj *(*StrMethodFn)(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);

static const StrMethodFn METHODS[] = {
    str_upper, str_lower, str_title, str_casefold, str_swapcase, str_capitalize,
    str_isalpha, str_isdecimal, str_isdigit, str_isnumeric, str_isalnum, str_isspace,
    str_islower, str_isupper, str_istitle, str_isidentifier, str_isprintable,
};

#define NMETHODS (sizeof METHODS / sizeof METHODS[0])

/* Folds property k of code point c (as one-character string ch) into h. */
static uint64_t fold(Lang *L, size_t k, uint32_t c, Obj *ch, uint64_t h)
{
    char buf[16];
    size_t n;
    if (k < NMETHODS) {
        Obj *r = METHODS[k](L, ch, NULL, 0, NULL);
        if (r == NULL) {
            err_clear(L);
            return 0;
        }
        if (k < 6) {
            h = fnv(h, str_data(r), str_nbytes(r));
        } else {
            buf[0] = r == L->true_ ? '1' : '0';
            h = fnv(h, buf, 1);
        }
        obj_decref(L, r);
    } else if (k == NMETHODS) {
        buf[0] = uc_has(c, UC_XID_CONTINUE) ? '1' : '0';
        h = fnv(h, buf, 1);
    } else {
        n = (size_t)snprintf(buf, sizeof buf, "%d", uc_decimal(c));
        h = fnv(h, buf, n);
    }
    return fnv(h, "", 1);
}

static void every_code_point_matches_cpython(void)
{
    Lang *L = t_begin();
    uint32_t stride = CHECK_ASAN ? 97 : 1;
    size_t row = 0;
    while (UNICODE_DIGESTS[row].stride != stride)
        row++;
    CHECK_EQ(UNICODE_NPROPS, NMETHODS + 2);
    uint64_t h[UNICODE_NPROPS];
    for (size_t k = 0; k < UNICODE_NPROPS; k++)
        h[k] = 0xCBF29CE484222325ULL;
    for (uint32_t c = 0; c < 0x110000; c += stride) {
        Obj *ch = str_from_codepoint(L, c);
        if (ch == NULL)
            break;
        for (size_t k = 0; k < UNICODE_NPROPS; k++)
            h[k] = fold(L, k, c, ch, h[k]);
        obj_decref(L, ch);
    }
    for (size_t k = 0; k < UNICODE_NPROPS; k++) {
        if (h[k] != UNICODE_DIGESTS[row].digest[k]) {
            fprintf(stderr, "  %s differs from CPython\n", UNICODE_PROPS[k]);
            check_case_failed = 1;
        }
    }
    t_end(L);
}

/* The table lookup at the edges of the code space. */
static void lookup_edges(void)
{
    uint32_t out[3];
    CHECK(uc_has('a', UC_ALPHA | UC_LOWER | UC_CASED));
    CHECK(!uc_has(0x10FFFF, UC_PRINTABLE));
    CHECK(!uc_has(0x110000, UC_ALPHA) && !uc_has(0xFFFFFFFF, UC_PRINTABLE));
    CHECK_EQ(uc_mapping(0xDF, UC_UPPER_MAP, out), 2);
    CHECK(out[0] == 'S' && out[1] == 'S');
    CHECK_EQ(uc_mapping(0x390, UC_UPPER_MAP, out), 3);
    CHECK_EQ(uc_mapping(0x1F4A9, UC_UPPER_MAP, out), 1);
    CHECK_EQ(out[0], 0x1F4A9);
    CHECK_EQ(uc_decimal(0x663), 3);
    CHECK_EQ(uc_decimal(0xB2), -1);
}

int main(void)
{
    RUN(lookup_edges);
    RUN(every_code_point_matches_cpython);
    return check_exit();
}
