/*
 * strbuilder.c - building str objects piece by piece, and the printf-style
 * formats of err_format and str_from_format.
 *
 * A StrBuilder owns a buffer from the runtime's allocator, grown by
 * doubling; `len` bytes of it are valid UTF-8 at every step (callers append
 * whole characters). sb_finish copies it into a str and frees it.
 */
#include <stdio.h>
#include <string.h>

#include "strimpl.h"
#include "typeobject.h"

void sb_init(Lang *L, StrBuilder *sb)
{
    sb->L = L;
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->ascii = 1;
}

static int reserve(StrBuilder *sb, size_t extra)
{
    if (sb->cap - sb->len >= extra)
        return 0;
    size_t need = sb->len + extra;
    if (need < sb->len)
        goto overflow;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            goto overflow;
        cap *= 2;
    }
    char *buf = mem_realloc(sb->L, sb->buf, sb->cap, cap);
    if (buf == NULL)
        return -1;
    sb->buf = buf;
    sb->cap = cap;
    return 0;
overflow:
    err_no_memory(sb->L);
    return -1;
}

/* Appends n bytes whose ASCII-ness is known (ascii: 1 if every byte is
 * below 0x80). */
static int append_known(StrBuilder *sb, const char *s, size_t n, int ascii)
{
    if (n == 0)
        return 0;
    if (reserve(sb, n) < 0)
        return -1;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->ascii &= ascii;
    return 0;
}

int sb_append(StrBuilder *sb, const char *s, size_t n)
{
    int ascii = 1;
    if (sb->ascii) {
        for (size_t i = 0; i < n; i++) {
            if ((unsigned char)s[i] >= 0x80) {
                ascii = 0;
                break;
            }
        }
    }
    return append_known(sb, s, n, ascii);
}

int sb_append_cstr(StrBuilder *sb, const char *s)
{
    return sb_append(sb, s, strlen(s));
}

int sb_append_char(StrBuilder *sb, char c)
{
    if (sb->len == sb->cap && reserve(sb, 1) < 0)
        return -1;
    sb->buf[sb->len++] = c;
    if ((unsigned char)c >= 0x80)
        sb->ascii = 0;
    return 0;
}

int sb_append_codepoint(StrBuilder *sb, uint32_t c)
{
    char buf[4];
    return sb_append(sb, buf, (size_t)utf8_encode(c, buf));
}

int sb_append_repeat(StrBuilder *sb, uint32_t c, intptr_t n)
{
    if (n <= 0)
        return 0;
    char buf[4];
    size_t w = (size_t)utf8_encode(c, buf);
    if ((size_t)n > SIZE_MAX / 8 / w) {
        err_no_memory(sb->L);
        return -1;
    }
    if (reserve(sb, w * (size_t)n) < 0)
        return -1;
    char *p = sb->buf + sb->len;
    if (w == 1) {
        memset(p, buf[0], (size_t)n);
    } else {
        for (intptr_t i = 0; i < n; i++)
            memcpy(p + (size_t)i * w, buf, w);
    }
    sb->len += w * (size_t)n;
    if (c >= 0x80)
        sb->ascii = 0;
    return 0;
}

int sb_append_str(StrBuilder *sb, Obj *s)
{
    return append_known(sb, str_data(s), str_nbytes(s), str_is_ascii(s));
}

static int append_taken(StrBuilder *sb, Obj *s)
{
    if (s == NULL)
        return -1;
    int r = sb_append_str(sb, s);
    obj_decref(sb->L, s);
    return r;
}

int sb_append_repr(StrBuilder *sb, Obj *o)
{
    return append_taken(sb, obj_repr(sb->L, o));
}

int sb_append_strof(StrBuilder *sb, Obj *o)
{
    return append_taken(sb, obj_str(sb->L, o));
}

