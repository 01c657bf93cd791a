/*
 * dechaff._walk: the C around lexbor's parse that metadata and dom.parse() need.
 *
 *   prepare    the pre-parse cut: the bodies of long scripts, styles, SVG drawings and
 *              comments go before lexbor reads the page, and nesting is capped
 *   named      elements found by words of their class or rel (bylines, date lines)
 *   text_of    an element's text
 *   evidence   the elements metadata reads (meta, title, link, JSON-LD, h1, time, itemprop)
 *   visible_text  the text people see below an element; ancestor: the block around one
 *
 * It uses the lexbor that selectolax loaded (see _lexbor.h): init() resolves the exported
 * lexbor functions from selectolax's module file, and named() starts at a node address
 * that selectolax gives (`LexborNode.mem_id`).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <ctype.h>
#include <string.h>
#include <time.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "_lexbor.h"

/* lexbor's chunked parsing, for parse_within(): resolved by init() beside the others. */
typedef unsigned int (*chunk_begin_f)(void *);
typedef unsigned int (*chunk_f)(void *, const unsigned char *, size_t);
static chunk_begin_f parse_chunk_begin, parse_chunk_end;
static chunk_f parse_chunk;

static int resolve_chunks(const char *path) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (handle == NULL) {
        PyErr_Format(PyExc_ImportError, "cannot open %s", path);
        return -1;
    }
    return resolve(handle, "lxb_html_document_parse_chunk_begin", (void **)&parse_chunk_begin) ||
                   resolve(handle, "lxb_html_document_parse_chunk", (void **)&parse_chunk) ||
                   resolve(handle, "lxb_html_document_parse_chunk_end",
                           (void **)&parse_chunk_end)
               ? -1
               : 0;
}

static PyObject *init(PyObject *self, PyObject *args) {
    const char *path;
    if (!PyArg_ParseTuple(args, "s", &path)) return NULL;
    if (lexbor_init(path) < 0 || resolve_chunks(path) < 0) return NULL;
    Py_RETURN_NONE;
}

/* Whether init() resolved lexbor's functions; a RuntimeError set when not. */
static int ready(void) {
    if (first_attribute != NULL && element_local_name != NULL) return 1;
    PyErr_SetString(PyExc_RuntimeError, "dechaff._walk.init() was not called");
    return 0;
}

/* ---- prepare(): drop what the parser would read for nothing ----------------------------
 *
 * Script and style bodies, inline SVG drawings and comments are a third to a half of a
 * typical page's characters, and the extractor uses none of them; lexbor still tokenises
 * every one, and the text has to be encoded to UTF-8 first. prepare() returns the page
 * with their content cut out (the tags stay), ending each one where the HTML tokenizer
 * would: at the first `</script`, `</style` or `</svg` followed by a space, `/` or `>`,
 * and at the first `-->`. Scripts whose type says JSON (JSON-LD metadata) and short
 * scripts (which may write a date line in place) keep their content.
 */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t length;
} text_t;

static inline Py_UCS4 at(const text_t *t, Py_ssize_t i) {
    return i < t->length ? PyUnicode_READ(t->kind, t->data, i) : 0;
}

