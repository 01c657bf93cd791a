/*
 * dechaff._article: the extractor's passes, from lexbor's DOM to scored blocks. They exist
 * only here (native.py is their Python face):
 *
 *   walk      lexbor's tree -> nodes, children (elements and text runs), attributes
 *   kinds     the chaff rules (chaff.py states them and holds their vocabulary)
 *   score     prose and junk summed bottom up; the choice of the article's element
 *   write     the page serialised into blocks around that element
 *   features  every block's named features, and the model's score of each (or, in names
 *             mode, the features by name, for training)
 *
 * The vocabularies (chaff.py, dom.py, classify.py, lexicon.py), the model's weights and the
 * Extractor's settings come from Python: tables() reads the spec native.py builds, and the
 * passes read the Extractor's fields by name. A feature is named at the line that works it
 * out, and its thresholds are constants beside that line.
 *
 * Text is held as UCS-4 code points so that lengths, offsets and white space are those of
 * Python's str (str.split() and str.strip() split on Py_UNICODE_ISSPACE).
 *
 * Like _walk.c, it uses the lexbor that selectolax loaded: init() resolves the exported
 * functions from selectolax's module file, and judge() starts at the body's address
 * (`LexborNode.mem_id`). Only the leading fields of lxb_dom_node_t are read (_lexbor.h);
 * native.check_parser() accepts only the selectolax release this was tested with.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_lexbor.h"

/* Sentence punctuation in the scripts we meet most: Latin, CJK, Arabic, Devanagari. */
static int is_punct(Py_UCS4 c) {
    switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?':
    case 0x3002: case 0xFF0C: case 0x3001: case 0xFF01: case 0xFF1F:
    case 0x060C: case 0x061F: case 0x0964:
        return 1;
    }
    return 0;
}

/* ---- growable arrays and UCS-4 text ---------------------------------------------------- */
static int reserve(void **items, Py_ssize_t *capacity, Py_ssize_t wanted, size_t size) {
    if (wanted <= *capacity) return 0;
    Py_ssize_t n = *capacity ? *capacity : 16;
    while (n < wanted) n *= 2;
    if ((size_t)n > PY_SSIZE_T_MAX / size) { PyErr_NoMemory(); return -1; }
    void *grown = PyMem_Realloc(*items, (size_t)n * size);
    if (grown == NULL) { PyErr_NoMemory(); return -1; }
    *items = grown;
    *capacity = n;
    return 0;
}
#define RESERVE(arr, cap, wanted) reserve((void **)&(arr), &(cap), (wanted), sizeof *(arr))

typedef struct {
    Py_UCS4 *s;
    Py_ssize_t n, cap;
} ubuf;

static int put(ubuf *b, Py_UCS4 c) {
    if (b->n >= b->cap && RESERVE(b->s, b->cap, b->n + 1) < 0) return -1;
    b->s[b->n++] = c;
    return 0;
}

/* Append n code points; `s` must not point into `b` (a realloc would move it). */
static int append(ubuf *b, const Py_UCS4 *s, Py_ssize_t n) {
    if (RESERVE(b->s, b->cap, b->n + n) < 0) return -1;
    if (n > 0) memcpy(b->s + b->n, s, (size_t)n * sizeof(Py_UCS4));
    b->n += n;
    return 0;
}

static int append_ascii(ubuf *b, const char *s) {
    for (; *s; s++)
        if (put(b, (Py_UCS4)(unsigned char)*s) < 0) return -1;
    return 0;
}

#define ISSPACE(c) Py_UNICODE_ISSPACE(c)

/* UTF-8 -> UCS-4 as PyUnicode_DecodeUTF8(..., "replace") decodes it (what _walk.c does):
 * each maximal ill-formed subsequence becomes one U+FFFD. `out` has room for n code
 * points; returns how many it wrote. */
static Py_ssize_t decode_utf8(Py_UCS4 *out, const unsigned char *s, size_t n) {
    Py_UCS4 *start = out;
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {  /* eight ASCII bytes at a time, the common case */
            uint64_t v;
            memcpy(&v, s + i, 8);
            if (!(v & 0x8080808080808080ULL)) {
                for (int k = 0; k < 8; k++) out[k] = s[i + k];
                out += 8;
                i += 8;
                continue;
            }
        }
        unsigned c = s[i];
        if (c < 0x80) { *out++ = c; i++; continue; }
        int need;
        Py_UCS4 cp;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2; cp = c & 0x0F;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;  /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3; cp = c & 0x07;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else { *out++ = 0xFFFD; i++; continue; }
        size_t j = i + 1;
        int got = 0;
        while (got < need && j < n && s[j] >= lo && s[j] <= hi) {
            cp = (cp << 6) | (s[j] & 0x3F);
            j++; got++;
            lo = 0x80; hi = 0xBF;
        }
        *out++ = got == need ? cp : 0xFFFD;
        i = j;
    }
    return out - start;
}

/* Text that stays where it is until the page is done: chunks that never move, so that
 * pointers into them stay valid while more text is added. */
typedef struct chunk {
    struct chunk *next;
    Py_ssize_t cap, used;
    Py_UCS4 data[];
} chunk;

enum { CHUNK_CHARS = 1 << 15 };

static Py_UCS4 *arena_take(chunk **arena, Py_ssize_t n) {
    chunk *c = *arena;
    if (c == NULL || c->cap - c->used < n) {
        Py_ssize_t cap = n > CHUNK_CHARS ? n : CHUNK_CHARS;
        if ((size_t)cap > (PY_SSIZE_T_MAX - sizeof(chunk)) / sizeof(Py_UCS4) ||
            (c = PyMem_Malloc(sizeof(chunk) + (size_t)cap * sizeof(Py_UCS4))) == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        c->next = *arena;
        c->cap = cap;
        c->used = 0;
        *arena = c;
    }
    Py_UCS4 *p = c->data + c->used;
    c->used += n;
    return p;
}

static void arena_free(chunk *arena) {
    while (arena != NULL) {
        chunk *next = arena->next;
        PyMem_Free(arena);
        arena = next;
    }
}

/* Decode UTF-8 into the arena: the text and its length, or NULL on error. */
static const Py_UCS4 *arena_decode(chunk **arena, const unsigned char *s, size_t n,
                                   Py_ssize_t *len) {
    static const Py_UCS4 empty = 0;
    if (n == 0) {
        *len = 0;
        return &empty;
    }
    Py_UCS4 *out = arena_take(arena, (Py_ssize_t)n);
    if (out == NULL) return NULL;
    *len = decode_utf8(out, s, n);
    (*arena)->used -= (Py_ssize_t)n - *len;  /* the unused tail goes back */
    return out;
}

/* Whether s[0:n] starts with the ASCII `prefix`. */
static int starts_with(const Py_UCS4 *s, Py_ssize_t n, const char *prefix) {
    Py_ssize_t k = 0;
    for (; prefix[k]; k++)
        if (k >= n || s[k] != (Py_UCS4)(unsigned char)prefix[k]) return 0;
    return 1;
}

static int equals(const Py_UCS4 *s, Py_ssize_t n, const char *word) {
    return (Py_ssize_t)strlen(word) == n && starts_with(s, n, word);
}

/* ---- hash tables of UCS-4 keys ----------------------------------------------------------
 * A key is one string, or a pair stored as first + U+0000 + second (chaff.JOINED). */
typedef struct {
    Py_UCS4 *key;  /* NULL: an empty slot */
    Py_ssize_t len;
    int kind;      /* vocabulary: the chaff kind the word names, or -1 */
    int flags;     /* vocabulary: F_* below */
    double w[3];   /* model: the feature's weight; as previous and as next neighbour */
} entry;

enum { F_WHOLE_ONLY = 1, F_MODIFIER = 2, F_STATE = 4, F_CONTENT = 8, F_COLLECTION = 16,
       F_PART = 32, F_COMPONENT = 64 };

typedef struct {
    entry *slots;
    size_t mask;
} table;

static uint64_t hash_key(const Py_UCS4 *a, Py_ssize_t na, const Py_UCS4 *b, Py_ssize_t nb) {
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < na; i++) h = (h ^ a[i]) * 1099511628211ULL;
    if (nb >= 0) {
        h = (h ^ 0x110000) * 1099511628211ULL;
        for (Py_ssize_t i = 0; i < nb; i++) h = (h ^ b[i]) * 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static int key_is(const entry *e, const Py_UCS4 *a, Py_ssize_t na, const Py_UCS4 *b,
                  Py_ssize_t nb) {
    if (e->len != na + (nb >= 0 ? nb + 1 : 0)) return 0;
    if (na && memcmp(e->key, a, (size_t)na * sizeof(Py_UCS4)) != 0) return 0;
    if (nb < 0) return 1;
    return e->key[na] == 0 && (nb == 0 || memcmp(e->key + na + 1, b, (size_t)nb * 4) == 0);
}

/* The entry for a or (a, b) when nb >= 0, or NULL. */
static const entry *find(const table *t, const Py_UCS4 *a, Py_ssize_t na, const Py_UCS4 *b,
                         Py_ssize_t nb) {
    if (t->slots == NULL) return NULL;
    for (size_t i = hash_key(a, na, b, nb) & t->mask;; i = (i + 1) & t->mask) {
        const entry *e = &t->slots[i];
        if (e->key == NULL) return NULL;
        if (key_is(e, a, na, b, nb)) return e;
    }
}

static int table_init(table *t, Py_ssize_t expected) {
    size_t n = 16;
    while (n < (size_t)expected * 3) n *= 2;
    t->slots = PyMem_Calloc(n, sizeof(entry));
    if (t->slots == NULL) { PyErr_NoMemory(); return -1; }
    t->mask = n - 1;
    return 0;
}

static void table_free(table *t) {
    if (t->slots == NULL) return;
    for (size_t i = 0; i <= t->mask; i++) PyMem_Free(t->slots[i].key);
    PyMem_Free(t->slots);
    t->slots = NULL;
}

/* The entry for a or (a, b), added (kind -1, no flags, no weights) when missing. The table
 * is sized for everything it will hold (table_init), so it never fills up. */
static entry *add(table *t, const Py_UCS4 *a, Py_ssize_t na, const Py_UCS4 *b, Py_ssize_t nb) {
    size_t i = hash_key(a, na, b, nb) & t->mask;
    for (; t->slots[i].key != NULL; i = (i + 1) & t->mask)
        if (key_is(&t->slots[i], a, na, b, nb)) return &t->slots[i];
    Py_ssize_t len = na + (nb >= 0 ? nb + 1 : 0);
    Py_UCS4 *key = PyMem_Malloc((size_t)(len ? len : 1) * sizeof(Py_UCS4));
    if (key == NULL) { PyErr_NoMemory(); return NULL; }
    if (na) memcpy(key, a, (size_t)na * sizeof(Py_UCS4));
    if (nb >= 0) {
        key[na] = 0;
        if (nb) memcpy(key + na + 1, b, (size_t)nb * sizeof(Py_UCS4));
    }
    entry *e = &t->slots[i];
    e->key = key;
    e->len = len;
    e->kind = -1;
    return e;
}

/* add() with a Python str key, or the pair of strs (first, second). */
static entry *add_str(table *t, PyObject *key) {
    PyObject *first = key, *second = NULL;
    if (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 2) {
        first = PyTuple_GET_ITEM(key, 0);
        second = PyTuple_GET_ITEM(key, 1);
    }
    if (!PyUnicode_Check(first) || (second != NULL && !PyUnicode_Check(second))) {
        PyErr_SetString(PyExc_TypeError, "table keys are str or (str, str)");
        return NULL;
    }
    Py_UCS4 *a = PyUnicode_AsUCS4Copy(first), *b = second ? PyUnicode_AsUCS4Copy(second) : NULL;
    entry *e = NULL;
    if (a != NULL && (second == NULL || b != NULL))
        e = add(t, a, PyUnicode_GET_LENGTH(first), b,
                second ? PyUnicode_GET_LENGTH(second) : -1);
    PyMem_Free(a);
    PyMem_Free(b);
    return e;
}

/* ---- feature names: every feature is named once, where it is worked out -----------------
 * A block feature is a name ("caps", "len=3", "w:share", "k:navigation&in=0"). The code
 * that works a feature out emits its number; scoring adds up the model's weights of the
 * numbers, and reading a page for training (names mode) turns them back into names, so the
 * model learns from exactly what extraction scores. Numbers come from one registry per
 * process: a fixed name is registered the first time its line runs (FLAG, BUCKET); a name
 * made from the page (a word, a tag) is looked up, and registered only in names mode: a
 * name that no model knows weighs nothing. */
typedef struct {
    Py_UCS4 *key;  /* NULL: an empty slot */
    Py_ssize_t len;
    int32_t number;
} name_slot;

static struct {
    name_slot *slots;
    size_t mask, count;
    PyObject *names;  /* list: number -> str */
    uint8_t *passed;  /* number -> whether a block passes the feature on to its neighbours */
    Py_ssize_t cap_passed;
    ubuf scratch;     /* a name being put together */
} R;

/* The features a block passes on to its neighbours, which see them as prev.<name> and
 * next.<name>: its length, link share and kind, its end punctuation, whether it is a
 * linked headline or starts with a link, and whether it is inside the chosen element. */
static const char *const PASSED_ON[] = {"len=", "lr=", "kind=", "endp", "headlink", "lead",
                                        "in="};

static size_t name_slot_of(const Py_UCS4 *s, Py_ssize_t n) {
    size_t i = hash_key(s, n, NULL, -1) & R.mask;
    while (R.slots[i].key != NULL &&
           (R.slots[i].len != n || memcmp(R.slots[i].key, s, (size_t)n * sizeof *s) != 0))
        i = (i + 1) & R.mask;
    return i;
}

static int grow_registry(void) {
    size_t size = R.slots ? (R.mask + 1) * 2 : 1024, old_size = R.slots ? R.mask + 1 : 0;
    name_slot *old = R.slots;
    if ((R.slots = PyMem_Calloc(size, sizeof *R.slots)) == NULL) {
        R.slots = old;
        PyErr_NoMemory();
        return -1;
    }
    R.mask = size - 1;
    for (size_t i = 0; i < old_size; i++)
        if (old[i].key != NULL) R.slots[name_slot_of(old[i].key, old[i].len)] = old[i];
    PyMem_Free(old);
    return 0;
}

/* The number of the feature named s[0:n], registered when new if `add`; -1 when it is not
 * known, -2 on error. */
static int32_t feature_number(const Py_UCS4 *s, Py_ssize_t n, int add) {
    if ((R.slots == NULL || (R.count + 1) * 2 > R.mask + 1) && grow_registry() < 0) return -2;
    size_t i = name_slot_of(s, n);
    if (R.slots[i].key != NULL) return R.slots[i].number;
    if (!add) return -1;
    if (R.names == NULL && (R.names = PyList_New(0)) == NULL) return -2;
    int32_t number = (int32_t)PyList_GET_SIZE(R.names);
    PyObject *name = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s, n);
    Py_UCS4 *key = PyMem_Malloc((size_t)(n ? n : 1) * sizeof *s);
    if (name == NULL || key == NULL || RESERVE(R.passed, R.cap_passed, number + 1) < 0 ||
        PyList_Append(R.names, name) < 0) {
        Py_XDECREF(name);
        PyMem_Free(key);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return -2;
    }
    Py_DECREF(name);
    memcpy(key, s, (size_t)n * sizeof *s);
    R.slots[i] = (name_slot){key, n, number};
    R.count++;
    R.passed[number] = 0;
    for (size_t k = 0; k < sizeof PASSED_ON / sizeof *PASSED_ON; k++)
        R.passed[number] |= (uint8_t)starts_with(s, n, PASSED_ON[k]);
    return number;
}

/* The number of the feature named prefix + key[0:n] + suffix (prefix and suffix ASCII). */
static int32_t named(const char *prefix, const Py_UCS4 *key, Py_ssize_t n, const char *suffix,
                     int add) {
    R.scratch.n = 0;
    if (append_ascii(&R.scratch, prefix) < 0 || append(&R.scratch, key, n) < 0 ||
        append_ascii(&R.scratch, suffix) < 0)
        return -2;
    return feature_number(R.scratch.s, R.scratch.n, add);
}

static int32_t named_str(const char *prefix, PyObject *key, const char *suffix, int add) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    R.scratch.n = 0;
    if (append_ascii(&R.scratch, prefix) < 0 ||
        RESERVE(R.scratch.s, R.scratch.cap, R.scratch.n + n + 1) < 0 ||
        PyUnicode_AsUCS4(key, R.scratch.s + R.scratch.n, n + 1, 0) == NULL)
        return -2;
    R.scratch.n += n;
    if (append_ascii(&R.scratch, suffix) < 0) return -2;
    return feature_number(R.scratch.s, R.scratch.n, add);
}

static int32_t named_ascii(const char *name, int add) { return named(name, NULL, 0, "", add); }

/* ---- the tables: everything Python defines, read once (tables()) ------------------------ */
enum { K_PARAGRAPH, K_HEADING, K_ITEM, K_QUOTE, K_CODE, K_TABLE, K_IMAGE, K_CAPTION, K_COUNT };
/* document.Kind values, in the order above. */
static const char *const KIND_VALUES[K_COUNT] = {"paragraph", "heading", "item", "quote",
                                                 "code", "table", "image", "caption"};
enum { MAX_KINDS = 64, MAX_HEADING = 6, MAX_MODELS = 2, MAX_CUT = 4 };

typedef struct {
    /* dom.py */
    PyObject *skipped, *block_tags;
    Py_ssize_t max_depth, max_elements;
    /* chaff.py: kinds are numbered in sorted order, so min() of names is min() of numbers */
    PyObject *kind_names;  /* tuple */
    int n_kinds, content, hidden, invisible, comments, form;
    uint64_t strong, never, enclosing, short_kinds;
    Py_ssize_t max_notice_chars;
    table vocab, joined, roles;
    PyObject *chaff_tags, *content_tags;  /* dict tag -> kind name; set of tags */
    PyObject *kind_index;                 /* dict kind name -> number */
    /* document.py */
    PyObject *block_type, *link_type, *kinds[K_COUNT], *block_fields, *empty;
    /* classify.py: the vocabulary of the features, and each model's weights by feature
     * number: its own, as the previous block's, as the next block's. Model 0 gives the
     * scores; model 1, when there is one (spec["other_weights"]), the other scores, from
     * the same features in the same pass. */
    PyObject *context_tags;
    double (*weights[MAX_MODELS])[3];
    Py_ssize_t n_weights[MAX_MODELS];
    int n_models;
    table prompt_words;                           /* lexicon.PROMPT_WORDS, for screen() */
    Py_ssize_t prompt_longest, prompt_shortest;   /* the longest and shortest of them */
    uint64_t prompt_lengths, prompt_firsts[2];    /* their lengths; their ASCII first letters */
    Py_UCS4 wide_from;                            /* the lowest of lexicon.WIDE_RANGES */
    Py_UCS4 wide[8][2];                           /* lexicon.WIDE_RANGES */
    int n_wide;
    Py_UCS4 **credit;
    Py_ssize_t *credit_len, n_credit;
    uint64_t credit_first[128], credit_other;  /* credit words by their first character */
    /* Where Block's and Link's fields live, to fill them as their __init__ would;
     * records_by_offset 0: not plain slots, so they are built by calling the class. */
    Py_ssize_t block_offsets[7], link_offsets[3];
    int records_by_offset;
    Py_UCS4 *end_punct;
    Py_ssize_t n_end_punct;
    /* pagetype.py: what the shape of a page's blocks counts (page_shape) */
    double linked_share;
    Py_ssize_t min_cards, min_prose_cards, min_card_prose, long_paragraph;
    /* the longest block of each of page_shape's short texts (SHORT_TEXTS) */
    Py_ssize_t short_chars[4];
    Py_UCS4 *cut[MAX_CUT];
    Py_ssize_t cut_len[MAX_CUT];
    int n_cut;
} tables_t;

