/*
 * dechaff._minhash: the MinHash signature of a text, in one pass over its UTF-8 bytes.
 *
 *   signature(text, a, b, weights, out)
 *
 * A word is a run of bytes that are ASCII letters or digits or belong to a non-ASCII
 * character; ASCII letters count lower-cased. Each word gets a 64-bit hash (a polynomial
 * over its bytes, mixed with its length); each run of k = len(weights) consecutive words
 * a 32-bit shingle hash x (the words' hashes times `weights`, summed and mixed); and for
 * each hash function i, out[i] becomes the least a[i] * x + b[i] (mod 2**32) over the
 * shingles. A text of fewer than k words is one shingle of all its words; a text of no
 * word leaves `out` as it was. A shingle equal to the one before it is skipped: it cannot
 * lower a value (10 MB of one repeated word takes one pass over the bytes, no more).
 *
 * minhash.py draws a, b and weights from the seed and says what the values mean; this is
 * the only implementation of the hashing.
 *
 *   line_hashes(text)
 *
 * A 64-bit hash of each line of a text (lines end at "\n"), ASCII case and runs of ASCII
 * white space aside, 0 for a line of nothing but white space: the key by which
 * boilerplate.py counts a site's lines, in one pass instead of a Python call per line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define WORD_PRIME 0x100000001B3ULL /* the polynomial's base: FNV's 64-bit prime */
#define MAX_WORDS 64                /* shingles of at most this many words */

static inline uint64_t mix(uint64_t x) { /* splitmix64's finaliser */
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* 0: not part of a word; else the byte's value in a word (ASCII lower-cased), from 1 */
static unsigned char VALUE[256];

static void init_values(void) {
    for (int c = 0; c < 256; c++) {
        int word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   c >= 0x80;
        int lower = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        VALUE[c] = word ? (unsigned char)(lower == 255 ? 255 : lower + 1) : 0;
    }
}

typedef struct {
    const uint32_t *a, *b;
    const uint64_t *weights;
    uint32_t *out;
    Py_ssize_t size;
    int k;
    uint64_t ring[MAX_WORDS]; /* the last k word hashes */
    long long words;          /* words seen */
    uint32_t last;            /* the last shingle folded */
    int folded;               /* whether any shingle was */
} State;

static void fold(State *s, uint32_t x) {
    if (s->folded && x == s->last) return;
    s->last = x;
    s->folded = 1;
    const uint32_t *restrict a = s->a, *restrict b = s->b;
    uint32_t *restrict out = s->out;
    for (Py_ssize_t i = 0; i < s->size; i++) { /* vectorised by the compiler (restrict) */
        uint32_t v = a[i] * x + b[i];
        out[i] = v < out[i] ? v : out[i];
    }
}

/* The shingle of the `count` words ending with the newest (count <= k). */
static uint32_t shingle(const State *s, int count) {
    uint64_t sum = 0;
    for (int j = 0; j < count; j++) {
        long long n = s->words - count + j;
        sum += s->ring[n % s->k] * s->weights[j];
    }
    return (uint32_t)(mix(sum) >> 32);
}

static void add_word(State *s, uint64_t hash) {
    s->ring[s->words % s->k] = hash;
    s->words++;
    if (s->words >= s->k) fold(s, shingle(s, s->k));
}

static int need(Py_buffer *view, Py_ssize_t itemsize, Py_ssize_t count, const char *name) {
    if (view->len != itemsize * count) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes, expected %zd", name, view->len,
                     itemsize * count);
        return 0;
    }
    return 1;
}