static inline Py_UCS4 lower(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static inline int ends_name(Py_UCS4 c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' ||
           c == '>' || c == 0;
}

/* Whether the text at i spells `word` (lower case ASCII), any case, then ends a tag name. */
static int spells(const text_t *t, Py_ssize_t i, const char *word) {
    Py_ssize_t k = 0;
    for (; word[k]; k++)
        if (lower(at(t, i + k)) != (Py_UCS4)word[k]) return 0;
    return ends_name(at(t, i + k));
}

/* Where the ASCII character c first is in [from, n) of text of width T: the index, or n.
 * Most pages hold a character past Latin-1 (a curly quote, a dash) and so are two bytes
 * wide; there, eight characters are compared at a time. */
static inline Py_ssize_t find_in1(const Py_UCS1 *d, Py_ssize_t from, Py_ssize_t n, Py_UCS1 c) {
    const Py_UCS1 *hit = from < n ? memchr(d + from, c, (size_t)(n - from)) : NULL;
    return hit == NULL ? n : hit - d;
}

static inline Py_ssize_t find_in2(const Py_UCS2 *d, Py_ssize_t from, Py_ssize_t n, Py_UCS2 c) {
    Py_ssize_t i = from;
#if defined(__SSE2__)
    const __m128i needle = _mm_set1_epi16((short)c);
    for (; i + 8 <= n; i += 8) {
        int hits = _mm_movemask_epi8(
            _mm_cmpeq_epi16(_mm_loadu_si128((const __m128i *)(d + i)), needle));
        if (hits != 0) return i + (__builtin_ctz((unsigned)hits) >> 1);
    }
#endif
    for (; i < n && d[i] != c; i++) {}
    return i;
}

static inline Py_ssize_t find_in4(const Py_UCS4 *d, Py_ssize_t from, Py_ssize_t n, Py_UCS4 c) {
    Py_ssize_t i = from;
    for (; i < n && d[i] != c; i++) {}
    return i;
}

static Py_ssize_t find_char(const text_t *t, Py_UCS4 c, Py_ssize_t from) {
    Py_ssize_t n = t->length, i;
    if (from >= n) return -1;
    if (t->kind == PyUnicode_1BYTE_KIND) i = find_in1(t->data, from, n, (Py_UCS1)c);
    else if (t->kind == PyUnicode_2BYTE_KIND) i = find_in2(t->data, from, n, (Py_UCS2)c);
    else i = find_in4(t->data, from, n, c);
    return i < n ? i : -1;
}

/* A tag read as the HTML tokenizer reads it, from just after its '<': the index just past
 * the '>' that ends it (-1 when the text ends first: the tokenizer drops such a tag, and
 * everything after it), how many attributes it has, and where the first one past `limit`
 * starts (-1 when none). Quotes matter only where a value starts (`a="x>y"`); a quote
 * elsewhere is text (`a=x"y`, `"b`), as in the tokenizer. Attribute values are nearly half
 * of the text the cut keeps (benchmark pages), so a quoted value is skipped in a tight loop
 * in the text's own width. */
enum { T_NAME, T_BEFORE, T_ATTRIBUTE, T_AFTER, T_VALUE, T_UNQUOTED };
typedef struct {
    Py_ssize_t end, attributes, limit, cut;
} scan_t;

#define IS_SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f')
#define TAG_SCAN(T, FIND)                                                                    \
    {                                                                                    \
        const T *d = (const T *)t->data;                                                 \
        int state = T_NAME;                                                              \
        for (; i < n; i++) {                                                             \
            T c = d[i];                                                                  \
            if (c == '>') {                                                              \
                out->end = i + 1;                                                        \
                return;                                                                  \
            }                                                                            \
            int space = IS_SPACE(c);                                                     \
            switch (state) {                                                             \
            case T_NAME: /* the tag's name; '/' as a space (`<br/x>`) */                 \
            case T_UNQUOTED:                                                             \
                if (space || (c == '/' && state == T_NAME)) state = T_BEFORE;            \
                break;                                                                   \
            case T_ATTRIBUTE:                                                            \
                state = space ? T_AFTER : c == '/' ? T_BEFORE : c == '=' ? T_VALUE : state; \
                break;                                                                   \
            case T_VALUE:                                                                \
                if (space) break;                                                        \
                if (c == '"' || c == '\'') {                                             \
                    i = FIND(d, i + 1, n, c);                                            \
                    state = T_BEFORE;                                                    \
                } else {                                                                 \
                    state = T_UNQUOTED;                                                  \
                }                                                                        \
                break;                                                                   \
            default: /* T_BEFORE, T_AFTER: a new attribute, or '=' after a name */       \
                if (space || c == '/') {                                                 \
                    if (c == '/') state = T_BEFORE;                                      \
                } else if (c == '=' && state == T_AFTER) {                               \
                    state = T_VALUE;                                                     \
                } else {                                                                 \
                    if (++out->attributes > limit && out->cut < 0) out->cut = i;         \
                    state = T_ATTRIBUTE;                                                 \
                }                                                                        \
            }                                                                            \
        }                                                                                \
    }

static void scan_tag(const text_t *t, Py_ssize_t i, Py_ssize_t limit, scan_t *out) {
    const Py_ssize_t n = t->length;
    out->end = -1;
    out->attributes = 0;
    out->limit = limit;
    out->cut = -1;
    if (t->kind == PyUnicode_1BYTE_KIND) TAG_SCAN(Py_UCS1, find_in1)
    else if (t->kind == PyUnicode_2BYTE_KIND) TAG_SCAN(Py_UCS2, find_in2)
    else TAG_SCAN(Py_UCS4, find_in4)
}

/* Where `</name` starts at or after i (any case), or the end of the text. */
static Py_ssize_t closing(PyObject *s, const text_t *t, Py_ssize_t i, const char *name) {
    while ((i = find_char(t, '<', i)) >= 0) {
        if (at(t, i + 1) == '/' && spells(t, i + 2, name)) return i;
        i++;
    }
    return t->length;
}

/* Whether the start tag in [from, to) has a type attribute value that mentions json. */
static int mentions_json(const text_t *t, Py_ssize_t from, Py_ssize_t to) {
    for (Py_ssize_t i = from; i + 4 <= to; i++)
        if (lower(at(t, i)) == 'j' && lower(at(t, i + 1)) == 's' && lower(at(t, i + 2)) == 'o' &&
            lower(at(t, i + 3)) == 'n')
            return 1;
    return 0;
}

/* Where prepare() puts the text it keeps: pieces of the page to join into a str, or the
 * page's UTF-8 bytes, written as it goes into the bytes object it returns (lexbor reads
 * UTF-8: encoding the kept text once, here, saves making the joined str and encoding it
 * after, and writing in place saves copying it again). */
typedef struct {
    PyObject *parts;     /* str pieces, or NULL for UTF-8 */
    PyObject *bytes;     /* the UTF-8, length bytes of it written so far */
    unsigned char *utf8; /* its buffer */
    Py_ssize_t length, capacity;
} sink_t;

static int grow(sink_t *o, Py_ssize_t more) {
    if (o->capacity - o->length >= more) return 0;
    Py_ssize_t want = o->capacity * 2 > o->length + more ? o->capacity * 2 : o->length + more;
    if (o->bytes == NULL) o->bytes = PyBytes_FromStringAndSize(NULL, want);
    else if (_PyBytes_Resize(&o->bytes, want) < 0) o->bytes = NULL;
    if (o->bytes == NULL) return -1;
    o->utf8 = (unsigned char *)PyBytes_AS_STRING(o->bytes);
    o->capacity = want;
    return 0;
}

/* The UTF-8 of [from, to) of text of width T, lone surrogates left out (as
 * str.encode("utf-8", "ignore") does, which is what the parser is given otherwise). */
#define ENCODE_UTF8(T, ASCII_RUN)                                                 \
    {                                                                     \
        const T *d = (const T *)t->data;                                  \
        for (Py_ssize_t i = from; i < to; i++) {                          \
            i = ASCII_RUN(d, i, to, &out);                                \
            if (i >= to) break;                                           \
            Py_UCS4 c = d[i];                                             \
            if (c < 0x80) {                                               \
                *out++ = (unsigned char)c;                                \
            } else if (c < 0x800) {                                       \
                *out++ = (unsigned char)(0xC0 | (c >> 6));                \
                *out++ = (unsigned char)(0x80 | (c & 0x3F));              \
            } else if (c >= 0xD800 && c <= 0xDFFF) {                      \
                continue;                                                 \
            } else if (c < 0x10000) {                                     \
                *out++ = (unsigned char)(0xE0 | (c >> 12));               \
                *out++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));       \
                *out++ = (unsigned char)(0x80 | (c & 0x3F));              \
            } else {                                                      \
                *out++ = (unsigned char)(0xF0 | (c >> 18));               \
                *out++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));      \
                *out++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));       \
                *out++ = (unsigned char)(0x80 | (c & 0x3F));              \
            }                                                             \
        }                                                                 \
    }

/* Runs of eight ASCII characters, most of any page, are copied without a test each: from
 * i, while they last; returns where the run ends, with *out moved past what it wrote. */
#define ASCII_RUN(T)                                                                     \
    static inline Py_ssize_t ascii_run_##T(const T *d, Py_ssize_t i, Py_ssize_t to,      \
                                           unsigned char **out) {                        \
        unsigned char *o = *out;                                                         \
        while (i + 8 <= to && (d[i] | d[i + 1] | d[i + 2] | d[i + 3] | d[i + 4] |        \
                               d[i + 5] | d[i + 6] | d[i + 7]) < 0x80) {                 \
            for (int k = 0; k < 8; k++) o[k] = (unsigned char)d[i + k];                   \
            o += 8;                                                                      \
            i += 8;                                                                      \
        }                                                                                \
        *out = o;                                                                        \
        return i;                                                                        \
    }
ASCII_RUN(Py_UCS1)
ASCII_RUN(Py_UCS4)