static void tables_free(tables_t *T) {
    Py_XDECREF(T->skipped); Py_XDECREF(T->block_tags); Py_XDECREF(T->kind_names);
    Py_XDECREF(T->chaff_tags); Py_XDECREF(T->content_tags); Py_XDECREF(T->kind_index);
    Py_XDECREF(T->block_type);
    Py_XDECREF(T->link_type); Py_XDECREF(T->block_fields); Py_XDECREF(T->empty);
    Py_XDECREF(T->context_tags);
    for (int m = 0; m < MAX_MODELS; m++) PyMem_Free(T->weights[m]);
    for (int i = 0; i < K_COUNT; i++) Py_XDECREF(T->kinds[i]);
    table_free(&T->vocab); table_free(&T->joined); table_free(&T->roles);
    table_free(&T->prompt_words);
    for (Py_ssize_t i = 0; T->credit && i < T->n_credit; i++) PyMem_Free(T->credit[i]);
    PyMem_Free(T->credit);
    PyMem_Free(T->credit_len);
    PyMem_Free(T->end_punct);
    for (int i = 0; i < T->n_cut; i++) PyMem_Free(T->cut[i]);
    PyMem_Free(T);
}

static void tables_capsule_free(PyObject *capsule) {
    tables_t *T = PyCapsule_GetPointer(capsule, "dechaff._article.tables");
    if (T != NULL) tables_free(T);
}

/* spec[name], borrowed, or NULL with an error. */
static PyObject *item(PyObject *spec, const char *name) {
    PyObject *value = PyDict_GetItemString(spec, name);
    if (value == NULL && !PyErr_Occurred())
        PyErr_Format(PyExc_KeyError, "tables spec has no %s", name);
    return value;
}

static PyObject *owned(PyObject *spec, const char *name) {
    PyObject *value = item(spec, name);
    return value ? Py_NewRef(value) : NULL;
}

static int number(PyObject *spec, const char *name, Py_ssize_t *out) {
    PyObject *value = item(spec, name);
    if (value == NULL) return -1;
    *out = PyLong_AsSsize_t(value);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* The number of a kind by name, or -1 for None. */
static int kind_number(const tables_t *T, PyObject *name) {
    if (name == NULL || name == Py_None) return -1;
    PyObject *n = PyDict_GetItemWithError(T->kind_index, name);
    if (n == NULL) {
        if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "unknown chaff kind %R", name);
        return -2;
    }
    return (int)PyLong_AsLong(n);
}

static int kind_mask(const tables_t *T, PyObject *set, uint64_t *mask) {
    PyObject *it = PyObject_GetIter(set), *name;
    if (it == NULL) return -1;
    *mask = 0;
    while ((name = PyIter_Next(it)) != NULL) {
        int k = kind_number(T, name);
        Py_DECREF(name);
        if (k < 0) { Py_DECREF(it); return -1; }
        *mask |= (uint64_t)1 << k;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* Add every item of a set to a table, setting `flags` on its entry. */
static int add_all(table *t, PyObject *set, int flags) {
    PyObject *it = PyObject_GetIter(set), *word;
    if (it == NULL) return -1;
    while ((word = PyIter_Next(it)) != NULL) {
        entry *e = add_str(t, word);
        Py_DECREF(word);
        if (e == NULL) { Py_DECREF(it); return -1; }
        e->flags |= flags;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

static int read_chaff(tables_t *T, PyObject *spec) {
    PyObject *kinds = item(spec, "kinds");
    if (kinds == NULL || !PyTuple_Check(kinds) || PyTuple_GET_SIZE(kinds) > MAX_KINDS) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "kinds: a sorted tuple");
        return -1;
    }
    T->kind_names = Py_NewRef(kinds);
    T->n_kinds = (int)PyTuple_GET_SIZE(kinds);
    if ((T->kind_index = PyDict_New()) == NULL) return -1;
    for (int i = 0; i < T->n_kinds; i++) {
        PyObject *n = PyLong_FromLong(i);
        if (n == NULL || PyDict_SetItem(T->kind_index, PyTuple_GET_ITEM(kinds, i), n) < 0) {
            Py_XDECREF(n);
            return -1;
        }
        Py_DECREF(n);
    }
    if ((T->content = kind_number(T, item(spec, "content"))) < 0 ||
        (T->hidden = kind_number(T, item(spec, "hidden"))) < 0 ||
        (T->invisible = kind_number(T, item(spec, "invisible"))) < 0 ||
        (T->comments = kind_number(T, item(spec, "comments"))) < 0 ||
        (T->form = kind_number(T, item(spec, "form"))) < 0)
        return -1;
    if (kind_mask(T, item(spec, "strong"), &T->strong) < 0 ||
        kind_mask(T, item(spec, "never_article"), &T->never) < 0 ||
        kind_mask(T, item(spec, "enclosing"), &T->enclosing) < 0 ||
        kind_mask(T, item(spec, "short_kinds"), &T->short_kinds) < 0 ||
        number(spec, "max_notice_chars", &T->max_notice_chars) < 0)
        return -1;
    PyObject *word_kind = item(spec, "word_kind"), *roles = item(spec, "chaff_roles");
    PyObject *joined = item(spec, "joined");
    if (word_kind == NULL || roles == NULL || joined == NULL) return -1;
    Py_ssize_t words = PyDict_Size(word_kind);
    static const char *const SETS[] = {"whole_name_only", "modifiers", "states", "content_words",
                                       "collection_words", "part_words", "component_words"};
    for (size_t i = 0; i < sizeof SETS / sizeof *SETS; i++) {
        PyObject *set = item(spec, SETS[i]);
        if (set == NULL) return -1;
        words += PyObject_Size(set);
    }
    if (table_init(&T->vocab, words) < 0 ||
        table_init(&T->roles, PyDict_Size(roles)) < 0 ||
        table_init(&T->joined, PyObject_Size(joined)) < 0)
        return -1;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(word_kind, &pos, &key, &value)) {
        entry *e = add_str(&T->vocab, key);
        if (e == NULL || (e->kind = kind_number(T, value)) < 0) return -1;
    }
    pos = 0;
    while (PyDict_Next(roles, &pos, &key, &value)) {
        entry *e = add_str(&T->roles, key);
        if (e == NULL || (e->kind = kind_number(T, value)) < 0) return -1;
    }
    if (add_all(&T->joined, joined, 0) < 0 ||
        add_all(&T->vocab, item(spec, "whole_name_only"), F_WHOLE_ONLY) < 0 ||
        add_all(&T->vocab, item(spec, "modifiers"), F_MODIFIER) < 0 ||
        add_all(&T->vocab, item(spec, "part_words"), F_PART) < 0 ||
        add_all(&T->vocab, item(spec, "component_words"), F_COMPONENT) < 0 ||
        add_all(&T->vocab, item(spec, "states"), F_STATE) < 0 ||
        add_all(&T->vocab, item(spec, "content_words"), F_CONTENT) < 0 ||
        add_all(&T->vocab, item(spec, "collection_words"), F_COLLECTION) < 0)
        return -1;
    if ((T->chaff_tags = owned(spec, "chaff_tags")) == NULL ||
        (T->content_tags = owned(spec, "content_tags")) == NULL)
        return -1;
    return 0;
}

/* 1 and the offset of a plain object slot of a class, else 0 (as _walk.c's find_slots). */
static int slot_offset(PyTypeObject *type, const char *name, Py_ssize_t *offset) {
    if (!PyType_Check(type) || name == NULL) return 0;
    PyObject *descr = PyDict_GetItemString(type->tp_dict, name);
    if (descr == NULL || !PyObject_TypeCheck(descr, &PyMemberDescr_Type)) return 0;
    PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
    if (member->type != T_OBJECT_EX) return 0;
    *offset = member->offset;
    return 1;
}

static int read_writer(tables_t *T, PyObject *spec) {
    if ((T->block_type = owned(spec, "block")) == NULL ||
        (T->link_type = owned(spec, "link")) == NULL || !PyType_Check(T->block_type) ||
        !PyType_Check(T->link_type))
        return -1;
    PyObject *members = item(spec, "kind_members");
    if (members == NULL) return -1;
    for (int i = 0; i < K_COUNT; i++) {
        PyObject *member = PyDict_GetItemString(members, KIND_VALUES[i]);
        if (member == NULL) {
            PyErr_Format(PyExc_KeyError, "no Kind %s", KIND_VALUES[i]);
            return -1;
        }
        T->kinds[i] = Py_NewRef(member);
    }
    T->block_fields = Py_BuildValue("(sssssss)", "kind", "text", "level", "number", "links",
                                    "rows", "src");
    T->empty = PyTuple_New(0);
    if (T->block_fields == NULL || T->empty == NULL) return -1;
    static const char *const LINK_FIELDS[3] = {"start", "end", "href"};
    T->records_by_offset = 1;
    for (int i = 0; i < 7; i++)
        T->records_by_offset &= slot_offset((PyTypeObject *)T->block_type,
                                            PyUnicode_AsUTF8(PyTuple_GET_ITEM(T->block_fields, i)),
                                            &T->block_offsets[i]);
    for (int i = 0; i < 3; i++)
        T->records_by_offset &= slot_offset((PyTypeObject *)T->link_type, LINK_FIELDS[i],
                                            &T->link_offsets[i]);
    return 0;
}

/* Model m's weights (by name) by feature number; the weight of prev.<name> and
 * next.<name> goes with <name>, for the features a block passes on. */
static int read_weights(tables_t *T, PyObject *weights, int m) {
    PyObject *key, *value;
    for (Py_ssize_t pos = 0; PyDict_Next(weights, &pos, &key, &value);) {
        Py_UCS4 *name = PyUnicode_Check(key) ? PyUnicode_AsUCS4Copy(key) : NULL;
        if (name == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "weights: str -> float");
            return -1;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(key), skip = 0;
        int column = 0;
        if (starts_with(name, n, "prev.")) column = 1, skip = 5;
        else if (starts_with(name, n, "next.")) column = 2, skip = 5;
        int32_t number = feature_number(name + skip, n - skip, 1);
        PyMem_Free(name);
        double w = PyFloat_AsDouble(value);
        if (number < 0 || (w == -1.0 && PyErr_Occurred())) return -1;
        if (column && !R.passed[number]) continue;  /* no block passes it on */
        if (number >= T->n_weights[m]) {
            Py_ssize_t size = T->n_weights[m] ? T->n_weights[m] : 256;
            while (size <= number) size *= 2;
            double (*grown)[3] = PyMem_Realloc(T->weights[m], (size_t)size * sizeof *grown);
            if (grown == NULL) { PyErr_NoMemory(); return -1; }
            memset(grown + T->n_weights[m], 0,
                   (size_t)(size - T->n_weights[m]) * sizeof *grown);
            T->weights[m] = grown;
            T->n_weights[m] = size;
        }
        T->weights[m][number][column] = w;
    }
    return 0;
}

static int read_model(tables_t *T, PyObject *spec) {
    PyObject *weights = item(spec, "weights");
    if (weights == NULL || !PyDict_Check(weights) ||
        (T->context_tags = owned(spec, "context_tags")) == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "weights: a dict");
        return -1;
    }
    if (read_weights(T, weights, 0) < 0) return -1;
    T->n_models = 1;
    PyObject *other = PyDict_GetItemString(spec, "other_weights");
    if (other != NULL && other != Py_None) {
        if (!PyDict_Check(other)) {
            PyErr_SetString(PyExc_TypeError, "other_weights: a dict or None");
            return -1;
        }
        if (read_weights(T, other, 1) < 0) return -1;
        T->n_models = 2;
    }
    PyObject *credit = item(spec, "credit_words"), *end = item(spec, "end_punct");
    if (credit == NULL || end == NULL || !PyTuple_Check(credit) || !PyUnicode_Check(end)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "credit_words, end_punct");
        return -1;
    }
    T->n_credit = PyTuple_GET_SIZE(credit);
    if (T->n_credit > 64) {
        PyErr_SetString(PyExc_ValueError, "at most 64 credit words");
        return -1;
    }
    T->credit = PyMem_Calloc((size_t)T->n_credit + 1, sizeof(Py_UCS4 *));
    T->credit_len = PyMem_Calloc((size_t)T->n_credit + 1, sizeof(Py_ssize_t));
    if (T->credit == NULL || T->credit_len == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t i = 0; i < T->n_credit; i++) {
        PyObject *word = PyTuple_GET_ITEM(credit, i);
        if (!PyUnicode_Check(word) || (T->credit[i] = PyUnicode_AsUCS4Copy(word)) == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "credit words: str");
            return -1;
        }
        T->credit_len[i] = PyUnicode_GET_LENGTH(word);
        Py_UCS4 first = T->credit_len[i] ? T->credit[i][0] : 0;
        if (first < 128) T->credit_first[first] |= (uint64_t)1 << i;
        else T->credit_other |= (uint64_t)1 << i;
    }
    if ((T->end_punct = PyUnicode_AsUCS4Copy(end)) == NULL) return -1;
    T->n_end_punct = PyUnicode_GET_LENGTH(end);
    return 0;
}

/* pagetype.py's settings of the shape of a page (spec["shape"]). */
static int read_shape(tables_t *T, PyObject *spec) {
    PyObject *shape = item(spec, "shape");
    if (shape == NULL) return -1;
    PyObject *share = PyDict_Check(shape) ? item(shape, "linked_share") : NULL;
    PyObject *cut = share ? item(shape, "cut_short") : NULL;
    if (cut == NULL || !PyTuple_Check(cut) || PyTuple_GET_SIZE(cut) > MAX_CUT) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "shape: a dict, cut_short a tuple");
        return -1;
    }
    T->linked_share = PyFloat_AsDouble(share);
    if ((T->linked_share == -1.0 && PyErr_Occurred()) ||
        number(shape, "min_cards", &T->min_cards) < 0 ||
        number(shape, "min_prose_cards", &T->min_prose_cards) < 0 ||
        number(shape, "min_card_prose", &T->min_card_prose) < 0 ||
        number(shape, "long_paragraph", &T->long_paragraph) < 0 ||
        number(shape, "max_label_chars", &T->short_chars[0]) < 0 ||
        number(shape, "max_heading_chars", &T->short_chars[1]) < 0 ||
        number(shape, "max_dated_chars", &T->short_chars[2]) < 0 ||
        number(shape, "max_priced_chars", &T->short_chars[3]) < 0)
        return -1;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cut); i++) {
        PyObject *end = PyTuple_GET_ITEM(cut, i);
        if (!PyUnicode_Check(end) || (T->cut[i] = PyUnicode_AsUCS4Copy(end)) == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "cut_short: str");
            return -1;
        }
        T->cut_len[i] = PyUnicode_GET_LENGTH(end);
        T->n_cut = (int)i + 1;
    }
    return 0;
}

/* The trigger words of the lexicon's prompts (lexicon.PROMPT_WORDS), for screen(); each
 * entry's kind holds the longest text in which the word may start a prompt. */
#define MAX_PROMPT_WORD 63  /* prompt_lengths is a 64-bit mask */
static int read_prompt_words(tables_t *T, PyObject *spec) {
    PyObject *words = item(spec, "prompt_words"), *key, *value;
    if (words == NULL) return -1;
    if (!PyDict_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "prompt_words: a dict of str to int");
        return -1;
    }
    if (table_init(&T->prompt_words, PyDict_Size(words)) < 0) return -1;
    for (Py_ssize_t pos = 0; PyDict_Next(words, &pos, &key, &value);) {
        entry *e = add_str(&T->prompt_words, key);
        long most = PyLong_AsLong(value);
        if (e == NULL || (most == -1 && PyErr_Occurred())) return -1;
        if (e->len > MAX_PROMPT_WORD || most < 0 || most > INT_MAX) {
            PyErr_SetString(PyExc_ValueError, "prompt words: at most 63 letters, and a length");
            return -1;
        }
        e->kind = (int)most;
        if (e->len > T->prompt_longest) T->prompt_longest = e->len;
        if (T->prompt_shortest == 0 || e->len < T->prompt_shortest) T->prompt_shortest = e->len;
        T->prompt_lengths |= (uint64_t)1 << e->len;
        Py_UCS4 first = e->key[0];
        if (first < 128) T->prompt_firsts[first >> 6] |= (uint64_t)1 << (first & 63);
    }
    PyObject *ranges = item(spec, "wide_ranges");
    if (ranges == NULL) return -1;
    if (!PyTuple_Check(ranges) || PyTuple_GET_SIZE(ranges) > 8) {
        PyErr_SetString(PyExc_TypeError, "wide_ranges: at most 8 (low, high) pairs");
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(ranges); i++) {
        unsigned long low, high;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(ranges, i), "kk", &low, &high)) return -1;
        T->wide[i][0] = (Py_UCS4)low;
        T->wide[i][1] = (Py_UCS4)high;
        if (i == 0 || T->wide[i][0] < T->wide_from) T->wide_from = T->wide[i][0];
    }
    T->n_wide = (int)PyTuple_GET_SIZE(ranges);
    return 0;
}

