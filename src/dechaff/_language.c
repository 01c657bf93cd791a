/*
 * dechaff._language: the naive Bayes sums of language.py, read in steps.
 *
 *   rank(rows, starts, languages, gains, words, candidates, unknown, max_words, step, margin)
 *       -> (ranked, read, known)
 *
 * The model (language.py, `WordModel`): `rows` maps a word to its row; row r's pairs are
 * starts[r] to starts[r + 1] (uint32), each a language index (`languages`, uint8) and a
 * gain in hundredths (`gains`, int16). Words are read `step` at a time, at most
 * `max_words`; after each step every candidate language's score is its summed gains plus
 * `read * unknown[i]`, and reading stops once the best leads the next by `margin`.
 * Returns the candidates as (score, index) from best to worst (ties: the higher index
 * first, as Python's sorted(reverse=True) orders the tuples), how many words were read,
 * and how many of them the best language's list holds. The sums are made in the order
 * Python would make them, word by word, so the floats are the same to the last bit.
 *
 * language.py says what the model and the margin mean; this is the only place the sums
 * are made.
 *
 *   words(sample) -> (words, letters, latin)
 *
 * The words of a text, as `re.findall(r"[^\W\d_]+", sample)` finds them: runs of letters
 * and of numeric characters that are not decimal digits (superscripts, fractions, Roman
 * numerals), as Python's regex engine classes them; how many characters they hold; and
 * how many of those are Latin letters ([a-z], U+00C0-U+024F, U+1E00-U+1EFF), plus the
 * multiplication and division signs anywhere in the text (in that range, not letters).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GAIN_SCALE 100.0 /* language.py's GAIN_SCALE */
#define MAX_LANGUAGES 256 /* a language index is one byte */

typedef struct {
    double score;
    Py_ssize_t index;
} ranked_t;

static int better_first(const void *a, const void *b) {
    const ranked_t *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->index > y->index ? -1 : x->index < y->index ? 1 : 0;
}

static PyObject *rank(PyObject *self, PyObject *args) {
    PyObject *rows, *words, *candidates, *unknown;
    Py_buffer starts, languages, gains;
    Py_ssize_t max_words, step;
    double margin;
    if (!PyArg_ParseTuple(args, "O!y*y*y*O!O!O!nnd", &PyDict_Type, &rows, &starts, &languages,
                          &gains, &PyList_Type, &words, &PyTuple_Type, &candidates,
                          &PyTuple_Type, &unknown, &max_words, &step, &margin))
        return NULL;
    PyObject *out = NULL;
    ranked_t *ranked = NULL;
    const uint32_t *start_of = starts.buf;
    const uint8_t *language_of = languages.buf;
    const int16_t *gain_of = gains.buf;
    Py_ssize_t n_rows = starts.len / 4 - 1, n_pairs = languages.len;
    Py_ssize_t n_candidates = PyTuple_GET_SIZE(candidates);
    double scores[MAX_LANGUAGES] = {0};
    Py_ssize_t known[MAX_LANGUAGES] = {0};
    if (step < 1 || gains.len < 2 * n_pairs || n_rows < 0) {
        PyErr_SetString(PyExc_ValueError, "rank(): a step below 1, or arrays that disagree");
        goto done;
    }
    ranked = PyMem_Calloc(n_candidates ? (size_t)n_candidates : 1, sizeof *ranked);
    if (ranked == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_candidates; k++) {
        Py_ssize_t i = PyLong_AsSsize_t(PyTuple_GET_ITEM(candidates, k));
        if (i < 0 || i >= MAX_LANGUAGES || i >= PyTuple_GET_SIZE(unknown)) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "rank(): no such language");
            goto done;
        }
        ranked[k].index = i;
    }
    Py_ssize_t total = PyList_GET_SIZE(words), read = 0;
    if (total > max_words) total = max_words;
    for (Py_ssize_t from = 0; from < total; from += step) {
        Py_ssize_t to = from + step < PyList_GET_SIZE(words) ? from + step : PyList_GET_SIZE(words);
        for (Py_ssize_t w = from; w < to; w++) {
            PyObject *row_of = PyDict_GetItemWithError(rows, PyList_GET_ITEM(words, w));
            if (row_of == NULL) {
                if (PyErr_Occurred()) goto done;
                continue;
            }
            Py_ssize_t row = PyLong_AsSsize_t(row_of);
            if (row < 0 || row >= n_rows) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "rank(): no such row");
                goto done;
            }
            for (uint32_t p = start_of[row]; p < start_of[row + 1] && p < (uint32_t)n_pairs; p++) {
                scores[language_of[p]] += gain_of[p] / GAIN_SCALE;
                known[language_of[p]]++;
            }
        }
        read += to - from;
        for (Py_ssize_t k = 0; k < n_candidates; k++) {
            Py_ssize_t i = ranked[k].index;
            double unknown_gain = PyFloat_AsDouble(PyTuple_GET_ITEM(unknown, i));
            ranked[k].score = scores[i] + (double)read * unknown_gain;
        }
        if (PyErr_Occurred()) goto done;
        qsort(ranked, (size_t)n_candidates, sizeof *ranked, better_first);
        if (n_candidates >= 2 && ranked[0].score - ranked[1].score >= margin) break;
    }
    PyObject *list = PyList_New(read > 0 ? n_candidates : 0);
    for (Py_ssize_t k = 0; list != NULL && read > 0 && k < n_candidates; k++) {
        PyObject *pair = Py_BuildValue("(dn)", ranked[k].score, ranked[k].index);
        if (pair == NULL) Py_CLEAR(list);
        else PyList_SET_ITEM(list, k, pair);
    }
    if (list != NULL)
        out = Py_BuildValue("(Nnn)", list, read,
                            read > 0 && n_candidates > 0 ? known[ranked[0].index] : 0);