/* The same for two-byte text, eight characters to a vector: the text of most pages. */
static inline Py_ssize_t ascii_run_Py_UCS2(const Py_UCS2 *d, Py_ssize_t i, Py_ssize_t to,
                                           unsigned char **out) {
#if defined(__SSE2__)
    unsigned char *o = *out;
    const __m128i high = _mm_set1_epi16((short)0xFF80), zero = _mm_setzero_si128();
    while (i + 8 <= to) {
        __m128i v = _mm_loadu_si128((const __m128i *)(d + i));
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(v, high), zero)) != 0xFFFF) break;
        _mm_storel_epi64((__m128i *)o, _mm_packus_epi16(v, v));
        o += 8;
        i += 8;
    }
    *out = o;
    return i;
#else
    unsigned char *o = *out;
    while (i + 8 <= to && (d[i] | d[i + 1] | d[i + 2] | d[i + 3] | d[i + 4] | d[i + 5] |
                           d[i + 6] | d[i + 7]) < 0x80) {
        for (int k = 0; k < 8; k++) o[k] = (unsigned char)d[i + k];
        o += 8;
        i += 8;
    }
    *out = o;
    return i;
#endif
}

static int keep(sink_t *o, PyObject *s, const text_t *t, Py_ssize_t from, Py_ssize_t to) {
    if (to <= from) return 0;
    if (o->parts != NULL) {
        PyObject *piece = PyUnicode_Substring(s, from, to);
        if (piece == NULL) return -1;
        int status = PyList_Append(o->parts, piece);
        Py_DECREF(piece);
        return status;
    }
    if (PyUnicode_IS_ASCII(s)) {
        if (grow(o, to - from) < 0) return -1;
        memcpy(o->utf8 + o->length, (const char *)t->data + from, (size_t)(to - from));
        o->length += to - from;
        return 0;
    }
    if (grow(o, (to - from) * (t->kind == PyUnicode_1BYTE_KIND ? 2 : 4)) < 0) return -1;
    unsigned char *out = o->utf8 + o->length;
    if (t->kind == PyUnicode_1BYTE_KIND) ENCODE_UTF8(Py_UCS1, ascii_run_Py_UCS1)
    else if (t->kind == PyUnicode_2BYTE_KIND) ENCODE_UTF8(Py_UCS2, ascii_run_Py_UCS2)
    else ENCODE_UTF8(Py_UCS4, ascii_run_Py_UCS4)
    o->length = out - o->utf8;
    return 0;
}