/* tables(spec) -> an opaque object holding what judge() needs, built once per process. */
static PyObject *tables(PyObject *self, PyObject *spec) {
    if (!PyDict_Check(spec)) {
        PyErr_SetString(PyExc_TypeError, "tables() takes the spec dict native.py builds");
        return NULL;
    }
    tables_t *T = PyMem_Calloc(1, sizeof(tables_t));
    if (T == NULL) return PyErr_NoMemory();
    if ((T->skipped = owned(spec, "skipped")) == NULL ||
        (T->block_tags = owned(spec, "block_tags")) == NULL ||
        number(spec, "max_depth", &T->max_depth) < 0 ||
        number(spec, "max_elements", &T->max_elements) < 0 || read_chaff(T, spec) < 0 ||
        read_writer(T, spec) < 0 || read_model(T, spec) < 0 || read_prompt_words(T, spec) < 0 ||
        read_shape(T, spec) < 0) {
        tables_free(T);
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(T, "dechaff._article.tables", tables_capsule_free);
    if (capsule == NULL) tables_free(T);
    return capsule;
}

/* ---- the page: elements, their children and attributes, in C arrays --------------------- */
/* Tags by what the passes do with them. */
enum { R_OTHER, R_A, R_BR, R_IMG, R_LIST, R_LI, R_PRE, R_TABLE, R_QUOTE, R_FIGCAPTION, R_TR,
       R_CELL, R_MAIN };

typedef struct {
    uintptr_t id;       /* lexbor's local name id */
    PyObject *name;
    int skipped, block, role, ordered, heading, chaff, content, context;
} tag_t;

/* The attributes the passes read; the others (data-*, on*, srcset, ...) are not copied. */
enum { A_CLASS, A_ID, A_ROLE, A_STYLE, A_HIDDEN, A_ARIA_HIDDEN, A_ITEMPROP, A_HREF, A_SRC,
       A_DATA_SRC, A_ALT, A_COUNT };
static const char *const ATTR_NAMES[A_COUNT] = {"class", "id", "role", "style", "hidden",
                                                "aria-hidden", "itemprop", "href", "src",
                                                "data-src", "alt"};

/* An attribute, decoded when first read: most values (links, image addresses, styles)
 * are never read. */
typedef struct {
    int which;
    const unsigned char *raw;  /* lexbor's UTF-8, NULL for no value (None in Python) */
    size_t raw_len;
    const Py_UCS4 *s;          /* once decoded */
    Py_ssize_t len;
} attr_t;

typedef struct {
    int32_t next;     /* the next child of the same parent, or -1 */
    int32_t element;  /* an element's number, or -1 for text */
    const Py_UCS4 *s;  /* text */
    Py_ssize_t len;
} child_t;

/* What a page's class and id names give, worked out once per distinct name: pages repeat
 * their names (every teaser card, every paragraph wrapper). A key is a kind of answer, a
 * number (M_ELEMENT: the tag and chaff kind) and one or two attribute values, which point
 * into the arena. */
enum { M_CLASS_KIND = 1, M_ID_KIND, M_ELEMENT };

typedef struct {
    int what;              /* M_*; 0: an empty slot */
    int64_t extra;
    const Py_UCS4 *a, *b;  /* one attribute value, or a class and an id */
    Py_ssize_t na, nb;
    int kind;                /* M_CLASS_KIND, M_ID_KIND: the kind number, -1 for None */
    Py_ssize_t start, end;   /* M_ELEMENT: where the element's features are */
} memo_entry;

typedef struct {
    memo_entry *slots;
    size_t mask, count;
} memo_t;

static int memo_same(const memo_entry *e, int what, int64_t extra, const Py_UCS4 *a,
                     Py_ssize_t na, const Py_UCS4 *b, Py_ssize_t nb) {
    return e->what == what && e->extra == extra && e->na == na && e->nb == nb &&
           (na <= 0 || memcmp(e->a, a, (size_t)na * sizeof(Py_UCS4)) == 0) &&
           (nb <= 0 || memcmp(e->b, b, (size_t)nb * sizeof(Py_UCS4)) == 0);
}

static size_t memo_slot(const memo_t *m, int what, int64_t extra, const Py_UCS4 *a,
                        Py_ssize_t na, const Py_UCS4 *b, Py_ssize_t nb) {
    uint64_t h = hash_key(a, na, b, nb) + ((uint64_t)what + (uint64_t)extra * 8) *
                                              0x9E3779B97F4A7C15ULL;
    size_t i = (h ^ (h >> 31)) & m->mask;
    while (m->slots[i].what && !memo_same(&m->slots[i], what, extra, a, na, b, nb))
        i = (i + 1) & m->mask;
    return i;
}

/* The entry for a key; *fresh is 1 when it was just added (its answer still to fill in). */
static memo_entry *memo_get(memo_t *m, int what, int64_t extra, const Py_UCS4 *a,
                            Py_ssize_t na, const Py_UCS4 *b, Py_ssize_t nb, int *fresh) {
    if (m->slots == NULL || (m->count + 1) * 2 > m->mask + 1) {  /* grow, rehash */
        size_t size = m->slots ? (m->mask + 1) * 2 : 64;
        memo_t grown = {PyMem_Calloc(size, sizeof(memo_entry)), size - 1, m->count};
        if (grown.slots == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        for (size_t i = 0; m->slots && i <= m->mask; i++) {
            const memo_entry *e = &m->slots[i];
            if (e->what)
                grown.slots[memo_slot(&grown, e->what, e->extra, e->a, e->na, e->b, e->nb)] = *e;
        }
        PyMem_Free(m->slots);
        *m = grown;
    }
    memo_entry *e = &m->slots[memo_slot(m, what, extra, a, na, b, nb)];
    *fresh = e->what == 0;
    if (*fresh) {
        *e = (memo_entry){what, extra, a, b, na, nb, -1, 0, 0};
        m->count++;
    }
    return e;
}

enum { TALK_NO, TALK_YES, TALK_FORM };  /* in a comments section; in a form (never talk) */

typedef struct {
    int32_t tag, parent, head, tail;  /* children: a list of child_t through `next` */
    int32_t attr_first, attr_count;
    Py_ssize_t text_chars, text_punct;
    /* what the score pass fills */
    Py_ssize_t chars, links, own, own_links, punct, anchors;
    double prose, junk, value;
    int chaff;  /* kind number, or -1 */
    uint8_t block, dropped, enclosed, inside, path, under, has_features;
    uint8_t has_ancestry;  /* bit m: ancestry[m] is worked out */
    uint8_t in_main;  /* in the page's <main> (or role=main) element */
    uint8_t talk;  /* TALK_NO, TALK_YES or TALK_FORM: in a comments section (mark()) */
    int32_t repeats;  /* look-alike siblings (count_repeats), once known, or -1 */
    double best;  /* the best first-stage value from it up to the body */
    Py_ssize_t features_start, features_end;  /* its features in feats_t.elements */
    double ancestry[MAX_MODELS][3];  /* each model's weights of its and its ancestors'
                                      * features (ancestry) */
} node_t;

typedef struct {
    const tables_t *T;
    tag_t *tags;
    Py_ssize_t n_tags, cap_tags;
    int32_t small_tags[256];  /* tag number by lexbor id, for the usual (small) ids */
    node_t *nodes;
    Py_ssize_t n_nodes, cap_nodes;
    child_t *children;
    Py_ssize_t n_children, cap_children;
    attr_t *attrs;
    Py_ssize_t n_attrs, cap_attrs;
    chunk *arena;  /* text runs and attribute values */
    int failed;    /* memory ran out decoding an attribute: judge() raises at the end */
    memo_t memo;
} page_t;

static void page_free(page_t *P) {
    for (Py_ssize_t i = 0; i < P->n_tags; i++) Py_XDECREF(P->tags[i].name);
    PyMem_Free(P->tags);
    PyMem_Free(P->nodes);
    PyMem_Free(P->children);
    PyMem_Free(P->attrs);
    arena_free(P->arena);
    PyMem_Free(P->memo.slots);
}

static int contains(PyObject *set, PyObject *key) { return PySet_Contains(set, key); }

/* What the passes need to know of a tag, worked out once per page. */
static int tag_info(page_t *P, tag_t *t) {
    const tables_t *T = P->T;
    PyObject *name = t->name;
    if ((t->skipped = contains(T->skipped, name)) < 0) return -1;
    if ((t->block = contains(T->block_tags, name)) < 0) return -1;
    if (!t->block)  /* custom elements (<bsp-story-page>, <ps-header>) lay out like <div>s */
        t->block = PyUnicode_FindChar(name, '-', 0, PyUnicode_GET_LENGTH(name), 1) >= 0;
    static const struct { const char *name; int role, heading; } ROLES[] = {
        {"a", R_A, 0}, {"br", R_BR, 0}, {"img", R_IMG, 0}, {"ul", R_LIST, 0},
        {"ol", R_LIST, 0}, {"li", R_LI, 0}, {"pre", R_PRE, 0}, {"table", R_TABLE, 0},
        {"blockquote", R_QUOTE, 0}, {"figcaption", R_FIGCAPTION, 0}, {"tr", R_TR, 0},
        {"td", R_CELL, 0}, {"th", R_CELL, 0}, {"main", R_MAIN, 0}, {"h1", R_OTHER, 1},
        {"h2", R_OTHER, 2},
        {"h3", R_OTHER, 3}, {"h4", R_OTHER, 4}, {"h5", R_OTHER, 5}, {"h6", R_OTHER, 6}};
    t->role = R_OTHER;
    t->heading = 0;
    t->ordered = PyUnicode_CompareWithASCIIString(name, "ol") == 0;
    for (size_t i = 0; i < sizeof ROLES / sizeof *ROLES; i++) {
        if (PyUnicode_CompareWithASCIIString(name, ROLES[i].name) == 0) {
            t->role = ROLES[i].role;
            t->heading = ROLES[i].heading;
        }
    }
    PyObject *kind = PyDict_GetItemWithError(T->chaff_tags, name);
    if (kind == NULL && PyErr_Occurred()) return -1;
    if ((t->chaff = kind_number(T, kind)) < -1) return -1;
    if ((t->content = contains(T->content_tags, name)) < 0) return -1;
    if ((t->context = contains(T->context_tags, name)) < 0) return -1;
    return 0;
}

/* The number of an element's tag in the page's tag list, added when new; -1 on error. */
static int32_t tag_of(page_t *P, lxb_node *node) {
    uintptr_t id = node->local_name;
    if (id < 256 && P->small_tags[id] >= 0) return P->small_tags[id];
    if (id >= 256)
        for (Py_ssize_t i = 0; i < P->n_tags; i++)
            if (P->tags[i].id == id) return (int32_t)i;
    if (RESERVE(P->tags, P->cap_tags, P->n_tags + 1) < 0) return -1;
    size_t len = 0;
    const unsigned char *raw = element_local_name(node, &len);
    tag_t *t = &P->tags[P->n_tags];
    memset(t, 0, sizeof *t);
    t->id = id;
    t->name = PyUnicode_DecodeUTF8((const char *)raw, raw ? (Py_ssize_t)len : 0, "replace");
    if (t->name == NULL) return -1;
    P->n_tags++;
    if (tag_info(P, t) < 0) return -1;
    if (id < 256) P->small_tags[id] = (int32_t)(P->n_tags - 1);
    return (int32_t)(P->n_tags - 1);
}

static size_t attr_lengths[A_COUNT];  /* strlen of each of ATTR_NAMES, set by init() */

static int attr_number(const unsigned char *name, size_t len) {
    if (len < 2 || len > 11) return -1;  /* from "id" to "aria-hidden" */
    for (int i = 0; i < A_COUNT; i++)
        if (attr_lengths[i] == len && ATTR_NAMES[i][0] == name[0] &&
            memcmp(ATTR_NAMES[i], name, len) == 0)
            return i;
    return -1;
}

/* Copy the attributes the passes read; a repeated name keeps its last value, as a dict. */
static int read_attributes(page_t *P, int32_t n, lxb_node *dom) {
    node_t *node = &P->nodes[n];
    node->attr_first = (int32_t)P->n_attrs;
    node->attr_count = 0;
    for (void *attr = first_attribute(dom); attr != NULL; attr = next_attribute(attr)) {
        size_t name_len = 0, value_len = 0;
        const unsigned char *name = attr_local_name(attr, &name_len);
        int which = name ? attr_number(name, name_len) : -1;
        if (which < 0) continue;
        const unsigned char *value = attr_value(attr, &value_len);
        attr_t *slot = NULL;
        for (Py_ssize_t i = node->attr_first; i < P->n_attrs; i++)
            if (P->attrs[i].which == which) slot = &P->attrs[i];
        if (slot == NULL) {
            if (RESERVE(P->attrs, P->cap_attrs, P->n_attrs + 1) < 0) return -1;
            slot = &P->attrs[P->n_attrs++];
            node = &P->nodes[n];
            node->attr_count++;
        }
        *slot = (attr_t){which, value, value_len, NULL, -1};
    }
    return 0;
}

/* An attribute of an element: 1 and its value (none: *len -1) when present, else 0.
 * Decoding can run out of memory: then the page is marked failed, and judge() raises. */
static int attribute(const page_t *P, const node_t *node, int which, const Py_UCS4 **s,
                     Py_ssize_t *len) {
    for (int32_t i = 0; i < node->attr_count; i++) {
        attr_t *a = &P->attrs[node->attr_first + i];
        if (a->which != which) continue;
        if (a->raw != NULL && a->s == NULL) {
            a->s = arena_decode((chunk **)&P->arena, a->raw, a->raw_len, &a->len);
            if (a->s == NULL) {
                ((page_t *)P)->failed = 1;
                a->raw = NULL;
            }
        }
        *s = a->s;
        *len = a->len;
        return 1;
    }
    *s = NULL;
    *len = -1;
    return 0;
}

/* An attribute's value, or '' (length 0) when it is absent or has none. */
static Py_ssize_t get(const page_t *P, const node_t *node, int which, const Py_UCS4 **s) {
    Py_ssize_t len;
    attribute(P, node, which, s, &len);
    return len < 0 ? 0 : len;
}

static int32_t new_node(page_t *P, int32_t tag, int32_t parent) {
    if (P->n_nodes >= INT32_MAX - 1) { PyErr_NoMemory(); return -1; }
    if (RESERVE(P->nodes, P->cap_nodes, P->n_nodes + 1) < 0) return -1;
    node_t *node = &P->nodes[P->n_nodes];
    memset(node, 0, sizeof *node);
    node->tag = tag;
    node->parent = parent;
    node->head = node->tail = -1;
    node->chaff = -1;
    node->repeats = -1;
    node->block = (uint8_t)P->tags[tag].block;
    return (int32_t)P->n_nodes++;
}

static int add_child(page_t *P, int32_t parent, int32_t element, const Py_UCS4 *s,
                     Py_ssize_t len) {
    if (P->n_children >= INT32_MAX - 1) { PyErr_NoMemory(); return -1; }
    if (RESERVE(P->children, P->cap_children, P->n_children + 1) < 0) return -1;
    int32_t c = (int32_t)P->n_children++;
    P->children[c] = (child_t){-1, element, s, len};
    node_t *node = &P->nodes[parent];
    if (node->tail >= 0) P->children[node->tail].next = c;
    else node->head = c;
    node->tail = c;
    return 0;
}

/* The first and last+1 positions of s[0:n] without white space at either end. */
static void trim(const Py_UCS4 *s, Py_ssize_t n, Py_ssize_t *from, Py_ssize_t *to) {
    Py_ssize_t a = 0, b = n;
    while (a < b && ISSPACE(s[a])) a++;
    while (b > a && ISSPACE(s[b - 1])) b--;
    *from = a;
    *to = b;
}

typedef struct {
    lxb_node *dom;
    int32_t node;
    Py_ssize_t depth;
} frame;

/* The body's tree, leaving out dom.SKIPPED_TAGS: the body first, and the children of an
 * element numbered together when it is reached (so every element comes before its
 * descendants, and a reversed loop sees children before parents). Deeper than max_depth,
 * the text stays and the nesting goes; past max_elements, the rest is not read. */
static int walk(page_t *P, lxb_node *body, Py_ssize_t max_depth, Py_ssize_t max_elements) {
    int32_t tag = tag_of(P, body);
    if (tag < 0) return -1;
    int32_t root = new_node(P, tag, -1);
    if (root < 0 || read_attributes(P, root, body) < 0) return -1;
    frame *stack = NULL;
    Py_ssize_t size = 0, capacity = 0, elements = 0;
    if (RESERVE(stack, capacity, 64) < 0) return -1;
    stack[size++] = (frame){body, root, 0};
    while (size > 0) {
        frame top = stack[--size];
        Py_ssize_t text_chars = 0, text_punct = 0;
        for (lxb_node *child = top.dom->first_child; child != NULL; child = child->next) {
            if (child->type == NODE_TEXT) {
                size_t len = 0;
                const unsigned char *raw = text_data(child, &len);
                Py_ssize_t n = 0, from, to;
                const Py_UCS4 *s = arena_decode(&P->arena, raw, len, &n);
                if (s == NULL) goto fail;
                if (add_child(P, top.node, -1, s, n) < 0) goto fail;
                trim(s, n, &from, &to);
                if (to > from) {
                    text_chars += to - from;
                    for (Py_ssize_t i = from; i < to; i++)
                        if (is_punct(s[i])) { text_punct++; break; }
                }
                continue;
            }
            if (child->type != NODE_ELEMENT || elements >= max_elements) continue;
            int32_t t = tag_of(P, child);
            if (t < 0) goto fail;
            if (P->tags[t].skipped) continue;
            elements++;
            if (RESERVE(stack, capacity, size + 1) < 0) goto fail;
            if (top.depth >= max_depth) {  /* keep the text, drop the nesting */
                stack[size++] = (frame){child, top.node, top.depth};
                continue;
            }
            int32_t n = new_node(P, t, top.node);
            if (n < 0 || read_attributes(P, n, child) < 0 || add_child(P, top.node, n, NULL, 0) < 0)
                goto fail;
            stack[size++] = (frame){child, n, top.depth + 1};
        }
        P->nodes[top.node].text_chars += text_chars;
        P->nodes[top.node].text_punct += text_punct;
    }
    PyMem_Free(stack);
    return 0;
fail:
    PyMem_Free(stack);
    return -1;
}

/* ---- chaff kinds (the rules chaff.py states) ---------------------------------------------- */
/* A word of a name: a span of the scratch buffer. */
typedef struct {
    Py_ssize_t start, len;
} span;

typedef struct {
    ubuf text;    /* the name without digits, then its words, lower case, one after another */
    span *words;
    Py_ssize_t n_words, cap_words;
} scratch;

#define ASCII_UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define ASCII_LOWER(c) ((c) >= 'a' && (c) <= 'z')

static int is_lower_name(const Py_UCS4 *s, Py_ssize_t n) {  /* str.islower() */
    int cased = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = s[i];
        if (c < 128) {  /* the usual case, without the Unicode tables */
            if (ASCII_UPPER(c)) return 0;
            cased |= ASCII_LOWER(c);
            continue;
        }
        if (Py_UNICODE_ISUPPER(c) || Py_UNICODE_ISTITLE(c)) return 0;
        if (!cased && Py_UNICODE_ISLOWER(c)) cased = 1;
    }
    return cased;
}

static int is_alpha_name(const Py_UCS4 *s, Py_ssize_t n) {  /* s without - and _ isalpha() */
    int any = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = s[i];
        if (c == '-' || c == '_') continue;
        if (c < 128 ? !(ASCII_LOWER(c) || ASCII_UPPER(c)) : !Py_UNICODE_ISALPHA(c)) return 0;
        any = 1;
    }
    return any;
}

/* Add one word, s[0:n], lower-cased by `lower`, joining it to the one before when the
 * two are a pair of chaff.JOINED (the joined word is compared again with the next). */
static int push_word(const tables_t *T, scratch *S, Py_ssize_t from, Py_ssize_t n, int lower) {
    ubuf *b = &S->text;
    Py_ssize_t start = b->n;
    if (RESERVE(b->s, b->cap, b->n + n) < 0) return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = b->s[from + i];
        b->s[b->n++] = lower && ASCII_UPPER(c) ? c + 32 : c;
    }
    if (S->n_words > 0) {
        span *last = &S->words[S->n_words - 1];
        if (last->start + last->len == start &&
            find(&T->joined, b->s + last->start, last->len, b->s + start, n) != NULL) {
            last->len += n;
            return 0;
        }
    }
    if (RESERVE(S->words, S->cap_words, S->n_words + 1) < 0) return -1;
    S->words[S->n_words++] = (span){start, n};
    return 0;
}

/* The words of one class or id name s[0:n], lower case, which is already without ASCII
 * digits (as every caller's name is): `shareBar_top` gives share, bar, top. The words go
 * to S->words, their text after the name in S->text. */
static int name_words(const tables_t *T, scratch *S, Py_ssize_t n) {
    const Py_UCS4 *s = S->text.s;
    S->n_words = 0;
    if (is_lower_name(s, n) && is_alpha_name(s, n)) {  /* split on - and _ */
        Py_ssize_t i = 0;
        while (i < n) {
            while (i < n && (s[i] == '-' || s[i] == '_')) i++;
            Py_ssize_t j = i;
            while (j < n && s[j] != '-' && s[j] != '_') j++;
            if (j > i && push_word(T, S, i, j - i, 0) < 0) return -1;
            s = S->text.s;
            i = j;
        }
        return 0;
    }
    /* words: [A-Z]?[a-z]+ | [A-Z]+(?![a-z]) | \d+ (Unicode decimal digits) */
    Py_ssize_t i = 0;
    while (i < n) {
        s = S->text.s;
        Py_ssize_t j = i;
        if (ASCII_LOWER(s[i]) || (ASCII_UPPER(s[i]) && i + 1 < n && ASCII_LOWER(s[i + 1]))) {
            j = i + 1;
            while (j < n && ASCII_LOWER(s[j])) j++;
        } else if (ASCII_UPPER(s[i])) {
            while (j < n && ASCII_UPPER(s[j])) j++;
            if (j < n && ASCII_LOWER(s[j])) j--;  /* the last capital starts a word */
        } else if (s[i] >= 128 && Py_UNICODE_ISDECIMAL(s[i])) {  /* ASCII digits are gone */
            while (j < n && s[j] >= 128 && Py_UNICODE_ISDECIMAL(s[j])) j++;
        } else {
            i++;
            continue;
        }
        if (push_word(T, S, i, j - i, 1) < 0) return -1;
        i = j;
    }
    return 0;
}

static const entry *word_entry(const tables_t *T, const scratch *S, Py_ssize_t i) {
    return find(&T->vocab, S->text.s + S->words[i].start, S->words[i].len, NULL, -1);
}

/* Whether a name was generated, not written: digits between letters ("h5rD8", "ad3f9c",
 * the hashes of CSS modules and of build tools), whose letters spell nothing. */
static int generated(const Py_UCS4 *s, Py_ssize_t n) {
    for (Py_ssize_t i = 1; i + 1 < n; i++) {
        if (!(s[i] >= '0' && s[i] <= '9') || !Py_UNICODE_ISALPHA(s[i - 1])) continue;
        Py_ssize_t j = i;
        while (j < n && s[j] >= '0' && s[j] <= '9') j++;
        if (j < n && Py_UNICODE_ISALPHA(s[j])) return 1;
    }
    return 0;
}

/* The kind one class or id name s[0:n] names: the kind number, -1 for none, -2 on error.
 * Its first chaff word names it, unless that word is WHOLE_NAME_ONLY in a longer name,
 * follows a modifier ("has-sidebar") or comes before a state ("comments-open"); a name
 * with a content word names CONTENT, unless its last word names a collection. */