done:
    PyMem_Free(ranked);
    PyBuffer_Release(&starts);
    PyBuffer_Release(&languages);
    PyBuffer_Release(&gains);
    return out;
}

static inline int in_word(Py_UCS4 c) {
    if (c < 128) return (c | 32) >= 'a' && (c | 32) <= 'z';
    return Py_UNICODE_ISALPHA(c) ||
           ((Py_UNICODE_ISDIGIT(c) || Py_UNICODE_ISNUMERIC(c)) && !Py_UNICODE_ISDECIMAL(c));
}

static inline int is_latin(Py_UCS4 c) {
    return (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF);
}

static PyObject *words(PyObject *self, PyObject *args) {
    PyObject *sample;
    if (!PyArg_ParseTuple(args, "U", &sample)) return NULL;
    int kind = PyUnicode_KIND(sample);
    const void *data = PyUnicode_DATA(sample);
    Py_ssize_t n = PyUnicode_GET_LENGTH(sample), letters = 0, latin = 0;
    PyObject *found = PyList_New(0);
    for (Py_ssize_t i = 0; found != NULL && i < n;) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!in_word(c)) {
            latin += c == 0xD7 || c == 0xF7;
            i++;
            continue;
        }
        Py_ssize_t start = i;
        for (; i < n && in_word(c = PyUnicode_READ(kind, data, i)); i++) latin += is_latin(c);
        letters += i - start;
        PyObject *word = PyUnicode_Substring(sample, start, i);
        if (word == NULL || PyList_Append(found, word) < 0) Py_CLEAR(found);
        Py_XDECREF(word);
    }
    return found == NULL ? NULL : Py_BuildValue("(Nnn)", found, letters, latin);
}

static PyMethodDef METHODS[] = {
    {"words", words, METH_VARARGS, "The words of a text, their letters and Latin letters."},
    {"rank", rank, METH_VARARGS, "Naive Bayes sums over words, read in steps (see the source)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "_language", NULL, -1, METHODS};

PyMODINIT_FUNC PyInit__language(void) { return PyModule_Create(&MODULE); }