static inline int is_letter(Py_UCS4 c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

/* The lower-case tag name at i (at most size-1 characters), or "" when none starts there. */
static void tag_name_at(const text_t *t, Py_ssize_t i, char *out, size_t size) {
    size_t n = 0;
    for (Py_UCS4 c = at(t, i);
         n + 1 < size && (is_letter(c) || (c >= '0' && c <= '9') || c == '-'); c = at(t, ++i))
        out[n++] = (char)lower(c);
    out[n] = 0;
}

/* What prepare() needs to know of a tag by its name:
 * - VOID: it never holds content, so never nests deeper (the HTML standard's void elements);
 * - FORMATTING: the parser rebuilds it when another element closed it (the standard's
 *   "active formatting elements", less <a> and <nobr>, which close their like);
 * - MERGED: the parser merges every such start tag's attributes into one element;
 * - RAW: its content is not markup (scripts, styles; SVG drawings, which nothing reads). */
enum { VOID = 1, FORMATTING = 2, MERGED = 4, RAW = 8 };

static int tag_flags(const char *name) {
    typedef struct {
        const char *name;
        int flags;
    } known_t;
    /* by first letter: every tag of the page is looked up */
    static const known_t KNOWN[26][9] = {
        ['a' - 'a'] = {{"area", VOID}},
        ['b' - 'a'] = {{"b", FORMATTING}, {"base", VOID}, {"big", FORMATTING}, {"body", MERGED},
                       {"br", VOID}},
        ['c' - 'a'] = {{"code", FORMATTING}, {"col", VOID}},
        ['e' - 'a'] = {{"em", FORMATTING}, {"embed", VOID}},
        ['f' - 'a'] = {{"font", FORMATTING}},
        ['h' - 'a'] = {{"hr", VOID}, {"html", MERGED}},
        ['i' - 'a'] = {{"i", FORMATTING}, {"img", VOID}, {"input", VOID}},
        ['l' - 'a'] = {{"link", VOID}},
        ['m' - 'a'] = {{"meta", VOID}},
        ['p' - 'a'] = {{"param", VOID}},
        ['s' - 'a'] = {{"s", FORMATTING}, {"script", RAW}, {"small", FORMATTING},
                       {"source", VOID}, {"strike", FORMATTING}, {"strong", FORMATTING},
                       {"style", RAW}, {"svg", RAW}},
        ['t' - 'a'] = {{"track", VOID}, {"tt", FORMATTING}},
        ['u' - 'a'] = {{"u", FORMATTING}},
        ['w' - 'a'] = {{"wbr", VOID}}};
    if (name[0] < 'a' || name[0] > 'z') return 0;
    for (const known_t *k = KNOWN[name[0] - 'a']; k->name != NULL; k++)
        if (strcmp(k->name, name) == 0) return k->flags;
    return 0;
}

/* A tag as prepare() reads it: whether it is an end tag, its lower-case name ("" when no
 * name starts there: then it is no tag) and tag_flags(), and its scan. */
typedef struct {
    int closing, flags;
    char name[16];
    scan_t scan;
} tag_t;

static int merged(const tag_t *tag) { return !tag->closing && (tag->flags & MERGED); }

/* Reads the tag at pos; its attributes are counted against max_attributes, or for <html>
 * and <body> against what is left of the page's allowance for them (attribute_cut). */
static void read_tag(const text_t *t, Py_ssize_t pos, Py_ssize_t max_attributes,
                     Py_ssize_t merged_left, tag_t *tag) {
    tag->closing = at(t, pos + 1) == '/';
    tag_name_at(t, pos + 1 + tag->closing, tag->name, sizeof tag->name);
    tag->flags = tag_flags(tag->name);
    tag->scan.end = -1;
    if (!is_letter((unsigned char)tag->name[0])) return;
    Py_ssize_t limit = merged(tag) && merged_left < max_attributes ? merged_left : max_attributes;
    scan_tag(t, pos + 1 + tag->closing, limit, &tag->scan);
}

/* Nesting beyond max_depth is flattened: lexbor's tree builder takes time quadratic in the
 * depth of open elements (20,000 nested <div>s took 1 s, 100,000 took 43 s), so start
 * tags past the cap are cut, and as many end tags after them. Returns 1 when the tag is
 * to be cut, and sets *end to the index after it. */
static int too_deep(const text_t *t, const tag_t *tag, Py_ssize_t max_depth,
                    Py_ssize_t *depth, Py_ssize_t *skipped, Py_ssize_t *end) {
    if (!is_letter((unsigned char)tag->name[0])) return 0;
    if (tag->closing) {
        if (*skipped > 0) {
            *end = tag->scan.end < 0 ? t->length : tag->scan.end;
            (*skipped)--;
            return 1;
        }
        if (*depth > 0) (*depth)--;
        return 0;
    }
    Py_ssize_t e = tag->scan.end;
    if (e < 0 || (tag->flags & VOID) || at(t, e - 2) == '/') return 0;
    if (*depth < max_depth) {
        (*depth)++;
        return 0;
    }
    *end = e;
    (*skipped)++;
    return 1;
}

/* Formatting elements the parser rebuilds when they were closed by another element (the
 * HTML standard's "active formatting elements", less <a> and <nobr>, which close their
 * like): a page that leaves 1,000 of them open has all 1,000 rebuilt in every paragraph
 * after, and a 29 KB page grew a tree of 420,000 elements that the passes after the parse
 * then walked. Start tags past max_formatting open ones are cut (their text stays), so
 * each paragraph rebuilds max_formatting at most. Returns 1 when the tag is to be cut. */
static int too_much_formatting(const tag_t *tag, Py_ssize_t max_formatting,
                               Py_ssize_t *open_formatting) {
    if (!(tag->flags & FORMATTING) || tag->scan.end < 0) return 0;
    if (tag->closing) {
        if (*open_formatting > 0) (*open_formatting)--;
        return 0;
    }
    if (*open_formatting >= max_formatting) return 1;
    (*open_formatting)++;
    return 0;
}

/* Attributes past the cap are cut from the start tag at pos: lexbor checks each new
 * attribute of an element against all it already has, so one element of 80,000 attributes
 * took 92 s to parse. <html> and <body> tags share one allowance for the page, since the
 * parser merges every such tag's attributes into one element. When the tag has attributes
 * past its cap, writes the page up to the first of them and moves *last to the tag's "/>"
 * or ">"; returns -1 on error, else 0. */
static int cap_attributes(sink_t *o, PyObject *s, const text_t *t, const tag_t *tag,
                          Py_ssize_t *merged_left, Py_ssize_t *last) {
    const scan_t *scan = &tag->scan;
    if (scan->end < 0) return 0;
    if (merged(tag)) {
        Py_ssize_t kept = scan->cut < 0 ? scan->attributes : scan->limit;
        *merged_left = kept >= *merged_left ? 0 : *merged_left - kept;
    }
    if (scan->cut < 0 || tag->closing) return 0;
    if (keep(o, s, t, *last, scan->cut) < 0) return -1;
    Py_ssize_t gt = scan->end - 1;
    *last = at(t, gt - 1) == '/' && gt - 1 > scan->cut ? gt - 1 : gt;
    return 0;
}

/* prepare(html, max_script_chars, max_depth[, max_attributes[, max_formatting]]) -> html
 * without the bodies of long scripts, styles, SVG drawings, nor comments, with nesting
 * past max_depth flattened, attributes past max_attributes and formatting elements past
 * max_formatting open cut; as a str, or with utf8 set as its UTF-8 bytes. */
static PyObject *cut(PyObject *args, int utf8) {
    PyObject *s;
    Py_ssize_t max_script, max_depth, depth = 0, skipped = 0, max_attributes = PY_SSIZE_T_MAX;
    Py_ssize_t max_formatting = PY_SSIZE_T_MAX, open_formatting = 0;
    if (!PyArg_ParseTuple(args, "Unn|nn", &s, &max_script, &max_depth, &max_attributes,
                          &max_formatting))
        return NULL;
    if (max_attributes < 0) max_attributes = 0;
    if (max_attributes > PY_SSIZE_T_MAX / 4) max_attributes = PY_SSIZE_T_MAX / 4;
    Py_ssize_t merged_left = max_attributes;
    text_t t = {PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s)};
    sink_t o = {NULL, NULL, NULL, 0, 0};
    if (!utf8 && (o.parts = PyList_New(0)) == NULL) return NULL;
    /* room for the page at a byte a character and some more: most pages need no more */
    if (utf8 && grow(&o, t.length + t.length / 8 + 64) < 0) return NULL;
    Py_ssize_t pos = 0, last = 0;
    while ((pos = find_char(&t, '<', pos)) >= 0) {
        Py_ssize_t cut_from = -1, resume = -1;
        if (at(&t, pos + 1) == '!' && at(&t, pos + 2) == '-' && at(&t, pos + 3) == '-') {
            Py_ssize_t end = pos + 4;
            while ((end = find_char(&t, '>', end)) >= 0 &&
                   !(at(&t, end - 1) == '-' && at(&t, end - 2) == '-' && end - 2 >= pos + 4))
                end++;
            cut_from = pos;
            resume = end < 0 ? t.length : end + 1;
        } else {
            tag_t tag;
            read_tag(&t, pos, max_attributes, merged_left, &tag);
            if (is_letter((unsigned char)tag.name[0]) && tag.scan.end < 0)
                break; /* a tag the text ends in: the parser drops it and all after it */
            /* a script, style or drawing whose name ends as the tokenizer ends one */
            const char *name = !tag.closing && (tag.flags & RAW) &&
                                       ends_name(at(&t, pos + 1 + (Py_ssize_t)strlen(tag.name)))
                                   ? tag.name
                                   : NULL;
            Py_ssize_t end = -1;
            if (too_much_formatting(&tag, max_formatting, &open_formatting)) {
                cut_from = pos;
                resume = tag.scan.end;
            } else if (name == NULL && too_deep(&t, &tag, max_depth, &depth, &skipped, &end)) {
                cut_from = pos;
                resume = end;
            } else {
                if (cap_attributes(&o, s, &t, &tag, &merged_left, &last) < 0) goto fail;
                if (name == NULL) {
                    /* past the tag: a '<' inside it is no tag, and is not read again */
                    pos = tag.scan.end < 0 ? pos + 1 : tag.scan.end;
                    continue;
                }
                Py_ssize_t body = tag.scan.end;
                end = closing(s, &t, body, name);
                int wanted = name[1] == 'c' &&
                             (end - body <= max_script || mentions_json(&t, pos, body));
                if (wanted) {
                    pos = end;
                    continue;
                }
                cut_from = body;
                resume = end;
            }
        }
        if (cut_from < 0) {
            pos++;
            continue;
        }
        if (keep(&o, s, &t, last, cut_from) < 0) goto fail;
        last = pos = resume;
    }
    if (!utf8 && last == 0) {  /* nothing cut: the text itself */
        Py_DECREF(o.parts);
        return Py_NewRef(s);
    }
    if (keep(&o, s, &t, last, t.length) < 0) goto fail;
    PyObject *out;
    if (utf8) {
        if (_PyBytes_Resize(&o.bytes, o.length) < 0) return NULL;
        return o.bytes;
    }
    PyObject *empty = PyUnicode_FromStringAndSize("", 0);
    out = empty ? PyUnicode_Join(empty, o.parts) : NULL;
    Py_XDECREF(empty);
    Py_DECREF(o.parts);
    return out;
fail:
    Py_XDECREF(o.parts);
    Py_XDECREF(o.bytes);
    return NULL;
}