static int single_name_kind(const tables_t *T, scratch *S, const Py_UCS4 *s, Py_ssize_t n) {
    if (generated(s, n)) return -1;
    S->text.n = 0;
    for (Py_ssize_t i = 0; i < n; i++)  /* digits never make a name chaff or content */
        if (!(s[i] >= '0' && s[i] <= '9') && put(&S->text, s[i]) < 0) return -2;
    if (name_words(T, S, S->text.n) < 0) return -2;
    Py_ssize_t count = S->n_words;
    for (Py_ssize_t i = 0; i < count; i++) {
        const entry *e = word_entry(T, S, i);
        if (e == NULL || e->kind < 0 || ((e->flags & F_WHOLE_ONLY) && count > 1)) continue;
        const entry *before = i ? word_entry(T, S, i - 1) : NULL;
        if (before && (before->flags & F_MODIFIER)) continue;
        if (before && (e->flags & F_PART) && (before->flags & F_COMPONENT)) continue;
        const entry *after = i + 1 < count ? word_entry(T, S, i + 1) : NULL;
        if (after && (after->flags & F_STATE)) continue;
        return e->kind;
    }
    const entry *last = count ? word_entry(T, S, count - 1) : NULL;
    if (last && (last->flags & F_COLLECTION)) return -1;  /* "post-list" */
    for (Py_ssize_t i = 0; i < count; i++) {
        const entry *e = word_entry(T, S, i);
        if (e && (e->flags & F_CONTENT)) return T->content;
    }
    return -1;
}

/* The kind that wins among an element's names (a bit mask): CONTENT, then the strong
 * kinds, then the first in alphabetical order. */
static int strongest(const tables_t *T, uint64_t kinds) {
    if (kinds == 0) return -1;
    if (kinds & ((uint64_t)1 << T->content)) return T->content;
    uint64_t strong = kinds & T->strong;
    uint64_t pick = strong ? strong : kinds;
    int k = 0;
    while (!(pick & ((uint64_t)1 << k))) k++;  /* numbers follow names' order: min() */
    return k;
}

/* The kind a class attribute names: its names split on white space. */
static int name_kind(const tables_t *T, scratch *S, const Py_UCS4 *s, Py_ssize_t n) {
    uint64_t kinds = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && ISSPACE(s[i])) i++;
        Py_ssize_t j = i;
        while (j < n && !ISSPACE(s[j])) j++;
        if (j > i) {
            int k = single_name_kind(T, S, s + i, j - i);
            if (k < -1) return -2;
            if (k >= 0) kinds |= (uint64_t)1 << k;
        }
        i = j;
    }
    return strongest(T, kinds);
}

/* Whether s[0:n] holds the ASCII `word`. */
static int holds(const Py_UCS4 *s, Py_ssize_t n, const char *word) {
    Py_ssize_t w = (Py_ssize_t)strlen(word);
    for (Py_ssize_t i = 0; i + w <= n; i++)
        if (starts_with(s + i, n - i, word)) return 1;
    return 0;
}

/* Whether an inline style hides the element (display:none, visibility:hidden, any case
 * and spacing). Lower-casing only ASCII is enough: no other character lower-cases into one
 * of the letters these words need next to an ASCII neighbour. */
static int hidden_style(scratch *S, const Py_UCS4 *s, Py_ssize_t n) {
    if (n <= 0 || (!holds(s, n, "none") && !holds(s, n, "hidden"))) return 0;
    S->text.n = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] != ' ' && put(&S->text, ASCII_UPPER(s[i]) ? s[i] + 32 : s[i]) < 0) return -1;
    return holds(S->text.s, S->text.n, "display:none") ||
           holds(S->text.s, S->text.n, "visibility:hidden");
}

/* The chaff kind of an element by its visibility, role, tag and names (chaff.py): the
 * kind number, -1 for none, -2 on error. */
static int node_kind(page_t *P, scratch *S, const node_t *node) {
    const tables_t *T = P->T;
    const tag_t *tag = &P->tags[node->tag];
    const Py_UCS4 *s;
    Py_ssize_t len;
    if (attribute(P, node, A_HIDDEN, &s, &len)) return T->invisible;
    if (attribute(P, node, A_STYLE, &s, &len) && len > 0) {
        int hidden = hidden_style(S, s, len);
        if (hidden < 0) return -2;
        if (hidden) return T->invisible;
    }
    if (attribute(P, node, A_ARIA_HIDDEN, &s, &len) && len >= 0 && equals(s, len, "true"))
        return T->hidden;
    const Py_UCS4 *role;
    Py_ssize_t role_len = get(P, node, A_ROLE, &role);
    if (role_len > 0) {
        const entry *e = find(&T->roles, role, role_len, NULL, -1);
        if (e != NULL) return e->kind;
    }
    Py_ssize_t prop_len = get(P, node, A_ITEMPROP, &s);
    if (equals(s, prop_len, "articleBody") || equals(role, role_len, "main")) return T->content;
    if (tag->chaff >= 0) return tag->chaff;
    const Py_UCS4 *names, *ident;
    Py_ssize_t names_len = get(P, node, A_CLASS, &names), ident_len = get(P, node, A_ID, &ident);
    int kind = -1, fresh;
    if (names_len > 0) {
        memo_entry *e = memo_get(&P->memo, M_CLASS_KIND, 0, names, names_len, NULL, -1, &fresh);
        if (e == NULL || (fresh && (e->kind = name_kind(T, S, names, names_len)) < -1)) return -2;
        kind = e->kind;
    }
    if (ident_len > 0 && kind != T->content) {
        memo_entry *e = memo_get(&P->memo, M_ID_KIND, 0, ident, ident_len, NULL, -1, &fresh);
        if (e == NULL || (fresh && (e->kind = single_name_kind(T, S, ident, ident_len)) < -1))
            return -2;
        int other = e->kind;
        uint64_t kinds = (kind >= 0 ? (uint64_t)1 << kind : 0) |
                         (other >= 0 ? (uint64_t)1 << other : 0);
        kind = strongest(T, kinds);
    }
    if (kind < 0 && tag->content) return T->content;
    return kind;
}

/* ---- the score pass and the choice of the article's element ------------------------- */
/* A setting of the Extractor, by its field's name (extractor.py says why each has its
 * value); -1 with an error set when it is missing or not a number. */
static int setting(PyObject *extractor, const char *name, double *out) {
    PyObject *value = PyObject_GetAttrString(extractor, name);
    if (value == NULL) return -1;
    *out = PyFloat_AsDouble(value);
    Py_DECREF(value);
    return *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

/* Judge each block element by the chaff rules and sum prose, junk and characters bottom
 * up; what chaff rules name counts as junk in the sums above it. A run of inline text is
 * junk when it is mostly links, prose when it has enough characters outside links and
 * holds punctuation, and otherwise a short fragment. */
static int score(page_t *P, scratch *S, PyObject *e) {
    const tables_t *T = P->T;
    double min_prose, max_links, short_weight, per_link;
    if (setting(e, "min_prose_chars", &min_prose) < 0 ||
        setting(e, "max_unit_link_ratio", &max_links) < 0 ||
        setting(e, "short_junk_weight", &short_weight) < 0 ||
        setting(e, "link_junk_chars", &per_link) < 0)
        return -1;
    for (Py_ssize_t i = P->n_nodes - 1; i >= 0; i--) {
        node_t *node = &P->nodes[i];
        Py_ssize_t own = node->text_chars, chars = own, punct = node->text_punct;
        Py_ssize_t own_links = 0, anchors = 0, links = 0;
        double prose = 0.0, junk = 0.0;
        for (int32_t c = node->head; c >= 0; c = P->children[c].next) {
            if (P->children[c].element < 0) continue;
            const node_t *child = &P->nodes[P->children[c].element];
            chars += child->chars;
            links += child->links;
            own += child->own;
            own_links += child->own_links;
            punct += child->punct;
            anchors += child->anchors;
            if (child->chaff < 0 || child->chaff == T->content) {
                prose += child->prose;
                junk += child->junk;
            } else {
                junk += child->prose + child->junk;
            }
        }
        if (node->block && chars) {
            int kind = node_kind(P, S, node);
            if (kind < -1) return -1;
            if (kind >= 0 && (T->short_kinds >> kind & 1) && chars > T->max_notice_chars)
                kind = -1;  /* a notice is short */
            node->chaff = kind;
        }
        if (P->tags[node->tag].role == R_A) {
            own_links = own;
            links = chars;
            anchors = own ? 1 : 0;
        }
        if (node->block && own) {
            Py_ssize_t plain = own - own_links;
            if ((double)own_links > max_links * (double)own) {
                junk += (double)own + per_link * (double)anchors;
            } else if ((double)plain >= min_prose && punct) {
                prose += (double)plain;
                junk += (double)own_links;
            } else {
                junk += short_weight * (double)own + per_link * (double)anchors;
            }
            own = own_links = punct = anchors = 0;
        }
        node->own = own; node->own_links = own_links; node->punct = punct;
        node->anchors = anchors;
        node->chars = chars; node->links = links; node->prose = prose; node->junk = junk;
    }
    return 0;
}

/* The number of the article's element, the element with the most prose net of junk
 * (favouring elements named as content, not below comments or a notice; discounting those
 * below chaff); -1 when the page has no text, -2 on error. */
static int32_t find_article(page_t *P, PyObject *e) {
    const tables_t *T = P->T;
    double junk_weight, boost, under;
    if (setting(e, "junk_weight", &junk_weight) < 0 || setting(e, "content_boost", &boost) < 0 ||
        setting(e, "under_chaff_factor", &under) < 0)
        return -2;
    node_t *nodes = P->nodes;
    nodes[0].chaff = -1;  /* the body is never chaff */
    if (nodes[0].chars == 0) return -1;
    int32_t best = 0;
    double best_score = 0.0;
    for (Py_ssize_t i = 1; i < P->n_nodes; i++) {
        node_t *node = &nodes[i];
        const node_t *parent = &nodes[node->parent];
        node->dropped = parent->dropped || (parent->chaff >= 0 && parent->chaff != T->content);
        node->enclosed = parent->enclosed ||
                         (parent->chaff >= 0 && (T->enclosing >> parent->chaff & 1));
        if (!node->block) continue;
        double value = node->prose - junk_weight * node->junk;
        if (node->chaff == T->content && !node->enclosed) value *= boost;
        else if (node->chaff >= 0 || node->dropped) value *= under;
        node->value = value;
        if (value > best_score) {
            best = (int32_t)i;
            best_score = value;
        }
    }
    return best;
}

/* ---- serialisation into blocks ------------------------------------------------------------ */
typedef struct {
    Py_ssize_t start, end;
    const Py_UCS4 *href;
    Py_ssize_t href_len;
} link_t;

typedef struct {
    int kind, level, number;
    int32_t source;
    Py_ssize_t start, len;            /* text in the writer's `texts` */
    Py_ssize_t link_first, link_count;
    Py_ssize_t linked;
    const Py_UCS4 *src;               /* an image's address */
    Py_ssize_t src_len;               /* -1: no address */
    PyObject *rows;                   /* a table's cells; owned */
    PyObject *text;                   /* made after writing */
} block_t;

typedef struct {
    page_t *P;
    ubuf cur;      /* the text of the block being written */
    int space;     /* white space is pending before the next word */
    link_t *links;  /* the links of the block being written */
    Py_ssize_t n_links, cap_links;
    Py_ssize_t list_depth;
    Py_ssize_t *numbers;
    Py_ssize_t n_numbers, cap_numbers;
    Py_ssize_t quote;
    int32_t owner;  /* the block element whose text is being written */
    block_t *blocks;
    Py_ssize_t n_blocks, cap_blocks;
    link_t *out_links;  /* the kept links of the blocks, shifted */
    Py_ssize_t n_out, cap_out;
    ubuf texts;
    ubuf raw;      /* raw_text() scratch */
} writer_t;

static void writer_free(writer_t *W) {
    for (Py_ssize_t i = 0; i < W->n_blocks; i++) {
        Py_XDECREF(W->blocks[i].rows);
        Py_XDECREF(W->blocks[i].text);
    }
    PyMem_Free(W->cur.s);
    PyMem_Free(W->links);
    PyMem_Free(W->numbers);
    PyMem_Free(W->blocks);
    PyMem_Free(W->out_links);
    PyMem_Free(W->texts.s);
    PyMem_Free(W->raw.s);
}

static block_t *new_block(writer_t *W, int kind, Py_ssize_t linked) {
    if (RESERVE(W->blocks, W->cap_blocks, W->n_blocks + 1) < 0) return NULL;
    block_t *b = &W->blocks[W->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->source = W->owner;
    b->start = W->texts.n;
    b->link_first = W->n_out;
    b->linked = linked;
    b->src_len = -1;
    return b;
}

/* Add a run of inline text: its words, joined by single spaces. */
static int add_text(writer_t *W, const Py_UCS4 *raw, Py_ssize_t n) {
    Py_ssize_t from, to;
    trim(raw, n, &from, &to);
    if (from == to) {
        if (n) W->space = 1;
        return 0;
    }
    if (W->cur.n && (W->space || ISSPACE(raw[0])) && put(&W->cur, ' ') < 0) return -1;
    for (Py_ssize_t i = from; i < to;) {  /* the words, joined by single spaces */
        if (ISSPACE(raw[i])) {
            while (ISSPACE(raw[i])) i++;
            if (put(&W->cur, ' ') < 0) return -1;
        }
        Py_ssize_t j = i;
        while (j < to && !ISSPACE(raw[j])) j++;
        if (append(&W->cur, raw + i, j - i) < 0) return -1;
        i = j;
    }
    W->space = ISSPACE(raw[n - 1]);
    return 0;
}

/* End the current block, if it has text. */
static int close_block(writer_t *W, int kind, Py_ssize_t level, Py_ssize_t number) {
    if (W->cur.n == 0) return 0;
    const Py_UCS4 *raw = W->cur.s;
    Py_ssize_t lead, end;
    trim(raw, W->cur.n, &lead, &end);
    Py_ssize_t length = end - lead;
    if (length > 0) {
        if (W->quote && kind == K_PARAGRAPH) kind = K_QUOTE;
        Py_ssize_t linked = 0;
        for (Py_ssize_t i = 0; i < W->n_links; i++) linked += W->links[i].end - W->links[i].start;
        block_t *b = new_block(W, kind, linked);
        if (b == NULL) return -1;
        b->level = (int)level;
        b->number = (int)number;
        for (Py_ssize_t i = 0; i < W->n_links; i++) {
            link_t link = W->links[i];
            if (link.end - lead > length || starts_with(link.href, link.href_len, "javascript:") ||
                starts_with(link.href, link.href_len, "#"))
                continue;
            if (RESERVE(W->out_links, W->cap_out, W->n_out + 1) < 0) return -1;
            link.start -= lead;
            link.end -= lead;
            W->out_links[W->n_out++] = link;
            b->link_count++;
        }
        /* text.replace(" \n", "\n").replace("\n ", "\n"), the second pass over the first */
        Py_ssize_t mid = W->texts.n;
        for (Py_ssize_t i = lead; i < end; i++) {
            if (raw[i] == ' ' && i + 1 < end && raw[i + 1] == '\n') continue;
            if (put(&W->texts, raw[i]) < 0) return -1;
        }
        Py_ssize_t out = mid, stop = W->texts.n;
        Py_UCS4 *t = W->texts.s;
        for (Py_ssize_t i = mid; i < stop; i++) {
            if (t[i] == '\n' && i + 1 < stop && t[i + 1] == ' ') {
                t[out++] = '\n';
                i++;
                continue;
            }
            t[out++] = t[i];
        }
        W->texts.n = out;
        b->start = mid;
        b->len = out - mid;
    }
    W->cur.n = 0;
    W->space = 0;
    W->n_links = 0;
    return 0;
}

/* All text below an element, as written, with <br> as a line break. */
static int raw_text(const page_t *P, int32_t n, ubuf *out) {
    if (P->tags[P->nodes[n].tag].role == R_BR) return put(out, '\n');
    for (int32_t c = P->nodes[n].head; c >= 0; c = P->children[c].next) {
        const child_t *child = &P->children[c];
        if (child->element >= 0) {
            if (raw_text(P, child->element, out) < 0) return -1;
        } else if (append(out, child->s, child->len) < 0) {
            return -1;
        }
    }
    return 0;
}

/* len(raw_text(node)), counted only as far as `limit` + 1. */
static Py_ssize_t raw_length(const page_t *P, int32_t n, Py_ssize_t limit) {
    if (P->tags[P->nodes[n].tag].role == R_BR) return 1;
    Py_ssize_t total = 0;
    for (int32_t c = P->nodes[n].head; c >= 0 && total <= limit; c = P->children[c].next) {
        const child_t *child = &P->children[c];
        total += child->element >= 0 ? raw_length(P, child->element, limit - total) : child->len;
    }
    return total;
}

/* A table whose cells hold this much text, or that nests tables, lays out the page: its
 * cells are read as containers, not as data. */
#define MAX_DATA_CELL_CHARS 400

/* Whether a table holds data: no nested table and no cell (td, th) below `n` whose text is
 * longer than MAX_DATA_CELL_CHARS. */
static int data_cells(const page_t *P, int32_t n) {
    for (int32_t c = P->nodes[n].head; c >= 0; c = P->children[c].next) {
        int32_t e = P->children[c].element;
        if (e < 0) continue;
        int role = P->tags[P->nodes[e].tag].role;
        if (role == R_TABLE) return 0;
        if (role == R_CELL) {
            if (raw_length(P, e, MAX_DATA_CELL_CHARS) > MAX_DATA_CELL_CHARS) return 0;
        } else if (!data_cells(P, e)) {
            return 0;
        }
    }
    return 1;
}

static int writer_walk(writer_t *W, int32_t n);

/* A table cell's text: " ".join(raw_text(cell).split()). */
static PyObject *cell_text(writer_t *W, int32_t cell) {
    W->raw.n = 0;
    if (raw_text(W->P, cell, &W->raw) < 0) return NULL;
    Py_ssize_t out = 0, from, to;
    Py_UCS4 *s = W->raw.s;
    trim(s, W->raw.n, &from, &to);
    for (Py_ssize_t i = from; i < to; i++) {
        if (ISSPACE(s[i])) {
            while (ISSPACE(s[i])) i++;
            s[out++] = ' ';
        }
        s[out++] = s[i];
    }
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s, out);
}

/* The rows of a data table, from the <tr>s below `n` in document order (not looking
 * inside a <tr>), each the tuple of its <td> and <th> children's texts. */
static int table_rows(writer_t *W, int32_t n, PyObject *rows) {
    const page_t *P = W->P;
    for (int32_t c = P->nodes[n].head; c >= 0; c = P->children[c].next) {
        int32_t e = P->children[c].element;
        if (e < 0) continue;
        if (P->tags[P->nodes[e].tag].role != R_TR) {
            if (table_rows(W, e, rows) < 0) return -1;
            continue;
        }
        PyObject *cells = PyList_New(0);
        if (cells == NULL) return -1;
        int any = 0;
        for (int32_t d = P->nodes[e].head; d >= 0; d = P->children[d].next) {
            int32_t cell = P->children[d].element;
            if (cell < 0 || P->tags[P->nodes[cell].tag].role != R_CELL) continue;
            PyObject *text = cell_text(W, cell);
            if (text == NULL || PyList_Append(cells, text) < 0) {
                Py_XDECREF(text);
                Py_DECREF(cells);
                return -1;
            }
            any |= PyUnicode_GET_LENGTH(text) > 0;
            Py_DECREF(text);
        }
        PyObject *row = any ? PyList_AsTuple(cells) : NULL;
        Py_DECREF(cells);
        if (any && (row == NULL || PyList_Append(rows, row) < 0)) {
            Py_XDECREF(row);
            return -1;
        }
        Py_XDECREF(row);
    }
    return 0;
}

/* A data table: one block, its rows on lines, its cells joined by " | ". */
static int write_table(writer_t *W, int32_t n) {
    if (close_block(W, K_PARAGRAPH, 0, 0) < 0) return -1;
    PyObject *rows = PyList_New(0);
    if (rows == NULL) return -1;
    if (table_rows(W, n, rows) < 0) goto fail;
    if (PyList_GET_SIZE(rows) == 0) {
        Py_DECREF(rows);
        return 0;
    }
    block_t *b = new_block(W, K_TABLE, 0);
    if (b == NULL) goto fail;
    for (Py_ssize_t r = 0; r < PyList_GET_SIZE(rows); r++) {
        PyObject *row = PyList_GET_ITEM(rows, r);
        if (r && put(&W->texts, '\n') < 0) goto fail;
        for (Py_ssize_t c = 0; c < PyTuple_GET_SIZE(row); c++) {
            PyObject *cell = PyTuple_GET_ITEM(row, c);
            if (c && append_ascii(&W->texts, " | ") < 0) goto fail;
            Py_ssize_t len = PyUnicode_GET_LENGTH(cell);
            if (RESERVE(W->texts.s, W->texts.cap, W->texts.n + len) < 0) goto fail;
            if (PyUnicode_AsUCS4(cell, W->texts.s + W->texts.n, len, 0) == NULL) goto fail;
            W->texts.n += len;
        }
    }
    b = &W->blocks[W->n_blocks - 1];
    b->len = W->texts.n - b->start;
    b->rows = PyList_AsTuple(rows);
    Py_DECREF(rows);
    return b->rows ? 0 : -1;
fail:
    Py_DECREF(rows);
    return -1;
}

/* Preformatted text: one code block as written, without its leading and trailing line
 * breaks, when it holds more than white space. */
static int write_pre(writer_t *W, int32_t n) {
    if (close_block(W, K_PARAGRAPH, 0, 0) < 0) return -1;
    W->raw.n = 0;
    if (raw_text(W->P, n, &W->raw) < 0) return -1;
    Py_ssize_t from = 0, to = W->raw.n, a, b;
    while (from < to && W->raw.s[from] == '\n') from++;
    while (to > from && W->raw.s[to - 1] == '\n') to--;
    trim(W->raw.s + from, to - from, &a, &b);
    if (b <= a) return 0;
    block_t *block = new_block(W, K_CODE, 0);
    if (block == NULL || append(&W->texts, W->raw.s + from, to - from) < 0) return -1;
    W->blocks[W->n_blocks - 1].len = to - from;
    return 0;
}

/* An image with an address (src, or data-src for lazy ones): a block of its alt text. */
static int write_image(writer_t *W, int32_t n) {
    const page_t *P = W->P;
    const node_t *node = &P->nodes[n];
    const Py_UCS4 *src, *alt;
    Py_ssize_t len = get(P, node, A_SRC, &src);
    if (len == 0) len = get(P, node, A_DATA_SRC, &src);
    if (len == 0 || starts_with(src, len, "data:")) return 0;
    if (close_block(W, K_PARAGRAPH, 0, 0) < 0) return -1;
    Py_ssize_t alt_len = get(P, node, A_ALT, &alt), from, to;
    trim(alt, alt_len, &from, &to);
    block_t *b = new_block(W, K_IMAGE, 0);
    if (b == NULL) return -1;
    b->src = src;
    b->src_len = len;
    if (append(&W->texts, alt + from, to - from) < 0) return -1;
    W->blocks[W->n_blocks - 1].len = to - from;
    return 0;
}

/* An inline element: a line break, an image, a link (its text and address), or text. */
static int write_inline(writer_t *W, int32_t n) {
    const page_t *P = W->P;
    int role = P->tags[P->nodes[n].tag].role;
    if (role == R_BR) {  /* a line break inside the block */
        if (W->cur.n == 0) return 0;
        W->space = 0;
        return put(&W->cur, '\n');
    }
    if (role == R_IMG) return write_image(W, n);
    const Py_UCS4 *href;
    Py_ssize_t href_len = role == R_A ? get(P, &P->nodes[n], A_HREF, &href) : 0;
    if (href_len == 0) return writer_walk(W, n);
    Py_ssize_t start = W->cur.n + (W->cur.n && W->space ? 1 : 0);
    if (writer_walk(W, n) < 0) return -1;
    if (W->cur.n > start) {
        if (RESERVE(W->links, W->cap_links, W->n_links + 1) < 0) return -1;
        W->links[W->n_links++] = (link_t){start, W->cur.n, href, href_len};
    }
    return 0;
}

/* A list and its items: each item a block, numbered in an ordered list, with its depth. */
static int write_list(writer_t *W, int32_t n, int ordered) {
    if (close_block(W, K_PARAGRAPH, 0, 0) < 0) return -1;
    W->list_depth++;
    if (RESERVE(W->numbers, W->cap_numbers, W->n_numbers + 1) < 0) return -1;
    W->numbers[W->n_numbers++] = ordered ? 1 : 0;
    if (writer_walk(W, n) < 0) return -1;
    if (close_block(W, K_ITEM, W->list_depth > 0 ? W->list_depth : 0, 0) < 0) return -1;
    W->n_numbers--;
    W->list_depth--;
    return 0;
}

static int write_item(writer_t *W, int32_t n) {
    Py_ssize_t level = W->list_depth > 0 ? W->list_depth : 0;
    Py_ssize_t number = W->n_numbers ? W->numbers[W->n_numbers - 1] : 0;
    if (close_block(W, K_ITEM, level, number) < 0 || writer_walk(W, n) < 0 ||
        close_block(W, K_ITEM, level, number) < 0)
        return -1;
    if (W->n_numbers && number) W->numbers[W->n_numbers - 1]++;
    return 0;
}

/* A block element, around which the current block closes. */
static int write_block(writer_t *W, int32_t n) {
    const tag_t *tag = &W->P->tags[W->P->nodes[n].tag];
    int close_as = K_PARAGRAPH;
    if (tag->heading) {
        if (close_block(W, K_PARAGRAPH, 0, 0) < 0 || writer_walk(W, n) < 0) return -1;
        return close_block(W, K_HEADING, tag->heading, 0);
    }
    switch (tag->role) {
    case R_LIST: return write_list(W, n, tag->ordered);
    case R_LI: return write_item(W, n);
    case R_PRE: return write_pre(W, n);
    case R_TABLE:
        if (data_cells(W->P, n)) return write_table(W, n);
        break;
    case R_QUOTE:
        if (close_block(W, K_PARAGRAPH, 0, 0) < 0) return -1;
        W->quote++;
        if (writer_walk(W, n) < 0 || close_block(W, K_PARAGRAPH, 0, 0) < 0) return -1;
        W->quote--;
        return 0;
    case R_FIGCAPTION:
        close_as = K_CAPTION;
        break;
    }
    if (close_block(W, K_PARAGRAPH, 0, 0) < 0 || writer_walk(W, n) < 0) return -1;
    return close_block(W, close_as, 0, 0);
}

/* Whether to read an element: a block that holds no prose and is mostly links,
 * outside the chosen element and its ancestors, is skipped unread (inline links are read);
 * so is what the browser does not show, but the chosen element and its ancestors. */
static int worth_reading(const page_t *P, const node_t *node) {
    if (node->chaff == P->T->invisible && !node->path) return 0;
    return !node->block || node->prose > 0 || 2 * node->links < node->chars || node->inside
           || node->path;
}

/* Write the children of an element. */
static int writer_walk(writer_t *W, int32_t n) {
    for (int32_t c = W->P->nodes[n].head; c >= 0; c = W->P->children[c].next) {
        const child_t child = W->P->children[c];
        if (child.element < 0) {
            if (add_text(W, child.s, child.len) < 0) return -1;
            continue;
        }
        const node_t *node = &W->P->nodes[child.element];
        if (!worth_reading(W->P, node)) continue;
        if (!node->block) {
            if (write_inline(W, child.element) < 0) return -1;
            continue;
        }
        int32_t owner = W->owner;
        W->owner = child.element;
        int status = write_block(W, child.element);
        W->owner = owner;
        if (status < 0) return -1;
    }
    return 0;
}

/* ---- text helpers of the features ------------------------------------------------------- */
/* `[^\W\d_]` (a letter) and `\b`'s word characters, as the re module reads them in str. */
static int is_letter(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c); }
static int is_word(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }

/* text.lower() into `out`: in C for ASCII text, else by str.lower (special cases). */
static int lower_text(PyObject *text, const Py_UCS4 *s, Py_ssize_t n, ubuf *out) {
    out->n = 0;
    if (PyUnicode_IS_ASCII(text)) {
        if (RESERVE(out->s, out->cap, n) < 0) return -1;
        for (Py_ssize_t i = 0; i < n; i++) out->s[i] = ASCII_UPPER(s[i]) ? s[i] + 32 : s[i];
        out->n = n;
        return 0;
    }
    PyObject *lower = PyObject_CallMethod(text, "lower", NULL);
    if (lower == NULL) return -1;
    Py_ssize_t len = PyUnicode_GET_LENGTH(lower);
    int status = RESERVE(out->s, out->cap, len + 1);
    if (status == 0 && PyUnicode_AsUCS4(lower, out->s, len + 1, 0) == NULL) status = -1;
    Py_DECREF(lower);
    out->n = len;
    return status;
}

/* Whether a lower-case text holds a credit word (classify.CREDIT_WORDS) as a word. */
static int credits(const tables_t *T, const Py_UCS4 *s, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t words = s[i] < 128 ? T->credit_first[s[i]] : T->credit_other;
        for (; words; words &= words - 1) {  /* each word that starts with s[i] */
            int w = __builtin_ctzll(words);
            Py_ssize_t len = T->credit_len[w];
            if (len == 0 || i + len > n ||
                memcmp(s + i, T->credit[w], (size_t)len * sizeof(Py_UCS4)) != 0)
                continue;
            int before = i > 0 && is_word(s[i - 1]), first = is_word(s[i]);
            int last = is_word(s[i + len - 1]), after = i + len < n && is_word(s[i + len]);
            if (before != first && last != after) return 1;
        }
    }
    return 0;
}

/* Spans of one text, sorted by their text (code point order) and without repeats. A merge
 * sort, so that hostile input (a class attribute of a million words) costs n log n. */
typedef struct {
    span *items, *spare;
    Py_ssize_t n, cap, cap_spare;
} spans;

static void spans_free(spans *v) {
    PyMem_Free(v->items);
    PyMem_Free(v->spare);
}

static int spans_push(spans *v, Py_ssize_t start, Py_ssize_t len) {
    if (RESERVE(v->items, v->cap, v->n + 1) < 0) return -1;
    v->items[v->n++] = (span){start, len};
    return 0;
}

static int compare_spans(const Py_UCS4 *s, span a, span b) {
    Py_ssize_t n = a.len < b.len ? a.len : b.len;
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[a.start + i] != s[b.start + i]) return s[a.start + i] < s[b.start + i] ? -1 : 1;
    return (a.len > b.len) - (a.len < b.len);
}

static int sort_unique(const Py_UCS4 *s, spans *v) {
    if (RESERVE(v->spare, v->cap_spare, v->n) < 0) return -1;
    for (Py_ssize_t width = 1; width < v->n; width *= 2) {
        for (Py_ssize_t lo = 0; lo < v->n; lo += 2 * width) {
            Py_ssize_t mid = lo + width < v->n ? lo + width : v->n;
            Py_ssize_t hi = lo + 2 * width < v->n ? lo + 2 * width : v->n;
            Py_ssize_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                v->spare[k++] = compare_spans(s, v->items[j], v->items[i]) < 0 ? v->items[j++]
                                                                                : v->items[i++];
            while (i < mid) v->spare[k++] = v->items[i++];
            while (j < hi) v->spare[k++] = v->items[j++];
        }
        span *t = v->items;
        v->items = v->spare;
        v->spare = t;
        Py_ssize_t c = v->cap;
        v->cap = v->cap_spare;
        v->cap_spare = c;
    }
    Py_ssize_t out = 0;
    for (Py_ssize_t i = 0; i < v->n; i++)
        if (out == 0 || compare_spans(s, v->items[out - 1], v->items[i]) != 0)
            v->items[out++] = v->items[i];
    v->n = out;
    return 0;
}

/* The distinct runs of letters of s[0:n], sorted. */
static int letter_runs(const Py_UCS4 *s, Py_ssize_t n, spans *v) {
    v->n = 0;
    for (Py_ssize_t i = 0; i < n;) {
        if (!is_letter(s[i])) { i++; continue; }
        Py_ssize_t j = i;
        while (j < n && is_letter(s[j])) j++;
        if (spans_push(v, i, j - i) < 0) return -1;
        i = j;
    }
    return sort_unique(s, v);
}

static Py_ssize_t count_spaces(const Py_UCS4 *s, Py_ssize_t n) {
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < n; i++) count += s[i] == ' ';
    return count;
}

static Py_ssize_t count_words(const Py_UCS4 *s, Py_ssize_t n) {  /* len(s.split()) */
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < n;) {
        while (i < n && ISSPACE(s[i])) i++;
        if (i < n) count++;
        while (i < n && !ISSPACE(s[i])) i++;
    }
    return count;
}

/* Where features are emitted: numbers, each times 4 plus the condition it holds under (an
 * element's features may hold only for the blocks inside the chosen element, or outside). */
enum { ALWAYS, INSIDE, OUTSIDE };

typedef struct {
    int32_t *v;
    Py_ssize_t n, cap;
} ids_t;

typedef struct {
    ids_t blocks;    /* each block's own features, then a heading's words */
    ids_t elements;  /* each element's features (element_features) */
    ids_t *out;      /* where emit() writes: one of the two */
    int add;         /* names mode: register the names made from the page */
    ubuf lower;      /* a block's text, lower case */
    ubuf all;        /* the words of an element's names */
    spans runs;
} feats_t;

static void feats_free(feats_t *F) {
    PyMem_Free(F->blocks.v);
    PyMem_Free(F->elements.v);
    PyMem_Free(F->lower.s);
    PyMem_Free(F->all.s);
    spans_free(&F->runs);
}

/* Emit feature `number` under a condition; -1 (a name no model knows) emits nothing. */
static int emit_when(feats_t *F, int32_t number, int condition) {
    if (number < 0) return number == -1 ? 0 : -1;
    ids_t *out = F->out;
    if (RESERVE(out->v, out->cap, out->n + 1) < 0) return -1;
    out->v[out->n++] = number * 4 + condition;
    return 0;
}

static int emit(feats_t *F, int32_t number) { return emit_when(F, number, ALWAYS); }

/* A feature with a fixed name; its number is looked up once, by the line that emits it.
 * Like BUCKET, it returns -1 from the function it is in on error. */
#define FLAG(F, NAME)                                                                     \
    do {                                                                                  \
        static int32_t number_ = -1;                                                      \
        if (number_ < 0 && (number_ = named_ascii(NAME, 1)) < 0) return -1;               \
        if (emit((F), number_) < 0) return -1;                                            \
    } while (0)

/* A measure in buckets: NAME=<the number of bounds at or below VALUE>. */
#define BUCKET(F, NAME, VALUE, ...)                                                       \
    do {                                                                                  \
        static const double bounds_[] = {__VA_ARGS__};                                    \
        static int32_t numbers_[sizeof bounds_ / sizeof *bounds_ + 1];                    \
        static int ready_ = 0;                                                            \
        int count_ = (int)(sizeof bounds_ / sizeof *bounds_);                             \
        if (!ready_ && bucket_names(NAME, count_, numbers_) < 0) return -1;               \
        ready_ = 1;                                                                       \
        if (emit((F), numbers_[bucket(bounds_, count_, (VALUE))]) < 0) return -1;         \
    } while (0)