/* Appends at most maxchars code points of the UTF-8 text s (n bytes). */
static int append_truncated(StrBuilder *sb, const char *s, size_t n, long maxchars)
{
    if (maxchars >= 0) {
        size_t pos = 0;
        long k = 0;
        while (pos < n && k < maxchars) {
            pos++;
            while (pos < n && ((unsigned char)s[pos] & 0xC0) == 0x80)
                pos++;
            k++;
        }
        n = pos;
    }
    return sb_append(sb, s, n);
}

int sb_append_vformat(StrBuilder *sb, const char *fmt, va_list ap)
{
    const char *p = fmt;
    while (*p) {
        const char *start = p;
        while (*p && *p != '%')
            p++;
        if (sb_append(sb, start, (size_t)(p - start)) < 0)
            return -1;
        if (*p == '\0')
            break;
        const char *spec = p++;           /* the '%' */
        long prec = -1;
        if (*p == '.') {
            prec = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                prec = prec * 10 + (*p - '0');
        }
        char num[64];
        int err = 0;
        switch (*p) {
        case '%':
            err = sb_append_char(sb, '%');
            break;
        case 'c':
            err = sb_append_codepoint(sb, (uint32_t)va_arg(ap, int));
            break;
        case 'd':
        case 'i':
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            err = sb_append_cstr(sb, num);
            break;
        case 'u':
            snprintf(num, sizeof num, "%u", va_arg(ap, unsigned));
            err = sb_append_cstr(sb, num);
            break;
        case 'x':
            snprintf(num, sizeof num, "%x", va_arg(ap, unsigned));
            err = sb_append_cstr(sb, num);
            break;
        case 'p':
            snprintf(num, sizeof num, "%p", va_arg(ap, void *));
            err = sb_append_cstr(sb, num);
            break;
        case 'l':
            if (p[1] == 'l' && p[2] == 'd') {
                snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
                p += 2;
            } else if (p[1] == 'd') {
                snprintf(num, sizeof num, "%ld", va_arg(ap, long));
                p += 1;
            } else {
                goto bad;
            }
            err = sb_append_cstr(sb, num);
            break;
        case 'z':
            if (p[1] == 'd')
                snprintf(num, sizeof num, "%zd", va_arg(ap, intptr_t));
            else if (p[1] == 'u')
                snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
            else
                goto bad;
            p += 1;
            err = sb_append_cstr(sb, num);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            err = append_truncated(sb, s, strlen(s), prec);
            break;
        }
        case 'U': {
            Obj *s = va_arg(ap, Obj *);
            err = append_truncated(sb, str_data(s), str_nbytes(s), prec);
            break;
        }
        case 'R':
            err = sb_append_repr(sb, va_arg(ap, Obj *));
            break;
        case 'S':
            err = sb_append_strof(sb, va_arg(ap, Obj *));
            break;
        case 'T': {
            const char *s = obj_type_name(va_arg(ap, Obj *));
            err = append_truncated(sb, s, strlen(s), prec);
            break;
        }
        case 'N': {
            TypeObject *t = va_arg(ap, TypeObject *);
            err = append_truncated(sb, t->core.name, strlen(t->core.name), prec);
            break;
        }
        default:
        bad:
            /* A bad format is a bug in the caller: show it rather than crash. */
            err = sb_append(sb, spec, (size_t)(p - spec) + (*p != '\0'));
            break;
        }
        if (err < 0)
            return -1;
        if (*p)
            p++;
    }
    return 0;
}

int sb_append_format(StrBuilder *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = sb_append_vformat(sb, fmt, ap);
    va_end(ap);
    return r;
}

Obj *sb_finish(StrBuilder *sb)
{
    const char *p = sb->buf ? sb->buf : "";
    Obj *s = sb->ascii ? str_from_parts(sb->L, p, sb->len, (intptr_t)sb->len, 1)
                       : str_from_utf8_trusted(sb->L, p, sb->len);
    sb_abandon(sb);
    return s;
}

void sb_abandon(StrBuilder *sb)
{
    if (sb->buf != NULL)
        mem_free(sb->L, sb->buf, sb->cap);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}