static PyObject *prepare(PyObject *self, PyObject *args) { return cut(args, 0); }

/* prepare_utf8(html, max_script_chars, max_depth) -> the same as prepare(), as the UTF-8
 * bytes the parser reads: what dom.parse() uses. prepare() gives the text, to read and to
 * test the cut on. */
static PyObject *prepare_utf8(PyObject *self, PyObject *args) { return cut(args, 1); }

/* ---- named(): elements found by the words in their class, for bylines and date lines ----
 *
 * The same elements, in the same order, as lexbor's selector list
 * `[class*=w1 i], [class*=w2 i], ..., [rel~=word]` finds from the node at `address` (the
 * node itself included), without matching each selector against every element in turn.
 */

/* Whether `hay` (already lower-case) holds `needle` (lower-case ASCII): memchr to each
 * place its first letter occurs, then a compare. */
static int holds(const unsigned char *hay, size_t n, const char *needle, size_t m) {
    if (m == 0) return 1;
    const unsigned char *p = hay, *end = hay + n;
    while ((size_t)(end - p) >= m && (p = memchr(p, needle[0], (size_t)(end - p) - m + 1))) {
        if (memcmp(p, needle, m) == 0) return 1;
        p++;
    }
    return 0;
}

/* A class attribute is lowered once (ASCII only, as "*= ... i" ignores case) and each word
 * searched in that: on the stack up to CLASS_CHARS bytes, else in memory of its own. */
#define CLASS_CHARS 512

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether the white-space separated list `v` holds `word` exactly, as `~=`. */
static int lists(const unsigned char *v, size_t n, const char *word, size_t m) {
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space(v[i])) i++;
        size_t start = i;
        while (i < n && !is_space(v[i])) i++;
        if (m > 0 && i - start == m && memcmp(v + start, word, m) == 0) return 1;
    }
    return 0;
}

static PyObject *value_or_none(const unsigned char *v, size_t n, int present) {
    if (!present) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8((const char *)(v ? v : (const unsigned char *)""),
                                (Py_ssize_t)(v ? n : 0), "replace");
}

/* The next node after `node` in document order, within the subtree of `root`. */
static lxb_node *following(lxb_node *node, lxb_node *root) {
    if (node->first_child != NULL) return node->first_child;
    while (node != root) {
        if (node->next != NULL) return node->next;
        node = node->parent;
        if (node == NULL) return NULL;
    }
    return NULL;
}

/* named(address, words, rel_word, max_found) -> [(class, id, rel, address)]; rel_word ""
 * for none. */
static PyObject *named(PyObject *self, PyObject *args) {
    unsigned long long address;
    PyObject *words;
    const char *rel_word;
    Py_ssize_t rel_len, max_found;
    if (!ready()) return NULL;
    if (!PyArg_ParseTuple(args, "KO!s#n", &address, &PyTuple_Type, &words, &rel_word, &rel_len,
                          &max_found))
        return NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(words);
    const char *needles[16];
    size_t lengths[16];
    if (count > 16) {
        PyErr_SetString(PyExc_ValueError, "at most 16 words");
        return NULL;
    }
    for (Py_ssize_t w = 0; w < count; w++) {
        Py_ssize_t len;
        needles[w] = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(words, w), &len);
        if (needles[w] == NULL) return NULL;
        lengths[w] = (size_t)len;
    }
    PyObject *found = PyList_New(0);
    if (found == NULL) return NULL;
    lxb_node *root = (lxb_node *)(uintptr_t)address;
    for (lxb_node *node = root; node != NULL && PyList_GET_SIZE(found) < max_found;
         node = following(node, root)) {
        if (node->type != NODE_ELEMENT) continue;
        const unsigned char *cls = NULL, *id = NULL, *rel = NULL;
        size_t cls_len = 0, id_len = 0, rel_len_found = 0;
        int has_cls = 0, has_id = 0, has_rel = 0;
        for (void *attr = first_attribute(node); attr != NULL; attr = next_attribute(attr)) {
            size_t name_len = 0;
            const unsigned char *name = attr_local_name(attr, &name_len);
            if (name == NULL) continue;
            if (name_len == 5 && memcmp(name, "class", 5) == 0 && !has_cls) {
                cls = attr_value(attr, &cls_len);
                has_cls = 1;
            } else if (name_len == 2 && memcmp(name, "id", 2) == 0 && !has_id) {
                id = attr_value(attr, &id_len);
                has_id = 1;
            } else if (name_len == 3 && memcmp(name, "rel", 3) == 0 && !has_rel) {
                rel = attr_value(attr, &rel_len_found);
                has_rel = 1;
            }
        }
        /* lexbor lists an element once for each selector of the list that it matches */
        Py_ssize_t matches = 0;
        if (cls != NULL) {
            unsigned char stack[CLASS_CHARS];
            unsigned char *lowered = cls_len <= CLASS_CHARS ? stack : PyMem_Malloc(cls_len);
            if (lowered == NULL) {
                Py_DECREF(found);
                return PyErr_NoMemory();
            }
            for (size_t i = 0; i < cls_len; i++) lowered[i] = (unsigned char)tolower(cls[i]);
            for (Py_ssize_t w = 0; w < count; w++)
                matches += holds(lowered, cls_len, needles[w], lengths[w]);
            if (lowered != stack) PyMem_Free(lowered);
        }
        if (rel != NULL && rel_len > 0)
            matches += lists(rel, rel_len_found, rel_word, (size_t)rel_len);
        if (matches == 0) continue;
        PyObject *item = Py_BuildValue("(NNNK)", value_or_none(cls, cls_len, has_cls),
                                       value_or_none(id, id_len, has_id),
                                       value_or_none(rel, rel_len_found, has_rel),
                                       (unsigned long long)(uintptr_t)node);
        if (item == NULL) {
            Py_DECREF(found);
            return NULL;
        }
        for (; matches > 0 && PyList_GET_SIZE(found) < max_found; matches--) {
            if (PyList_Append(found, item) < 0) {
                Py_DECREF(item);
                Py_DECREF(found);
                return NULL;
            }
        }
        Py_DECREF(item);
    }
    return found;
}