static int bucket(const double *bounds, int count, double value) {  /* bisect_right */
    int lo = 0, hi = count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (value < bounds[mid]) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

static int bucket_names(const char *name, int count, int32_t *numbers) {
    for (int i = 0; i <= count; i++) {
        char full[64];
        snprintf(full, sizeof full, "%s=%d", name, i);
        if ((numbers[i] = named_ascii(full, 1)) < 0) return -1;
    }
    return 0;
}

/* The features of each word of a sorted run list of `text`, as prefix + word. */
static int emit_words(feats_t *F, const char *prefix, const Py_UCS4 *text, const spans *runs) {
    for (Py_ssize_t i = 0; i < runs->n; i++) {
        span r = runs->items[i];
        if (emit(F, named(prefix, text + r.start, r.len, "", F->add)) < 0) return -1;
    }
    return 0;
}

/* Bounds that more than one feature puts its measure in buckets by. */
#define SHARE_BOUNDS 0.2, 0.5, 0.8, 0.95  /* prose share of an element's text */
#define REP_BOUNDS 2, 3, 5, 10  /* siblings with the element's tag and class */
#define GAP_BOUNDS 2, 4, 8, 16  /* blocks between a block and the chosen element */

/* ---- what a block is: features of its own text ----------------------------------------- */
/* Punctuation and digits are counted in this many first characters: long texts cost no
 * more. */
#define SAMPLE_CHARS 300
/* A text of this many cased letters, none of them lower case, is written in capitals: a
 * subhead in some newsrooms' style, and in others a call to action or another story's
 * linked headline ("GET THE APP BY CLICKING HERE"); with the link share, the model tells. */
#define MIN_CAPS_LETTERS 8
/* A block that starts with a link this long starts with a headline: a teaser. */
#define MIN_LEAD_LINK_CHARS 15
/* A block this much link, of fewer words than this, is a linked headline. */
#define HEADLINK_SHARE 0.8
#define MAX_HEADLINE_WORDS 16
/* Blocks of at most this many words give their words as features (tw:<word>): the short
 * labels ("Related articles", "Advertisement", "Share") that name chaff; headings as short
 * give theirs to the blocks after them (hw:<word>). */
#define MAX_LABEL_WORDS 6
/* Photo credits and captions ("Photo: Reuters") are looked for in blocks this short. */
#define MAX_CREDIT_CHARS 300
/* A label of fewer characters than this, a colon, then one link to the end is another
 * story's headline under a label ("Read more: ...", "Related: ..."); LINK_SLACK characters
 * may stand between the colon and the link, and after the link. */
#define MAX_LINK_LABEL_CHARS 30
#define LINK_SLACK 2

static int labelled_link(const Py_UCS4 *text, Py_ssize_t len, const link_t *link) {
    Py_ssize_t stop = len < MAX_LINK_LABEL_CHARS ? len : MAX_LINK_LABEL_CHARS;
    for (Py_ssize_t colon = 0; colon < stop; colon++)
        if (text[colon] == ':')
            return colon > 0 && link->start > colon && link->start <= colon + LINK_SLACK &&
                   link->end >= len - LINK_SLACK;
    return 0;
}

static int ends_a_sentence(const tables_t *T, Py_UCS4 c) {
    for (Py_ssize_t i = 0; i < T->n_end_punct; i++)
        if (c == T->end_punct[i]) return 1;
    return 0;
}

/* The block's kind, its length, links, punctuation, digits and casing, and the words of a
 * short label. */
static int shape(const tables_t *T, const writer_t *W, const block_t *b, feats_t *F) {
    const Py_UCS4 *text = W->texts.s + b->start;
    Py_ssize_t len = b->len, n = len ? len : 1;
    Py_ssize_t sample = len < SAMPLE_CHARS ? len : SAMPLE_CHARS, m = sample ? sample : 1;
    Py_ssize_t punct = 0, digits = 0, upper = 0, lower = 0;
    for (Py_ssize_t i = 0; i < sample; i++) {
        Py_UCS4 c = text[i];
        punct += c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
        digits += c >= '0' && c <= '9';
        if (c >= 'a' && c <= 'z') lower++;
        else if (c >= 'A' && c <= 'Z') upper++;
        else if (c >= 128) { lower += Py_UNICODE_ISLOWER(c); upper += Py_UNICODE_ISUPPER(c); }
    }
    FLAG(F, "b");
    /* kind=paragraph, ... and kind=h1 to kind=h6: each name's number looked up once */
    static int32_t kind_numbers[K_COUNT + MAX_HEADING + 1];
    static char kind_known[K_COUNT + MAX_HEADING + 1];
    int slot = b->kind == K_HEADING ? K_COUNT + (int)b->level : (int)b->kind;
    if (slot < 0 || slot > K_COUNT + MAX_HEADING) slot = K_PARAGRAPH;
    if (!kind_known[slot]) {
        char kind[32];
        if (slot >= K_COUNT) snprintf(kind, sizeof kind, "kind=h%d", slot - K_COUNT);
        else snprintf(kind, sizeof kind, "kind=%s", KIND_VALUES[slot]);
        if ((kind_numbers[slot] = named_ascii(kind, 1)) < 0) return -1;
        kind_known[slot] = 1;
    }
    if (emit(F, kind_numbers[slot]) < 0) return -1;
    BUCKET(F, "len", log2((double)(n + 1)), 3, 4, 5, 6, 7, 8, 9, 10);  /* log2 of chars */
    BUCKET(F, "lr", (double)b->linked / (double)n, 0.01, 0.2, 0.5, 0.8, 0.99);  /* links */
    BUCKET(F, "nl", (double)b->link_count, 1, 2, 3, 6);  /* links */
    BUCKET(F, "pd", (double)(100 * punct) / (double)m, 0.5, 1, 2, 4, 8);  /* per 100 chars */
    BUCKET(F, "dg", (double)digits / (double)m, 0.01, 0.1, 0.3);  /* share of digits */
    if (len && ends_a_sentence(T, text[len - 1])) FLAG(F, "endp");
    if (len && Py_UNICODE_ISUPPER(text[0])) FLAG(F, "up0");
    const link_t *first = b->link_count ? &W->out_links[b->link_first] : NULL;
    if (first && first->start == 0 && first->end >= MIN_LEAD_LINK_CHARS) FLAG(F, "lead");
    Py_ssize_t spaces = count_spaces(text, len);
    int mostly_linked = (double)b->linked >= HEADLINK_SHARE * (double)n;
    if (mostly_linked && spaces < MAX_HEADLINE_WORDS) FLAG(F, "headlink");
    if (!lower && upper >= MIN_CAPS_LETTERS) {
        if (mostly_linked) FLAG(F, "caps&link");
        else FLAG(F, "caps");
    }
    if (first && labelled_link(text, len, first)) FLAG(F, "labellink");
    int label = spaces < MAX_LABEL_WORDS && count_words(text, len) <= MAX_LABEL_WORDS;
    int credit = len < MAX_CREDIT_CHARS;
    if (!label && !credit) return 0;
    if (lower_text(b->text, text, len, &F->lower) < 0) return -1;
    if (label && (letter_runs(F->lower.s, F->lower.n, &F->runs) < 0 ||
                  emit_words(F, "tw:", F->lower.s, &F->runs) < 0))
        return -1;
    if (credit && credits(T, F->lower.s, F->lower.n)) FLAG(F, "credit");
    return 0;
}

/* The words of a short heading, which the blocks after it get (hw:<word>): "Related
 * stories", "About Ascom", "Comments". */
static int heading_words(const writer_t *W, const block_t *b, feats_t *F) {
    const Py_UCS4 *text = W->texts.s + b->start;
    if (b->kind != K_HEADING || count_spaces(text, b->len) >= MAX_LABEL_WORDS) return 0;
    if (lower_text(b->text, text, b->len, &F->lower) < 0 ||
        letter_runs(F->lower.s, F->lower.n, &F->runs) < 0)
        return -1;
    return emit_words(F, "hw:", F->lower.s, &F->runs);
}

/* ---- what the elements above a block say ---------------------------------------------- */
/* Add the useful words of one name (longer than one character, not all digits) to F->all
 * and F->runs. */
static int useful_words(const tables_t *T, scratch *S, feats_t *F, const Py_UCS4 *s,
                        Py_ssize_t n) {
    S->text.n = 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (!(s[k] >= '0' && s[k] <= '9') && put(&S->text, s[k]) < 0) return -1;
    if (name_words(T, S, S->text.n) < 0) return -1;
    for (Py_ssize_t w = 0; w < S->n_words; w++) {
        const Py_UCS4 *word = S->text.s + S->words[w].start;
        Py_ssize_t len = S->words[w].len;
        int digits = 1;
        for (Py_ssize_t k = 0; k < len && digits; k++) digits = Py_UNICODE_ISDIGIT(word[k]);
        if (len <= 1 || digits) continue;
        if (spans_push(&F->runs, F->all.n, len) < 0 || append(&F->all, word, len) < 0)
            return -1;
    }
    return 0;
}

/* The distinct words of an element's class names and id, as w:<word>. */
static int name_features(page_t *P, scratch *S, feats_t *F, const node_t *node) {
    const Py_UCS4 *names, *ident;
    Py_ssize_t names_len = get(P, node, A_CLASS, &names), ident_len = get(P, node, A_ID, &ident);
    F->all.n = 0;
    F->runs.n = 0;
    for (Py_ssize_t i = 0; i < names_len;) {  /* class names split on white space */
        while (i < names_len && ISSPACE(names[i])) i++;
        Py_ssize_t j = i;
        while (j < names_len && !ISSPACE(names[j])) j++;
        if (j > i && useful_words(P->T, S, F, names + i, j - i) < 0) return -1;
        i = j;
    }
    if (ident_len > 0 && useful_words(P->T, S, F, ident, ident_len) < 0) return -1;
    if (sort_unique(F->all.s, &F->runs) < 0) return -1;
    return emit_words(F, "w:", F->all.s, &F->runs);
}

/* The features an element gives every block below it (and its own), counted once for each
 * element above the block that has them: its tag, among the semantic tags that tell where a
 * block sits (classify.CONTEXT_TAGS); the chaff kind its rules give it, alone and with
 * whether the block is inside the chosen element; and the words of its names. */
static int element_features(page_t *P, scratch *S, feats_t *F, const node_t *node) {
    const tag_t *tag = &P->tags[node->tag];
    if (tag->context && emit(F, named_str("t:", tag->name, "", F->add)) < 0) return -1;
    if (node->chaff >= 0) {
        PyObject *kind = PyTuple_GET_ITEM(P->T->kind_names, node->chaff);
        if (emit(F, named_str("k:", kind, "", F->add)) < 0 ||
            emit_when(F, named_str("k:", kind, "&in=1", F->add), INSIDE) < 0 ||
            emit_when(F, named_str("k:", kind, "&in=0", F->add), OUTSIDE) < 0)
            return -1;
    }
    return name_features(P, S, F, node);
}

/* element_features of `n` and of every element above it, each worked out once per
 * distinct tag, kind and names on the page (pages repeat them: every card, every wrapper). */
static int elements_above(page_t *P, scratch *S, feats_t *F, int32_t n) {
    for (; n >= 0 && !P->nodes[n].has_features; n = P->nodes[n].parent) {
        node_t *node = &P->nodes[n];
        const Py_UCS4 *names, *ident;
        Py_ssize_t names_len, ident_len;
        attribute(P, node, A_CLASS, &names, &names_len);
        attribute(P, node, A_ID, &ident, &ident_len);
        int64_t extra = (int64_t)node->tag * (MAX_KINDS + 1) + node->chaff + 1;
        int fresh;
        memo_entry *e = memo_get(&P->memo, M_ELEMENT, extra, names, names_len, ident,
                                 ident_len, &fresh);
        if (e == NULL) return -1;
        if (fresh) {
            Py_ssize_t start = F->elements.n;
            F->out = &F->elements;
            if (element_features(P, S, F, node) < 0) return -1;
            e = memo_get(&P->memo, M_ELEMENT, extra, names, names_len, ident, ident_len,
                         &fresh);
            e->start = start;
            e->end = F->elements.n;
        }
        node = &P->nodes[n];
        node->features_start = e->start;
        node->features_end = e->end;
        node->has_features = 1;
    }
    return 0;
}

/* ---- where a block sits ---------------------------------------------------------------- */
/* A hash of an element's class attribute, for counting look-alike siblings. */
static uint64_t class_key(const page_t *P, const node_t *node, const Py_UCS4 **s,
                          Py_ssize_t *len) {
    attribute(P, node, A_CLASS, s, len);  /* absent or without value: None */
    uint64_t h = (uint64_t)node->tag * 0x9E3779B97F4A7C15ULL;
    if (*len >= 0) h ^= hash_key(*s, *len, NULL, -1) + 1;
    return h;
}

/* For every child of `parent` at once: how many siblings share the element's tag and class
 * attribute (teaser lists repeat). Each group's first element counts its members. */
static int count_repeats(page_t *P, int32_t parent) {
    Py_ssize_t n = 0;
    for (int32_t c = P->nodes[parent].head; c >= 0; c = P->children[c].next)
        n += P->children[c].element >= 0;
    size_t size = 8;
    while (size < (size_t)n * 2) size *= 2;
    int32_t *slots = PyMem_Malloc(size * sizeof(int32_t));  /* groups' first elements */
    int32_t *group = PyMem_Malloc(((size_t)n + 1) * sizeof(int32_t));  /* each child's */
    uint64_t *hashes = PyMem_Malloc(size * sizeof(uint64_t));  /* by slot */
    if (slots == NULL || group == NULL || hashes == NULL) {
        PyMem_Free(slots);
        PyMem_Free(group);
        PyMem_Free(hashes);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < size; i++) slots[i] = -1;
    Py_ssize_t k = 0;
    for (int32_t c = P->nodes[parent].head; c >= 0; c = P->children[c].next) {
        int32_t e = P->children[c].element;
        if (e < 0) continue;
        const Py_UCS4 *s, *t;
        Py_ssize_t len, other_len;
        uint64_t h = class_key(P, &P->nodes[e], &s, &len);
        size_t i = h & (size - 1);
        for (;; i = (i + 1) & (size - 1)) {
            if (slots[i] < 0) {
                slots[i] = e;
                hashes[i] = h;
                P->nodes[e].repeats = 0;
                break;
            }
            if (hashes[i] != h) continue;
            const node_t *first = &P->nodes[slots[i]];
            attribute(P, first, A_CLASS, &t, &other_len);
            if (first->tag == P->nodes[e].tag && other_len == len &&
                (len <= 0 || memcmp(s, t, (size_t)len * sizeof(Py_UCS4)) == 0))
                break;
        }
        P->nodes[slots[i]].repeats++;
        group[k++] = slots[i];
    }
    k = 0;
    for (int32_t c = P->nodes[parent].head; c >= 0; c = P->children[c].next) {
        int32_t e = P->children[c].element;
        if (e >= 0) P->nodes[e].repeats = P->nodes[group[k++]].repeats;
    }
    PyMem_Free(slots);
    PyMem_Free(group);
    PyMem_Free(hashes);
    return 0;
}

static int repeats(page_t *P, int32_t n, Py_ssize_t *out) {
    if (P->nodes[n].repeats < 0 && count_repeats(P, P->nodes[n].parent) < 0) return -1;
    *out = P->nodes[n].repeats;
    return 0;
}

static double prose_share(const node_t *node) {
    double total = node->prose + node->junk;
    return total ? node->prose / total : 0.0;
}

/* A block's card is its nearest ancestor, at most CARD_DEPTH up and not above the chosen
 * element, that has look-alike siblings: teaser cards repeat, the article's paragraphs'
 * wrappers do not. A card counts the blocks it holds up to MAX_CARD_BLOCKS: a teaser card
 * holds a picture, a linked headline and a summary; an article's wrapper, one paragraph. */
#define CARD_DEPTH 4
#define MAX_CARD_BLOCKS 3

/* The card element (-1 for none) and its look-alike siblings' count (1 for none). */
static int card_of(page_t *P, int32_t n, int32_t root, int32_t *card, Py_ssize_t *out) {
    int32_t current = n;
    for (Py_ssize_t i = 0; i < CARD_DEPTH; i++) {
        int32_t parent = P->nodes[current].parent;
        if (parent < 0 || current == root) break;
        Py_ssize_t count;
        if (repeats(P, current, &count) < 0) return -1;
        if (count > 1) {
            *card = current;
            *out = count;
            return 0;
        }
        current = parent;
    }
    *card = -1;
    *out = 1;
    return 0;
}

/* What a page's features are worked out from, besides each block. */
typedef struct {
    int32_t root;            /* the chosen element */
    const uint8_t *inside;   /* for each block, whether it comes from inside `root` */
    Py_ssize_t first, last;  /* the first and last block inside `root` (count, -1: none) */
    int32_t *cards;          /* for each block, its card or -1 */
    Py_ssize_t *reps;        /* for each block, its card's look-alikes (1 without one) */
    int32_t *held;           /* for each element, the blocks it is the card of */
} around_t;

/* The block's card: the card's tag, how many blocks it holds, and whether the block starts
 * with a link, each with the card's look-alikes in buckets. */
static int card_features(page_t *P, const writer_t *W, const around_t *A, Py_ssize_t i,
                         feats_t *F) {
    int32_t card = A->cards[i];
    if (card < 0) return 0;
    static const double rep_bounds[] = {REP_BOUNDS};
    int rep = bucket(rep_bounds, sizeof rep_bounds / sizeof *rep_bounds, (double)A->reps[i]);
    int blocks = A->held[card] < MAX_CARD_BLOCKS ? A->held[card] : MAX_CARD_BLOCKS;
    char name[48];
    snprintf(name, sizeof name, "&%d", rep);
    if (emit(F, named_str("ct:", P->tags[P->nodes[card].tag].name, name, F->add)) < 0)
        return -1;
    snprintf(name, sizeof name, "cb:%d&%d", blocks, rep);
    if (emit(F, named_ascii(name, 1)) < 0) return -1;
    const block_t *b = &W->blocks[i];
    if (b->link_count && W->out_links[b->link_first].start == 0) {
        snprintf(name, sizeof name, "cl:%d&%d", blocks, rep);
        if (emit(F, named_ascii(name, 1)) < 0) return -1;
    }
    return 0;
}

/* Where the block stands among the blocks of the chosen element, or how far before or
 * after them. */
static int position(const around_t *A, Py_ssize_t i, feats_t *F) {
    if (A->inside[i]) {
        Py_ssize_t first = A->first, last = A->last;
        double at = last > first ? (double)(i - first) / (double)(last - first) : 0.5;
        BUCKET(F, "rpos", at, 0.1, 0.3, 0.7, 0.9);
    } else if (i < A->first) {
        BUCKET(F, "pos=before", (double)(A->first - i), GAP_BOUNDS);
    } else {
        BUCKET(F, "pos=after", (double)(i - A->last), GAP_BOUNDS);
    }
    return 0;
}

/* Where the block's element sits: inside the chosen element or not; its tag; its parent's
 * prose and link shares and look-alike children; the best first-stage value above it (a
 * rival article container, a copy in a hidden dialog, comes close to the chosen one's);
 * its card's look-alikes; and inside the chosen element, the link and prose shares of the
 * section of it that holds the block (teaser lists, comment threads and share bars sit in
 * sections of their own). */
static int place(page_t *P, const writer_t *W, const around_t *A, Py_ssize_t i, feats_t *F) {
    int32_t n = W->blocks[i].source, root = A->root;
    int inside = A->inside[i];
    if (inside) FLAG(F, "in=1");
    else FLAG(F, "in=0");
    if (emit(F, named_str("st:", P->tags[P->nodes[n].tag].name, "", F->add)) < 0) return -1;
    if (P->nodes[n].parent >= 0) {
        Py_ssize_t count;
        if (repeats(P, n, &count) < 0) return -1;
        const node_t *parent = &P->nodes[P->nodes[n].parent];
        double links = parent->chars ? (double)parent->links / (double)parent->chars : 0.0;
        BUCKET(F, "pp", prose_share(parent), SHARE_BOUNDS);
        BUCKET(F, "plr", links, 0.1, 0.3, 0.6);
        BUCKET(F, "rep", (double)count, REP_BOUNDS);
    }
    double best = P->nodes[root].value > 0 ? P->nodes[n].best / P->nodes[root].value : 0.0;
    BUCKET(F, "cv", best, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95);
    BUCKET(F, "card", (double)A->reps[i], REP_BOUNDS);
    if (!inside) {
        FLAG(F, "sec=out");
        return 0;
    }
    int32_t section = n;
    while (section != root && P->nodes[section].parent >= 0 && P->nodes[section].parent != root)
        section = P->nodes[section].parent;
    if (section == root) {
        FLAG(F, "sec=root");
        return 0;
    }
    const node_t *sec = &P->nodes[section];
    BUCKET(F, "slr", sec->chars ? (double)sec->links / (double)sec->chars : 0.0,
           0.05, 0.15, 0.3, 0.5, 0.7);
    BUCKET(F, "sps", prose_share(sec), SHARE_BOUNDS);
    return 0;
}

/* ---- the features of a page's blocks, and the model's scores of them ------------------- */
/* Where each block's features are in F->blocks: its own from own[i] to heading[i], then,
 * for a heading, its words (given to the blocks after it) up to own[i + 1]. */
typedef struct {
    Py_ssize_t *own, *heading;
} ranges_t;

static int cards(page_t *P, const writer_t *W, around_t *A) {
    for (Py_ssize_t i = 0; i < W->n_blocks; i++) {
        if (card_of(P, W->blocks[i].source, A->root, &A->cards[i], &A->reps[i]) < 0) return -1;
        if (A->cards[i] >= 0) A->held[A->cards[i]]++;
    }
    return 0;
}

static int page_features(page_t *P, scratch *S, const writer_t *W, around_t *A, feats_t *F,
                         ranges_t *at) {
    Py_ssize_t count = W->n_blocks;
    A->first = count;
    A->last = -1;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (!A->inside[i]) continue;
        if (A->first == count) A->first = i;
        A->last = i;
    }
    if (cards(P, W, A) < 0) return -1;
    for (Py_ssize_t i = 0; i < count; i++) {
        const block_t *b = &W->blocks[i];
        F->out = &F->blocks;
        at->own[i] = F->blocks.n;
        if (shape(P->T, W, b, F) < 0 || card_features(P, W, A, i, F) < 0 ||
            position(A, i, F) < 0 || place(P, W, A, i, F) < 0)
            return -1;
        at->heading[i] = F->blocks.n;
        if (heading_words(W, b, F) < 0 || elements_above(P, S, F, b->source) < 0) return -1;
    }
    at->own[count] = F->blocks.n;
    return 0;
}

/* Model m's weights of a feature: its own, as the previous block's, as the next's. */
static double weight(const tables_t *T, int32_t id, int column, int m) {
    int32_t number = id >> 2;
    return number < T->n_weights[m] ? T->weights[m][number][column] : 0.0;
}

static double sum_of(const tables_t *T, const ids_t *ids, Py_ssize_t from, Py_ssize_t to,
                     int column, int m) {
    double sum = 0.0;
    for (Py_ssize_t k = from; k < to; k++) sum += weight(T, ids->v[k], column, m);
    return sum;
}

/* The weights of the features of `n` and the elements above it: those that hold either
 * way, inside the chosen element, outside it. */
static const double *ancestry(page_t *P, const feats_t *F, int32_t n, int m) {
    node_t *node = &P->nodes[n];
    if (!(node->has_ancestry & (1u << m))) {
        double sums[3] = {0.0, 0.0, 0.0};
        if (node->parent >= 0) memcpy(sums, ancestry(P, F, node->parent, m), sizeof sums);
        for (Py_ssize_t k = node->features_start; k < node->features_end; k++) {
            int32_t id = F->elements.v[k];
            sums[id & 3] += weight(P->T, id, 0, m);
        }
        node = &P->nodes[n];
        memcpy(node->ancestry[m], sums, sizeof sums);
        node->has_ancestry |= (uint8_t)(1u << m);
    }
    return node->ancestry[m];
}

/* Model m's score of every block: the weights of its features, of the elements above it,
 * of the words of the last heading before it, and of what its neighbours pass on. */
static void page_scores(page_t *P, const writer_t *W, const around_t *A, const feats_t *F,
                        const ranges_t *at, int m, double *scores) {
    const tables_t *T = P->T;
    Py_ssize_t count = W->n_blocks;
    double heading = 0.0;
    for (Py_ssize_t i = 0; i < count; i++) {
        const double *up = ancestry(P, F, W->blocks[i].source, m);
        double s = sum_of(T, &F->blocks, at->own[i], at->heading[i], 0, m) + heading +
                   up[ALWAYS] + (A->inside[i] ? up[INSIDE] : up[OUTSIDE]);
        if (W->blocks[i].kind == K_HEADING)
            heading = sum_of(T, &F->blocks, at->heading[i], at->own[i + 1], 0, m);
        if (i > 0) s += sum_of(T, &F->blocks, at->own[i - 1], at->heading[i - 1], 1, m);
        if (i + 1 < count)
            s += sum_of(T, &F->blocks, at->own[i + 1], at->heading[i + 1], 2, m);
        scores[i] = s;
    }
}

/* Add 1 to `counts[prefix + name]` for each feature in ids[from:to] that holds (`inside`),
 * only those a block passes on when `prefix` is given. */