static PyObject *signature(PyObject *self, PyObject *args) {
    Py_buffer text, a, b, weights, out;
    if (!PyArg_ParseTuple(args, "y*y*y*y*w*", &text, &a, &b, &weights, &out)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t size = out.len / 4;
    Py_ssize_t k = weights.len / 8;
    if (!need(&a, 4, size, "a") || !need(&b, 4, size, "b") || !need(&out, 4, size, "out") ||
        !need(&weights, 8, k, "weights"))
        goto done;
    if (k < 1 || k > MAX_WORDS) {
        PyErr_Format(PyExc_ValueError, "shingles of 1 to %d words, not %zd", MAX_WORDS, k);
        goto done;
    }
    State s = {a.buf, b.buf, weights.buf, out.buf, size, (int)k, {0}, 0, 0, 0};
    const unsigned char *p = text.buf, *end = p + text.len;
    Py_BEGIN_ALLOW_THREADS
    while (p < end) {
        while (p < end && !VALUE[*p]) p++;
        if (p == end) break;
        uint64_t hash = 0, length = 0;
        for (; p < end && VALUE[*p]; p++, length++) hash = hash * WORD_PRIME + VALUE[*p];
        add_word(&s, mix(hash + length * 0x9E3779B97F4A7C15ULL));
    }
    if (s.words > 0 && s.words < s.k) fold(&s, shingle(&s, (int)s.words));
    Py_END_ALLOW_THREADS
    result = PyLong_FromLongLong(s.words);
done:
    PyBuffer_Release(&text);
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    PyBuffer_Release(&weights);
    PyBuffer_Release(&out);
    return result;
}

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static PyObject *line_hashes(PyObject *self, PyObject *args) {
    Py_buffer text;
    if (!PyArg_ParseTuple(args, "y*", &text)) return NULL;
    const unsigned char *p = text.buf, *end = p + text.len;
    Py_ssize_t lines = 1;
    for (const unsigned char *q = p; q < end; q++) lines += *q == '\n';
    PyObject *out = PyBytes_FromStringAndSize(NULL, lines * 8);
    if (out == NULL) {
        PyBuffer_Release(&text);
        return NULL;
    }
    uint64_t *hashes = (uint64_t *)PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t n = 0; n < lines; n++) {
        uint64_t hash = 0, length = 0;
        int space = 0; /* white space seen since the last character */
        for (; p < end && *p != '\n'; p++) {
            if (is_space(*p)) {
                space = length > 0;
                continue;
            }
            if (space) { /* one space for the run, none before the first character */
                hash = hash * WORD_PRIME + ' ';
                length++;
                space = 0;
            }
            unsigned char c = (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p;
            hash = hash * WORD_PRIME + c + 1;
            length++;
        }
        p++; /* the "\n" */
        hashes[n] = length ? mix(hash + length * 0x9E3779B97F4A7C15ULL) | 1 : 0;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&text);
    return out;
}

/* ---- n-grams that repeat: the Gopher repetition rules (filters.MaxRepeatedNgrams) ----
 *
 *   word_ids(words) -> (ids, lengths, total)
 *
 * Each word's number, in order of first occurrence (uint64, native order), each word's
 * length in characters (int64), and their sum.
 *
 *   ngram_shares(ids, lengths, total, n) -> (top, repeated)
 *
 * top: the characters of the most frequent n-gram times its count, over `total` (0.0 when
 * no n-gram occurs twice); of equally frequent ones, the first seen. repeated: the
 * characters of the words inside n-grams that occur more than once, over `total`.
 *
 * An n-gram is keyed by its words' numbers mixed with a large odd multiplier (uint64
 * arithmetic wraps, as a hash may); n-grams are counted by key in an open-addressing table.
 */
#define GRAM_MULTIPLIER 0x9E3779B97F4A7C15ULL

static PyObject *word_ids(PyObject *self, PyObject *args) {
    PyObject *words;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &words)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), total = 0;
    PyObject *ids = PyBytes_FromStringAndSize(NULL, n * 8);
    PyObject *lengths = PyBytes_FromStringAndSize(NULL, n * 8);
    PyObject *seen = PyDict_New();
    if (ids == NULL || lengths == NULL || seen == NULL) goto fail;
    uint64_t *id = (uint64_t *)PyBytes_AS_STRING(ids);
    int64_t *length = (int64_t *)PyBytes_AS_STRING(lengths);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "word_ids() takes a list of str");
            goto fail;
        }
        PyObject *number = PyLong_FromSsize_t(PyDict_GET_SIZE(seen));
        if (number == NULL) goto fail;
        PyObject *found = PyDict_SetDefault(seen, word, number);
        Py_DECREF(number);
        if (found == NULL) goto fail;
        id[i] = (uint64_t)PyLong_AsSsize_t(found);
        length[i] = PyUnicode_GET_LENGTH(word);
        total += length[i];
    }
    Py_DECREF(seen);
    return Py_BuildValue("(NNn)", ids, lengths, total);
fail:
    Py_XDECREF(ids);
    Py_XDECREF(lengths);
    Py_XDECREF(seen);
    return NULL;
}