/* ---- evidence(): what metadata reads, in one walk ---------------------------------------
 *
 * The elements that hold a page's structured evidence, in document order: html, meta,
 * title, link, script, h1 and time elements, and every element with an itemprop. One walk
 * instead of a CSS query and four tag searches, each a walk of its own. */

/* The attributes evidence() copies, in the order of the dict it gives. */
static const char *const EVIDENCE_ATTRS[] = {"lang", "xml:lang", "content", "property", "name",
                                             "itemprop", "http-equiv", "rel", "href", "type",
                                             "datetime"};
enum { N_EVIDENCE_ATTRS = sizeof EVIDENCE_ATTRS / sizeof *EVIDENCE_ATTRS };
static const char *const EVIDENCE_TAGS[] = {"html", "meta", "title", "link", "script", "h1",
                                            "time"};

static int evidence_tag(const unsigned char *name, size_t len) {
    for (size_t i = 0; i < sizeof EVIDENCE_TAGS / sizeof *EVIDENCE_TAGS; i++)
        if (strlen(EVIDENCE_TAGS[i]) == len && memcmp(EVIDENCE_TAGS[i], name, len) == 0) return 1;
    return 0;
}

/* The first element whose itemprop lists `word`, from `node` on (itself included, as a CSS
 * query from it finds), or NULL. */
static lxb_node *itemprop_below(lxb_node *node, const char *word) {
    for (lxb_node *n = node; n != NULL; n = following(n, node)) {
        if (n->type != NODE_ELEMENT) continue;
        for (void *attr = first_attribute(n); attr != NULL; attr = next_attribute(attr)) {
            size_t name_len = 0, value_len = 0;
            const unsigned char *name = attr_local_name(attr, &name_len);
            if (name_len != 8 || memcmp(name, "itemprop", 8) != 0) continue;
            const unsigned char *value = attr_value(attr, &value_len);
            if (value != NULL && lists(value, value_len, word, strlen(word))) return n;
            break;
        }
    }
    return NULL;
}

/* Whether an element has an itemprop attribute. */
static int has_itemprop(lxb_node *node) {
    for (void *attr = first_attribute(node); attr != NULL; attr = next_attribute(attr)) {
        size_t name_len = 0;
        const unsigned char *name = attr_local_name(attr, &name_len);
        if (name_len == 8 && memcmp(name, "itemprop", 8) == 0) return 1;
    }
    return 0;
}

/* The attributes of EVIDENCE_ATTRS that an element has, as a dict; NULL on error. */
static PyObject *evidence_attrs(lxb_node *node) {
    PyObject *attrs = PyDict_New();
    for (void *attr = first_attribute(node); attrs != NULL && attr != NULL;
         attr = next_attribute(attr)) {
        size_t name_len = 0, value_len = 0;
        const unsigned char *name = attr_local_name(attr, &name_len);
        for (int i = 0; name != NULL && i < N_EVIDENCE_ATTRS; i++) {
            if (strlen(EVIDENCE_ATTRS[i]) != name_len || memcmp(EVIDENCE_ATTRS[i], name, name_len))
                continue;
            PyObject *key = PyUnicode_FromStringAndSize((const char *)name, (Py_ssize_t)name_len);
            const unsigned char *value = attr_value(attr, &value_len);
            PyObject *v = value_or_none(value, value_len, 1);
            if (key == NULL || v == NULL || PyDict_SetItem(attrs, key, v) < 0) Py_CLEAR(attrs);
            Py_XDECREF(key);
            Py_XDECREF(v);
            break;
        }
    }
    return attrs;
}

/* Whether the element's attribute `name` holds `word` (lower-case ASCII) in any ASCII case:
 * what a script must say of its type (json), a link of its rel (canonical), for metadata
 * to read it, which it checks in full (most pages have dozens of each, to no use). */
static int attribute_mentions(lxb_node *node, const char *name, const char *word) {
    size_t name_len = strlen(name), m = strlen(word);
    for (void *attr = first_attribute(node); attr != NULL; attr = next_attribute(attr)) {
        size_t len = 0, n = 0;
        const unsigned char *found = attr_local_name(attr, &len);
        if (found == NULL || len != name_len || memcmp(found, name, len) != 0) continue;
        const unsigned char *v = attr_value(attr, &n);
        for (size_t i = 0; v != NULL && i + m <= n; i++) {
            size_t k = 0;
            while (k < m && tolower(v[i + k]) == word[k]) k++;
            if (k == m) return 1;
        }
    }
    return 0;
}

/* One element's entry: (tag, {attribute: value}, address, address of its first
 * itemprop=name element from it on, or 0); NULL (no error) when it is not evidence. Whether
 * a tag is evidence is looked up once per lexbor tag id (`known`: -1 not yet). */
static PyObject *evidence_of(lxb_node *node, int8_t *known) {
    uintptr_t id = node->local_name;
    int tagged;
    if (id < 256 && known[id] >= 0) {
        tagged = known[id];
    } else {
        size_t len = 0;
        const unsigned char *tag = element_local_name(node, &len);
        tagged = tag != NULL && evidence_tag(tag, len);
        if (id < 256) known[id] = (int8_t)tagged;
    }
    int itemprop = has_itemprop(node);
    if (!tagged && !itemprop) return NULL;
    size_t tag_len = 0;
    const unsigned char *tag = element_local_name(node, &tag_len);
    if (!itemprop && tag != NULL &&
        ((tag_len == 6 && memcmp(tag, "script", 6) == 0 &&
          !attribute_mentions(node, "type", "json")) ||
         (tag_len == 4 && memcmp(tag, "link", 4) == 0 &&
          !attribute_mentions(node, "rel", "canonical"))))
        return NULL;
    lxb_node *name = itemprop ? itemprop_below(node, "name") : NULL;
    PyObject *attrs = evidence_attrs(node);
    if (attrs == NULL) return NULL;
    return Py_BuildValue("(NNKK)", value_or_none(tag, tag_len, tag != NULL), attrs,
                         (unsigned long long)(uintptr_t)node,
                         (unsigned long long)(uintptr_t)name);
}