static int count_names(PyObject *counts, const ids_t *ids, Py_ssize_t from, Py_ssize_t to,
                       int inside, const char *prefix) {
    for (Py_ssize_t k = from; k < to; k++) {
        int32_t number = ids->v[k] >> 2, condition = ids->v[k] & 3;
        if ((condition == INSIDE && !inside) || (condition == OUTSIDE && inside)) continue;
        if (prefix && !R.passed[number]) continue;
        PyObject *name = PyList_GET_ITEM(R.names, number);
        PyObject *key = prefix ? PyUnicode_FromFormat("%s%U", prefix, name) : Py_NewRef(name);
        if (key == NULL) return -1;
        PyObject *old = PyDict_GetItemWithError(counts, key);
        double value = old ? PyFloat_AsDouble(old) + 1.0 : 1.0;
        PyObject *new = PyErr_Occurred() ? NULL : PyFloat_FromDouble(value);
        int status = new ? PyDict_SetItem(counts, key, new) : -1;
        Py_DECREF(key);
        Py_XDECREF(new);
        if (status < 0) return -1;
    }
    return 0;
}

/* Every feature of every block by name, with its count: what the model is trained on, and
 * what page_scores adds up the weights of. */
static PyObject *page_names(page_t *P, const writer_t *W, const around_t *A, const feats_t *F,
                            const ranges_t *at) {
    Py_ssize_t count = W->n_blocks, heading = -1;
    PyObject *out = PyList_New(count);
    if (out == NULL) return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *counts = PyDict_New();
        if (counts == NULL) goto fail;
        PyList_SET_ITEM(out, i, counts);
        int in = A->inside[i];
        if (count_names(counts, &F->blocks, at->own[i], at->heading[i], in, NULL) < 0 ||
            (heading >= 0 &&
             count_names(counts, &F->blocks, at->heading[heading], at->own[heading + 1], in,
                         NULL) < 0) ||
            (i > 0 && count_names(counts, &F->blocks, at->own[i - 1], at->heading[i - 1], in,
                                  "prev.") < 0) ||
            (i + 1 < count && count_names(counts, &F->blocks, at->own[i + 1],
                                          at->heading[i + 1], in, "next.") < 0))
            goto fail;
        for (int32_t n = W->blocks[i].source; n >= 0; n = P->nodes[n].parent)
            if (count_names(counts, &F->elements, P->nodes[n].features_start,
                            P->nodes[n].features_end, in, NULL) < 0)
                goto fail;
        if (W->blocks[i].kind == K_HEADING) heading = i;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- judge(): the passes, and the Python objects they give ------------------------------- */
/* For every element: inside the chosen one, on its path (it or above it), under chaff that
 * is never article text (chaff.NEVER_ARTICLE), in a comments section but not in its form,
 * in the page's main element, and the best first-stage value from it up to the body.
 * Parents come before children in the nodes' order. */
static void mark(page_t *P, int32_t root) {
    node_t *nodes = P->nodes;
    for (int32_t up = root; up >= 0; up = nodes[up].parent) nodes[up].path = 1;
    nodes[root].inside = 1;
    for (Py_ssize_t i = 0; i < P->n_nodes; i++) {
        node_t *node = &nodes[i];
        int in_never = node->chaff >= 0 && (P->T->never >> node->chaff) & 1;
        int talk = node->chaff == P->T->comments ? TALK_YES : TALK_NO;
        const Py_UCS4 *role;
        node->in_main = P->tags[node->tag].role == R_MAIN ||
                        equals(role, get(P, node, A_ROLE, &role), "main");
        node->best = node->value;
        if (node->parent >= 0) {
            const node_t *parent = &nodes[node->parent];
            node->inside |= parent->inside;
            node->in_main |= parent->in_main;
            in_never |= parent->under;
            if (parent->talk != TALK_NO) talk = parent->talk;
            if (parent->best > node->best) node->best = parent->best;
        }
        node->under = (uint8_t)in_never;
        node->talk = (uint8_t)(P->tags[node->tag].chaff == P->T->form ? TALK_FORM : talk);
    }
}

static PyObject *make_str(const Py_UCS4 *s, Py_ssize_t n) {
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s, n);
}

/* An instance of a slots class with its fields set, as its __init__ would set them (for
 * Block and Link: frozen dataclasses, whose __init__ costs more than the rest of the
 * passes). Steals the references in `values`. */
static PyObject *record(PyTypeObject *type, const Py_ssize_t *offsets, PyObject **values,
                        int n, PyObject *names) {
    for (int i = 0; i < n; i++)
        if (values[i] == NULL) goto fail;
    PyObject *made;
    if (offsets != NULL) {
        if ((made = type->tp_alloc(type, 0)) == NULL) goto fail;
        for (int i = 0; i < n; i++) *(PyObject **)((char *)made + offsets[i]) = values[i];
        return made;
    }
    made = PyObject_Vectorcall((PyObject *)type, values, names ? 0 : n, names);
    for (int i = 0; i < n; i++) Py_DECREF(values[i]);
    return made;
fail:
    for (int i = 0; i < n; i++) Py_XDECREF(values[i]);
    return NULL;
}

static PyObject *make_links(const tables_t *T, const page_t *P, const writer_t *W,
                            const block_t *b) {
    if (b->link_count == 0) return Py_NewRef(T->empty);
    PyObject *links = PyTuple_New(b->link_count);
    if (links == NULL) return NULL;
    for (Py_ssize_t i = 0; i < b->link_count; i++) {
        const link_t *l = &W->out_links[b->link_first + i];
        PyObject *values[3] = {PyLong_FromSsize_t(l->start), PyLong_FromSsize_t(l->end),
                               make_str(l->href, l->href_len)};
        PyObject *link = record((PyTypeObject *)T->link_type,
                                T->records_by_offset ? T->link_offsets : NULL, values, 3, NULL);
        if (link == NULL) {
            Py_DECREF(links);
            return NULL;
        }
        PyTuple_SET_ITEM(links, i, link);
    }
    return links;
}

static PyObject *make_block(const tables_t *T, const page_t *P, const writer_t *W,
                            const block_t *b) {
    PyObject *values[7] = {Py_NewRef(T->kinds[b->kind]), Py_NewRef(b->text),
                           PyLong_FromLong(b->level), PyLong_FromLong(b->number),
                           make_links(T, P, W, b), Py_NewRef(b->rows ? b->rows : T->empty),
                           b->src_len >= 0 ? make_str(b->src, b->src_len)
                                           : Py_NewRef(Py_None)};
    return record((PyTypeObject *)T->block_type, T->records_by_offset ? T->block_offsets : NULL,
                  values, 7, T->block_fields);
}

static int by_size(const void *a, const void *b) {
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

/* What the page-type model reads of the shape of a page's blocks (pagetype._shape), as
 * counts: blocks and characters, blocks of each kind, link blocks and linked characters,
 * characters inside the chosen element, blocks in comments and in <main>, blocks in cards
 * of look-alikes and the characters of prose in such cards, blocks led by a link, linked
 * headings, the median paragraph and the characters of long ones, characters of code and
 * of tables, blocks cut short. */
/* The short blocks' texts of page_shape, one a line: labels and buttons, headings,
 * blocks as short as a date line, blocks as short as a tile's price. */
static const char *const SHORT_TEXTS[4] = {"labels", "headings", "dated", "short"};

/* Each short text (SHORT_TEXTS) as a str under its name in `out`: the blocks up to its
 * length (headings: only headings), joined by newlines, as "\n".join would. */
static int short_texts(const tables_t *T, const writer_t *W, PyObject *out) {
    ubuf texts[4] = {{0}};
    Py_ssize_t joined[4] = {0};  /* blocks in each */
    int rc = 0;
    for (Py_ssize_t i = 0; i < W->n_blocks && rc == 0; i++) {
        const block_t *b = &W->blocks[i];
        for (int t = 0; t < 4 && rc == 0; t++) {
            if (b->len > T->short_chars[t] || (t == 1 && b->kind != K_HEADING)) continue;
            if ((joined[t]++ > 0 && put(&texts[t], '\n') < 0) ||
                append(&texts[t], W->texts.s + b->start, b->len) < 0)
                rc = -1;
        }
    }
    for (int t = 0; t < 4; t++) {
        if (rc == 0) {
            PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, texts[t].s,
                                                       texts[t].n);
            if (text == NULL || PyDict_SetItemString(out, SHORT_TEXTS[t], text) < 0) rc = -1;
            Py_XDECREF(text);
        }
        PyMem_Free(texts[t].s);
    }
    return rc;
}

static PyObject *page_shape(const tables_t *T, const page_t *P, const writer_t *W,
                            const uint8_t *inside, const Py_ssize_t *reps) {
    Py_ssize_t count = W->n_blocks, kinds[K_COUNT] = {0}, chars = 0, linked_blocks = 0,
               linked_chars = 0, inside_chars = 0, comments = 0, in_main = 0, carded = 0,
               card_prose = 0, leads = 0, linked_heads = 0, long_chars = 0, code = 0,
               table = 0, cut = 0, n_paragraphs = 0;
    Py_ssize_t *paragraphs = PyMem_Malloc(((size_t)count + 1) * sizeof *paragraphs);
    if (paragraphs == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < count; i++) {
        const block_t *b = &W->blocks[i];
        const node_t *source = &P->nodes[b->source];
        Py_ssize_t size = b->len;
        int linked = (double)b->linked >= T->linked_share * (double)size;
        chars += size;
        kinds[b->kind]++;
        linked_blocks += linked;
        linked_chars += b->linked;
        inside_chars += inside[i] ? size : 0;
        comments += source->talk == TALK_YES;
        in_main += source->in_main != 0;
        carded += reps[i] >= T->min_cards;
        card_prose += reps[i] >= T->min_prose_cards && size >= T->min_card_prose ? size : 0;
        leads += b->link_count > 0 && W->out_links[b->link_first].start == 0;
        linked_heads += b->kind == K_HEADING && linked;
        if (b->kind == K_PARAGRAPH) {
            paragraphs[n_paragraphs++] = size;
            long_chars += size >= T->long_paragraph ? size : 0;
        }
        code += b->kind == K_CODE ? size : 0;
        table += b->kind == K_TABLE ? size : 0;
        const Py_UCS4 *text = W->texts.s + b->start;
        for (int k = 0; k < T->n_cut; k++) {
            Py_ssize_t m = T->cut_len[k];
            if (m <= size && memcmp(text + size - m, T->cut[k], (size_t)m * sizeof *text) == 0) {
                cut++;
                break;
            }
        }
    }
    qsort(paragraphs, (size_t)n_paragraphs, sizeof *paragraphs, by_size);
    Py_ssize_t median = n_paragraphs ? paragraphs[n_paragraphs / 2] : 0;
    PyMem_Free(paragraphs);
    PyObject *out = Py_BuildValue(
        "{s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n}",
        "blocks", count, "chars", chars, "linked", linked_blocks, "linkchars", linked_chars,
        "inside", inside_chars, "comments", comments, "main", in_main, "carded", carded,
        "cardprose", card_prose, "leads", leads, "heads", kinds[K_HEADING],
        "linkheads", linked_heads, "medpara", median, "longshare", long_chars, "code", code,
        "table", table, "cut", cut);
    for (int k = 0; out != NULL && k < K_COUNT; k++) {  /* "kind:paragraph", ... */
        PyObject *key = PyUnicode_FromFormat("kind:%s", KIND_VALUES[k]);
        PyObject *n = PyLong_FromSsize_t(kinds[k]);
        if (key == NULL || n == NULL || PyDict_SetItem(out, key, n) < 0) Py_CLEAR(out);
        Py_XDECREF(key);
        Py_XDECREF(n);
    }
    if (out != NULL && short_texts(T, W, out) < 0) Py_CLEAR(out);
    return out;
}

/* (blocks, linked, sources, inside, in_chaff, in_comments, in_main, cards, scores,
 * other_scores, shape): parallel lists, sources as the numbers of the elements in the walk's
 * order, cards as the look-alike count of each block's card (1 without one), other_scores
 * None without a second model; then the page's shape (page_shape). */
static PyObject *results(const tables_t *T, const page_t *P, const writer_t *W,
                         const uint8_t *inside, const Py_ssize_t *reps, const double *scores,
                         const double *other, int with_shape) {
    Py_ssize_t count = W->n_blocks;
    enum { N_LISTS = 9 };
    PyObject *shape = with_shape ? page_shape(T, P, W, inside, reps) : Py_NewRef(Py_None);
    if (shape == NULL) return NULL;
    PyObject *others = other ? PyList_New(count) : Py_NewRef(Py_None);
    if (others == NULL) {
        Py_DECREF(shape);
        return NULL;
    }
    for (Py_ssize_t i = 0; other && i < count; i++) {
        PyObject *value = PyFloat_FromDouble(other[i]);
        if (value == NULL) {
            Py_DECREF(others);
            Py_DECREF(shape);
            return NULL;
        }
        PyList_SET_ITEM(others, i, value);
    }
    PyObject *lists[N_LISTS];
    for (int k = 0; k < N_LISTS; k++) lists[k] = PyList_New(count);
    PyObject *out = NULL;
    for (int k = 0; k < N_LISTS; k++)
        if (lists[k] == NULL) goto done;
    for (Py_ssize_t i = 0; i < count; i++) {
        const block_t *b = &W->blocks[i];
        const node_t *source = &P->nodes[b->source];
        PyObject *items[N_LISTS] = {make_block(T, P, W, b), PyLong_FromSsize_t(b->linked),
                                    PyLong_FromLong(b->source), PyBool_FromLong(inside[i]),
                                    PyBool_FromLong(source->under),
                                    PyBool_FromLong(source->talk == TALK_YES),
                                    PyBool_FromLong(source->in_main),
                                    PyLong_FromSsize_t(reps[i]),
                                    PyFloat_FromDouble(scores[i])};
        int failed = 0;
        for (int k = 0; k < N_LISTS; k++) {
            if (items[k] == NULL) failed = 1;
            PyList_SET_ITEM(lists[k], i, items[k] ? items[k] : Py_NewRef(Py_None));
        }
        if (failed) goto done;
    }
    out = PyTuple_New(N_LISTS + 2);
    if (out == NULL) goto done;
    for (int k = 0; k < N_LISTS; k++) {
        PyTuple_SET_ITEM(out, k, lists[k]);
        lists[k] = NULL;
    }
    PyTuple_SET_ITEM(out, N_LISTS, others);
    PyTuple_SET_ITEM(out, N_LISTS + 1, shape);
    others = shape = NULL;
done:
    for (int k = 0; k < N_LISTS; k++) Py_XDECREF(lists[k]);
    Py_XDECREF(others);
    Py_XDECREF(shape);
    return out;
}

/* The features of every block, and their scores or (names mode) their names. */
static PyObject *judge_blocks(page_t *P, scratch *S, writer_t *W, int32_t root, int names,
                              int shape) {
    Py_ssize_t count = W->n_blocks;
    feats_t F;
    memset(&F, 0, sizeof F);
    F.add = names;
    around_t A = {root, NULL, 0, 0, PyMem_Malloc(((size_t)count + 1) * sizeof(int32_t)),
                  PyMem_Malloc(((size_t)count + 1) * sizeof(Py_ssize_t)),
                  PyMem_Calloc((size_t)P->n_nodes + 1, sizeof(int32_t))};
    ranges_t at = {PyMem_Malloc(((size_t)count + 1) * sizeof(Py_ssize_t)),
                   PyMem_Malloc(((size_t)count + 1) * sizeof(Py_ssize_t))};
    uint8_t *inside = PyMem_Malloc((size_t)count + 1);
    double *scores = PyMem_Calloc((size_t)count + 1, sizeof(double));
    int two = !names && P->T->n_models > 1;
    double *other = two ? PyMem_Calloc((size_t)count + 1, sizeof(double)) : NULL;
    PyObject *out = NULL, *features = NULL;
    if (A.cards == NULL || A.reps == NULL || A.held == NULL || at.own == NULL ||
        at.heading == NULL || inside == NULL || scores == NULL || (two && other == NULL)) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) inside[i] = P->nodes[W->blocks[i].source].inside;
    A.inside = inside;
    if (page_features(P, S, W, &A, &F, &at) < 0) goto done;
    if (names) {
        if ((features = page_names(P, W, &A, &F, &at)) == NULL) goto done;
    } else {
        page_scores(P, W, &A, &F, &at, 0, scores);
        if (two) page_scores(P, W, &A, &F, &at, 1, other);
    }
    out = results(P->T, P, W, inside, A.reps, scores, other, shape);
    if (out != NULL && names) {
        PyObject *both = PyTuple_Pack(2, out, features);
        Py_SETREF(out, both);
    }
done:
    Py_XDECREF(features);
    feats_free(&F);
    PyMem_Free(A.cards);
    PyMem_Free(A.reps);
    PyMem_Free(A.held);
    PyMem_Free(at.own);
    PyMem_Free(at.heading);
    PyMem_Free(inside);
    PyMem_Free(scores);
    PyMem_Free(other);
    return out;
}

/* The passes after the walk; the results, None for a page without text, NULL on error. */
static PyObject *passes(page_t *P, scratch *S, writer_t *W, PyObject *extractor, int names,
                        int shape) {
    if (score(P, S, extractor) < 0) return NULL;
    int32_t root = find_article(P, extractor);
    if (root == -2) return NULL;
    if (root < 0) Py_RETURN_NONE;
    mark(P, root);
    W->P = P;
    W->owner = 0;  /* the body owns text outside block elements */
    W->list_depth = -1;
    if (writer_walk(W, 0) < 0 || close_block(W, K_PARAGRAPH, 0, 0) < 0) return NULL;
    for (Py_ssize_t i = 0; i < W->n_blocks; i++) {
        block_t *b = &W->blocks[i];
        if ((b->text = make_str(W->texts.s + b->start, b->len)) == NULL) return NULL;
    }
    return judge_blocks(P, S, W, root, names, shape);
}

/* A page's arrays, with room for a typical page (600 elements, 60 blocks) so that few
 * pages grow them; -1 with an error set (and nothing to free) when memory runs out. */
static int page_arrays(page_t *P, scratch *S, writer_t *W, const tables_t *T) {
    memset(P, 0, sizeof *P);
    memset(S, 0, sizeof *S);
    memset(W, 0, sizeof *W);
    P->T = T;
    for (int i = 0; i < 256; i++) P->small_tags[i] = -1;
    if (RESERVE(P->nodes, P->cap_nodes, 1024) < 0 ||
        RESERVE(P->children, P->cap_children, 4096) < 0 ||
        RESERVE(P->attrs, P->cap_attrs, 2048) < 0 || RESERVE(W->blocks, W->cap_blocks, 256) < 0 ||
        RESERVE(W->texts.s, W->texts.cap, 1 << 15) < 0 || RESERVE(W->cur.s, W->cur.cap, 4096) < 0) {
        writer_free(W);
        page_free(P);
        return -1;
    }
    return 0;
}

/* Free what page_start() and the passes took; `out` is dropped when memory ran out while
 * an attribute was decoded (PyErr_NoMemory() was set then). */
static PyObject *page_end(page_t *P, scratch *S, writer_t *W, PyObject *out) {
    if (P->failed) Py_CLEAR(out);
    writer_free(W);
    PyMem_Free(S->text.s);
    PyMem_Free(S->words);
    page_free(P);
    return out;
}

/* The page of the body at lexbor's `address`, walked with the tables in `capsule`: 0, or
 * -1 with an error set (then page_end() is called only when `*started`). */
static int page_start(page_t *P, scratch *S, writer_t *W, PyObject *capsule,
                      unsigned long long address, int *started) {
    *started = 0;
    if (element_local_name == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "dechaff._article.init() was not called");
        return -1;
    }
    const tables_t *T = PyCapsule_GetPointer(capsule, "dechaff._article.tables");
    if (T == NULL || page_arrays(P, S, W, T) < 0) return -1;
    *started = 1;
    return walk(P, (lxb_node *)(uintptr_t)address, T->max_depth, T->max_elements);
}

/* judge(address, tables, extractor, names, shape=True) -> (blocks, linked, sources, inside,
 * in_chaff, in_comments, in_main, cards, scores, other_scores, shape), or None when the body
 * at lexbor's `address` has no text. The extractor gives the settings of the passes. With
 * `names`, the scores are 0 and the result comes as a pair with every block's features by
 * name; without `shape`, the page's shape (page_shape) is None. */
static PyObject *judge(PyObject *self, PyObject *args) {
    unsigned long long address;
    PyObject *capsule, *extractor;
    int names, shape = 1;
    if (!PyArg_ParseTuple(args, "KOOp|p", &address, &capsule, &extractor, &names, &shape))
        return NULL;
    page_t P;
    scratch S;
    writer_t W;
    int started;
    PyObject *out = NULL;
    if (page_start(&P, &S, &W, capsule, address, &started) == 0)
        out = passes(&P, &S, &W, extractor, names, shape);
    return started ? page_end(&P, &S, &W, out) : NULL;
}