typedef struct {
    uint64_t key;
    Py_ssize_t count, first; /* count 0: an empty slot */
} gram_t;

/* The n-grams of ids[0:m + n - 1] counted by key: table[] holds them, *at[s] the slot of
 * the n-gram starting at s (when `at` is not NULL). Returns the table's size, 0 on error. */
static size_t count_grams(const uint64_t *ids, Py_ssize_t m, Py_ssize_t n, gram_t **table,
                          size_t **at) {
    size_t size = 16;
    while (size < (size_t)m * 2) size <<= 1;
    *table = PyMem_Calloc(size, sizeof **table);
    if (at != NULL) *at = PyMem_Malloc((size_t)m * sizeof **at);
    if (*table == NULL || (at != NULL && *at == NULL)) {
        PyMem_Free(*table);
        if (at != NULL) PyMem_Free(*at);
        PyErr_NoMemory();
        return 0;
    }
    for (Py_ssize_t s = 0; s < m; s++) {
        uint64_t key = ids[s];
        for (Py_ssize_t i = 1; i < n; i++) key = key * GRAM_MULTIPLIER + ids[s + i];
        size_t slot = (size_t)mix(key) & (size - 1);
        while ((*table)[slot].count && (*table)[slot].key != key) slot = (slot + 1) & (size - 1);
        if (!(*table)[slot].count) (*table)[slot] = (gram_t){key, 0, s};
        (*table)[slot].count++;
        if (at != NULL) (*at)[s] = slot;
    }
    return size;
}

static PyObject *ngram_shares(PyObject *self, PyObject *args) {
    Py_buffer ids, lengths;
    Py_ssize_t total, n;
    if (!PyArg_ParseTuple(args, "y*y*nn", &ids, &lengths, &total, &n)) return NULL;
    Py_ssize_t words = ids.len / 8, m = words - n + 1;
    double top = 0.0, repeated = 0.0;
    gram_t *table = NULL;
    size_t *at = NULL;
    if (lengths.len != ids.len || n < 1) {
        PyErr_SetString(PyExc_ValueError, "ids and lengths differ, or n < 1");
        goto done;
    }
    if (words < n || total <= 0) goto done; /* no n-gram: nothing repeats */
    size_t size = count_grams(ids.buf, m, n, &table, &at);
    if (size == 0) goto done;
    const int64_t *length = lengths.buf;
    Py_ssize_t most = 0, first = 0;
    for (size_t i = 0; i < size; i++) {
        const gram_t *g = &table[i];
        if (g->count > most || (g->count == most && most && g->first < first)) {
            most = g->count;
            first = g->first;
        }
    }
    if (most >= 2) {
        long long chars = 0;
        for (Py_ssize_t i = first; i < first + n; i++) chars += length[i];
        top = (double)(chars * most) / (double)total;
    }
    long long chars = 0;
    Py_ssize_t covered_to = 0; /* words before this one are counted already */
    for (Py_ssize_t s = 0; s < m; s++) {
        if (table[at[s]].count < 2) continue;
        for (Py_ssize_t i = s > covered_to ? s : covered_to; i < s + n; i++) chars += length[i];
        covered_to = s + n;
    }
    repeated = (double)chars / (double)total;
done:
    PyMem_Free(table);
    PyMem_Free(at);
    PyBuffer_Release(&ids);
    PyBuffer_Release(&lengths);
    return PyErr_Occurred() ? NULL : Py_BuildValue("(dd)", top, repeated);
}

static PyMethodDef METHODS[] = {
    {"word_ids", word_ids, METH_VARARGS,
     "word_ids(words) -> (ids, lengths, total): each word's number and length"},
    {"ngram_shares", ngram_shares, METH_VARARGS,
     "ngram_shares(ids, lengths, total, n) -> (top share, repeated share)"},
    {"line_hashes", line_hashes, METH_VARARGS,
     "line_hashes(text) -> bytes: a 64-bit hash of each line, 0 for a blank one"},
    {"signature", signature, METH_VARARGS,
     "signature(text, a, b, weights, out) -> words: fold the text's shingles into out"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "_minhash", NULL, -1, METHODS};

PyMODINIT_FUNC PyInit__minhash(void) {
    init_values();
    return PyModule_Create(&MODULE);
}