/* evidence(address) -> [(tag, attrs, address, name_address)] for the element at `address`
 * (the page's html element) and every element below it that is evidence, in order. */
static PyObject *evidence(PyObject *self, PyObject *args) {
    unsigned long long address;
    if (!ready()) return NULL;
    if (!PyArg_ParseTuple(args, "K", &address)) return NULL;
    PyObject *found = PyList_New(0);
    if (found == NULL) return NULL;
    lxb_node *root = (lxb_node *)(uintptr_t)address;
    int8_t known[256];
    memset(known, -1, sizeof known);
    for (lxb_node *node = root; node != NULL; node = following(node, root)) {
        if (node->type != NODE_ELEMENT) continue;
        PyObject *item = evidence_of(node, known);
        if (item == NULL && PyErr_Occurred()) {
            Py_DECREF(found);
            return NULL;
        }
        if (item != NULL) {
            int status = PyList_Append(found, item);
            Py_DECREF(item);
            if (status < 0) {
                Py_DECREF(found);
                return NULL;
            }
        }
    }
    return found;
}

/* text_of(address, max_chars, spaced=True) -> the text nodes under the element joined by
 * spaces (or by nothing), as selectolax's text(deep=True, separator=" " or "") gives it, or
 * None when it is longer than max_chars characters (read no further than that: a UTF-8
 * character is at most 4 bytes). */
/* Grow a buffer to hold at least `wanted` bytes; 0 when memory runs out (it is kept). */
static int grow_buffer(unsigned char **buffer, size_t *size, size_t wanted) {
    size_t n = *size;
    while (n < wanted) n *= 2;
    unsigned char *grown = PyMem_Realloc(*buffer, n);
    if (grown == NULL) return 0;
    *buffer = grown;
    *size = n;
    return 1;
}

/* The text nodes under root joined by a space (spaced) or by nothing, as a str, when it
 * has at most max_chars characters; None when it has more; NULL on error. */
static PyObject *joined_text(lxb_node *root, Py_ssize_t max_chars, int spaced) {
    size_t cap = (size_t)max_chars * 4 + 1, used = 0, size = 256;
    unsigned char *buffer = PyMem_Malloc(size);
    if (buffer == NULL) return PyErr_NoMemory();
    int fragments = 0, too_long = 0;
    for (lxb_node *node = root->first_child; node != NULL && !too_long;
         node = following(node, root)) {
        if (node->type != NODE_TEXT) continue;
        size_t len = 0;
        const unsigned char *raw = text_data(node, &len);
        size_t need = len + (fragments > 0 && spaced ? 1 : 0);
        if (used + need > cap) {
            too_long = 1;
        } else if (used + need > size && !grow_buffer(&buffer, &size, used + need)) {
            PyMem_Free(buffer);
            return PyErr_NoMemory();
        } else {
            if (fragments > 0 && spaced) buffer[used++] = ' ';
            memcpy(buffer + used, raw, len);
            used += len;
            fragments++;
        }
    }
    PyObject *out = NULL;
    if (!too_long) {
        out = PyUnicode_DecodeUTF8((const char *)buffer, (Py_ssize_t)used, "replace");
        if (out != NULL && PyUnicode_GET_LENGTH(out) > max_chars)
            Py_SETREF(out, Py_NewRef(Py_None));
    } else {
        out = Py_NewRef(Py_None);
    }
    PyMem_Free(buffer);
    return out;
}

static PyObject *text_of(PyObject *self, PyObject *args) {
    unsigned long long address;
    Py_ssize_t max_chars;
    if (!ready()) return NULL;
    int spaced = 1;
    if (!PyArg_ParseTuple(args, "Kn|p", &address, &max_chars, &spaced)) return NULL;
    return joined_text((lxb_node *)(uintptr_t)address, max_chars, spaced);
}

/* ---- parse_within(): parse, and stop when the time is up --------------------------------
 *
 * Parsing is the one step a per-page time budget could not stop: lexbor's tree builder does
 * work that grows faster than the page on some markup (formatting elements reconstructed
 * after every paragraph, end tags matched against a deep stack of open elements), and it
 * runs as one C call. parse_within(address, html, chunk_bytes, seconds) parses the UTF-8
 * `html` into the document that owns the node at `address` (selectolax's, whose old tree it
 * replaces) in chunks, and stops feeding chunks once `seconds` have passed: the tree then
 * holds what was read. Chunks end between characters. Returns whether all was read.
 */
/* ---- visible_text(): the text people see below an element, for bylines and date lines ----
 *
 * visible_text(address, max_chars, max_elements, max_depth, skipped, max_script_chars)
 *     -> [(text, is_script)]
 *
 * The text nodes below the element at `address`, in order, each stripped of white space
 * (str.strip()) and left out when that leaves nothing, without descending into elements
 * whose tag is in `skipped` (a frozenset of names; comments are "-comment", doctypes
 * "-doctype"); and the text of each <script> of at most max_script_chars characters,
 * marked (a script may write a date in place: the caller reads it). Stops when the texts
 * hold max_chars characters or max_elements elements were entered; does not read below
 * max_depth. The names and the order are selectolax's (`iter(include_text=True)`, `tag`,
 * `text_content`, `text(deep=True)`), which the test checks. */
typedef struct {
    Py_ssize_t chars, elements, max_depth, max_script;
    PyObject *skipped, *out;
    int8_t known[256]; /* by lexbor tag id: whether it is skipped; -1 not yet looked up */
    int comment, doctype;
} visible_t;

/* str.strip() of the UTF-8 at raw (invalid bytes as U+FFFD), as a new str; NULL on error. */
static PyObject *stripped(const unsigned char *raw, size_t len) {
    PyObject *text = PyUnicode_DecodeUTF8((const char *)raw, (Py_ssize_t)len, "replace");
    if (text == NULL) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), a = 0, b = n;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a))) a++;
    while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1))) b--;
    if (a == 0 && b == n) return text;
    Py_SETREF(text, PyUnicode_Substring(text, a, b));
    return text;
}

static int append_text(visible_t *v, PyObject *text, int script) {
    if (text == NULL) return -1;
    PyObject *item = Py_BuildValue("(OO)", text, script ? Py_True : Py_False);
    int status = item == NULL ? -1 : PyList_Append(v->out, item);
    Py_XDECREF(item);
    Py_DECREF(text);
    return status;
}