/* kinds(address, tables) -> [(tag, class or None, kind or None)]: every element of the body
 * at `address` as the passes walk it, its class attribute as they read it, and the chaff
 * kind its rules give it (the passes ask only about block elements that hold text). */
static PyObject *kinds(PyObject *self, PyObject *args) {
    unsigned long long address;
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "KO", &address, &capsule)) return NULL;
    page_t P;
    scratch S;
    writer_t W;
    int started;
    PyObject *out = NULL;
    if (page_start(&P, &S, &W, capsule, address, &started) == 0 &&
        (out = PyList_New(P.n_nodes)) != NULL) {
        for (Py_ssize_t i = 0; i < P.n_nodes; i++) {
            int kind = node_kind(&P, &S, &P.nodes[i]);
            const Py_UCS4 *names;
            Py_ssize_t len;
            attribute(&P, &P.nodes[i], A_CLASS, &names, &len);
            PyObject *cls = len >= 0 ? make_str(names, len) : Py_NewRef(Py_None);
            PyObject *name = kind >= 0 ? PyTuple_GET_ITEM(P.T->kind_names, kind) : Py_None;
            PyObject *item = kind < -1 || cls == NULL
                                 ? NULL
                                 : PyTuple_Pack(3, P.tags[P.nodes[i].tag].name, cls, name);
            Py_XDECREF(cls);
            if (item == NULL) {
                Py_CLEAR(out);
                break;
            }
            PyList_SET_ITEM(out, i, item);
        }
    }
    return started ? page_end(&P, &S, &W, out) : NULL;
}

static PyObject *init(PyObject *self, PyObject *args) {
    const char *path;
    if (!PyArg_ParseTuple(args, "s", &path)) return NULL;
    for (int i = 0; i < A_COUNT; i++) attr_lengths[i] = strlen(ATTR_NAMES[i]);
    if (lexbor_init(path) < 0) return NULL;
    Py_RETURN_NONE;
}

/* lexicon.is_wide for one character. */
static int wide(const tables_t *T, Py_UCS4 c) {
    for (int i = 0; i < T->n_wide; i++)
        if (c >= T->wide[i][0] && c <= T->wide[i][1]) return 1;
    return 0;
}

/* Whether letters[0:n] (lower case) is a prompt word that may start a text of len chars. */
static int prompt_word(const tables_t *T, const Py_UCS4 *letters, Py_ssize_t n,
                       Py_ssize_t len) {
    const entry *e = find(&T->prompt_words, letters, n, NULL, -1);
    return e != NULL && len <= e->kind;
}

/* is_letter, with ASCII answered without a look-up. */
static inline int letter(Py_UCS4 c) {
    return c < 128 ? ASCII_UPPER(c) || ASCII_LOWER(c) : is_letter(c);
}

/* Whether a prompt word may start with this letter: any letter beyond ASCII may. */
static inline int maybe_first(const tables_t *T, Py_UCS4 c) {
    if (c >= 128) return 1;
    c = ASCII_UPPER(c) ? c + 32 : c;
    return T->prompt_firsts[c >> 6] >> (c & 63) & 1;
}

/* screen() for one text: a character of lexicon.WIDE_RANGES, or a run of letters that is a
 * prompt word. A run is lower-cased and looked up only when a prompt word has its length
 * and may have its first letter. */
static int screened(const tables_t *T, PyObject *text) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 word[MAX_PROMPT_WORD];
    Py_ssize_t start = -1;
    for (Py_ssize_t j = 0; j <= len; j++) {  /* one pass; j == len ends the last run */
        Py_UCS4 c = j < len ? PyUnicode_READ(kind, data, j) : ' ';
        if (c >= T->wide_from && wide(T, c)) return 1;
        if (letter(c)) {
            if (start < 0) start = j;
            continue;
        }
        Py_ssize_t run = start < 0 ? 0 : j - start;
        if (run && run <= T->prompt_longest && (T->prompt_lengths >> run & 1) &&
            maybe_first(T, PyUnicode_READ(kind, data, start))) {  /* lower, then look */
            for (Py_ssize_t m = 0; m < run; m++) {
                Py_UCS4 l = PyUnicode_READ(kind, data, start + m);
                word[m] = l < 128 ? (ASCII_UPPER(l) ? l + 32 : l) : Py_UNICODE_TOLOWER(l);
            }
            if (prompt_word(T, word, run, len)) return 1;
        }
        start = -1;
    }
    return 0;
}

/* screen(tables, texts) -> [bool]: lexicon.may_be_prompt of each text: whether it holds
 * a character of lexicon.WIDE_RANGES, or a run of letters that, lower-cased letter by
 * letter, is a prompt word that may start a text of its length. */
static PyObject *screen(PyObject *self, PyObject *args) {
    PyObject *capsule, *texts;
    if (!PyArg_ParseTuple(args, "OO!", &capsule, &PyList_Type, &texts)) return NULL;
    tables_t *T = PyCapsule_GetPointer(capsule, "dechaff._article.tables");
    if (T == NULL) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    PyObject *out = PyList_New(n);
    if (out == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "screen() takes a list of str");
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, Py_NewRef(screened(T, text) ? Py_True : Py_False));
    }
    return out;
}

/* ---- keep(): the extractor's first cut of a page's blocks ------------------------------ */

/* How many U+0020 a str holds, as str.count(" "). */
static Py_ssize_t str_spaces(PyObject *text) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), n = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (kind == PyUnicode_1BYTE_KIND) {
        const unsigned char *p = data, *end = p + len;
        while ((p = memchr(p, ' ', (size_t)(end - p))) != NULL) {
            n++;
            p++;
        }
        return n;
    }
    for (Py_ssize_t i = 0; i < len; i++) n += PyUnicode_READ(kind, data, i) == ' ';
    return n;
}

/* A list of n bools, or of the indices set in `marks`. */
static PyObject *bools(const uint8_t *marks, Py_ssize_t n) {
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++)
        PyList_SET_ITEM(out, i, Py_NewRef(marks[i] ? Py_True : Py_False));
    return out;
}

static PyObject *indices(const uint8_t *marks, Py_ssize_t n) {
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        if (!marks[i]) continue;
        PyObject *index = PyLong_FromSsize_t(i);
        if (index == NULL || PyList_Append(out, index) < 0) Py_CLEAR(out);
        Py_XDECREF(index);
    }
    return out;
}

/* keep_base(texts, scores, in_chaff, inside, cut_short, run_threshold, outside_threshold,
 *           max_label_words, max_run_words, copy_min_words, max_copy_chars,
 *           repeat_min_words) -> (keep, never, copies, repeated): Extractor.keep's first
 * cut. `never`: short blocks of chaff; the main run: the run of blocks whose words (less
 * one: its spaces; capped at max_run_words) most favour keeping, each for or against by the
 * sign of its score; `keep`: the blocks scored above
 * the run's threshold inside the run (unless cut short) or above the outside threshold
 * elsewhere, and not `never`; `copies`: blocks long enough to be copies of others, by
 * words and characters (kept or not); `repeated`: blocks outside the chosen element scored
 * below -outside_threshold with repeat_min_words words or more. */
static PyObject *keep_base(PyObject *self, PyObject *args) {
    PyObject *texts, *scores, *in_chaff, *inside, *cut;
    double run_threshold, outside_threshold;
    Py_ssize_t max_label_words, max_run_words, copy_min_words, max_copy_chars, repeat_words;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!ddnnnnn", &PyList_Type, &texts, &PyList_Type,
                          &scores, &PyList_Type, &in_chaff, &PyList_Type, &inside,
                          &PyTuple_Type, &cut, &run_threshold, &outside_threshold,
                          &max_label_words, &max_run_words, &copy_min_words, &max_copy_chars,
                          &repeat_words))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(scores) != n || PyList_GET_SIZE(in_chaff) != n ||
        PyList_GET_SIZE(inside) != n) {
        PyErr_SetString(PyExc_ValueError, "keep_base: lists of one length");
        return NULL;
    }
    Py_ssize_t *spaces = PyMem_Malloc(((size_t)n + 1) * sizeof *spaces);
    double *score = PyMem_Malloc(((size_t)n + 1) * sizeof *score);
    uint8_t *marks = PyMem_Calloc(4 * ((size_t)n + 1), 1);
    PyObject *out = NULL, *lists[4] = {NULL};
    if (spaces == NULL || score == NULL || marks == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    uint8_t *keep = marks, *never = marks + n + 1, *copies = never + n + 1,
            *repeated = copies + n + 1;
    Py_ssize_t best = 0, current = 0, start = 0, first = 0, last = -1;
    for (Py_ssize_t i = 0; i < n; i++) {  /* the main run */
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "keep_base: texts are str");
            goto done;
        }
        spaces[i] = str_spaces(text);
        score[i] = PyFloat_AsDouble(PyList_GET_ITEM(scores, i));
        if (score[i] == -1.0 && PyErr_Occurred()) goto done;
        if (current <= 0) {
            current = 0;
            start = i;
        }
        Py_ssize_t words = (spaces[i] + 1 < max_run_words ? spaces[i] + 1 : max_run_words) + 1;
        current += score[i] > 0 ? words : -words;
        if (current > best) {
            best = current;
            first = start;
            last = i;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        int chaff = PyObject_IsTrue(PyList_GET_ITEM(in_chaff, i));
        int within = PyObject_IsTrue(PyList_GET_ITEM(inside, i));
        if (chaff < 0 || within < 0) goto done;
        never[i] = chaff && spaces[i] < max_label_words;
        int cut_short = 0;
        for (Py_ssize_t k = 0; first <= i && i <= last && !cut_short &&
                               k < PyTuple_GET_SIZE(cut); k++) {  /* str.endswith(cut) */
            PyObject *end = PyTuple_GET_ITEM(cut, k);
            if (!PyUnicode_Check(end)) {
                PyErr_SetString(PyExc_TypeError, "keep_base: cut_short holds str");
                goto done;
            }
            cut_short = (int)PyUnicode_Tailmatch(text, end, 0, PY_SSIZE_T_MAX, 1);
            if (cut_short < 0) goto done;
        }
        double bar = first <= i && i <= last && !cut_short ? run_threshold : outside_threshold;
        keep[i] = score[i] > bar && !never[i];
        copies[i] = spaces[i] >= copy_min_words && PyUnicode_GET_LENGTH(text) <= max_copy_chars;
        repeated[i] = score[i] < -outside_threshold && spaces[i] >= repeat_words && !within;
    }
    if ((lists[0] = bools(keep, n)) == NULL || (lists[1] = bools(never, n)) == NULL ||
        (lists[2] = indices(copies, n)) == NULL || (lists[3] = indices(repeated, n)) == NULL)
        goto done;
    out = PyTuple_Pack(4, lists[0], lists[1], lists[2], lists[3]);
done:
    for (int k = 0; k < 4; k++) Py_XDECREF(lists[k]);
    PyMem_Free(spaces);
    PyMem_Free(score);
    PyMem_Free(marks);
    return out;
}

/* ---- the page-type model's counts of short lines with a price or a date ---------------- */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
} line_t;

static inline Py_UCS4 ch(const line_t *t, Py_ssize_t i) {
    return i >= 0 && i < t->len ? PyUnicode_READ(t->kind, t->data, i) : 0;
}

/* What the regex engine calls a word character (\w) and a digit (\d) in a str pattern. */
static inline int re_word(Py_UCS4 c) {
    if (c < 128) return c == '_' || (c >= '0' && c <= '9') || ASCII_LOWER(c) || ASCII_UPPER(c);
    return Py_UNICODE_ISALNUM(c);
}
static inline int re_digit(Py_UCS4 c) {
    return c < 128 ? c >= '0' && c <= '9' : Py_UNICODE_ISDECIMAL(c);
}
/* \b between i - 1 and i */
static inline int re_boundary(const line_t *t, Py_ssize_t i) {
    return re_word(ch(t, i - 1)) != re_word(ch(t, i));
}

static int ascii_at(const line_t *t, Py_ssize_t i, const char *s) {
    for (; *s; s++, i++)
        if (ch(t, i) != (Py_UCS4)(unsigned char)*s) return 0;
    return 1;
}

/* The letters a date may start with: ago, yesterday, today, the months. */
#define LETTER_BIT(c) (1u << ((c) - 'a'))
#define DATED_FIRST (LETTER_BIT('a') | LETTER_BIT('y') | LETTER_BIT('t') | LETTER_BIT('j') | \
                     LETTER_BIT('f') | LETTER_BIT('m') | LETTER_BIT('s') | LETTER_BIT('o') | \
                     LETTER_BIT('n') | LETTER_BIT('d'))

static const char *const MONTHS[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_at(const line_t *t, Py_ssize_t i) {
    for (int m = 0; m < 12; m++)
        if (ascii_at(t, i, MONTHS[m])) return 1;
    return 0;
}

/* The end of a run of 1 to `most` digits at i that the next character does not continue
 * (\d{1,most}\b where a word character may follow: -1 when it does), or -1. */
static Py_ssize_t digits_then(const line_t *t, Py_ssize_t i, int least, int most,
                              int boundary) {
    Py_ssize_t j = i;
    while (re_digit(ch(t, j))) j++;
    Py_ssize_t run = j - i;
    if (run < least || run > most) return -1;
    if (boundary && re_word(ch(t, j))) return -1;
    return j;
}

/* Where a match of the date pattern (pagetype.py) at i of lower-case text ends, or -1: "3 days ago",
 * "jan. 5", "5/1/2024", "5 jan", "2024-01-05". */
static Py_ssize_t dated_at(const line_t *t, Py_ssize_t i) {
    Py_UCS4 c = ch(t, i);
    if (!(c >= 'a' && c <= 'y' && (1u << (c - 'a')) & DATED_FIRST) && !re_digit(c)) return -1;
    if (!re_boundary(t, i)) return -1;
    if (c == 'a' || c == 'y' || c == 't') {  /* ago, yesterday, today */
        const char *word = c == 'a' ? "ago" : c == 'y' ? "yesterday" : "today";
        Py_ssize_t n = (Py_ssize_t)strlen(word);
        if (ascii_at(t, i, word) && re_boundary(t, i + n)) return i + n;
    }
    if (month_at(t, i)) {  /* "jan[a-z]*.? 5" */
        Py_ssize_t j = i + 3;
        while (ch(t, j) >= 'a' && ch(t, j) <= 'z') j++;
        if (ch(t, j) == '.') j++;
        Py_ssize_t end = ch(t, j) == ' ' ? digits_then(t, j + 1, 1, 2, 1) : -1;
        if (end >= 0) return end;
    }
    if (!re_digit(c)) return -1;
    Py_ssize_t j = digits_then(t, i, 1, 2, 0);  /* "5/1/2024", "5 jan" */
    if (j >= 0) {
        Py_UCS4 sep = ch(t, j);
        if (sep == '/' || sep == '.' || sep == '-') {
            Py_ssize_t k = digits_then(t, j + 1, 1, 2, 0);
            Py_UCS4 sep2 = k >= 0 ? ch(t, k) : 0;
            Py_ssize_t end = sep2 == '/' || sep2 == '.' || sep2 == '-'
                                 ? digits_then(t, k + 1, 2, 4, 1) : -1;
            if (end >= 0) return end;
        } else if (sep == ' ' && month_at(t, j + 1)) {
            return j + 4;
        }
    }
    if ((ascii_at(t, i, "19") || ascii_at(t, i, "20")) && re_digit(ch(t, i + 2)) &&  /* ISO */
        re_digit(ch(t, i + 3)) && ch(t, i + 4) == '-' && re_digit(ch(t, i + 5)) &&
        re_digit(ch(t, i + 6)) && ch(t, i + 7) == '-' && re_digit(ch(t, i + 8)) &&
        re_digit(ch(t, i + 9)) && re_boundary(t, i + 10))
        return i + 10;
    return -1;
}

static int is_currency(Py_UCS4 c) {
    return c == '$' || c == 0x20AC || c == 0xA3 || c == 0xA5;  /* $ EUR GBP JPY */
}

/* Where a match of the price pattern (pagetype.py) at i ends ("$5", "$ 5", "5 USD", "5EUR", "5€x": the \b
 * after "€" needs a word character next), or -1. Its \s may be a line break. */
static Py_ssize_t price_at(const line_t *t, Py_ssize_t i) {
    Py_UCS4 c = ch(t, i);
    if (!is_currency(c) && !re_digit(c)) return -1;
    int spaced = Py_UNICODE_ISSPACE(ch(t, i + 1));
    if (is_currency(c)) {
        if (spaced && re_digit(ch(t, i + 2))) return i + 3;
        return re_digit(ch(t, i + 1)) ? i + 2 : -1;
    }
    for (Py_ssize_t j = spaced ? i + 2 : i + 1; j > i; j = j == i + 2 ? i + 1 : i) {
        if (ch(t, j) == 0x20AC && re_boundary(t, j + 1)) return j + 1;
        if ((ascii_at(t, j, "USD") || ascii_at(t, j, "EUR")) && re_boundary(t, j + 3))
            return j + 3;
    }
    return -1;
}

/* short_lines(text, which) -> how many lines of the text the price pattern (which 0) or
 * the date pattern (which 1, on lower-case text) of pagetype.py finds something in,
 * searching on from the line after each match's end, as the regex
 * engine would, without its cost. */
static PyObject *short_lines(PyObject *self, PyObject *args) {
    PyObject *text;
    int which;
    if (!PyArg_ParseTuple(args, "Ui", &text, &which)) return NULL;
    line_t t = {PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)};
    Py_ssize_t count = 0, pos = 0;
    while (pos <= t.len) {
        Py_ssize_t end = -1;
        for (Py_ssize_t i = pos; i < t.len && end < 0; i++)
            end = which ? dated_at(&t, i) : price_at(&t, i);
        if (end < 0) break;
        count++;
        while (end < t.len && PyUnicode_READ(t.kind, t.data, end) != '\n') end++;
        if (end >= t.len) break;
        pos = end + 1;
    }
    return PyLong_FromSsize_t(count);
}

/* word_features(text, prefix) -> {prefix + word: 1.0} for each word of the text: a run of
 * two or more letters, as the pattern [^\W\d_]{2,} finds them (pagetype._WORD). */
static PyObject *word_features(PyObject *self, PyObject *args) {
    PyObject *text, *prefix;
    if (!PyArg_ParseTuple(args, "UU", &text, &prefix)) return NULL;
    line_t t = {PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)};
    PyObject *out = PyDict_New(), *one = PyFloat_FromDouble(1.0);
    if (out == NULL || one == NULL) goto fail;
    for (Py_ssize_t i = 0; i < t.len;) {
        Py_ssize_t j = i;
        for (Py_UCS4 c; j < t.len && (c = ch(&t, j), c != '_' && re_word(c) && !re_digit(c));)
            j++;
        if (j - i >= 2) {
            PyObject *word = PyUnicode_Substring(text, i, j);
            PyObject *key = word ? PyUnicode_Concat(prefix, word) : NULL;
            int status = key ? PyDict_SetItem(out, key, one) : -1;
            Py_XDECREF(word);
            Py_XDECREF(key);
            if (status < 0) goto fail;
        }
        i = j > i ? j : i + 1;
    }
    Py_DECREF(one);
    return out;
fail:
    Py_XDECREF(out);
    Py_XDECREF(one);
    return NULL;
}

static PyMethodDef methods[] = {
    {"init", init, METH_VARARGS, "Resolve lexbor's functions from selectolax's module file."},
    {"tables", tables, METH_O, "Read the vocabulary, tag sets and model weights once."},
    {"judge", judge, METH_VARARGS, "The blocks of the body at a lexbor address, and scores."},
    {"kinds", kinds, METH_VARARGS, "Each element of the body and its chaff kind."},
    {"screen", screen, METH_VARARGS, "Which texts hold one of the prompts' trigger words."},
    {"keep_base", keep_base, METH_VARARGS, "Extractor.keep's first cut of a page's blocks."},
    {"short_lines", short_lines, METH_VARARGS, "Lines of a text with a price or a date."},
    {"word_features", word_features, METH_VARARGS, "Each word of a text, prefixed, as a key."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_article", NULL, -1, methods};

PyMODINIT_FUNC PyInit__article(void) { return PyModule_Create(&module); }