/* 1 when the element is skipped, 0 when not, -1 on error. */
static int skipped_element(visible_t *v, lxb_node *node) {
    uintptr_t id = node->local_name;
    if (id < 256 && v->known[id] >= 0) return v->known[id];
    size_t len = 0;
    const unsigned char *name = element_local_name(node, &len);
    int found = 0;
    if (name != NULL) {
        PyObject *tag = PyUnicode_DecodeUTF8((const char *)name, (Py_ssize_t)len, "replace");
        if (tag == NULL) return -1;
        found = PySet_Contains(v->skipped, tag);
        Py_DECREF(tag);
        if (found < 0) return -1;
    }
    if (id < 256) v->known[id] = (int8_t)found;
    return found;
}

static int is_named(lxb_node *node, const char *word) {
    size_t len = 0;
    const unsigned char *name = element_local_name(node, &len);
    return name != NULL && len == strlen(word) && memcmp(name, word, len) == 0;
}

/* The script's text (its text nodes joined) when it has at most max_script characters. */
static int script_text(visible_t *v, lxb_node *script) {
    PyObject *text = joined_text(script, v->max_script, 0);
    if (text == NULL) return -1;
    if (text == Py_None) {
        Py_DECREF(text);
        return 0;
    }
    return append_text(v, text, 1);
}

static int visible(visible_t *v, lxb_node *node, Py_ssize_t depth) {
    for (lxb_node *child = node->first_child; child != NULL; child = child->next) {
        if (v->chars <= 0 || v->elements <= 0 || depth > v->max_depth) break;
        if (child->type == NODE_TEXT) {
            size_t len = 0;
            const unsigned char *raw = text_data(child, &len);
            PyObject *text = stripped(raw, len);
            if (text == NULL) return -1;
            Py_ssize_t n = PyUnicode_GET_LENGTH(text);
            if (n == 0) {
                Py_DECREF(text);
                continue;
            }
            v->chars -= n;
            if (append_text(v, text, 0) < 0) return -1;
            continue;
        }
        int skip;
        if (child->type == NODE_ELEMENT) {
            if (is_named(child, "script")) {
                if (script_text(v, child) < 0) return -1;
                continue;
            }
            skip = skipped_element(v, child);
            if (skip < 0) return -1;
        } else {
            skip = child->type == NODE_COMMENT   ? v->comment
                   : child->type == NODE_DOCTYPE ? v->doctype
                                                 : 0;
        }
        if (skip) continue;
        v->elements--;
        if (visible(v, child, depth + 1) < 0) return -1;
    }
    return 0;
}

static PyObject *visible_text(PyObject *self, PyObject *args) {
    unsigned long long address;
    visible_t v;
    if (!ready()) return NULL;
    if (!PyArg_ParseTuple(args, "KnnnO!n", &address, &v.chars, &v.elements, &v.max_depth,
                          &PyFrozenSet_Type, &v.skipped, &v.max_script))
        return NULL;
    memset(v.known, -1, sizeof v.known);
    PyObject *comment = PyUnicode_FromString("-comment");
    PyObject *doctype = PyUnicode_FromString("-doctype");
    v.comment = comment ? PySet_Contains(v.skipped, comment) : -1;
    v.doctype = doctype ? PySet_Contains(v.skipped, doctype) : -1;
    Py_XDECREF(comment);
    Py_XDECREF(doctype);
    if (v.comment < 0 || v.doctype < 0) return NULL;
    if ((v.out = PyList_New(0)) == NULL) return NULL;
    if (address != 0 && visible(&v, (lxb_node *)(uintptr_t)address, 0) < 0) Py_CLEAR(v.out);
    return v.out;
}

/* ancestor(address, levels) -> the address of the element `levels` above the one at
 * `address`, or of the highest one below <body> or <html> on the way; 0 for 0. */
static PyObject *ancestor(PyObject *self, PyObject *args) {
    unsigned long long address;
    Py_ssize_t levels;
    if (!ready()) return NULL;
    if (!PyArg_ParseTuple(args, "Kn", &address, &levels)) return NULL;
    lxb_node *node = (lxb_node *)(uintptr_t)address;
    for (Py_ssize_t i = 0; node != NULL && i < levels; i++) {
        lxb_node *parent = node->parent;
        if (parent == NULL || (parent->type == NODE_ELEMENT &&
                               (is_named(parent, "body") || is_named(parent, "html"))))
            break;
        node = parent;
    }
    return PyLong_FromUnsignedLongLong((unsigned long long)(uintptr_t)node);
}

static double seconds_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static PyObject *parse_within(PyObject *self, PyObject *args) {
    unsigned long long address;
    Py_buffer html;
    Py_ssize_t chunk;
    double seconds;
    if (!PyArg_ParseTuple(args, "Ky*nd", &address, &html, &chunk, &seconds)) return NULL;
    if (chunk < 4) chunk = 4;
    void *document = ((lxb_node *)(uintptr_t)address)->owner_document;
    const unsigned char *data = html.buf;
    Py_ssize_t at = 0, n = html.len;
    double stop = seconds_now() + seconds;
    int whole = 1;
    unsigned int status = parse_chunk_begin(document);
    while (status == 0 && at < n) {
        Py_ssize_t end = n - at > chunk ? at + chunk : n;
        while (end < n && end > at + 1 && (data[end] & 0xC0) == 0x80) end--; /* mid-character */
        status = parse_chunk(document, data + at, (size_t)(end - at));
        at = end;
        if (at < n && seconds_now() > stop) {
            whole = 0;
            break;
        }
    }
    if (status == 0) status = parse_chunk_end(document);
    PyBuffer_Release(&html);
    if (status != 0) {
        PyErr_Format(PyExc_RuntimeError, "lexbor could not parse the page (status %u)", status);
        return NULL;
    }
    return PyBool_FromLong(whole);
}

static PyMethodDef methods[] = {
    {"init", init, METH_VARARGS, "Resolve lexbor's functions from selectolax's module file."},
    {"prepare", prepare, METH_VARARGS, "Cut script, style and SVG bodies and comments out."},
    {"prepare_utf8", prepare_utf8, METH_VARARGS, "prepare(), as UTF-8 bytes."},
    {"named", named, METH_VARARGS, "Elements whose class holds one of the words, in order."},
    {"text_of", text_of, METH_VARARGS, "An element's text, or None when it is too long."},
    {"evidence", evidence, METH_VARARGS, "The elements metadata reads, in document order."},
    {"visible_text", visible_text, METH_VARARGS, "The text people see below an element."},
    {"ancestor", ancestor, METH_VARARGS, "The element some levels above one, below <body>."},
    {"parse_within", parse_within, METH_VARARGS, "Parse into a document, in chunks, in time."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_walk", NULL, -1, methods};

PyMODINIT_FUNC PyInit__walk(void) { return PyModule_Create(&module); }
